import Testing
@testable import Tally

@Suite struct ParserTests {
    @Test func precedenceFollowsTheTable() {
        var p = Parser(source: "1 + 2 * 3 == 7 and not false or true")
        let e = p.parseStandaloneExpression()
        #expect(p.diagnostics.isEmpty)
        guard case .binary(.or, let l, _) = e.kind, case .binary(.and, let cmp, _) = l.kind,
              case .compare(.equal, let sum, _, _) = cmp.kind, case .binary(.add, _, let mul) = sum.kind,
              case .binary(.multiply, _, _) = mul.kind else {
            Issue.record("unexpected tree \(e.kind)"); return
        }
    }

    @Test func hundredThousandNestedParenthesesGiveAnErrorNotACrash() {
        let src = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        var p = Parser(source: src)
        _ = p.parseStandaloneExpression()
        #expect(p.diagnostics.contains { $0.id == .nestingTooDeep })
        #expect(p.diagnostics.filter { $0.id == .nestingTooDeep }.count == 1)
    }

    @Test func hundredThousandUnaryMinusesAreSafe() {
        var p = Parser(source: String(repeating: "-", count: 100_000) + "1")
        _ = p.parseStandaloneExpression()
        #expect(p.diagnostics.contains { $0.id == .nestingTooDeep })
    }

    @Test func nestingJustUnderTheLimitParses() {
        let n = Limits.maxNestingDepth - 2
        var p = Parser(source: String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n))
        _ = p.parseStandaloneExpression()
        #expect(p.diagnostics.isEmpty)
    }

    @Test func incompleteInputIsFlaggedForTheREPL() {
        var p = Parser(source: "sum(功能分类.210.* ")
        _ = p.parseStandaloneExpression()
        #expect(p.isIncomplete)
        var q = Parser(source: "1 + )")
        _ = q.parseStandaloneExpression()
        #expect(!q.isIncomplete)
    }

    @Test func everySyntaxErrorInAFileIsReported() {
        let src = """
        check A-1 "a" error: 1 ==
        check A-2 "b" error: (2
        check A-3 "c" error: 3 == 3
        let = 4
        """
        var p = Parser(source: src)
        let unit = p.parseUnit()
        #expect(p.diagnostics.count == 3)
        let checks = unit.declarations.compactMap { d -> String? in if case .check(let c) = d { return c.id }; return nil }
        #expect(checks.contains("A-3"))
    }

    @Test func sourceLargerThanTheLimitIsRefused() {
        let big = String(repeating: "1+", count: Limits.maxSourceBytes / 2 + 10) + "1"
        var p = Parser(source: big)
        _ = p.parseStandaloneExpression()
        #expect(p.diagnostics.map(\.id) == [.sourceTooLarge])
    }

    /// `optional` before a column name marks that column; a column named `optional` (followed by
    /// `,`, `|` or the end of the list) is still a column.
    @Test func optionalMarksTheColumnItPrecedes() {
        var p = Parser(source: #"table T "表" { columns 小计, optional 年初预算数 | "年初预算", optional | "可选", optional }"#)
        let u = p.parseUnit()
        #expect(p.diagnostics.isEmpty)
        guard case .table(let t)? = u.declarations.first else { Issue.record("no table"); return }
        #expect(t.spec.columns.map(\.name) == ["小计", "年初预算数", "optional", "optional"])
        #expect(t.spec.columns.map(\.isOptional) == [false, true, false, false])
        #expect(t.spec.columns[1].aliases == ["年初预算"])
    }

    @Test func checkIdsAreGluedTokens() {
        var p = Parser(source: "check R05-02.a \"t\" warning: true")
        let u = p.parseUnit()
        guard case .check(let c)? = u.declarations.first else { Issue.record("no check"); return }
        #expect(c.id == "R05-02.a")
        #expect(c.severity == .warning)
    }

    @Test func messageTemplatesInterpolate() {
        var p = Parser(source: "check M-1 \"t\" error: 1 == 1 message \"值 {1 + 2} 与 {x}\"")
        let u = p.parseUnit()
        guard case .check(let c)? = u.declarations.first else { Issue.record("no check"); return }
        #expect(c.message.count == 4)
    }

    /// An interpolation's spans point into the file also after escapes in the message, which
    /// are longer in the file than in the text (`\"` is two bytes for one): carets were shifted
    /// left by one column per escape before it.
    @Test(arguments: [#"值 {1 +} 与"#, #"\"值\" {1 +} 与"#, #"值\n\t\\ {1 +} 与"#, #"“值” {1 +} 与"#, #"值 {\"a\" +} 与"#, #"\"值 {\"a\" + \"b\" +} 与"#])
    func interpolationSpansFollowEscapes(_ body: String) {
        let source = "check M-1 \"t\" error: 1 == 1 message \"" + body + "\""
        var p = Parser(source: source)
        _ = p.parseUnit()
        let d = p.diagnostics.first { $0.id == .unexpectedToken || $0.id.rawValue == "T0102" }
        let bytes = Array(source.utf8)
        // The error is at the closing brace of `{1 +}`: the end of its expression.
        let brace = bytes.firstIndex(of: UInt8(ascii: "}"))!
        #expect(d?.span?.start == brace, "\(p.diagnostics.map { "\($0.id.rawValue) \($0.span?.start ?? -1)" }) vs \(brace)")
    }

    /// An interpolation is lexed where it is written in the file: its expression's spans are the
    /// file offsets of its text (plain text, and text whose characters are not one scalar each).
    @Test(arguments: ["值 {合计.本年 + 1} 与 {x}", "e\u{301} 值 {合计.本年 + 1} 与 {x}"])
    func interpolationSpansAreFileOffsets(_ body: String) {
        let source = "check M-1 \"t\" error: 1 == 1 message \"" + body + "\""
        var p = Parser(source: source)
        let u = p.parseUnit()
        #expect(p.diagnostics.isEmpty)
        guard case .check(let c)? = u.declarations.first else { Issue.record("no check"); return }
        let exprs = c.message.compactMap { part -> Expr? in if case .expr(let e) = part { return e }; return nil }
        let bytes = Array(source.utf8)
        func text(_ e: Expr) -> String { String(decoding: bytes[e.span.start..<e.span.end], as: UTF8.self) }
        #expect(exprs.map(text) == ["合计.本年 + 1", "x"])
        guard case .binary(_, let left, _)? = exprs.first?.kind else { Issue.record("not a sum"); return }
        #expect(text(left) == "合计.本年")
    }
}
