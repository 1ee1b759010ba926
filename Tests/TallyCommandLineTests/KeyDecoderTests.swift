#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import TallyCommandLine

/// Decoding raw terminal bytes into keys, and plain (non-terminal) line reading.
@Suite struct KeyDecoderTests {
    private func decode(_ chunks: [[UInt8]]) -> [Key] {
        var d = KeyDecoder()
        var keys: [Key] = []
        for c in chunks { keys += d.feed(c) }
        return keys
    }

    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func utf8SplitAcrossReadsIsReassembled() {
        let all = bytes("公开")  // E5 85 AC E5 BC 80
        #expect(decode([all]) == [.text("公开")])
        var d = KeyDecoder()
        let r1 = d.feed(all[0..<1])
        #expect(r1 == [])
        #expect(d.hasPendingInput)
        let r2 = d.feed(all[1..<4])
        #expect(r2 == [.text("公")])
        let r3 = d.feed(all[4..<5])
        #expect(r3 == [])
        let r4 = d.feed(all[5..<6])
        #expect(r4 == [.text("开")])
        #expect(!d.hasPendingInput)
        // Every split point of a mixed string gives the same text.
        let mixed = bytes("a公😀é")
        for cut in 0...mixed.count {
            let keys = decode([Array(mixed[..<cut]), Array(mixed[cut...])])
            let text = keys.map { if case .text(let t) = $0 { t } else { "?" } }.joined()
            #expect(text == "a公😀é", "cut at \(cut)")
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        #expect(decode([[0xFF, 0x41]]) == [.text("\u{FFFD}A")])
        #expect(decode([[0xC0, 0x80]]) == [.text("\u{FFFD}\u{FFFD}")])  // C0 never starts a character
        #expect(decode([[0xE5, 0x41]]) == [.text("\u{FFFD}A")])  // cut short
        #expect(decode([[0xED, 0xA0, 0x80]]) == [.text("\u{FFFD}")])  // surrogate
        #expect(decode([[0xE0, 0x80, 0x80]]) == [.text("\u{FFFD}")])  // over-long
        #expect(decode([[0xF4, 0x90, 0x80, 0x80]]) == [.text("\u{FFFD}")])  // beyond U+10FFFF
        #expect(decode([[0xC2, 0x85]]) == [])  // C1 control dropped
        var d = KeyDecoder()
        _ = d.feed([0xE5, 0x85])
        let r5 = d.flush()
        #expect(r5 == [.text("\u{FFFD}")])
        #expect(!d.hasPendingInput)
    }

    @Test func controlKeysAndEditingKeys() {
        #expect(decode([[0x01, 0x05, 0x0B, 0x15, 0x17, 0x03, 0x04]]) ==
            [.control("a"), .control("e"), .control("k"), .control("u"), .control("w"), .control("c"), .control("d")])
        #expect(decode([[0x09, 0x7F, 0x08, 0x00, 0x1C]]) == [.tab, .backspace, .backspace, .control("@"), .control("\\")])
        #expect(decode([bytes("ab\rc")]) == [.text("ab"), .enter, .text("c")])
    }

    @Test func crlfIsOneEnterEvenAcrossReads() {
        #expect(decode([bytes("a\r\nb\n")]) == [.text("a"), .enter, .text("b"), .enter])
        #expect(decode([bytes("a\r"), bytes("\nb")]) == [.text("a"), .enter, .text("b")])
        #expect(decode([bytes("\n\n")]) == [.enter, .enter])
    }

    @Test func csiAndSS3Sequences() {
        let cases: [(String, Key)] = [
            ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
            ("\u{1B}OA", .up), ("\u{1B}OC", .right), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
            ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}[1~", .home), ("\u{1B}[4~", .end),
            ("\u{1B}[7~", .home), ("\u{1B}[8~", .end), ("\u{1B}[3~", .delete),
            ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[Z", .backTab),
            ("\u{1B}[1;5D", .wordLeft), ("\u{1B}[1;5C", .wordRight), ("\u{1B}[1;3D", .wordLeft),
            ("\u{1B}[1;2C", .right), ("\u{1B}[1;5A", .up), ("\u{1B}O5D", .wordLeft),
            ("\u{1B}b", .alt("b")), ("\u{1B}f", .alt("f")), ("\u{1B}\u{7F}", .alt("\u{7F}")),
        ]
        for (sequence, key) in cases {
            #expect(decode([bytes(sequence)]) == [key], "\(sequence.debugDescription)")
        }
    }

    @Test func sequencesSplitAcrossReadsAreCompleted() {
        let seq = bytes("x\u{1B}[1;5Cy")
        for cut in 0...seq.count {
            #expect(decode([Array(seq[..<cut]), Array(seq[cut...])]).merged == [.text("x"), .wordRight, .text("y")],
                    "cut at \(cut)")
        }
    }

    @Test func loneEscapeIsReportedOnlyOnFlush() {
        var d = KeyDecoder()
        let r6 = d.feed([0x1B])
        #expect(r6 == [])
        #expect(d.hasPendingInput)
        let r7 = d.flush()
        #expect(r7 == [.escape])
        #expect(!d.hasPendingInput)
        let r8 = d.feed(bytes("a"))
        #expect(r8 == [.text("a")])
        #expect(decode([[0x1B, 0x1B, 0x5B, 0x44]]) == [.escape, .left])
        #expect(decode([[0x1B, 0x01]]) == [.escape, .control("a")])
    }

    @Test func unknownAndOverlongSequencesAreDroppedSafely() {
        #expect(decode([bytes("a\u{1B}[99;99Xb")]) == [.text("a"), .text("b")])
        #expect(decode([bytes("\u{1B}[?1;2c")]) == [])  // a device-attributes reply
        #expect(decode([bytes("\u{1B}[2~\u{1B}[15~\u{1B}OP")]) == [])  // Insert, F5, F1
        let long = "\u{1B}[" + String(repeating: "1;", count: 500) + "Dz"
        #expect(decode([bytes(long)]) == [.text("z")])
        // A sequence interrupted by a control byte is abandoned; the byte still counts.
        #expect(decode([bytes("\u{1B}[1\r")]) == [.enter])
        var d = KeyDecoder()
        _ = d.feed(bytes("\u{1B}[1;"))
        let r9 = d.flush()
        #expect(r9 == [])
        let r10 = d.feed(bytes("q"))
        #expect(r10 == [.text("q")])
    }

    @Test func bracketedPasteArrivesAsOneKey() {
        let paste = "\u{1B}[200~sum(公开05)\r\n第二行\t\u{1B}[A\u{1B}[201~"
        #expect(decode([bytes(paste + "x")]) == [.paste("sum(公开05)\n第二行\t\u{1B}[A"), .text("x")])
        // Split anywhere, including inside the end marker.
        let all = bytes(paste)
        for cut in stride(from: 0, through: all.count, by: 3) {
            #expect(decode([Array(all[..<cut]), Array(all[cut...])]) == [.paste("sum(公开05)\n第二行\t\u{1B}[A")], "cut at \(cut)")
        }
    }

    @Test func randomBytesNeverTrapAndTextIsValid() {
        var generator = SystemRandomNumberGenerator()
        var d = KeyDecoder()
        for _ in 0..<200 {
            let chunk = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for key in d.feed(chunk) {
                if case .text(let t) = key {
                    #expect(!t.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
                }
            }
        }
        _ = d.flush()
    }

    @Test func pasteTurnsLineBreaksIntoEnter() {
        #expect(LineEditor.keys(forPaste: "a\nb\n") == [.text("a"), .enter, .text("b"), .enter])
        #expect(LineEditor.keys(forPaste: "x") == [.text("x")])
    }

    // MARK: - Plain mode (standard input not a terminal)

    @Test func plainModeReadsPipedLinesWithoutEscapes() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        var out: [Int32] = [0, 0]
        #expect(pipe(&out) == 0)
        let payload: [UInt8] = Array("sum(公开05.功能分类.210.*.小计)\nb\r\n\n".utf8) + [0xFF] + Array("last".utf8)
        _ = payload.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        let editor = LineEditor(historyURL: nil, input: fds[0], output: out[1], environment: ["TERM": "xterm"])
        #expect(!editor.isInteractive)
        #expect(editor.readLine(prompt: "tally> ") == .line("sum(公开05.功能分类.210.*.小计)"))
        #expect(editor.readLine(prompt: "tally> ") == .line("b"))
        #expect(editor.readLine(prompt: "tally> ") == .line(""))
        #expect(editor.readLine(prompt: "tally> ", continuation: true) == .line("\u{FFFD}last"))
        #expect(editor.readLine(prompt: "tally> ") == .endOfFile)
        #expect(editor.readLine(prompt: "tally> ") == .endOfFile)
        #expect(editor.history.entries.isEmpty)
        close(fds[0])
        close(out[1])
        // Nothing at all was written to the output: no prompt, no escape codes.
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(out[0], $0.baseAddress, $0.count) }
        #expect(n == 0)
        close(out[0])
    }

    @Test func plainModeHandlesALongLineReadInManyChunks() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let line = String(repeating: "预算", count: 20_000)  // 120 kB, more than one read
        let editor = LineEditor(historyURL: nil, input: fds[0], output: 2, environment: [:])
        let writeEnd = fds[1]
        let data = Array((line + "\n").utf8)
        let writer = Thread {
            var offset = 0
            while offset < data.count {
                let n = data[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(writeEnd)
        }
        writer.start()
        #expect(editor.readLine(prompt: "") == .line(line))
        #expect(editor.readLine(prompt: "") == .endOfFile)
        close(fds[0])
    }
}

private extension Array where Element == Key {
    /// Adjacent `.text` keys merged, as one `feed` produces them.
    var merged: [Key] {
        reduce(into: []) { acc, k in
            if case .text(let t) = k, case .text(let u)? = acc.last { acc[acc.count - 1] = .text(u + t) } else { acc.append(k) }
        }
    }
}
