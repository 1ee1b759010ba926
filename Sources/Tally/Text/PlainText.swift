/// Byte-level answers about text that `String`'s comparison (canonical equivalence, with
/// normalisation checks on every non-ASCII scalar) gives slowly: pack compilation compares
/// thousands of Chinese names against a few spellings.
enum PlainText {
    /// Whether the UTF-8 bytes of `s` are those of `spelling`.
    static func hasBytes(_ s: String, _ spelling: StaticString) -> Bool {
        guard s.utf8.count == spelling.utf8CodeUnitCount else { return false }
        var s = s
        return s.withUTF8 { b in
            spelling.withUTF8Buffer { w in
                for k in 0..<w.count where b[k] != w[k] { return false }
                return true
            }
        }
    }
}

extension PlainText {
    /// Whether every scalar of `s` is a grapheme cluster of its own wherever an ASCII
    /// punctuation mark is concerned: `s` holds only scalars that never extend, join or
    /// prefix a cluster (ASCII, Latin-1 and Latin Extended, general punctuation, circled
    /// numbers, CJK punctuation and kana without the combining marks, CJK ideographs,
    /// full-width forms). In such text a search for `{` by `Character` finds exactly the `{`
    /// bytes, so it can be done on bytes.
    static func hasSimpleGraphemes(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                if c >= 0xE4, c <= 0xE9 { i += 3; continue }
                var v: UInt32, n: Int
                if c & 0xE0 == 0xC0, i + 1 < b.count {
                    v = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F); n = 2
                } else if c & 0xF0 == 0xE0, i + 2 < b.count {
                    v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F); n = 3
                } else { return false }
                switch v {
                case 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x2460...0x24FF, 0x3000...0x3029, 0x3030...0x303F,
                     0x3040...0x3096, 0xFF01...0xFF5E: i += n
                default: return false
                }
            }
            return true
        }
    }
}

/// A text hashed and compared by its UTF-8 bytes, not by canonical equivalence: a key for
/// memos of what the compiler works out about a name (right for every text with the same bytes,
/// and found without the normalisation checks a `String` key costs on every Chinese name).
struct ExactText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactText, b: ExactText) -> Bool { RunCaches.sameBytes(a.text, b.text) }

    func hash(into hasher: inout Hasher) {
        var t = text
        t.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
