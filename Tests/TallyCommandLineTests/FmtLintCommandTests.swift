import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// `tally fmt` and `tally lint` through `TallyMain.run`.
@Suite(.serialized) struct FmtLintCommandTests {
    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let c = Console.capturing()
        let s = TallyMain.run(args, console: c)
        return (s, c.captured.out, c.captured.err)
    }

    /// Removed with everything the test wrote when the test's suite value goes.
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory("tally-fmt") }

    func temp(_ files: [String: String]) throws -> URL {
        let dir = scratch.file(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    let messy = "check A \"a\" error on 公开05 for r in rows(公开05) : r.小计==r.基本支出+r.项目支出 # same\n"
    let tidy = "check A \"a\" error on 公开05\n  for r in rows(公开05):\n    r.小计 == r.基本支出 + r.项目支出  # same\n"

    @Test func printsCheckWritesAndRefuses() throws {
        let dir = try temp(["a.tally": messy, "b.tally": tidy, "bad.txt": "x"])
        let a = dir.appendingPathComponent("a.tally").path
        let printed = run(["fmt", a])
        #expect(printed.status == 0 && printed.out == tidy)
        let check = run(["fmt", "--check", dir.path])
        #expect(check.status == 1)
        #expect(check.out == a + "\n")
        let write = run(["fmt", "-w", dir.path])
        #expect(write.status == 0)
        #expect(try String(contentsOfFile: a, encoding: .utf8) == tidy)
        #expect(run(["fmt", "--check", dir.path]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func syntaxErrorsExitTwoWithDiagnostics() throws {
        let dir = try temp(["e.tally": "check A \"a\" error: (1 +\n"])
        let r = run(["fmt", "--check", dir.appendingPathComponent("e.tally").path])
        #expect(r.status == 2)
        #expect(r.err.contains("error[T0102]") || r.err.contains("error[T0101]"))
        #expect(run(["fmt", "/nonexistent/x.tally"]).status == 2)
    }

    @Test func shippedPacksAreIdempotent() {
        let checks = TestPaths.repositoryRoot.appendingPathComponent("Checks")
        for url in TestPaths.files(in: checks, withExtension: "tally") {
            let once = SourceFormatter.format(TestPaths.read(url))
            #expect(SourceFormatter.format(once) == once, "\(url.lastPathComponent)")
        }
    }

    @Test func lintFindsAMisspeltColumnWithADidYouMean() throws {
        let dir = try temp(["p.tally": """
            table 公开05 "一般公共预算财政拨款支出决算表" {
              rows by 功能分类, 名称
              columns 小计 | "合计", 基本支出, 项目支出
            }

            check R-1 "小计等于基本支出加项目支出" error on 公开05
              for r in 功能分类.**:
                r.小计 == r.基本支岀 + r.项目支出
            """])
        let r = run(["lint", dir.path])
        #expect(r.status == 1)
        assertSnapshot(r.out.replacingOccurrences(of: dir.path, with: "<pack>"), named: "lint-misspelt-column.txt")
        #expect(r.out.contains("help: did you mean '基本支出'?"))
    }

    /// A template the loader cannot use (no literal text to anchor on) is a lint finding at its
    /// `fact` declaration, not only a load diagnostic when a report is checked.
    @Test func lintReportsUnusableFactTemplates() throws {
        let dir = try temp(["p.tally": """
            fact 增长 "{a}万元"
            fact 坏 "{a}{b}"
            check G "增长" warning for f in facts(增长): f.a >= 0
            check B "坏" warning for f in facts(坏): f.a >= 0
            """])
        let r = run(["lint", dir.path])
        #expect(r.status == 1)
        #expect(r.out.contains("L015"), "\(r.out)")
        #expect(r.out.contains("fact '坏'"))
        #expect(!r.out.contains("fact '增长'"))
        #expect(r.out.contains("p.tally:2:"), "located at the declaration: \(r.out)")
    }

    @Test func lintExitStatuses() throws {
        let clean = try temp(["p.tally": "let a = 1\ncheck A \"a\" error: a == 1\n"])
        #expect(run(["lint", clean.path]).status == 0)
        #expect(run(["lint", "/nonexistent-pack"]).status == 2)
        let empty = try temp([:])
        #expect(run(["lint", empty.path]).status == 2)
    }

    /// Two folders are two packs: a name each defines is no duplicate, while the same two files
    /// named together are one pack that defines it twice.
    @Test func lintTakesEachFolderAsAPackOfItsOwn() throws {
        let a = try temp(["p.tally": "let a = 1\ncheck A \"a\" error: a == 1\n"])
        let b = try temp(["q.tally": "let a = 2\ncheck B \"b\" error: a == 2\n"])
        #expect(run(["lint", a.path, b.path]).status == 0)
        let together = run(["lint", a.appendingPathComponent("p.tally").path, b.appendingPathComponent("q.tally").path])
        #expect(together.status == 1)
        #expect(together.out.contains("defined twice"), "\(together.out)")
    }
}
