import Foundation
import Testing
import TallyTestSupport
@testable import Tally

@Suite struct FormatterTests {
    /// Token kinds and texts, comments aside.
    func tokens(_ s: String) -> [String] {
        var l = Lexer(source: s)
        return l.tokenize().map { "\($0.kind) \($0.text)" }
    }

    func comments(_ s: String) -> [String] {
        var l = Lexer(source: s)
        _ = l.tokenize()
        let b = Array(s.utf8)
        return l.comments.map { SourceFormatter.commentText(b, $0) }
    }

    @Test func formatsACheckCanonically() {
        let src = """
        # growth
        check N-1 "增长率" error for f in facts(增长)   when f.本年>f.增加额 :f.增长率==f.增加额/(f.本年-f.增加额)
          message "{f.增长率} 不符"
        check N-2 "b" warning:  -1<=2 # trailing
        """
        let out = SourceFormatter.format(src)
        #expect(out == """
        # growth
        check N-1 "增长率" error
          for f in facts(增长)
          when f.本年 > f.增加额:
            f.增长率 == f.增加额 / (f.本年 - f.增加额)
          message "{f.增长率} 不符"

        check N-2 "b" warning:
          -1 <= 2  # trailing

        """)
        #expect(SourceFormatter.format(out) == out)
    }

    @Test func formatsTablesAndBlocks() {
        let src = """
        table 公开05 "一般公共预算财政拨款支出决算表" { rows by 功能分类, 名称 columns 小计|"合计" , 基本支出 required }
        on 公开05 {
        let a=sum(功能分类.210.*)
        check R-1 "t" error : a == 卫生健康支出
        }
        fact 完成率 "{a}万元",
                  "{b}元"
        """
        let out = SourceFormatter.format(src)
        #expect(out == """
        table 公开05 "一般公共预算财政拨款支出决算表" {
          rows by 功能分类, 名称
          columns 小计 | "合计", 基本支出
          required
        }

        on 公开05 {
          let a = sum(功能分类.210.*)

          check R-1 "t" error:
            a == 卫生健康支出
        }

        fact 完成率 "{a}万元",
                  "{b}元"

        """)
        #expect(SourceFormatter.format(out) == out)
    }

    @Test func putsALetClauseOnItsOwnLineInsideTheCheck() {
        // `let` among a check's clauses is a clause (indented 2), not a new declaration.
        let src = "check L-1 \"t\" error for f in facts(占比) when f.金额>0 let w=公开05.合计.小计 :f.占比==f.金额/w\nlet x = 1\n"
        let out = SourceFormatter.format(src)
        #expect(out == """
        check L-1 "t" error
          for f in facts(占比)
          when f.金额 > 0
          let w = 公开05.合计.小计:
            f.占比 == f.金额 / w

        let x = 1

        """)
        #expect(SourceFormatter.format(out) == out)
    }

    @Test func keepsAFunctionsParametersWithItsName() {
        let src = "let 表数(x,u)=if u==\"元\" then x/10000 else x\ncheck F-1 \"t\" error: 表数(1, \"元\") == 0.0001\n"
        let out = SourceFormatter.format(src)
        #expect(out.hasPrefix("let 表数(x, u) = if u == \"元\" then x / 10000 else x\n"))
        #expect(SourceFormatter.format(out) == out)
    }

    @Test func keepsMeaningfulSpacing() {
        // A check id glued from tokens, a call, an index and a list after `in`.
        let src = "check X-01-03T \"t\" error for r in 公开01.支出 where exists(公开03[r.name]) : r.x == sum([1, 2])\n"
        let out = SourceFormatter.format(src)
        #expect(out.contains("check X-01-03T \"t\" error\n"))
        #expect(out.contains("exists(公开03[r.name]):"))
        #expect(tokens(out) == tokens(src))
    }

    @Test func quantifierColonsAreNotTheClauseColon() {
        let src = "check Q \"t\" error when all x in [1, 2]: x > 0: any y in [3]: y == 3\n"
        let out = SourceFormatter.format(src)
        #expect(out == "check Q \"t\" error\n  when all x in [1, 2]: x > 0:\n    any y in [3]: y == 3\n")
    }

    @Test func lexicalErrorsLeaveTheSourceAlone() {
        let src = "1 $   2\n"
        #expect(SourceFormatter.format(src) == src)
    }

    @Test func emptyAndCommentOnlySources() {
        #expect(SourceFormatter.format("") == "")
        #expect(SourceFormatter.format("\n\n# only\n\n\n# two\n") == "# only\n\n# two\n")
    }

    @Test func idempotentAndTokenPreservingOnEveryConformanceFile() throws {
        let files = TestPaths.files(in: TestPaths.conformance, withExtension: "tally")
        #expect(!files.isEmpty)
        for url in files {
            let src = TestPaths.read(url)
            let once = SourceFormatter.format(src)
            let twice = SourceFormatter.format(once)
            #expect(once == twice, "not idempotent: \(url.lastPathComponent)\n\(snapshotDifference(expected: once, actual: twice))")
            #expect(tokens(once) == tokens(src), "tokens changed: \(url.lastPathComponent)")
            #expect(comments(once) == comments(src), "comments changed: \(url.lastPathComponent)")
            var lexer = Lexer(source: src)
            _ = lexer.tokenize()
            if lexer.diagnostics.isEmpty {
                // Formatted for real, not returned verbatim by the safety net.
                var engine = SourceFormatter.Engine(source: src, tokens: Lexer.tokens(src), comments: lexer.comments)
                #expect(engine.run() == once, "fell back to the source: \(url.lastPathComponent)")
            }
        }
    }

    @Test func idempotentOnTheShippedPacks() {
        let checks = TestPaths.repositoryRoot.appendingPathComponent("Checks")
        for url in TestPaths.files(in: checks, withExtension: "tally") {
            let src = TestPaths.read(url)
            let once = SourceFormatter.format(src)
            #expect(SourceFormatter.format(once) == once, "\(url.path)")
            #expect(tokens(once) == tokens(src), "\(url.path)")
        }
    }
}

extension Lexer {
    static func tokens(_ s: String) -> [Token] {
        var l = Lexer(source: s)
        return l.tokenize()
    }
}
