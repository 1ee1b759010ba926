import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// The REPL's session logic driven directly: evaluation, declarations, commands, completion.
@Suite(.serialized) struct ReplSessionTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    var example: String { TestPaths.repositoryRoot.appendingPathComponent("Examples/reports/决算示例.txt").path }

    func session() -> (ReplSession, Console) {
        let c = Console.capturing()
        let s = ReplSession(console: c, packName: nil, interactive: false)
        #expect(s.loadReport(example), "\(c.captured.err)")
        return (s, c)
    }

    @Test func transcript() {
        let (s, c) = session()
        for input in [
            "公开05.功能分类.210.*",
            "公开05.合计.小计",
            "公开05.合计.小计 == sum(公开05.功能分类.*.小计)",
            "let 卫生 = 公开05.功能分类.210.小计",
            "卫生 * 2",
            "check MY-1 \"小计等于基本加项目\" error on 公开05\n  for r in 功能分类.*:\n    r.小计 == r.基本支出 + r.项目支出",
            ":run MY-1",
            ":explain sum(公开05.功能分类.210.*.小计) == 公开05.功能分类.210.小计",
            ":facts 完成率",
            ":nope",
        ] {
            c.out("tally> \(input)\n")
            c.err("")
            #expect(s.handle(input))
        }
        #expect(s.handle(":quit") == false)
        // Report line numbers are masked: the example report is edited by others, the layout is what matters here.
        assertSnapshot(maskLines(c.captured.out), named: "repl-transcript.txt")
        #expect(c.captured.err.contains("unknown command ':nope'"))
    }

    func maskLines(_ text: String) -> String {
        // The repository's location differs between machines and clones.
        var s = text.replacingOccurrences(of: TestPaths.repositoryRoot.path + "/", with: "")
        s = s.replacingOccurrences(of: #"line \d+"#, with: "line N", options: .regularExpression)
        s = s.replacingOccurrences(of: #"(?m)^(公开\d\d  .*\s)\d+$"#, with: "$1N", options: .regularExpression)
        return s
    }

    @Test func errorsAreDiagnosticsWithSuggestions() {
        let (s, c) = session()
        s.handle("公开05.合记.小计")
        #expect(c.captured.err.contains("did you mean '合计'?"))
        s.handle(":diagnostics")
        #expect(c.captured.out.contains("no row named '合记'"))
    }

    @Test func incompleteInputContinues() {
        let (s, _) = session()
        #expect(s.isIncomplete("sum(公开05.功能分类.210.*.小计"))
        #expect(s.isIncomplete("1 +"))
        #expect(s.isIncomplete("check A \"t\" error\n  for r in rows(公开05):"))
        #expect(!s.isIncomplete("check A \"t\" error\n  for r in rows(公开05):\n    r.小计 > 0"))
        #expect(!s.isIncomplete("1 + 2"))
        #expect(!s.isIncomplete(":help"))
    }

    @Test func redefiningALetReplacesIt() {
        let (s, c) = session()
        s.handle("let a = 1")
        s.handle("let a = 2")
        s.handle("a + 1")
        #expect(c.captured.out.hasSuffix("3\n"), "\(c.captured.out)")
    }

    @Test func completion() {
        let (s, _) = session()
        func complete(_ line: String) -> [String] { s.completer.complete(line, cursor: line.unicodeScalars.count) }
        #expect(complete("sum(公开0").contains("公开05"))
        #expect(complete("公开05.功能").contains("功能分类"))
        #expect(complete("公开05.功能分类.2101").contains("2101101"))
        #expect(complete("公开05.合计.小").contains("小计"))
        #expect(complete("sum(r.基本").contains("基本支出"))
        let line = "all r in 公开05.功能分类.*: r.项"
        #expect(s.completer.complete(line, cursor: line.unicodeScalars.count) == ["项目支出"])
        #expect(complete("facts(完成").contains("完成率"))
        #expect(complete("su") == ["sum"])
        #expect(complete(":sh") == ["show"])
        #expect(complete(":show 公开0").contains("公开05"))
        #expect(complete(":run J-TO").contains("TOTAL"))
    }

    @Test func helpComesFromTheCommandTable() {
        let help = ReplCommandSpec.help()
        for c in ReplCommandSpec.all { #expect(help.contains(":" + c.name)) }
        for name in ["help", "load", "pack", "tables", "show", "facts", "checks", "run", "explain", "diagnostics", "quit"] {
            #expect(ReplCommandSpec.find(name) != nil)
        }
    }
}
