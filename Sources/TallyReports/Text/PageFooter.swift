/// Page footers that PDF extraction leaves between the two halves of a sentence
/// ("…一般公共预算支出增加174.66万元，" / "— 16 —" / "增长0.39%。…"): the narrative reads on
/// across them, so the fact view (``NormalizedText``) drops such a line and the sentence joins.
///
/// A footer is a short line holding only a page number: `- 8 -`, `— 8 —`, `－8－`, `第 3 页`,
/// `第3页 共10页`, or a bare number of one to three digits. It is dropped only in the middle of a
/// sentence: the prose line before it (at most two blank lines away; no tab, no two spaces in a
/// row, a `，`, `、`, `；`, `：` or `。` in it) ends open (an ideograph, a digit, `%`, `，`, `、`,
/// `；` or `：`), and the line after it (at most two blank lines away) is neither blank, a table
/// row nor a heading. A bare number is dropped only after a line ending in an ideograph or
/// `，`, `、`, `；` and before a line starting with an ideograph that is no unit or counter, so a
/// figure broken onto a line of its own ("…增加" / "16" / "万元") is kept.
enum PageFooter {
    /// The 0-based lines of `text` that are page footers in the middle of a sentence, in
    /// increasing order.
    static func midSentenceLines(in text: ReportText) -> [Int] {
        let n = text.lineCount
        guard n > 2 else { return [] }
        var out: [Int] = []
        text.bytes.withUnsafeBufferPointer { b in
            for i in 1..<(n - 1) {
                let r = text.lineRange(i)
                // Cheap first test: short, and a footer (footerKind starts with the first scalar).
                guard r.count <= 40, let kind = footerKind(b, r) else { continue }
                var p = i - 1, gap = 0
                while p > 0, gap < 2, isBlank(b, text.lineRange(p)) { p -= 1; gap += 1 }
                var q = i + 1
                gap = 0
                while q < n - 1, gap < 2, isBlank(b, text.lineRange(q)) { q += 1; gap += 1 }
                let before = text.lineRange(p), after = text.lineRange(q)
                guard !isBlank(b, before), !isBlank(b, after),
                      let last = lastScalar(b, before), isProse(b, before), let first = firstScalar(b, after),
                      !isTableRow(b, after), footerKind(b, after) == nil else { continue }
                let afterHead = headingLength(b, after)
                guard afterHead == 0 else { continue }
                let openEnd = isIdeograph(last) || last == 0xFF0C || last == 0x3001 || last == 0xFF1B
                switch kind {
                case .marked:
                    guard openEnd || isDigit(last) || last == 0x25 || last == 0xFF1A else { continue }
                case .bare:
                    guard openEnd, isIdeograph(first), !unitLike.contains(first) else { continue }
                }
                out.append(i)
            }
        }
        return out
    }

    /// The dashes around a footer's page number (- 8 -, — 8—, －16－).
    static let dashes: Set<UInt32> = [0x2D, 0x2014, 0x2013, 0xFF0D, 0x2500, 0x2012, 0x2015]

    /// What kind of footer a line is.
    enum Kind { case marked, bare }

    /// Units and counters that may follow a number broken onto a line of its own.
    static let unitLike: Set<UInt32> = [
        0x4E07, 0x5143, 0x4EBF, 0x4E2A, 0x5E74, 0x6708, 0x65E5, 0x4EBA, 0x8F86, 0x9879, 0x6B21, 0x53F0,
        0x5957, 0x5BB6, 0x6240, 0x540D, 0x4F4D, 0x500D, 0x6279, 0x9875, 0x5C42, 0x6761, 0x5929,
    ]

    /// Whether the line `r` of `b` is a page footer, and which kind.
    static func footerKind(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Kind? {
        // Every footer starts with a dash, 第 or a digit: most lines are turned away here,
        // before their scalars are gathered.
        guard let f = firstScalar(b, r), dashes.contains(f) || f == 0x7B2C || isDigit(f) else { return nil }
        var s: [UInt32] = []
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            if !Bytes.isSpace(v) { s.append(v) }
            if s.count > 16 { return nil }
            i += len
        }
        guard !s.isEmpty else { return nil }
        func digits(_ from: Int) -> Int {
            var k = from
            while k < s.count, isDigit(s[k]) { k += 1 }
            return k
        }
        if dashes.contains(s[0]) {
            var k = 0
            while k < s.count, dashes.contains(s[k]) { k += 1 }
            let d = digits(k)
            guard d > k, d - k <= 4, d < s.count else { return nil }
            var m = d
            while m < s.count, dashes.contains(s[m]) { m += 1 }
            return m == s.count && m > d ? .marked : nil
        }
        if s[0] == 0x7B2C {  // 第 N 页 (共 M 页)
            let d = digits(1)
            guard d > 1, d - 1 <= 4, d < s.count, s[d] == 0x9875 else { return nil }
            var m = d + 1
            if m < s.count, s[m] == 0x2C || s[m] == 0xFF0C || s[m] == 0x2F || s[m] == 0xFF0F { m += 1 }
            if m < s.count, s[m] == 0x5171 {  // 共
                let e = digits(m + 1)
                guard e > m + 1, e < s.count, s[e] == 0x9875 else { return nil }
                m = e + 1
            }
            return m == s.count ? .marked : nil
        }
        if isDigit(s[0]) {
            let d = digits(0)
            return d == s.count && d <= 3 && s[0] != 0x30 ? .bare : nil
        }
        return nil
    }

    /// Whether `v` is an ASCII digit.
    static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    /// Whether `v` is a CJK ideograph.
    static func isIdeograph(_ v: UInt32) -> Bool { v >= 0x4E00 && v <= 0x9FFF }

    /// Whether the line `r` holds only whitespace.
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool { firstScalar(b, r) == nil }

    /// The first scalar of the line `r` that is no space.
    static func firstScalar(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt32? {
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            if !Bytes.isSpace(v) { return v }
            i += len
        }
        return nil
    }

    /// The last scalar of the line `r` that is no space.
    static func lastScalar(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt32? {
        var last: UInt32? = nil
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            if !Bytes.isSpace(v) { last = v }
            i += len
        }
        return last
    }

    /// Whether the line `r` has a tab or two spaces in a row (a table row).
    static func isTableRow(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var spaces = 0
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            if v == 0x09 { return true }
            if v == 0x20 || v == 0x3000 { spaces += 1; if spaces >= 2 { return true } } else { spaces = 0 }
            i += len
        }
        return false
    }

    /// Whether the line `r` is prose: no table row, and a `，`, `、`, `；`, `：` or `。` in it.
    static func isProse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard !isTableRow(b, r) else { return false }
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            if v == 0xFF0C || v == 0x3001 || v == 0xFF1B || v == 0xFF1A || v == 0x3002 { return true }
            i += len
        }
        return false
    }

    /// The heading ordinal the line `r` starts with (``LineShape/headingLength(_:)``), 0 when none.
    static func headingLength(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var s: [UInt32] = []
        var i = r.lowerBound
        while i < r.upperBound, s.count < 24 {
            let (v, len) = Bytes.scalar(b, i)
            if !(s.isEmpty && Bytes.isSpace(v)) { s.append(v) }
            i += len
        }
        return LineShape.headingLength(s[...])
    }
}
