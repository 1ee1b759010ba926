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
                guard r.count <= 40, let kind = footerKind(b, r), kind != .digits else { continue }
                var p = i - 1, gap = 0
                while p > 0, gap < 2, isBlank(b, text.lineRange(p)) { p -= 1; gap += 1 }
                var q = i + 1
                gap = 0
                while q < n - 1, gap < 2, isBlank(b, text.lineRange(q)) { q += 1; gap += 1 }
                let before = text.lineRange(p), after = text.lineRange(q)
                guard !isBlank(b, before), !isBlank(b, after),
                      let last = lastScalar(b, before), isProse(b, before), let first = firstScalar(b, after),
                      !isTableRow(b, after), footerKind(b, after).map({ $0 == .digits }) ?? true else { continue }
                let afterHead = headingLength(b, after)
                guard afterHead == 0 else { continue }
                let openEnd = isIdeograph(last) || last == 0xFF0C || last == 0x3001 || last == 0xFF1B
                switch kind {
                case .marked:
                    guard openEnd || isDigit(last) || last == 0x25 || last == 0xFF1A else { continue }
                case .digits: continue
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
    enum Kind {
        /// A page number with its marks: dashes, dots, 第…页.
        case marked
        /// A bare page number: one to three digits, not starting with 0.
        case bare
        /// A line of digits alone that is no page-number-sized number (`2024`, `05`): the table
        /// reader skips it as a footer, the narrative keeps it (a figure broken onto its own line).
        case digits
    }

    /// Units and counters that may follow a number broken onto a line of its own.
    static let unitLike: Set<UInt32> = [
        0x4E07, 0x5143, 0x4EBF, 0x4E2A, 0x5E74, 0x6708, 0x65E5, 0x4EBA, 0x8F86, 0x9879, 0x6B21, 0x53F0,
        0x5957, 0x5BB6, 0x6240, 0x540D, 0x4F4D, 0x500D, 0x6279, 0x9875, 0x5C42, 0x6761, 0x5929,
    ]

    /// Whether the line `r` of `b` is a page footer, and which kind (``kind(of:)`` on its
    /// folded scalars, spaces left out).
    static func footerKind(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Kind? {
        // Every footer starts with a dash, a dot, 第, 共 or a digit: most lines are turned away
        // here, before their scalars are gathered.
        guard let f = firstScalar(b, r).map(Bytes.fold), mayStart(f) else { return nil }
        var s: [UInt32] = []
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            if !Bytes.isSpace(v) { s.append(Bytes.fold(v)) }
            if s.count > 16 { return nil }
            i += len
        }
        return kind(of: s)
    }

    /// The page-footer kind of a line key (folded, without spaces: ``Bytes/key(_:dropQuotes:)``),
    /// the same reading as ``footerKind(_:_:)`` gives the line.
    static func kind(ofKey k: [UInt8]) -> Kind? {
        guard let f = k.first, k.count <= 64 else { return nil }
        // An ASCII key byte is its scalar; a multi-byte one is tested after decoding.
        if f < 0x80, !mayStart(UInt32(f)) { return nil }
        var s: [UInt32] = []
        k.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count, s.count <= 16 {
                let (v, len) = Bytes.scalar(b, i)
                s.append(v)
                i += len
            }
        }
        guard s.count <= 16, mayStart(s[0]) else { return nil }
        return kind(of: s)
    }

    /// Whether a footer may start with the folded scalar `f`.
    static func mayStart(_ f: UInt32) -> Bool {
        dashes.contains(f) || dots.contains(f) || f == 0x7B2C || f == 0x5171 || isDigit(f)
    }

    /// The dots some templates set around a page number (`·4·`, `•4•`, `・4・`).
    static let dots: Set<UInt32> = [0xB7, 0x2022, 0x30FB, 0xFF65, 0x2027, 0x22C5, 0x2219]

    /// The one definition of a page footer, on a line's folded scalars without spaces (the table
    /// reader, the title scan and the narrative's fact view all ask it):
    /// - a page number between dashes or dots: `- 8 -`, `— 8 —`, `－8－`, `·8·`;
    /// - `第 N 页`, alone or with the page count after it — `第N页 共M页`, `第N页，共M页`,
    ///   `第N页/共M页`, `第N页（共M页）` — or before it: `共M页 第N页`;
    /// - `N/M` (`4/14`);
    /// - a bare number (``Kind/bare``), or digits alone of another length (``Kind/digits``: the
    ///   table reader skips the line, the narrative keeps it).
    static func kind(of s: [UInt32]) -> Kind? {
        guard !s.isEmpty, s.count <= 16 else { return nil }
        func digits(_ from: Int) -> Int {
            var k = from
            while k < s.count, isDigit(s[k]) { k += 1 }
            return k
        }
        func enclosing(_ v: UInt32) -> Bool { dashes.contains(v) || dots.contains(v) }
        if enclosing(s[0]) {
            var k = 0
            while k < s.count, enclosing(s[k]) { k += 1 }
            let d = digits(k)
            guard d > k, d - k <= 4, d < s.count else { return nil }
            var m = d
            while m < s.count, enclosing(s[m]) { m += 1 }
            return m == s.count && m > d ? .marked : nil
        }
        /// The end of `第N页` (or `共N页` with `lead` 共) starting at `at`, or nil.
        func pageClause(_ at: Int, lead: UInt32) -> Int? {
            guard at < s.count, s[at] == lead else { return nil }
            let d = digits(at + 1)
            guard d > at + 1, d - at - 1 <= 4, d < s.count, s[d] == 0x9875 else { return nil }
            return d + 1
        }
        /// A separator between the two clauses (`，`, `/`, `、`, `;`), skipped.
        func separator(_ at: Int) -> Int {
            at < s.count && (s[at] == 0x2C || s[at] == 0x2F || s[at] == 0x3001 || s[at] == 0x3B || s[at] == 0x7C) ? at + 1 : at
        }
        if let e = pageClause(0, lead: 0x7B2C) {  // 第 N 页 …
            if e == s.count { return .marked }
            var m = separator(e)
            if m < s.count, s[m] == 0x28 {  // （共 M 页）
                guard let c = pageClause(m + 1, lead: 0x5171), c + 1 == s.count, s[c] == 0x29 else { return nil }
                return .marked
            }
            if let c = pageClause(m, lead: 0x5171) { m = c } else { return nil }
            return m == s.count ? .marked : nil
        }
        if let e = pageClause(0, lead: 0x5171) {  // 共 M 页 第 N 页
            let m = separator(e)
            return pageClause(m, lead: 0x7B2C) == s.count ? .marked : nil
        }
        if isDigit(s[0]) {
            let d = digits(0)
            if d == s.count { return d <= 3 && s[0] != 0x30 ? .bare : .digits }
            // N/M
            guard d <= 4, s[d] == 0x2F else { return nil }
            let e = digits(d + 1)
            return e == s.count && e > d + 1 && e - d - 1 <= 4 ? .marked : nil
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
