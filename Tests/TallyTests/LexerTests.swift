import Testing
@testable import Tally

@Suite struct LexerTests {
    func kinds(_ s: String) -> [TokenKind] {
        var l = Lexer(source: s)
        return l.tokenize().map(\.kind)
    }

    @Test func chineseNamesAndNumericSegments() {
        var l = Lexer(source: "功能分类.2101101.小计")
        let t = l.tokenize()
        #expect(t.map(\.text) == ["功能分类", ".", "2101101", ".", "小计", ""])
        #expect(l.diagnostics.isEmpty)
    }

    @Test func fullWidthPunctuationAndDigitsReadAsASCII() {
        var l = Lexer(source: "（１２.８％）＝＝ ３，４：")
        let t = l.tokenize()
        #expect(t.map(\.text) == ["(", "12.8", ")", "==", "3", ",", "4", ":", ""])
        #expect(t[1].kind == .percent)
    }

    @Test func fullWidthInsideStringsIsKept() {
        var l = Lexer(source: "\"（一）１\"")
        #expect(l.tokenize()[0].text == "（一）１")
    }

    @Test func parenthesisedCJKPartStaysInName() {
        var l = Lexer(source: "因公出国（境）费 + abs(差额)")
        let t = l.tokenize()
        #expect(t[0].text == "因公出国(境)费")
        #expect(t[0].kind == .name)
        #expect(t[3].text == "(")   // abs( is a call, not part of a name
    }

    @Test func spansAreUTF8ByteOffsets() {
        var l = Lexer(source: "卫生 + 1")
        let t = l.tokenize()
        #expect(t[0].span.start == 0 && t[0].span.end == 6)
        #expect(t[1].span.start == 7)
    }

    @Test func commentsAreSkipped() {
        #expect(kinds("1 # note\n+ 2 // more").count == 4)
    }

    @Test func badCharactersAreReportedAndSkipped() {
        var l = Lexer(source: "1 $ 2 @")
        let t = l.tokenize()
        #expect(t.count == 3)
        #expect(l.diagnostics.map(\.id) == [.unexpectedCharacter, .unexpectedCharacter])
    }
}
