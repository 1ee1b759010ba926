import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// Hostile packs through `tally check --pack DIR` (issue 8): the pack locator confines includes to
/// the pack's folder — no `..`, no absolute paths, no symlinks leading out, whether the link is an
/// included file, a folder on the way to one, or a pack file itself — and a pathological check is
/// an `error` result, not a crash or a failed run.
@Suite(.serialized) struct HostilePackCLITests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    let fm = FileManager.default
    var report: String { TestPaths.repositoryRoot.appendingPathComponent("Examples/reports/决算示例.txt").path }
    var shippedTables: String {
        TestPaths.read(TestPaths.repositoryRoot.appendingPathComponent("Checks/部门决算/tables.tally"))
    }

    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let c = Console.capturing()
        let s = TallyMain.run(args, console: c)
        return (s, c.captured.out, c.captured.err)
    }

    /// A fresh temporary folder holding `pack/` (the pack) and `outside/` (what it must not read);
    /// `outside/secret.tally` declares a check that would show up if it were ever read.
    func sandbox(_ name: String) throws -> (root: URL, pack: URL, outside: URL) {
        let root = fm.temporaryDirectory.appendingPathComponent("tally-hostile-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let pack = root.appendingPathComponent("pack"), outside = root.appendingPathComponent("outside")
        try fm.createDirectory(at: pack, withIntermediateDirectories: true)
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        try write("check LEAK-01 \"read from outside the pack\" error: 1 == 2\n", to: outside.appendingPathComponent("secret.tally"))
        try write(shippedTables, to: pack.appendingPathComponent("tables.tally"))
        return (root, pack, outside)
    }

    func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    /// Runs the pack and checks it was refused: exit 2, T0212 (or the link message), nothing leaked.
    func expectRefused(_ pack: URL, mentioning: String, _ comment: Comment? = nil,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let r = run(["check", "--pack", pack.path, "--format", "json", report])
        #expect(r.status == 2, comment, sourceLocation: sourceLocation)
        #expect(r.err.contains(mentioning), "\(r.err)", sourceLocation: sourceLocation)
        #expect(!r.out.contains("LEAK-01") && !r.err.contains("LEAK-01"), sourceLocation: sourceLocation)
    }

    @Test func includeWithDotDotIsRefused() throws {
        let s = try sandbox("dotdot")
        defer { try? fm.removeItem(at: s.root) }
        try write("include \"../outside/secret.tally\"\n", to: s.pack.appendingPathComponent("main.tally"))
        expectRefused(s.pack, mentioning: "T0212")
        try write("include \"sub/../../outside/secret.tally\"\n", to: s.pack.appendingPathComponent("main.tally"))
        expectRefused(s.pack, mentioning: "T0212")
    }

    @Test func absoluteIncludeIsRefused() throws {
        let s = try sandbox("absolute")
        defer { try? fm.removeItem(at: s.root) }
        try write("include \"\(s.outside.appendingPathComponent("secret.tally").path)\"\n", to: s.pack.appendingPathComponent("main.tally"))
        expectRefused(s.pack, mentioning: "T0212")
        try write("include \"/etc/passwd\"\n", to: s.pack.appendingPathComponent("main.tally"))
        expectRefused(s.pack, mentioning: "T0212")
    }

    @Test func includedSymlinkLeadingOutIsRefused() throws {
        let s = try sandbox("filelink")
        defer { try? fm.removeItem(at: s.root) }
        // The link's name does not end in .tally, so only the include can reach it.
        try fm.createSymbolicLink(at: s.pack.appendingPathComponent("shared.inc"),
                                  withDestinationURL: s.outside.appendingPathComponent("secret.tally"))
        try write("include \"shared.inc\"\n", to: s.pack.appendingPathComponent("main.tally"))
        expectRefused(s.pack, mentioning: "T0212")
    }

    @Test func symlinkedFolderLeadingOutIsRefused() throws {
        let s = try sandbox("dirlink")
        defer { try? fm.removeItem(at: s.root) }
        try fm.createSymbolicLink(at: s.pack.appendingPathComponent("lib"), withDestinationURL: s.outside)
        try write("include \"lib/secret.tally\"\n", to: s.pack.appendingPathComponent("main.tally"))
        expectRefused(s.pack, mentioning: "T0212")
    }

    @Test func packFileThatIsASymlinkLeadingOutIsRefused() throws {
        let s = try sandbox("packlink")
        defer { try? fm.removeItem(at: s.root) }
        try fm.createSymbolicLink(at: s.pack.appendingPathComponent("secret.tally"),
                                  withDestinationURL: s.outside.appendingPathComponent("secret.tally"))
        expectRefused(s.pack, mentioning: "leading out of the pack folder")
    }

    @Test func includesInsideThePackFolderStillWork() throws {
        let s = try sandbox("inside")
        defer { try? fm.removeItem(at: s.root) }
        let sub = s.pack.appendingPathComponent("sub")
        try fm.createDirectory(at: sub, withIntermediateDirectories: true)
        try write("check IN-01 \"included\" error: 1 == 1\n", to: sub.appendingPathComponent("part.inc"))
        // A link that stays inside the folder is fine too.
        try fm.createSymbolicLink(at: s.pack.appendingPathComponent("alias.inc"), withDestinationURL: sub.appendingPathComponent("part.inc"))
        try write("include \"sub/part.inc\"\ninclude \"alias.inc\"\n", to: s.pack.appendingPathComponent("main.tally"))
        let r = run(["check", "--pack", s.pack.path, "--all", "--format", "json", report])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("IN-01"))
    }

    @Test func functionsReachingOutsideAreUnknown() throws {
        let s = try sandbox("functions")
        defer { try? fm.removeItem(at: s.root) }
        try write("check F-01 \"env\" error: env(\"HOME\") == \"/root\"\ncheck F-02 \"file\" error: length(file(\"/etc/passwd\")) > 0\n",
                  to: s.pack.appendingPathComponent("main.tally"))
        let r = run(["check", "--pack", s.pack.path, report])
        #expect(r.status == 2)
        #expect(r.err.components(separatedBy: "T0204").count - 1 == 2, "\(r.err)")
    }

    /// Each budget stops its check with an `error` result naming the limit; the run completes,
    /// the other checks still run, and the exit status is that of the findings (0 here).
    @Test(arguments: [
        ("T0303", "all a in rows(公开05): all b in rows(公开05): all c in rows(公开05): all d in rows(公开05): all e in rows(公开05): all f in rows(公开05): true"),
        ("T0304", (1...(Limits.maxEvaluationDepth + 1)).map { "all a\($0) in [1]:" }.joined(separator: " ") + " true"),
        ("T0306", "count(l40) == 3"),
    ])
    func budgetsMakeErrorResultsNotCrashes(_ id: String, _ assertion: String) throws {
        let s = try sandbox("budget-\(id)")
        defer { try? fm.removeItem(at: s.root) }
        var src = "let l0 = [1, 2, 3]\n"
        for i in 1...40 { src += "let l\(i) = [l\(i - 1), l\(i - 1)]\n" }
        src += "check BUDGET-01 \"pathological\" error: \(assertion)\n"
        src += "check OK-01 \"still checked\" error: count(l1) == 2\n"
        try write(src, to: s.pack.appendingPathComponent("main.tally"))
        let r = run(["check", "--pack", s.pack.path, "--all", "--format", "json", report])
        #expect(r.status == 0, "\(r.err)")
        let j = try JSONValue.parse(r.out)
        guard case .array(let reports)? = j["reports"], case .array(let results)? = reports.first?["results"] else {
            Issue.record("no results: \(r.out.prefix(400))"); return
        }
        let bad = try #require(results.first { $0["check"]?.stringValue == "BUDGET-01" })
        #expect(bad["status"]?.stringValue == "error")
        #expect(bad["message"]?.stringValue?.contains(id) == true, "\(bad)")
        #expect(results.first { $0["check"]?.stringValue == "OK-01" }?["status"]?.stringValue == "pass")
    }
}
