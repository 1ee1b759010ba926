import Foundation
import Tally
import TallyReports

/// `tally test PACK`: runs a pack on its own sample reports (`PACK/samples/*.txt`) and compares
/// the findings with the expected ones stored beside each sample (`NAME.expected.json`):
///
/// ```json
/// {"findings": [{"check": "N-GROWTH", "status": "fail", "line": 12}],
///  "diagnostics": [{"id": "L001", "line": 30}]}
/// ```
/// Every expected finding must be produced, and every failing result (and every load diagnostic
/// of warning or error severity) must be expected: how pack authors work test-first.
enum TestCommand {
    static let command = Command(
        name: "test",
        summary: "run a pack on its sample reports and compare with the expected findings",
        usage: "tally test PACK [--update]",
        details: """
        PACK is a pack folder or a shipped pack's name. Each PACK/samples/NAME.txt is checked and
        its failing results and load diagnostics are compared, both ways, with
        PACK/samples/NAME.expected.json. --update writes the expected files from the current
        findings (review the diff before committing).

        Exit status: 0 all samples match, 1 a sample differs, 2 the pack or a sample is broken.
        """,
        example: "tally test Checks/部门决算",
        valued: [],
        flags: ["--update"],
        run: run)

    struct Expected: Equatable, Hashable, Comparable {
        var kind: String   // "finding" or "diagnostic"
        var id: String
        var status: String
        var line: Int?
        static func < (a: Expected, b: Expected) -> Bool {
            (a.kind, a.line ?? 0, a.id, a.status) < (b.kind, b.line ?? 0, b.id, b.status)
        }
        var text: String { kind == "finding" ? "\(id) \(status)\(line.map { " at line \($0)" } ?? "")" : "load diagnostic \(id)\(line.map { " at line \($0)" } ?? "")" }
    }

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard args.positionals.count == 1, let name = args.positionals.first else {
            console.err("error: give one pack\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        guard let folder = PackLocator.resolve(name), let pack = PackLocator.compile(folder: folder, console: console) else {
            if PackLocator.resolve(name) == nil { console.err("error: no pack '\(name)'\n") }
            return ExitStatus.failure
        }
        let samples = folder.appendingPathComponent("samples")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        guard !files.isEmpty else { console.err("error: pack '\(pack.name)' has no samples/*.txt\n"); return ExitStatus.failure }
        let loader = ReportLoader(tables: pack.pack.tableSpecs, facts: pack.pack.factSpecs)
        var failed = 0
        for f in files {
            let path = samples.appendingPathComponent(f).path
            let report: LoadedReport
            do { report = try loader.load(path: path) } catch {
                console.err("error: \(f): \(error.message)\n"); return ExitStatus.failure
            }
            let results = pack.pack.run(on: report, options: RunOptions(includePasses: false))
            var produced = Set<Expected>()
            for r in results where r.status == .fail || r.status == .error {
                produced.insert(Expected(kind: "finding", id: r.checkID, status: r.status.rawValue, line: r.location?.line))
            }
            for d in report.diagnostics where d.severity != .note {
                produced.insert(Expected(kind: "diagnostic", id: d.id, status: "", line: d.line))
            }
            let expPath = samples.appendingPathComponent((f as NSString).deletingPathExtension + ".expected.json").path
            if args.has("--update") {
                write(produced, to: expPath)
                console.out("updated \(f): \(produced.count) expected findings\n")
                continue
            }
            guard let expected = read(expPath) else {
                console.err("error: \(f): missing or invalid \((expPath as NSString).lastPathComponent) (run with --update to create it)\n")
                failed += 1; continue
            }
            let missing = expected.filter { e in !produced.contains { p in p.kind == e.kind && p.id == e.id && p.status == e.status && (e.line == nil || e.line == p.line) } }
            let unexpected = produced.filter { p in !expected.contains { e in p.kind == e.kind && p.id == e.id && p.status == e.status && (e.line == nil || e.line == p.line) } }
            if missing.isEmpty && unexpected.isEmpty {
                console.out("ok    \(f)  (\(produced.count) findings as expected)\n")
            } else {
                failed += 1
                console.out("FAIL  \(f)\n")
                for m in missing.sorted() { console.out("        missing     \(m.text)\n") }
                for u in unexpected.sorted() {
                    let msg = results.first { $0.checkID == u.id && $0.location?.line == u.line }?.message
                        ?? report.diagnostics.first { $0.id == u.id && $0.line == u.line }?.message ?? ""
                    console.out("        unexpected  \(u.text)  \(msg)\n")
                }
            }
        }
        console.out(failed == 0 ? "\(files.count) samples passed\n" : "\(failed) of \(files.count) samples differ\n")
        return failed == 0 ? ExitStatus.ok : ExitStatus.findings
    }

    static func read(_ path: String) -> [Expected]? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              let root = try? JSONValue.parse(text) else { return nil }
        var out: [Expected] = []
        if case .array(let fs)? = root["findings"] {
            for f in fs {
                guard let c = f["check"]?.stringValue else { return nil }
                var line: Int? = nil
                if case .number(let n)? = f["line"] { line = Int(n) }
                out.append(Expected(kind: "finding", id: c, status: f["status"]?.stringValue ?? "fail", line: line))
            }
        }
        if case .array(let ds)? = root["diagnostics"] {
            for d in ds {
                guard let id = d["id"]?.stringValue else { return nil }
                var line: Int? = nil
                if case .number(let n)? = d["line"] { line = Int(n) }
                out.append(Expected(kind: "diagnostic", id: id, status: "", line: line))
            }
        }
        return out
    }

    static func write(_ items: Set<Expected>, to path: String) {
        let sorted = items.sorted()
        let json = JSONValue.object([
            ("findings", .array(sorted.filter { $0.kind == "finding" }.map { e in
                .object([("check", .string(e.id)), ("status", .string(e.status))] + (e.line.map { [("line", JSONValue.int($0))] } ?? []))
            })),
            ("diagnostics", .array(sorted.filter { $0.kind == "diagnostic" }.map { e in
                .object([("id", .string(e.id))] + (e.line.map { [("line", JSONValue.int($0))] } ?? []))
            })),
        ])
        let tmp = path + ".tmp"
        if FileManager.default.createFile(atPath: tmp, contents: Data((json.serialized(pretty: true) + "\n").utf8)) {
            _ = rename(tmp, path)
        }
    }
}
