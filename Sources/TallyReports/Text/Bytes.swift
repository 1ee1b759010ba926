import Tally

/// Byte-level helpers: UTF-8 decoding of one scalar, folding, whitespace. The loader scans
/// `[UInt8]` directly and never iterates `Character`s, so a 45 KB report loads in well under a
/// millisecond.
enum Bytes {
    /// Decodes the scalar starting at `i`; returns its value and byte length (invalid bytes
    /// decode as U+FFFD with length 1).
    @inline(__always)
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (UInt32(c0), 1) }
        let n = b.count
        if c0 & 0xE0 == 0xC0, i + 1 < n { return ((UInt32(c0 & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2) }
        if c0 & 0xF0 == 0xE0, i + 2 < n {
            return ((UInt32(c0 & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3)
        }
        if c0 & 0xF8 == 0xF0, i + 3 < n {
            return ((UInt32(c0 & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12)
                    | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// Appends the UTF-8 encoding of `v`.
    @inline(__always)
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 { out.append(UInt8(v)) }
        else if v < 0x800 { out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F))) }
        else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Whether a scalar is whitespace the loader skips (ASCII space and controls, ideographic
    /// space, no-break space, thin and narrow no-break space, zero-width space, byte-order mark).
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x0C || v == 0x0B
            || v == 0x3000 || v == 0xA0 || v == 0x200B || v == 0xFEFF || isThinSpace(v)
    }

    /// Whether a scalar is a thin space (U+2009) or narrow no-break space (U+202F), which some
    /// reports set between the thousands of an amount (`12 600.00`).
    @inline(__always)
    static func isThinSpace(_ v: UInt32) -> Bool { v == 0x2009 || v == 0x202F }

    /// Whether the bytes at `i` (before `end`) are the UTF-8 of a thin or narrow no-break space
    /// (E2 80 89, E2 80 AF).
    @inline(__always)
    static func isThinSpace<C: RandomAccessCollection>(_ b: C, at i: Int, end: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        i + 2 < end && b[i] == 0xE2 && b[i + 1] == 0x80 && (b[i + 2] == 0x89 || b[i + 2] == 0xAF)
    }

    /// Folds full-width forms to ASCII like ``Width/fold(_:)``, but keeps `、` and `。` (they
    /// delimit sentences and list items, and `。` must not read as a decimal point).
    ///
    /// A fold never lengthens a scalar's UTF-8 encoding: the folding pass stores four bytes at a
    /// time into buffers four bytes longer than its input, which is safe only because its output
    /// never runs ahead of its input. A new fold must keep that.
    @inline(__always)
    static func fold(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return v }
        if v == 0x3001 || v == 0x3002 { return v }
        if v == 0x2018 || v == 0x2019 || v == 0x201C || v == 0x201D { return v }
        guard let s = Unicode.Scalar(v) else { return v }
        return Width.fold(s).value
    }

    /// Whether a folded scalar is a quotation mark (dropped from title keys: reports write
    /// ‘三公’, “三公” and "三公").
    @inline(__always)
    static func isQuote(_ v: UInt32) -> Bool {
        v == 0x22 || v == 0x27 || v == 0x2018 || v == 0x2019 || v == 0x201C || v == 0x201D
            || v == 0x300C || v == 0x300D || v == 0x300E || v == 0x300F
    }

    /// The comparison key of some text: folded, whitespace removed, optionally quotes removed.
    static func key(_ bytes: ArraySlice<UInt8>, dropQuotes: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        // Fast path: ASCII without spaces or quotes is its own key.
        var plain = true
        for c in bytes where c >= 0x80 || c <= 0x20 || c == 0x22 || c == 0x27 { plain = false; break }
        if plain { out.append(contentsOf: bytes); return out }
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                // A CJK ideograph U+4000–U+9FFF (lead bytes E4–E9, well-formed) is no space,
                // quote or width form: its bytes are its key.
                let c = b[i]
                if c >= 0xE4, c <= 0xE9, i + 2 < b.count, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
                    out.append(c); out.append(b[i + 1]); out.append(b[i + 2])
                    i += 3
                    continue
                }
                let (v, n) = scalar(b, i)
                i += n
                if isSpace(v) { continue }
                let f = fold(v)
                if dropQuotes, isQuote(f) { continue }
                append(f, to: &out)
            }
        }
        return out
    }

    /// The key of a string (see ``key(_:dropQuotes:)``).
    static func key(_ s: String, dropQuotes: Bool = false) -> [UInt8] { key(Array(s.utf8)[...], dropQuotes: dropQuotes) }
    /// The key of bytes.
    static func key(_ b: [UInt8], dropQuotes: Bool = false) -> [UInt8] { key(b[...], dropQuotes: dropQuotes) }

    /// Whether `hay` contains `needle` starting at `at`.
    @inline(__always)
    static func matches(_ hay: [UInt8], _ needle: [UInt8], at: Int) -> Bool {
        guard at >= 0, at + needle.count <= hay.count else { return false }
        // Eight bytes at a time, then the rest (the fact matcher tests a literal at most
        // positions it tries, and most differ in their first bytes).
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                let count = n.count
                var j = 0
                while j + 8 <= count {
                    if UnsafeRawPointer(h.baseAddress! + at + j).loadUnaligned(as: UInt64.self)
                        != UnsafeRawPointer(n.baseAddress! + j).loadUnaligned(as: UInt64.self) { return false }
                    j += 8
                }
                while j < count { if h[at + j] != n[j] { return false }; j += 1 }
                return true
            }
        }
    }

    /// The first offset of `needle` in `hay`, or `nil` (also for an empty needle): the one
    /// substring search of the loader, on buffers so that callers search slices without copies.
    static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        guard needle.count > 0, hay.count >= needle.count else { return nil }
        let first = needle[0], last = hay.count - needle.count
        var i = 0
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The first index of `needle` in `hay[from...]`, or `nil`.
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int = 0) -> Int? {
        let start = max(0, from)
        guard start < hay.count else { return nil }
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                firstOffset(of: n, in: UnsafeBufferPointer(rebasing: h[start...])).map { $0 + start }
            }
        }
    }

    /// Whether `hay` contains the literal `needle` (no allocation).
    static func contains(_ hay: [UInt8], _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { n in hay.withUnsafeBufferPointer { firstOffset(of: n, in: $0) != nil } }
    }

    /// Whether `hay` contains any of the literals.
    static func containsAny(_ hay: [UInt8], _ needles: [StaticString]) -> Bool {
        for n in needles where contains(hay, n) { return true }
        return false
    }

    /// Whether `hay` starts with the literal `prefix`.
    static func hasPrefix(_ hay: [UInt8], _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { n in
            guard hay.count >= n.count else { return false }
            for j in 0..<n.count where hay[j] != n[j] { return false }
            return true
        }
    }

    /// Whether `hay` ends with the literal `suffix`.
    static func hasSuffix(_ hay: [UInt8], _ suffix: StaticString) -> Bool {
        suffix.withUTF8Buffer { n in
            guard hay.count >= n.count else { return false }
            let o = hay.count - n.count
            for j in 0..<n.count where hay[o + j] != n[j] { return false }
            return true
        }
    }

    /// Whether `hay` is exactly the literal.
    static func equals(_ hay: [UInt8], _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { n in n.count == hay.count && hasPrefix(hay, literal) }
    }

    /// Whether `hay` starts with `prefix`.
    static func hasPrefix(_ hay: [UInt8], _ prefix: [UInt8]) -> Bool { matches(hay, prefix, at: 0) }
    /// Whether `hay` ends with `suffix`.
    static func hasSuffix(_ hay: [UInt8], _ suffix: [UInt8]) -> Bool {
        hay.count >= suffix.count && matches(hay, suffix, at: hay.count - suffix.count)
    }

    /// Whether a byte is an ASCII digit.
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whether the `,` at `i` is a thousands separator: exactly three digits follow it before
    /// `end` (`1,234` yes; `1,20` and `1,2345` no).
    static func isThousandsSeparator<C: RandomAccessCollection>(_ b: C, at i: Int, end: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        guard i + 3 < end else { return false }
        for k in 1...3 where !isDigit(b[i + k]) { return false }
        return i + 4 >= end || !isDigit(b[i + 4])
    }

    /// The number of scalars in UTF-8 bytes (bytes that are not continuation bytes).
    static func scalarCount(_ b: ArraySlice<UInt8>) -> Int {
        var n = 0
        for x in b where x & 0xC0 != 0x80 { n += 1 }
        return n
    }
}
