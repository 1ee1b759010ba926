import Foundation
import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Inputs that must never crash or hang: refusals with stable ids, damaged text loaded with
/// diagnostics.
@Suite struct RefusalTests {
    let loader = ReportLoader(tables: SampleSpecs.finalAccounts, facts: SampleSpecs.facts)

    func refusal(_ bytes: [UInt8]) -> ReportLoadError? {
        do { _ = try loader.load(bytes: bytes, path: "input.txt"); return nil } catch { return error }
    }

    @Test func emptyFile() {
        #expect(refusal([])?.id == LoadDiagnosticID.emptyFile)
        #expect(refusal(Array(" \n\t\r\n".utf8))?.id == LoadDiagnosticID.emptyFile)
        #expect(refusal([])?.description == "input.txt: error L0901: the file is empty")
    }

    @Test func binaryFile() {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        png += (0..<500).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        #expect(refusal(png)?.id == LoadDiagnosticID.binaryFile)
    }

    @Test func gbkFileIsDecoded() throws {
        let source = try String(contentsOf: Support.fixtures.appendingPathComponent("final_accounts_tab.txt"), encoding: .utf8)
        let gbk = try #require(source.data(using: TextDecoding.gb18030))
        #expect(TextDecoding.firstInvalidUTF8(Array(gbk)) != nil)
        let report = try loader.load(bytes: Array(gbk), path: "gbk.txt")
        #expect(report.diagnostics(LoadDiagnosticID.decodedEncoding).count == 1)
        #expect(report.metadata.department == "示例市卫生服务中心")
        #expect(report.value("公开05", code: "210", "小计")?.written == "1180.10")
        #expect(report.facts(kind: "完成率").count == 2)
    }

    @Test func undecodableTextIsRefused() {
        let latin = Array(repeating: [UInt8]([0xC0, 0x20, 0x41, 0xFE, 0x20]), count: 100).flatMap { $0 }
        #expect(refusal(latin)?.id == LoadDiagnosticID.undecodableText)
    }

    @Test func utf16WithByteOrderMarkIsDecoded() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in "2023 年度示例中心部门决算\n单位：万元\n".utf16 { bytes.append(UInt8(u & 0xFF)); bytes.append(UInt8(u >> 8)) }
        let r = try loader.load(bytes: bytes, path: "utf16.txt")
        #expect(r.metadata.year == 2023 && r.metadata.type == .finalAccounts)
    }

    @Test func truncatedReportLoadsWhatItCan() throws {
        let full = Array(try Data(contentsOf: Support.fixtures.appendingPathComponent("final_accounts_tab.txt")))
        // Cut inside a three-byte character, in the middle of 公开03.
        var cut = 2_300
        while full[cut] & 0xC0 != 0x80 { cut += 1 }
        let r = try loader.load(bytes: Array(full[..<cut]), path: "cut.txt")
        #expect(r.diagnostics(LoadDiagnosticID.damagedText).count == 1)
        #expect(r.table(named: "公开01") != nil)
        // Every prefix loads without crashing.
        for end in stride(from: 1, to: full.count, by: 97) { _ = try? loader.load(bytes: Array(full[..<end]), path: "p.txt") }
    }

    @Test func hugeFileIsRefusedBeforeReading() throws {
        let dir = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("huge.txt")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data("2024 年度部门决算\n".utf8)))
        let h = try FileHandle(forWritingTo: url)
        try h.truncate(atOffset: 100 * 1024 * 1024)   // sparse: 100 MB without writing them
        try h.close()
        let start = ContinuousClock.now
        #expect(throws: ReportLoadError.self) { try loader.load(path: url.path) }
        do { _ = try loader.load(path: url.path) } catch { #expect(error.id == LoadDiagnosticID.fileTooLarge) }
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(refusal(Array(repeating: 0x41, count: ReportLoader.maxFileBytes + 1))?.id == LoadDiagnosticID.fileTooLarge)
    }

    @Test func unreadablePaths() {
        for path in ["/nonexistent/report.txt", FileManager.default.temporaryDirectory.path] {
            do { _ = try loader.load(path: path); Issue.record("loaded \(path)") } catch {
                #expect(error.id == LoadDiagnosticID.unreadableFile)
            }
        }
    }

    @Test func everyTableMissing() throws {
        let text = """
        2023 年度示例中心部门决算

        一、收入支出决算总体情况说明

        2023 年度收、支总计 100.00 万元。与 2022 年度相比，收、支总计各增加 10.00 万元，增长 11.1%。
        """
        let r = try loader.load(bytes: Array(text.utf8), path: "narrative.txt")
        #expect(r.tables.isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.requiredTableMissing).filter { $0.table != nil }.count == 9)
        #expect(r.diagnostics(LoadDiagnosticID.requiredTableMissing).contains { $0.table == nil && $0.message == "no declared table was found in the report" })
        #expect(r.hasErrors)
        #expect(r.facts(kind: "增减").count == 1)
        #expect(r.absenceReason(table: "公开05")?.contains("no title") == true)
    }

    @Test func reportNoDeclarationRecognises() throws {
        let text = "2024 年度示例局部门预算\n\n表1  示例专项资金分配表\n单位：万元\n项目\t金额\n甲\t1.00\n"
        let r = try ReportLoader(tables: [], facts: []).load(bytes: Array(text.utf8), path: "x.txt")
        #expect(r.metadata.year == 2024 && r.metadata.type == .budget)
        #expect(r.unrecognizedTables.map(\.title) == ["表1示例专项资金分配表"])
        #expect(r.unrecognizedTables.first?.hasContent == true)
    }

    @Test func megabyteLinesAndControlNoise() throws {
        var text = "2023 年度示例中心部门决算\n"
        text += String(repeating: "一", count: 350_000) + "\n"
        text += String(repeating: "1,234.56\t", count: 50_000) + "\n"
        text += "2023 年度一般公共预算财政拨款支出决算表\n单位：万元\n项目\t小计\n合计\t" + String(repeating: "9", count: 60) + "\n"
        let start = ContinuousClock.now
        let r = try loader.load(bytes: Array(text.utf8), path: "long.txt")
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(r.metadata.year == 2023)
    }

    /// Deterministic mutations of the fixtures: deleted, duplicated and swapped bytes and lines.
    @Test func mutatedReportsNeverCrash() throws {
        let sources = try ["final_accounts_tab.txt", "city_budget_space.txt", "new_layout.txt"].map {
            Array(try Data(contentsOf: Support.fixtures.appendingPathComponent($0)))
        }
        let all = ReportLoader(tables: SampleSpecs.allTables, facts: SampleSpecs.facts)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return Int(seed % 1_000_000) }
        for round in 0..<150 {
            var b = sources[round % sources.count]
            for _ in 0..<(1 + next() % 12) {
                let i = next() % b.count
                switch next() % 5 {
                case 0: b.remove(at: i)
                case 1: b.insert([0x09, 0x0A, 0x20, 0x2E, 0x2C, 0x31][next() % 6], at: i)
                case 2: b[i] = UInt8(truncatingIfNeeded: next())
                case 3: let j = next() % b.count; b.swapAt(i, j)
                default: let e = min(b.count, i + next() % 200); b.insert(contentsOf: b[i..<e], at: i)
                }
            }
            _ = try? all.load(bytes: b, path: "mutant-\(round).txt")
        }
    }
}
