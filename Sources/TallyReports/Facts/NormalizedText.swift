#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The report text as the fact matcher and the title finder see it: full-width forms folded to
/// ASCII, whitespace (including line breaks) and quotation marks removed, with the report byte
/// offset of every byte so that matches map back to lines. Built in one pass over the report.
struct NormalizedText {
    /// Folded bytes.
    var bytes: [UInt8] = []
    /// For each folded byte, the offset of its scalar in the report.
    var origin: [Int32] = []
    /// For each report line, where its folded bytes start (one extra entry at the end).
    var lineStarts: [Int] = []
    /// Where a folded character starts whose value is in the `anchorStarts` bitmap given to
    /// ``init(_:anchorStarts:)``, in increasing order: every place an anchor of the
    /// ``AnchorIndex`` that made the bitmap can start. `nil` without a bitmap, or when the report
    /// text is not well-formed UTF-8 (then characters cannot be told by their values).
    var anchorCandidates: [Int32]? = nil
    /// Whether the report text is well-formed UTF-8 (then the folded text is too, and each of
    /// its scalars is the fold of one scalar of the report, in order).
    var isWellFormed = true
    /// The report byte offset of the first byte that does not start or continue a valid UTF-8
    /// sequence (what ``TextDecoding/firstInvalidUTF8(_:from:)`` finds), `nil` for valid text.
    var firstInvalidUTF8: Int? = nil
    /// Whether the report has a NUL byte, and how many other control characters
    /// (``TextDecoding/isControl(_:)``): for the binary test. Exact when the text is valid UTF-8
    /// (every byte below 0x80 is then read as a character).
    var sawNUL = false
    var controls = 0

    /// Folds `text`; with `anchorStarts` (``AnchorIndex/startSet``) also notes
    /// ``anchorCandidates``.
    init(_ text: ReportText, anchorStarts: [UInt64]? = nil) {
        let src = text.bytes
        let n = src.count
        var starts: [Int] = []
        starts.reserveCapacity(text.lineCount + 1)
        var count = 0
        let collect = anchorStarts?.count == 1024
        let startBits = collect ? anchorStarts! : []
        var candidates: [Int32] = []
        var firstInvalid = -1, nul = false, controls = 0
        var wellFormed = true
        // The folded bytes and their origins are written once each, into uninitialised storage
        // (never longer than the report: folding only shortens a character).
        var out: [UInt8] = []
        // Page footers between the halves of a sentence: where each starts and where its line ends.
        let footers = PageFooter.midSentenceLines(in: text)
        let footerStarts = footers.map { text.lineRange($0).lowerBound }
        let footerEnds = footers.map { text.lineRange($0).upperBound }
        var skipAt = 0
        let org = [Int32](unsafeUninitializedCapacity: n + 4) { g, originCount in
            out = [UInt8](unsafeUninitializedCapacity: n + 4) { o, byteCount in
                src.withUnsafeBufferPointer { b in
                  startBits.withUnsafeBufferPointer { bits in
                    // The output's base addresses as locals: the closures' buffers are inout and
                    // were reloaded at every store (three bytes and three origins per ideograph).
                    let op = o.baseAddress!, gp = g.baseAddress!
                    /// Whether a folded character of value `v` (below U+10000) may start an anchor.
                    @inline(__always) func starting(_ v: Int) -> Bool { (bits[v >> 6] >> UInt64(v & 63)) & 1 != 0 }
                    var i = 0
                    starts.append(0)
                    while i < n {
                        let c = b[i]
                        if c < 0x80 {
                            if c == 0x0A {
                                starts.append(count)
                                // A page footer in the middle of a sentence: its text is left out.
                                if skipAt < footerStarts.count, footerStarts[skipAt] == i + 1 {
                                    i = footerEnds[skipAt]; skipAt += 1
                                    continue
                                }
                            } else if c > 0x20 && c != 0x22 && c != 0x27 && c != 0x7F
                                        && !((c == 0x24 || c == 0x5C) && NormalizedText.isMathMark(b, i)) {
                                if collect, starting(Int(c)) { candidates.append(Int32(truncatingIfNeeded: count)) }
                                // One space beside the point or thousands comma of an amount
                                // (`2. 24%`, `8, 320.93万元`): the digit or mark after it is given
                                // the space's offset, so no gap shows and the number reads whole.
                                let joined = c <= 0x39 && c >= 0x2C && i >= 2 && b[i - 1] == 0x20
                                    && NormalizedText.joinsAcrossSpace(b, i)
                                op[count] = c; gp[count] = Int32(truncatingIfNeeded: joined ? i - 1 : i); count += 1
                            } else if c < 0x20 {
                                if c == 0 { nul = true } else if TextDecoding.isControl(c) { controls += 1 }
                            }
                            i += 1
                            continue
                        }
                        // A run of U+4000–U+9FFF (CJK ideographs) away from the end: each read as
                        // one 32-bit word (its three bytes and the next), its bytes written as that
                        // word and its origins as four at once (the fourth byte and origin are
                        // written over by the next character, or lie past the end: the buffers
                        // have four bytes and origins to spare).
                        if c >= 0xE4, c <= 0xE9, i + 4 <= n, let src = UnsafeRawPointer(b.baseAddress) {
                            let rawOut = UnsafeMutableRawPointer(op), rawOrigin = UnsafeMutableRawPointer(gp)
                            var run = 0
                            while i + 4 <= n {
                                let w = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                                // Lead byte E4–E9, then two continuation bytes.
                                guard (w & 0xFF) &- 0xE4 < 6, w & 0x00C0_C000 == 0x0080_8000 else { break }
                                if collect, starting(Int(w & 0x0F) << 12 | Int((w >> 8) & 0x3F) << 6 | Int((w >> 16) & 0x3F)) {
                                    candidates.append(Int32(truncatingIfNeeded: count))
                                }
                                rawOut.storeBytes(of: w.littleEndian, toByteOffset: count, as: UInt32.self)
                                rawOrigin.storeBytes(of: SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: i)),
                                                     toByteOffset: count &* 4, as: SIMD4<Int32>.self)
                                count += 3; i += 3; run += 1
                            }
                            if run > 0 { continue }
                        }
                        // U+4000–U+9FFF (lead bytes E4–E9, CJK ideographs): no space, quote or width form.
                        if c >= 0xE4, c <= 0xE9, i + 2 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
                            if collect, starting(Int(c & 0x0F) << 12 | Int(b[i + 1] & 0x3F) << 6 | Int(b[i + 2] & 0x3F)) {
                                candidates.append(Int32(truncatingIfNeeded: count))
                            }
                            let at = Int32(truncatingIfNeeded: i)
                            op[count] = c; op[count + 1] = b[i + 1]; op[count + 2] = b[i + 2]
                            gp[count] = at; gp[count + 1] = at; gp[count + 2] = at
                            count += 3; i += 3
                            continue
                        }
                        let (v, len) = Bytes.scalar(b, i)
                        // The validation of TextDecoding.firstInvalidUTF8 (the sequences before
                        // the first invalid one are stepped over alike, and the three-byte
                        // ideographs above are valid).
                        if firstInvalid < 0, TextDecoding.sequenceLength(b, i) == nil { firstInvalid = i }
                        if wellFormed {
                            // Bytes.scalar does not check continuation bytes: a malformed
                            // sequence turns the candidates off (the index then scans every position).
                            var ok = len > 1 && i + len <= n
                            if ok { for k in 1..<len where b[i + k] & 0xC0 != 0x80 { ok = false } }
                            if !ok { wellFormed = false }
                        }
                        if !Bytes.isSpace(v) {
                            let f = Bytes.fold(v)
                            if !Bytes.isQuote(f) {
                                // The folded character written below has the value f.
                                if collect, f >= 0x10000 || starting(Int(f)) { candidates.append(Int32(truncatingIfNeeded: count)) }
                                let at = Int32(truncatingIfNeeded: i)
                                if f == v, len <= 3 {
                                    for k in 0..<len { op[count] = b[i + k]; gp[count] = at; count += 1 }
                                } else if f < 0x80 {
                                    op[count] = UInt8(f); gp[count] = at; count += 1
                                } else {
                                    var tmp: [UInt8] = []
                                    Bytes.append(f, to: &tmp)
                                    for x in tmp { op[count] = x; gp[count] = at; count += 1 }
                                }
                            }
                        }
                        i += len
                    }
                  }
                }
                byteCount = count
            }
            originCount = count
        }
        bytes = out
        origin = org
        while starts.count < text.lineCount { starts.append(count) }
        starts.append(count)
        lineStarts = starts
        isWellFormed = wellFormed
        firstInvalidUTF8 = firstInvalid >= 0 ? firstInvalid : nil
        sawNUL = nul
        self.controls = controls
        if collect, wellFormed { anchorCandidates = candidates }
    }

    /// Whether the `$` or `\` at `i` of `b` is LaTeX markup around a figure, left out of the
    /// fact view: a `$` beside a digit or before a sign or comparison (`$1,092.30$万元`,
    /// `$> 1,055$`), a `\` before `%` (`2.24\%`).
    static func isMathMark(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let n = b.count
        if b[i] == 0x5C { return i + 1 < n && b[i + 1] == UInt8(ascii: "%") }
        if i > 0, Bytes.isDigit(b[i - 1]) || b[i - 1] == UInt8(ascii: "%") { return true }
        guard i + 1 < n else { return false }
        let d = b[i + 1]
        return Bytes.isDigit(d) || d == UInt8(ascii: "-") || d == UInt8(ascii: ">") || d == UInt8(ascii: "<") || d == 0x20 && i + 2 < n && Bytes.isDigit(b[i + 2])
    }

    /// Whether the ASCII byte at `i` of `b`, after one space, continues the amount before that
    /// space across its decimal point or thousands comma: `2. 24%` and `2,190. 18万元` (a digit
    /// after `<digit>. `), `8, 320.93万元` (three digits after `<digit>, `), `2,190 .18万元` (a
    /// point or comma after `<digit> `, a digit after it). The amount must then end in `%`, 万,
    /// 元 or 亿 (after at most one space): an ordinal `1. 2024年…` and two table cells stay apart.
    static func joinsAcrossSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let n = b.count
        guard i >= 2, i < n, b[i - 1] == 0x20 else { return false }
        func digit(_ k: Int) -> Bool { k >= 0 && k < n && Bytes.isDigit(b[k]) }
        let c = b[i]
        var rest: Int
        if Bytes.isDigit(c) {
            guard i >= 3, digit(i - 3) else { return false }
            let mark = b[i - 2]
            if mark == UInt8(ascii: ",") {
                guard digit(i + 1), digit(i + 2), !digit(i + 3) else { return false }
            } else if mark != UInt8(ascii: ".") {
                return false
            }
            rest = i
        } else if c == UInt8(ascii: ".") || c == UInt8(ascii: ",") {
            guard digit(i - 2), digit(i + 1) else { return false }
            if c == UInt8(ascii: ","), !(digit(i + 2) && digit(i + 3) && !digit(i + 4)) { return false }
            rest = i + 1
        } else {
            return false
        }
        // The rest of the amount (no space), then its unit.
        var k = rest, steps = 0
        while k < n, Bytes.isDigit(b[k]) || b[k] == UInt8(ascii: ".") || b[k] == UInt8(ascii: ","), steps < 24 { k += 1; steps += 1 }
        if k < n, b[k] == 0x20 { k += 1 }
        guard k < n else { return false }
        if b[k] == UInt8(ascii: "%") { return true }
        guard k + 2 < n else { return false }
        let (x, y, z) = (b[k], b[k + 1], b[k + 2])
        return (x == 0xEF && y == 0xBC && z == 0x85) || (x == 0xE4 && y == 0xB8 && z == 0x87)
            || (x == 0xE5 && y == 0x85 && z == 0x83) || (x == 0xE4 && y == 0xBA && z == 0xBF)
    }

    /// How often each byte value occurs in the folded text (for choosing what to search for).
    func byteFrequencies() -> [Int] {
        var f = [Int](repeating: 0, count: 256)
        bytes.withUnsafeBufferPointer { b in
            f.withUnsafeMutableBufferPointer { c in
                for x in b { c[Int(x)] += 1 }
            }
        }
        return f
    }

    /// The folded key of the 0-based line `i` (what ``Bytes/key(_:dropQuotes:)`` gives with quotes dropped).
    func lineKey(_ i: Int) -> [UInt8] {
        guard i + 1 < lineStarts.count else { return [] }
        return Array(bytes[lineStarts[i]..<lineStarts[i + 1]])
    }

    /// Whether the folded key of line `i` contains `needle` (no copy of the key).
    func lineKeyContains(_ i: Int, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBufferPointer { lineKeyContains(i, $0) }
    }

    /// Whether the folded key of line `i` contains `needle`.
    func lineKeyContains(_ i: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i + 1 < lineStarts.count, !needle.isEmpty else { return false }
        let lo = lineStarts[i], hi = lineStarts[i + 1]
        guard hi - lo >= needle.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            Bytes.firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: b[lo..<hi])) != nil
        }
    }

    /// Whether the folded key of line `i` contains the literal `needle` (no copy of the key).
    func lineKeyContains(_ i: Int, _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { n in lineKeyContains(i, n) }
    }

    /// Whether the folded key of line `i` starts with the literal `prefix`.
    func lineKeyHasPrefix(_ i: Int, _ prefix: StaticString) -> Bool {
        guard i + 1 < lineStarts.count else { return false }
        let lo = lineStarts[i], hi = lineStarts[i + 1]
        return prefix.withUTF8Buffer { p in
            guard hi - lo >= p.count else { return false }
            for j in 0..<p.count where bytes[lo + j] != p[j] { return false }
            return true
        }
    }

    /// Whether the folded key of line `i` starts with `prefix` and is longer than it.
    func lineKeyHasLongerPrefix(_ i: Int, _ prefix: [UInt8]) -> Bool {
        guard i + 1 < lineStarts.count else { return false }
        let lo = lineStarts[i], hi = lineStarts[i + 1]
        guard hi - lo > prefix.count else { return false }
        for j in prefix.indices where bytes[lo + j] != prefix[j] { return false }
        return true
    }

    /// The number of folded bytes of line `i`.
    func lineKeyCount(_ i: Int) -> Int { i + 1 < lineStarts.count ? lineStarts[i + 1] - lineStarts[i] : 0 }

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
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0xE3 || Bytes.isThinSpace(text.bytes, at: k, end: z) { sawSpace = true }
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

    /// Every start of `needle` at or after `from`, found with `memchr` on its rarest byte.
    func occurrences(of needle: [UInt8], from: Int = 0, frequencies: [Int]? = nil) -> [Int] {
        guard !needle.isEmpty, bytes.count >= needle.count else { return [] }
        var pivot = 0
        if let f = frequencies, f.count == 256 {
            // The needle's byte that is rarest in this text.
            for k in needle.indices where f[Int(needle[k])] < f[Int(needle[pivot])] { pivot = k }
        } else {
            // A continuation byte is rarer than a lead byte in Chinese text.
            for (k, x) in needle.enumerated() where x & 0xC0 == 0x80 { pivot = k; break }
        }
        let key = Int32(needle[pivot])
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var p = max(0, from) + pivot
            let end = b.count - (needle.count - pivot - 1)
            while p < end {
                guard let hit = memchr(base + p, key, end - p) else { break }
                let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let start = q - pivot
                var ok = start >= from
                if ok { for k in 0..<needle.count where b[start + k] != needle[k] { ok = false; break } }
                if ok { out.append(start) }
                p = q + 1
            }
        }
        return out
    }
}
