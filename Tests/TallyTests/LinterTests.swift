import Testing
@testable import Tally

@Suite struct LinterTests {
    let tables = """
    table 公开05 "一般公共预算财政拨款支出决算表" {
      rows by 功能分类, 名称
      columns 小计 | "合计", 基本支出, 项目支出
    }
    table 公开01 "收入支出决算总表" {
      group 收入 rows by 名称 columns 决算数
      group 支出 rows by 名称 columns 决算数
    }

    """

    func lint(_ text: String) -> [Diagnostic] {
        Linter.lint(sources: [SourceFile(path: "p.tally", text: tables + text)]).diagnostics
    }

    @Test func misspeltColumnGetsADidYouMean() {
        let d = lint("check R-1 \"行\" error on 公开05\n  for r in 功能分类.**:\n    r.小计 == r.基本支岀 + r.项目支出\n")
        let column = d.first { $0.id == .unknownColumn }
        #expect(column?.message == "table '公开05' has no column '基本支岀'")
        #expect(column?.help == "did you mean '基本支出'?")
    }

    @Test func duplicateIdsUnusedLetsAndFacts() {
        let d = lint("""
        fact 完成率 "完成{完成率}"
        fact 用到 "用{x}"
        let 未用 = 1
        check A "a" error: count(facts(用到)) >= 0
        check A "b" error: true
        """)
        #expect(d.contains { $0.id == .duplicateDeclaration && $0.message.contains("'A'") })
        #expect(d.contains { $0.id == .unusedLet && $0.message.contains("未用") })
        #expect(d.filter { $0.id == .unusedFact }.map(\.message) == ["fact pattern '完成率' is used by no check"])
    }

    @Test func checksThatNeverApply() {
        let d = lint("""
        check B "b" error
          for r in 公开01.收人
          when 1 > 2:
            r.决算数 == 0
        check C "c" error on 公开99: true
        """)
        let never = d.filter { $0.id == .neverApplies }
        #expect(never.count == 2)
        #expect(never.contains { $0.help == "did you mean '收入'?" })
        #expect(d.contains { $0.id == .unknownTable })
    }

    @Test func aQuantifierThatSwallowsALaterOneIsFlagged() {
        let checksText = """
        check Q1 "q" warning: any r in rows(公开05): r.小计 > 1 or any s in rows(公开01): s.决算数 > 1
        check Q2 "q" warning: (any r in rows(公开05): r.小计 > 1) or any s in rows(公开01): s.决算数 > 1
        check Q3 "q" warning: any r in rows(公开05): r.小计 > 1 or any s in rows(公开01): s.决算数 > r.小计
        check Q4 "q" warning: all r in rows(公开05): any s in rows(公开01): s.决算数 > 1
        check Q5 "q" warning: any r in rows(公开05): （r.小计 > 1 or any s in rows(公开01): s.决算数 > 1）
        check Q6 "q" warning: any r in rows(公开05): r.小计 > 1 and any s in rows(公开01): s.决算数 > 1
        check Q7 "q" warning: all r in rows(公开05): r.小计 > 1 and all s in rows(公开01): s.决算数 > 1
        check Q8 "q" warning: any r in rows(公开05): (r.小计) > 1 or any s in rows(公开01): s.决算数 > 1
        check Q9 "q" warning: any r in rows(公开05): r.小计 > 1 or not any s in rows(公开01): s.决算数 > 1
        check QA "q" warning: any r in rows(公开05): r.小计 > 1 or any r in rows(公开01): r.决算数 > 1
        check QB "q" warning: all r in rows(公开05): r.小计 > 1 or all s in rows(公开01): s.决算数 > 1
        """
        let d = lint(checksText)
        let flagged = d.filter { $0.id == .swallowedQuantifier }
        // Q1 (any … or any), Q7 (all … and all), Q8 (a body that starts with a parenthesis),
        // Q9 (or not any), QA (the later one binds the same name). Q6 and QB mean the same
        // either way; Q2 and Q5 are parenthesised; Q3 uses r; Q4 joins nothing.
        // The lines of the flagged quantifiers, counted from the first check.
        let tableLines = tables.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let lines = flagged.compactMap { $0.span.map { span in
            SourceFile(path: "p.tally", text: tables + checksText).line(of: span.start) - tableLines
        } }
        #expect(flagged.count == 5, "\(flagged.map(\.message))")
        #expect(lines == [1, 7, 8, 9, 10], "\(lines)")
        #expect(flagged.first?.message == "the body of 'any r' reaches over a later quantifier that does not use 'r'")
        #expect(flagged.contains { $0.help == "put the first quantifier in parentheses: '(all r in …: …) and …'" })
    }

    @Test func aCleanPackHasNoFindings() {
        let d = lint("check R \"r\" error on 公开05\n  for r in rows(公开05):\n    r.小计 == r.基本支出 + r.项目支出\n")
        #expect(d.isEmpty, "\(d.map(\.message))")
    }
}
