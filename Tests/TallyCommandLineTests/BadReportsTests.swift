import Foundation
import Testing
import Tally
import TallyReports
import TallyTestSupport
@testable import TallyCommandLine

/// The bad-report corpus (`Tests/BadReports/manifest.json`, issue 8): every malformed input goes
/// through the loader (with the shipped packs' declarations) and through `tally check`, and must
/// end in the manifest's refusal or diagnostics and exit status — never a crash or a hang.
@Suite(.serialized) struct BadReportsTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    static let folder = TestPaths.repositoryRoot.appendingPathComponent("Tests/BadReports")
    static let example = TestPaths.repositoryRoot.appendingPathComponent("Examples/reports/决算示例.txt")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String?
        var generate: String?
        var refusal: String?
        var diagnostics: Set<String>?
        var exit: Int32
        var sameResultsAs: String?
        var testDescription: String { name }
    }

    static let manifest: JSONValue? = try? JSONValue.parse(TestPaths.read(folder.appendingPathComponent("manifest.json")))

    static let cases: [Case] = {
        guard case .array(let items)? = manifest?["cases"] else { return [] }
        return items.map { j in
            var ids: Set<String>? = nil
            if case .array(let d)? = j["diagnostics"] { ids = Set(d.compactMap(\.stringValue)) }
            var exit: Int32 = -1
            if case .number(let n)? = j["exit"] { exit = Int32(n) ?? -1 }
            return Case(name: j["file"]?.stringValue ?? j["generate"]?.stringValue ?? "?",
                        file: j["file"]?.stringValue, generate: j["generate"]?.stringValue,
                        refusal: j["refusal"]?.stringValue, diagnostics: ids, exit: exit,
                        sameResultsAs: j["sameResultsAs"]?.stringValue)
        }
    }()

    /// The loader `tally check` uses for 部门决算 reports (every case derives from one), and the
    /// 部门预算 one, which must refuse the same inputs.
    static let loaders: [ReportLoader] = ["部门决算", "部门预算"].compactMap { name in
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks").appendingPathComponent(name)
        return PackLocator.compile(folder: folder, console: .capturing()).map {
            ReportLoader(tables: $0.pack.tableSpecs, facts: $0.pack.factSpecs)
        }
    }

    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let c = Console.capturing()
        let s = TallyMain.run(args, console: c)
        return (s, c.captured.out, c.captured.err)
    }

    /// The case's file: committed, or written to a fresh temporary folder (returned for removal).
    func materialize(_ c: Case) throws -> (url: URL, temporary: URL?) {
        if let f = c.file { return (Self.folder.appendingPathComponent(f), nil) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-bad-\(getpid())-\(c.name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("\(c.name).txt")
        let example = try Data(contentsOf: Self.example)
        let megabyte = 1 << 20
        func repeated(_ unit: String, toBytes n: Int) -> Data {
            let u = Data(unit.utf8)
            var d = Data(capacity: n + u.count)
            while d.count < n { d.append(u) }
            return d
        }
        switch c.generate {
        case "line-1mb-text":
            try repeated("部门决算说明，收入增长12.8%，支出9,111.11万元。", toBytes: megabyte).write(to: url)
        case "line-1mb-cells":
            try repeated("1,234.56\t", toBytes: megabyte).write(to: url)
        case "line-1mb-digits":
            try repeated("9", toBytes: megabyte).write(to: url)
        case "row-1mb-in-table":
            var lines = String(decoding: example, as: UTF8.self).components(separatedBy: "\n")
            let row = (["210", "卫生健康支出"] + Array(repeating: "8,397.66", count: 110_000)).joined(separator: "\t")
            lines.insert(row, at: 100)
            try Data(lines.joined(separator: "\n").utf8).write(to: url)
        case "file-100mb":
            // Written in pieces so the test never holds 100 MB.
            #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
            let h = try FileHandle(forWritingTo: url)
            var chunk = Data()
            while chunk.count < 4 * megabyte { chunk.append(example) }
            for _ in 0..<(100 * megabyte / chunk.count + 1) { try h.write(contentsOf: chunk) }
            try h.close()
        default:
            Issue.record("unknown generated case '\(c.generate ?? "")'")
        }
        return (url, dir)
    }

    @Test(arguments: cases)
    func loaderAndCheckGiveTheExpectedOutcome(_ c: Case) throws {
        let (url, temporary) = try materialize(c)
        defer { if let t = temporary { try? FileManager.default.removeItem(at: t) } }
        #expect(Self.loaders.count == 2)

        // The loader: a refusal from every pack's loader, or exactly the listed diagnostics.
        for (i, loader) in Self.loaders.enumerated() {
            do {
                let report = try loader.load(path: url.path)
                #expect(c.refusal == nil, "\(c.name): loaded, expected refusal \(c.refusal ?? "")")
                if i == 0, let want = c.diagnostics {
                    #expect(Set(report.diagnostics.map(\.id)) == want, "\(c.name)")
                }
            } catch {
                #expect(error.id == c.refusal, "\(c.name): \(error)")
            }
        }

        // `tally check`: the exit status, and the refusal on stderr or the diagnostics in the JSON.
        let r = run(["check", "--format", "json", url.path])
        #expect(r.status == c.exit, "\(c.name): \(r.err.prefix(300))")
        if let refusal = c.refusal {
            #expect(r.err.contains(refusal), "\(c.name): \(r.err.prefix(300))")
            return
        }
        let json = try JSONValue.parse(r.out)
        guard case .array(let reports)? = json["reports"], let report = reports.first else {
            Issue.record("\(c.name): no report in \(r.out.prefix(300))"); return
        }
        var ids: Set<String> = []
        if case .array(let ds)? = report["diagnostics"] { ids = Set(ds.compactMap { $0["id"]?.stringValue }) }
        if let want = c.diagnostics { #expect(ids == want, "\(c.name)") }
        if let reference = c.sameResultsAs {
            let other = run(["check", "--format", "json", TestPaths.repositoryRoot.appendingPathComponent(reference).path])
            let theirs = try JSONValue.parse(other.out)
            guard case .array(let ref)? = theirs["reports"], let refReport = ref.first else { Issue.record("no reference report"); return }
            #expect(report["pack"] == refReport["pack"], "\(c.name)")
            #expect(report["results"] == refReport["results"], "\(c.name): results differ from \(reference)")
            #expect(report["summary"] == refReport["summary"], "\(c.name)")
        }
    }

    @Test func theManifestListsEveryCommittedFile() throws {
        let listed = Set(Self.cases.compactMap(\.file))
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") })
        #expect(listed == present)
        #expect(Self.cases.count >= 20)
        // Committed files stay small; big inputs are generated.
        for f in present {
            let size = try FileManager.default.attributesOfItem(atPath: Self.folder.appendingPathComponent(f).path)[.size] as? Int ?? 0
            #expect(size < 64 * 1024, "\(f) is \(size) bytes")
        }
    }

    @Test func bytesOverTheCapAreRefusedBeforeDecoding() throws {
        let loader = try #require(Self.loaders.first)
        let bytes = [UInt8](repeating: 0x20, count: ReportLoader.maxFileBytes + 1)
        #expect(throws: ReportLoadError.self) { _ = try loader.load(bytes: bytes, path: "big.txt") }
        do { _ = try loader.load(bytes: bytes, path: "big.txt") } catch { #expect(error.id == "L0905") }
    }

    @Test func everyPrefixOfTheExampleLoadsOrIsRefused() throws {
        // Truncation at any point (inside a table, a number or a character) never traps.
        let bytes = [UInt8](try Data(contentsOf: Self.example))
        let loader = try #require(Self.loaders.first)
        for end in stride(from: 0, through: bytes.count, by: 61) {
            do { _ = try loader.load(bytes: Array(bytes[..<end]), path: "cut.txt") } catch {
                #expect(["L0901", "L0902", "L0903"].contains(error.id))
            }
        }
    }
}
