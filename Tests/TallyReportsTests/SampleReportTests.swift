import Foundation
import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// The loader on the real sample reports in `../shared/reports`, measured against the expected
/// relations in `../shared/expected`. Skipped when `../shared` is absent beside the repository.
@Suite(.enabled(if: Support.shared != nil, "../shared/reports is absent beside the repository"))
struct SampleReportTests {
    static let finalLoader = ReportLoader(tables: SampleSpecs.finalAccounts, facts: SampleSpecs.facts)
    static let budgetLoader = ReportLoader(tables: SampleSpecs.districtBudget + SampleSpecs.cityBudget, facts: SampleSpecs.facts)

    static func load(_ seed: String) throws -> LoadedReport {
        let loader = seed.hasPrefix("004") ? finalLoader : budgetLoader
        return try loader.load(path: Support.shared!.appendingPathComponent("reports/\(seed).txt").path)
    }

    static let seeds = ["001_9fc5b39bf068e18e", "002_5b66e89a0461132a", "004_6babeaf56a03ec85"]

    /// Every loaded figure is on its line as written (thousands separators aside), and the
    /// row's line is the cell's line. Returns the number of cells checked.
    @discardableResult
    static func checkCellsAgainstText(_ r: LoadedReport) -> Int {
        var checked = 0
        for name in r.tableNames {
            guard let t = r.table(named: name) else { continue }
            for row in t.rows {
                for cell in row.cells {
                    guard let f = cell.figure else { continue }
                    #expect(cell.line == row.line)
                    let line = (r.line(cell.line) ?? "").replacingOccurrences(of: ",", with: "")
                    let written = f.kind == .percent ? f.display : f.jsonString()
                    #expect(line.contains(written), "\(name) line \(cell.line): \(written) not in '\(line)'")
                    checked += 1
                }
                if let code = row.code { #expect((r.line(row.line) ?? "").contains(code) || row.name.isEmpty == false) }
            }
        }
        return checked
    }

    @Test(arguments: seeds) func cellsMatchTheText(seed: String) throws {
        let r = try Self.load(seed)
        let n = Self.checkCellsAgainstText(r)
        print("\(seed): \(n) cells checked against the text")
        #expect(n >= (seed.hasPrefix("001") ? 3 : 40))
    }

    @Test func report004() throws {
        let r = try Self.load("004_6babeaf56a03ec85")
        #expect(r.metadata == ReportMetadata(department: "武汉市医疗保险中心", year: 2024, type: .finalAccounts, unit: "万元"))
        // Every table with data is loaded; 公开07/08 are empty with a 说明; 公开02 has no rows.
        #expect(Set(r.tableNames) == ["公开01", "公开03", "公开04", "公开05", "公开06", "公开07", "公开08", "公开09"])
        #expect(r.table(named: "公开07")?.rows.allSatisfy { $0.cells.allSatisfy { $0.figure == nil } } == true)
        // Spot checks: value, line.
        let expectations: [(String, String?, String?, String?, String, String, Int)] = [
            ("公开01", nil, "本年收入合计", "收入", "决算数", "9111.11", 113),
            ("公开01", nil, "九、卫生健康支出", "支出", "决算数", "8397.66", 95),
            ("公开03", "20805", nil, nil, "本年支出合计", "270.89", 146),
            ("公开03", "2080505", nil, nil, "基本支出", "239.12", 148),
            ("公开03", "2101506", nil, nil, "项目支出", "5225.87", 155),
            ("公开03", nil, "合计", nil, "项目支出", "5225.87", 144),
            ("公开04", nil, "八、社会保障和就业支出", "支出", "一般公共预算财政拨款", "270.89", 184),
            ("公开04", nil, "总计", "支出", "小计", "9111.11", 208),
            ("公开05", "2101599", nil, nil, "小计", "51.32", 235),
            ("公开05", "21015", nil, nil, "项目支出", "5225.87", 232),
            ("公开05", "2210201", nil, nil, "基本支出", "287.80", 238),
            ("公开06", "30217", nil, nil, "决算数", "1.01", 270),
            ("公开06", "30113", nil, nil, "决算数", "287.80", 265),
            ("公开06", nil, "公用经费合计", nil, "决算数", "468.84", 282),
            ("公开09", nil, "决算数", nil, "公务接待费", "1.01", 332),
            ("公开09", nil, "预算数", nil, "公务用车运行维护费", "0.80", 332),
        ]
        for (table, code, name, group, column, value, line) in expectations {
            let t = try #require(r.table(named: table))
            let rows = code.map { t.rows(code: $0) } ?? t.rows(named: name!)
            let i = try #require(rows.first { group == nil || t.rows[$0].group == group }, "\(table) \(code ?? name!)")
            let c = try #require(t.column(named: column))
            #expect(t.rows[i].cells[c].figure?.written == value, "\(table) \(code ?? name!) \(column)")
            #expect(t.rows[i].cells[c].line == line)
        }
        // 行次 are keys, never amounts.
        let t01 = try #require(r.table(named: "公开01"))
        #expect(t01.rows.allSatisfy { row in row.cells.allSatisfy { $0.figure.map { $0.value != Rational(row.lineNumber ?? -1) } ?? true } })
        // Hierarchy on the recovered 公开03 codes.
        let t03 = try #require(r.table(named: "公开03"))
        #expect(t03.rows(code: "2080505").first.flatMap { t03.rows[$0].parent }.map { t03.rows[$0].code } == "20805")
        // Facts: every 完成率 sentence.
        #expect(r.facts(kind: "完成率").count >= 14)
        #expect(r.facts(kind: "完成率").contains { $0.line == 414 && $0.fields["预算"].map { if case .figure(let f, _) = $0 { f.written == "312.24" } else { false } } == true })
        #expect(r.facts(kind: "增减").count >= 10)
        #expect(r.facts(kind: "占比").count >= 10)
    }

    @Test func report002() throws {
        let r = try Self.load("002_5b66e89a0461132a")
        #expect(r.metadata == ReportMetadata(department: "武汉市东西湖区医疗保障局", year: 2020, type: .budget, unit: "万元"))
        #expect(Set(r.tableNames).isSuperset(of: ["部门收支总表", "部门收入汇总表", "部门支出汇总表", "财政拨款收支总表",
                                                  "一般公共预算支出总表", "一般公共预算支出表", "基本支出表", "三公经费支出表"]))
        #expect(r.value("部门支出汇总表", code: "2101501", "部门项目其他项目")?.written == "64.00")
        #expect(r.value("部门支出汇总表", code: "2101299", "公共项目经常性项目")?.written == "200.00")
        #expect(r.value("部门支出汇总表", code: "2101401", "公共项目专项项目")?.written == "1200.00")
        #expect(r.value("一般公共预算支出总表", code: "2101601", "项目支出")?.written == "64.00")
        #expect(r.value("一般公共预算支出表", code: "21015", "资本性支出")?.written == "64.00")
        #expect(r.value("基本支出表", code: "30299", "总计")?.written == "43.20")
        #expect(r.value("部门收支总表", code: "210", group: "支出(功能分类)", "预算数")?.written == "2456.17")
        #expect(r.value("部门收支总表", name: "商品和服务支出", group: "支出(经济分类)", "预算数")?.written == "1907.03")
        #expect(r.value("三公经费支出表", name: "3.公务接待费", "本年预算数")?.written == "1.00")
        // Unit rows (单位代码 28, 28001) are totals, not classification rows.
        let t3 = try #require(r.table(named: "部门支出汇总表"))
        #expect(t3.rows.filter(\.isTotal).count == 3)
        #expect(t3.rows(code: "28001").isEmpty)
        // Damaged codes, each on its line.
        let lines = Set(r.diagnostics.filter { ["L003", "L004", "L005"].contains($0.id) }.map(\.line))
        #expect(lines.isSuperset(of: [285, 354, 360, 362, 363, 380, 383, 384, 386, 388, 390, 392, 393, 394, 395, 396, 398, 401, 404, 405]))
        #expect(r.diagnostics.contains { $0.id == LoadDiagnosticID.tableWithoutRows && $0.line == 465 && $0.severity == .note })
    }

    @Test func report001() throws {
        let r = try Self.load("001_9fc5b39bf068e18e")
        #expect(r.metadata == ReportMetadata(department: "武汉市黄陂区医疗保障局", year: 2025, type: .budget, unit: "万元"))
        let missing = r.diagnostics.filter { $0.id == LoadDiagnosticID.listedTableMissing }.map(\.line)
        #expect(missing == [74, 75, 76, 78, 614, 615, 616, 617, 618, 619, 620, 621])
        #expect(r.unrecognizedTables.map(\.line) == [77, 79])
        #expect(r.facts(kind: "增减").count >= 15)
    }

    // MARK: Expected structure relations

    /// The report lines a relation's quote occupies, as `../shared/tools/score.py` computes them.
    static func quoteLines(_ lines: [String], _ quote: String) -> Set<Int> {
        var out = Set<Int>()
        let pieces = quote.components(separatedBy: "…").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        for frag in pieces where frag.count >= 4 {
            let probe = String((frag.contains("\t") ? String(frag.split(separator: "\t", omittingEmptySubsequences: false)[0]) : frag).prefix(18))
            guard !probe.isEmpty else { continue }
            for (i, l) in lines.enumerated() where l.contains(probe) { out.insert(i + 1) }
        }
        return out
    }

    @Test(arguments: seeds) func structureRelationsGetDiagnostics(seed: String) throws {
        let shared = Support.shared!
        let r = try Self.load(seed)
        let text = try String(contentsOf: shared.appendingPathComponent("reports/\(seed).txt"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let expected = try String(contentsOf: shared.appendingPathComponent("expected/\(seed).jsonl"), encoding: .utf8)
        var total = 0, hit = 0, missed: [String] = []
        let diagnosticLines = r.diagnostics.map(\.line)
        for l in expected.split(separator: "\n") where !l.isEmpty {
            let rel = try JSONValue.parse(String(l))
            guard rel["kind"]?.stringValue == "structure" else { continue }
            total += 1
            let q = Self.quoteLines(lines, rel["quote"]?.stringValue ?? "")
            if diagnosticLines.contains(where: { d in q.contains { abs($0 - d) <= 1 } }) { hit += 1 } else { missed.append(rel["id"]?.stringValue ?? "?") }
        }
        print("\(seed): \(hit) of \(total) structure relations have a load diagnostic within ±1 line; missed: \(missed)")
        let floor = ["001_9fc5b39bf068e18e": 15, "002_5b66e89a0461132a": 19, "004_6babeaf56a03ec85": 8][seed] ?? 0
        #expect(hit >= floor)
    }

    /// One loader loads the same report again and again to the same model (a loader keeps
    /// caches between loads). The time per load is printed for information only: speed is
    /// measured by the benchmark, not asserted here.
    @Test(arguments: seeds) func repeatedLoadsGiveTheSameModel(seed: String) throws {
        let path = Support.shared!.appendingPathComponent("reports/\(seed).txt").path
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let loader = seed.hasPrefix("004") ? Self.finalLoader : Self.budgetLoader
        func summary(_ r: LoadedReport) -> [String] {
            r.tableOrder.compactMap { r.tables[$0] }.map { t in "\(t.name) \(t.rows.count) \(t.rows.map { $0.code ?? $0.name }.joined(separator: ","))" }
                + r.facts.map { "\($0.kind) \($0.line) \($0.offset)" }
                + r.diagnostics.map { "\($0.id) \($0.line)" }
        }
        let first = summary(try loader.load(bytes: bytes, path: path))
        #expect(first.count > 10)
        let clock = ContinuousClock()
        let rounds = 20
        var same = true
        let elapsed = try clock.measure {
            for _ in 0..<rounds where summary(try loader.load(bytes: bytes, path: path)) != first { same = false }
        }
        #expect(same)
        print("\(seed): \(bytes.count) bytes loaded and summarised in \(elapsed / rounds) per load (this build configuration)")
    }
}
