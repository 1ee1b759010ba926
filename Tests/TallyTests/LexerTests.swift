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

    @Test func everyKeywordIsFoundAndNoOtherName() {
        for k in Keyword.allCases {
            var l = Lexer(source: k.rawValue)
            #expect(l.tokenize().first?.kind == .keyword(k), "\(k.rawValue)")
        }
        // Prefixes, extensions, capitals and names between two spellings are names.
        for name in ["a", "an", "ands", "fo", "forx", "If", "lets", "zzz", "table_", "e", "exactl", "within1", "金额"] {
            var l = Lexer(source: name)
            #expect(l.tokenize().first?.kind == .name, "\(name)")
        }
    }

    /// Lexing a part of the bytes is lexing those bytes alone, with spans in the whole.
    @Test func aRangeIsLexedAsItsOwnSourceWithSpansInTheWhole() {
        let whole = "message \"值 {合计.本年 + 1} 与 {x}\" rest"
        let bytes = Array(whole.utf8)
        let open = bytes.firstIndex(of: UInt8(ascii: "{"))!, close = bytes.firstIndex(of: UInt8(ascii: "}"))!
        var part = Lexer(utf8: bytes, range: (open + 1)..<close, file: "f")
        let inPlace = part.tokenize()
        var alone = Lexer(source: String(decoding: bytes[(open + 1)..<close], as: UTF8.self), file: "f")
        let copied = alone.tokenize()
        let texts: [String] = inPlace.map { $0.text }, starts: [Int] = inPlace.map { $0.span.start }
        #expect(texts == ["合计", ".", "本年", "+", "1", ""])
        #expect(texts == copied.map { $0.text })
        #expect(inPlace.map { $0.kind } == copied.map { $0.kind })
        #expect(starts == copied.map { $0.span.start + open + 1 })
        #expect(inPlace.last?.span.start == close)
    }
}
