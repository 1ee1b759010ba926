import Testing
@testable import Tally

@Suite struct DiagnosticRenderingTests {
    @Test func caretIsPlacedByDisplayWidthUnderChineseText() {
        let src = SourceFile(path: "c.tally", text: "sum(功能分类.210.*) == 卫生建康支出")
        let start = Array("sum(功能分类.210.*) == ".utf8).count
        let d = Diagnostic(.unknownName, "unknown name '卫生建康支出'", at: SourceSpan(start: start, end: start + 18, file: "c.tally"),
                           help: "did you mean '卫生健康支出'?")
        let text = DiagnosticRenderer().render(d, source: src)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "error[T0201]: unknown name '卫生建康支出'")
        #expect(lines[1] == " --> c.tally:1:20")
        // "sum(" 4 cells + 功能分类 8 cells + ".210.*) == " 11 cells = 23 cells before the name;
        // the name is 6 characters, 12 cells wide.
        #expect(lines[4] == "  | " + String(repeating: " ", count: 23) + String(repeating: "^", count: 12))
        #expect(lines[5] == "  = help: did you mean '卫生健康支出'?")
    }

    @Test func locationsInThreeUnits() {
        let src = SourceFile(path: "x", text: "a\n公开05.合计")
        let loc = src.location(of: Array("a\n公开05.".utf8).count)
        #expect(loc.line == 2)
        #expect(loc.byteColumn == 10)
        #expect(loc.scalarColumn == 6)
        #expect(loc.displayColumn == 8)
    }

    @Test func widthTable() {
        #expect(Width.cells("卫生") == 4)
        #expect(Width.cells("ab") == 2)
        #expect(Width.cells("（") == 2)
        #expect(Width.cells("e\u{301}") == 1)   // combining acute accent takes no cell
    }

    @Test func jsonForm() {
        let src = SourceFile(path: "x", text: "1 $ 2")
        let d = Diagnostic(.unexpectedCharacter, "unexpected character '$'", at: SourceSpan(start: 2, end: 3, file: "x"))
        let j = DiagnosticRenderer().json(d, source: src).serialized()
        #expect(j == #"{"id":"T0001","severity":"error","message":"unexpected character '$'","file":"x","line":1,"column":3,"endLine":1,"endColumn":4}"#)
    }
}
