/// The report's lines numbered as the narrative was written rather than as it was extracted: a
/// paragraph that PDF extraction wrapped into pieces of about the same width (often with a blank
/// line between the pieces, as reports 001 and 002 are) counts as one line, numbered by its first
/// piece; every other line keeps its place in the count. Checks that link statements by their
/// distance (`g.para - f.para <= 4`, `h.para == f.para`) then see the same distances in a
/// wrapped narrative as in the same narrative with one paragraph per line.
///
/// A line continues the one before it (after at most two blank lines) when it starts with a
/// closing mark (`。`, `，`, `）`, `%` …: typesetting never starts a line with one), or when the
/// line before is a wrapped piece and it is no heading, table row or page footer. A wrapped piece
/// is prose (a `，`, `、`, `；` or `。` after any heading ordinal, a `：` further in than a label's,
/// or an amount with decimals and its unit; no tab, no two spaces in a row) of at least 30 columns and 14
/// characters that does not end a sentence (`。`, `！`, `？`) and either stops in the middle of
/// one (on an ideograph, a digit, `%`, `，`, `、` or `；` — a paragraph written on one line ends
/// with other punctuation) or is as long as the pieces around it show the wrap to be: at least
/// three such lines within 40 lines have about the same width (or number of characters, for text
/// wrapped by characters) and it is at least 80% of their median. Text written one paragraph per
/// line keeps its numbering (``numbers(of:)`` is then empty).
enum LogicalLines {
    /// For each 1-based report line (index 0 unused), its logical line; empty when no line
    /// continues another (every line is then its own logical line).
    static func numbers(of text: ReportText) -> [Int32] {
        let n = text.lineCount
        guard n > 2 else { return [] }
        var lines: [LineShape] = []
        lines.reserveCapacity(n)
        var scratch: [UInt32] = []
        text.bytes.withUnsafeBufferPointer { b in
            for i in 0..<n { lines.append(LineShape(b, text.lineRange(i), scratch: &scratch)) }
        }
        var absorbed = [Bool](repeating: false, count: n)
        var any = false
        // Candidates: unfinished prose lines followed closely by a line that may continue them.
        var candidates: [Int] = [], next: [Int: Int] = [:]
        for i in 0..<n {
            let l = lines[i]
            guard !l.isBlank, !l.hasTab, !l.isSpaceAligned else { continue }
            var j = i + 1, gap = 0
            while j < n, lines[j].isBlank, gap <= 2 { j += 1; gap += 1 }
            guard j < n, gap <= 2, !lines[j].isBlank, !lines[j].hasTab, !lines[j].isSpaceAligned else { continue }
            // Typesetting never starts a line with a closing mark: such a line continues the last.
            if lines[j].startsClosing {
                for x in (i + 1)...j { absorbed[x] = true }
                any = true
                continue
            }
            guard l.isProse || l.hasDecimal, !l.endsSentence, l.width >= 30, l.characters >= 14,
                  lines[j].hasIdeograph, !lines[j].startsHeading else { continue }
            candidates.append(i); next[i] = j
        }
        let widths = candidates.map { lines[$0].width }, counts = candidates.map { lines[$0].characters }
        let byWidth = supported(candidates, widths), byCount = supported(candidates, counts)
        for (k, i) in candidates.enumerated() {
            let wrapped = lines[i].endsOpen || isFull(k, candidates, widths, byWidth) || isFull(k, candidates, counts, byCount)
            guard wrapped, let j = next[i] else { continue }
            for x in (i + 1)...j { absorbed[x] = true }
            any = true
        }
        guard any else { return [] }
        var out = [Int32](repeating: 0, count: n + 1)
        var skipped = 0
        for i in 0..<n {
            if absorbed[i] { skipped += 1 }
            out[i + 1] = Int32(truncatingIfNeeded: i + 1 - skipped)
        }
        return out
    }

    /// How far apart (in report lines) two pieces may lie and still tell each other's width.
    static let window = 40

    /// For each candidate, whether at least two other candidates within ``window`` lines
    /// measure within 15% of it.
    static func supported(_ candidates: [Int], _ measure: [Int]) -> [Bool] {
        var out = [Bool](repeating: false, count: candidates.count)
        for k in candidates.indices {
            let v = measure[k], slack = v * 15 / 100
            var near = 0
            var m = k - 1
            while m >= 0, candidates[k] - candidates[m] <= window {
                if abs(measure[m] - v) <= slack { near += 1 }
                m -= 1
            }
            m = k + 1
            while m < candidates.count, candidates[m] - candidates[k] <= window, near < 2 {
                if abs(measure[m] - v) <= slack { near += 1 }
                m += 1
            }
            out[k] = near >= 2
        }
        return out
    }

    /// Whether candidate `k` is as long as wrapped pieces around it: at least three supported
    /// candidates lie within ``window`` lines and it measures at least 80% of their median.
    static func isFull(_ k: Int, _ candidates: [Int], _ measure: [Int], _ supported: [Bool]) -> Bool {
        var near: [Int] = []
        var m = k
        while m >= 0, candidates[k] - candidates[m] <= window { if supported[m] { near.append(measure[m]) }; m -= 1 }
        m = k + 1
        while m < candidates.count, candidates[m] - candidates[k] <= window { if supported[m] { near.append(measure[m]) }; m += 1 }
        guard near.count >= 3 else { return false }
        near.sort()
        return measure[k] * 5 >= near[near.count / 2] * 4
    }
}

/// What ``LogicalLines`` needs to know of one report line.
struct LineShape {
    var isBlank = true
    var hasTab = false
    /// Two spaces in a row inside the line: a space-aligned table row.
    var isSpaceAligned = false
    var hasIdeograph = false
    /// An amount with decimals and its unit (`12.00 万`, `3.5元`), as prose states amounts and
    /// headings and table rows do not.
    var hasDecimal = false
    /// A `，`, `、`, `；` or `。` after the heading ordinal (if any), or a `：` eight or more
    /// characters after it.
    var isProse = false
    var endsSentence = false
    /// Ends in the middle of a sentence: on an ideograph, a digit, `%`, `，`, `、` or `；`.
    var endsOpen = false
    /// Starts with a mark that closes something (`。`, `，`, `、`, `；`, `：`, `）`, `%`, `”` …).
    var startsClosing = false
    var startsHeading = false
    /// Display columns (two for a wide character) and characters, without the ends' spaces.
    var width = 0
    var characters = 0

    /// Reads the line at `range` of `b`, decoding it into `scalars` (kept between calls).
    init(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, scratch scalars: inout [UInt32]) {
        // A line of more than 1,024 bytes is no wrapped piece (pieces are under 200 characters)
        // and continues nothing: not read further (a 1 MB table row stays cheap).
        if range.count > 1024 {
            isBlank = false; hasTab = true
            return
        }
        scalars.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        while i < range.upperBound {
            let (v, len) = Bytes.scalar(b, i)
            scalars.append(v)
            i += len
        }
        var lo = 0, hi = scalars.count
        while lo < hi, Bytes.isSpace(scalars[lo]) { lo += 1 }
        while hi > lo, Bytes.isSpace(scalars[hi - 1]) { hi -= 1 }
        guard lo < hi else { return }
        isBlank = false
        let s = scalars[lo..<hi]
        characters = s.count
        // Reading an amount: 0 none, 1 digits, 2 digits and a point, 3 decimals (then a unit may follow).
        var spaces = 0, amount = 0
        for v in s {
            let digit = v >= 0x30 && v <= 0x39
            switch amount {
            case 3 where v == 0x4E07 || v == 0x5143 || v == 0x4EBF: hasDecimal = true; amount = 0
            case 3 where digit || v == 0x20: break
            case 2: amount = digit ? 3 : 0
            case 1 where v == 0x2E: amount = 2
            default: amount = digit ? 1 : 0
            }
            width += v >= 0x2E80 ? 2 : 1
            if v == 0x09 { hasTab = true }
            if v == 0x20 || v == 0x3000 { spaces += 1; if spaces >= 2 { isSpaceAligned = true } } else { spaces = 0 }
            if v >= 0x4E00, v <= 0x9FFF { hasIdeograph = true }
        }
        let head = LineShape.headingLength(s)
        startsHeading = head > 0
        // Prose: a ， 、 ； or 。 after the heading ordinal, or a ： further in than a label's
        // (单位名称：… is a label; …（项）：年初预算为… is prose).
        if !hasTab, !isSpaceAligned {
            for (k, v) in s.dropFirst(head).enumerated() {
                if v == 0xFF0C || v == 0x3001 || v == 0xFF1B || v == 0x3002 || (v == 0xFF1A && k >= 8) { isProse = true; break }
            }
        }
        var last = hi - 1
        while last > lo, LineShape.isClosingQuoteOrBracket(scalars[last]) { last -= 1 }
        endsSentence = LineShape.isSentenceStop(scalars[last])
        let end = scalars[hi - 1]
        endsOpen = (end >= 0x4E00 && end <= 0x9FFF) || (end >= 0x30 && end <= 0x39) || end == 0x25
            || end == 0xFF0C || end == 0x3001 || end == 0xFF1B
        startsClosing = LineShape.isClosingMark(scalars[lo])
    }

    // The sets below are switches: an array literal searched per line was allocated per line.

    /// ” ’ ） ) 」 』 】: what may follow a sentence's stop at the end of a line.
    @inline(__always)
    static func isClosingQuoteOrBracket(_ v: UInt32) -> Bool {
        switch v {
        case 0x201D, 0x2019, 0xFF09, 0x29, 0x300D, 0x300F, 0x3011: true
        default: false
        }
    }

    /// 。 ！ ？ ! ?
    @inline(__always)
    static func isSentenceStop(_ v: UInt32) -> Bool {
        switch v {
        case 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F: true
        default: false
        }
    }

    /// 。 ， 、 ； ： ） % ％ ” ’ 」 』 】 ！ ？: marks no line starts with unless it continues one.
    @inline(__always)
    static func isClosingMark(_ v: UInt32) -> Bool {
        switch v {
        case 0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF09, 0x25, 0xFF05, 0x201D, 0x2019, 0x300D, 0x300F, 0x3011, 0xFF01, 0xFF1F: true
        default: false
        }
    }

    /// The length (in scalars) of a heading ordinal, list mark or page footer that `s` starts
    /// with (一、 （一） (1) 1、 1. 第三部分 第 7 页 表1 附… — ● …), 0 when none.
    static func headingLength(_ s: ArraySlice<UInt32>) -> Int {
        // Read in place, by offsets from the slice's start: copying it into an array cost an
        // allocation for every line of a report.
        let base = s.startIndex, count = s.count
        func at(_ k: Int) -> UInt32 { s[base + k] }
        func isDigit(_ v: UInt32) -> Bool { (v >= 0x30 && v <= 0x39) || (v >= 0xFF10 && v <= 0xFF19) }
        func skipSpaces(_ k: Int) -> Int { var k = k; while k < count, at(k) == 0x20 || at(k) == 0x3000 { k += 1 }; return k }
        guard count > 0 else { return 0 }
        let c = at(0)
        // 一、 一. / 1、 1． 1. (not a decimal) / 1 、
        if isHanNumeral(c) || isDigit(c) {
            var k = 0
            let han = isHanNumeral(c)
            while k < count, han ? isHanNumeral(at(k)) : isDigit(at(k)) { k += 1 }
            let m = skipSpaces(k)
            if m < count {
                let d = at(m)
                if d == 0x3001 || d == 0xFF0E { return m + 1 }
                if d == 0x2E || (han && d == 0xFF0E) {
                    if m + 1 < count, isDigit(at(m + 1)) { return 0 }
                    return m + 1
                }
            }
            return 0
        }
        // （一） (1)
        if c == 0xFF08 || c == 0x28 {
            var k = 1
            while k < count, isHanNumeral(at(k)) || isDigit(at(k)) { k += 1 }
            if k > 1, k < count, at(k) == 0xFF09 || at(k) == 0x29 { return k + 1 }
            return 0
        }
        // 第三部分 第一章 第 7 页
        if c == 0x7B2C {
            var k = skipSpaces(1)
            let start = k
            while k < count, isHanNumeral(at(k)) || isDigit(at(k)) { k += 1 }
            k = skipSpaces(k)
            if k > start, k < count {
                switch at(k) {
                case 0x90E8, 0x7AE0, 0x8282, 0x9875: return k + 1   // 部 章 节 页
                default: break
                }
            }
            return 0
        }
        // 表1 表一
        if c == 0x8868 {
            let k = skipSpaces(1)
            return k < count && (isHanNumeral(at(k)) || isDigit(at(k))) ? k + 1 : 0
        }
        // 附… (附表, 附件), page footers and list marks (— - － – ● ■ ◆ ★ • · ▪)
        switch c {
        case 0x9644, 0x2014, 0x2D, 0xFF0D, 0x2013, 0x25CF, 0x25A0, 0x25C6, 0x2605, 0x2022, 0xB7, 0x25AA: return 1
        default: break
        }
        // 目标 1
        if c == 0x76EE, count > 2, at(1) == 0x6807 {
            let k = skipSpaces(2)
            return k < count && isDigit(at(k)) ? k + 1 : 0
        }
        return 0
    }

    /// Whether `v` is one of the numerals 一二三四五六七八九十 headings are numbered with (a switch:
    /// searching the scalars of a text for each scalar read cost more than the rest of a line).
    static func isHanNumeral(_ v: UInt32) -> Bool {
        switch v {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341: return true
        default: return false
        }
    }
}
