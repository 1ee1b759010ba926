import Testing
@testable import Tally

/// ``SourceFile``'s line index: where lines start, and what lines and locations it gives.
@Suite struct SourceFileTests {
    @Test(arguments: [
        ("", [0]), ("a", [0]), ("a\n", [0, 2]), ("\n", [0, 1]), ("a\nb\n\nc", [0, 2, 4, 5]),
        ("甲\r\n乙", [0, 5]), ("\n\n", [0, 1, 2]),
    ])
    func linesStartAfterEachLineFeed(_ text: String, _ starts: [Int]) {
        #expect(SourceFile.lineStarts(of: Array(text.utf8)) == starts)
        #expect(SourceFile(path: "f", text: text).lineCount == starts.count)
    }

    @Test func linesAndLocationsFollowTheStarts() {
        let f = SourceFile(path: "f", text: "check A\n  合计 == 1\r\nlast")
        #expect(f.lineText(1) == "check A" && f.lineText(2) == "  合计 == 1" && f.lineText(3) == "last")
        #expect(f.lineText(4) == "")
        let at = Array("check A\n  ".utf8).count
        #expect(f.line(of: at) == 2)
        #expect(f.location(of: at).byteColumn == 3)
        #expect(f.line(of: 0) == 1 && f.line(of: f.bytes.count) == 3)
    }
}
