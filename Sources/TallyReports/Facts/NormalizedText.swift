/// The report text as the fact matcher sees it: full-width forms folded to ASCII, whitespace
/// (including line breaks) and quotation marks removed, with the report byte offset of every
/// byte so that matches map back to lines.
struct NormalizedText {
    /// Folded bytes.
    var bytes: [UInt8] = []
    /// For each folded byte, the offset of its scalar in the report.
    var origin: [Int32] = []

    init(_ text: ReportText) {
        let src = text.bytes
        bytes.reserveCapacity(src.count)
        origin.reserveCapacity(src.count)
        src.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 {
                    if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x22 && c != 0x27 && c >= 0x20 {
                        bytes.append(c); origin.append(Int32(truncatingIfNeeded: i))
                    }
                    i += 1
                    continue
                }
                let (v, n) = Bytes.scalar(b, i)
                if !Bytes.isSpace(v) {
                    let f = Bytes.fold(v)
                    if !Bytes.isQuote(f) {
                        let before = bytes.count
                        Bytes.append(f, to: &bytes)
                        for _ in before..<bytes.count { origin.append(Int32(truncatingIfNeeded: i)) }
                    }
                }
                i += n
            }
        }
    }

    /// Whether removed text between folded bytes `i - 1` and `i` contained a line break
    /// (`true`) or only spaces (`false`); `nil` when nothing was removed.
    func gap(before i: Int, in text: ReportText) -> Bool? {
        guard i > 0, i < origin.count else { return nil }
        let a = Int(origin[i - 1]), z = Int(origin[i])
        var k = a + 1
        var sawSpace = false
        while k < z {
            let c = text.bytes[k]
            if c == 0x0A { return true }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0xE3 { sawSpace = true }
            k += 1
        }
        return sawSpace ? false : nil
    }

    /// The start of the scalar before byte `i` (i > 0).
    @inline(__always)
    func previousScalarStart(_ i: Int) -> Int {
        var j = i - 1
        while j > 0, bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    /// The end of the scalar starting at byte `i`.
    @inline(__always)
    func nextScalarEnd(_ i: Int) -> Int {
        var j = i + 1
        while j < bytes.count, bytes[j] & 0xC0 == 0x80 { j += 1 }
        return j
    }
}
