import Tally

/// One cell of a table line: the trimmed byte range in the report text.
struct RawCell {
    /// First byte.
    var start: Int
    /// One past the last byte.
    var end: Int
    /// Whether the cell is empty.
    var isEmpty: Bool { start >= end }
}

/// A line split into cells, at tabs when it has any, otherwise at runs of spaces (with
/// consecutive words merged, so a name broken by a space stays one cell).
struct RawLine {
    /// 0-based line index.
    let index: Int
    /// The cells, left to right.
    let cells: [RawCell]
    /// Whether the line was split at tabs.
    let tabbed: Bool
    /// What each cell holds (classified once).
    let contents: [CellContent]

    /// The number of non-empty cells.
    var filled: Int { cells.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) } }

    /// Splits line `index` of `text`.
    ///
    /// Without tabs, a line with runs of two or more spaces (column-aligned text) is split at
    /// those runs; otherwise at single spaces, and then, when `mergeWords` is set, consecutive
    /// words that are not numbers merge into one cell (a name broken by a space).
    init(_ text: ReportText, index: Int, mergeWords: Bool = true) {
        self.index = index
        let range = text.lineRange(index)
        let b = text.bytes
        var hasTab = false
        for i in range where b[i] == 0x09 { hasTab = true; break }
        tabbed = hasTab
        var cells: [RawCell] = []
        if hasTab {
            var tabs = 0
            for i in range where b[i] == 0x09 { tabs += 1 }
            cells.reserveCapacity(tabs + 1)
            var s = range.lowerBound
            for i in range where b[i] == 0x09 {
                cells.append(RawLine.trim(b, s, i)); s = i + 1
            }
            cells.append(RawLine.trim(b, s, range.upperBound))
        } else {
            // Column-aligned: runs of two or more spaces separate cells.
            var aligned = false
            var i = range.lowerBound, run = 0
            while i < range.upperBound {
                let w = RawLine.spaceWidth(b, i, range.upperBound)
                if w > 0 {
                    run += w == 3 ? 2 : 1
                    if run >= 2 { aligned = true; break }
                    i += w
                } else { run = 0; i += 1 }
            }
            let trimmed = RawLine.trim(b, range.lowerBound, range.upperBound)
            if aligned {
                var s = trimmed.start
                i = trimmed.start
                while i < trimmed.end {
                    let w = RawLine.spaceWidth(b, i, trimmed.end)
                    if w > 0 {
                        var j = i + w, wide = w == 3
                        while j < trimmed.end, RawLine.spaceWidth(b, j, trimmed.end) > 0 { j += RawLine.spaceWidth(b, j, trimmed.end); wide = true }
                        if wide { cells.append(RawCell(start: s, end: i)); s = j }
                        i = j
                    } else { i += 1 }
                }
                if s < trimmed.end { cells.append(RawCell(start: s, end: trimmed.end)) }
                // A cell that is several numbers separated by single spaces stays one cell
                // (two amounts in one cell); words separated by single spaces stay together.
            } else {
                // Tokens at whitespace; consecutive text tokens merge into one cell.
                i = range.lowerBound
                var pendingText: RawCell? = nil
                while i < range.upperBound {
                    let w = RawLine.spaceWidth(b, i, range.upperBound)
                    if w > 0 { i += w; continue }
                    var j = i
                    while j < range.upperBound, RawLine.spaceWidth(b, j, range.upperBound) == 0 { j += 1 }
                    let token = RawCell(start: i, end: j)
                    let isNumber = NumberToken.parse(b, token.start, token.end) != nil || NumberToken.isDash(b, token.start, token.end)
                    if isNumber || !mergeWords {
                        if let p = pendingText { cells.append(p); pendingText = nil }
                        cells.append(token)
                    } else if var p = pendingText {
                        p.end = j; pendingText = p
                    } else {
                        pendingText = token
                    }
                    i = j
                }
                if let p = pendingText { cells.append(p) }
            }
        }
        self.cells = cells
        self.contents = cells.map { CellContent.of($0, in: b) }
    }

    /// The byte width of whitespace at `i` (0 when none): space, tab, CR, U+3000, U+00A0.
    @inline(__always)
    static func spaceWidth(_ b: [UInt8], _ i: Int, _ end: Int) -> Int {
        let c = b[i]
        if c == 0x20 || c == 0x09 || c == 0x0D { return 1 }
        if c == 0xE3, i + 2 < end, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }
        if c == 0xC2, i + 1 < end, b[i + 1] == 0xA0 { return 2 }
        return 0
    }

    static func trim(_ b: [UInt8], _ s: Int, _ e: Int) -> RawCell {
        var s = s, e = e
        while s < e {
            let w = spaceWidth(b, s, e)
            if w == 0 { break }
            s += w
        }
        while e > s {
            if b[e - 1] == 0x20 || b[e - 1] == 0x0D || b[e - 1] == 0x09 { e -= 1; continue }
            if e - 3 >= s, b[e - 3] == 0xE3, b[e - 2] == 0x80, b[e - 1] == 0x80 { e -= 3; continue }
            if e - 2 >= s, b[e - 2] == 0xC2, b[e - 1] == 0xA0 { e -= 2; continue }
            break
        }
        return RawCell(start: s, end: e)
    }
}

/// A number as written in a cell or sentence: `9,111.11`, `-3.5`, `12.8%`, `2101101`.
///
/// Classification only reads the digits into an integer mantissa; the exact ``Figure`` is
/// built on demand (``figure``), once per amount actually placed in a table.
struct NumberToken {
    /// The digits without separators or point, as an integer.
    var mantissa: Int64
    /// Decimals as written.
    var decimals: Int
    /// Whether a `%` followed.
    var isPercent: Bool
    /// Whether a minus sign preceded.
    var negative: Bool
    /// Whether it is a bare run of ASCII digits (a code, a 行次 or a whole amount).
    var isPlainDigits: Bool
    /// How many digits were written (leading zeros count, for codes such as `05`).
    var digitCount: Int

    /// The digits as written, for codes.
    var digits: String {
        let s = String(mantissa)
        return s.count >= digitCount ? s : String(repeating: "0", count: digitCount - s.count) + s
    }

    /// The exact value (for a percent: the percent number, 12.8 for `12.8%`).
    var value: Rational {
        let m = Int128(negative ? -mantissa : mantissa)
        return (try? Rational(m, Rational.powerOfTen(decimals))) ?? .zero
    }

    /// The figure: a percent, or an amount of 0.01 precision at least.
    var figure: Figure {
        isPercent ? Figure.percent(value, decimals: decimals) : Figure.amount(value, decimals: decimals)
    }

    /// Parses the whole of `b[s..<e]` as one number (full-width digits and separators folded,
    /// thin spaces between thousands read as commas);
    /// `nil` when it is not exactly one number (or has more than 18 digits).
    static func parse(_ b: [UInt8], _ s: Int, _ e: Int) -> NumberToken? {
        guard s < e, e - s <= 64 else { return nil }
        guard mayStart(b[s]) else { return nil }
        var folded: [UInt8] = []
        var ascii = true
        for i in s..<e where b[i] >= 0x80 { ascii = false; break }
        if !ascii {
            folded.reserveCapacity(e - s)
            b.withUnsafeBufferPointer { buf in
                var i = s
                while i < e {
                    let (v, n) = Bytes.scalar(buf, i)
                    i += n
                    // A thin space between thousands (`12 600.00`) reads as a comma, and must
                    // stand where one may (`1 20` is no number).
                    let f = Bytes.isThinSpace(v) ? UInt32(UInt8(ascii: ",")) : Bytes.fold(v)
                    folded.append(f < 0x80 ? UInt8(f) : 0xFF)
                }
            }
            return parseASCII(folded[...])
        }
        return parseASCII(b[s..<e])
    }

    /// Whether a number can start with byte `c`: a digit, a sign, a point or the lead byte of a
    /// full-width form (a quick rejection of most text).
    @inline(__always)
    static func mayStart(_ c: UInt8) -> Bool {
        Bytes.isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == 0xEF
            || c == UInt8(ascii: "(")
    }

    static func parseASCII(_ t: ArraySlice<UInt8>) -> NumberToken? {
        var i = t.startIndex
        var end = t.endIndex
        // An amount in parentheses is negative, as accountants print it: `(0.50)`, `（1,200.00）`.
        // Only as an amount is written, with two or more decimals or a thousands separator:
        // `(1)` and `(2)` are ordinals, `(1.1)` a section number.
        if end - i >= 3, t[i] == UInt8(ascii: "("), t[end - 1] == UInt8(ascii: ")") {
            let inner = t[(i + 1)..<(end - 1)]
            guard let first = inner.first, Bytes.isDigit(first),
                  var n = parseASCII(inner), !n.isPercent,
                  n.decimals >= 2 || inner.contains(UInt8(ascii: ",")) else { return nil }
            n.negative = true
            n.isPlainDigits = false
            return n
        }
        var percent = false
        if end > i, t[end - 1] == UInt8(ascii: "%") { percent = true; end -= 1 }
        guard end > i else { return nil }
        var negative = false
        if t[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if t[i] == UInt8(ascii: "+") { i += 1 }
        guard i < end, Bytes.isDigit(t[end - 1]) else { return nil }
        var mantissa: Int64 = 0, digits = 0, decimals = 0
        var sawPoint = false, plain = !percent && !negative && t[t.startIndex] != UInt8(ascii: "+")
        var intDigits = 0
        while i < end {
            let c = t[i]
            if Bytes.isDigit(c) {
                guard digits < 18 else { return nil }
                mantissa = mantissa * 10 + Int64(c - 48)
                digits += 1
                if sawPoint { decimals += 1 } else { intDigits += 1 }
                i += 1
                continue
            }
            if c == UInt8(ascii: ","), !sawPoint, intDigits > 0 {
                // Bounded by the cell's end: `1,20` at the end of a cell once read past it
                // (found by fuzzing, issue 8).
                guard Bytes.isThousandsSeparator(t, at: i, end: end) else { return nil }
                plain = false
                i += 1
                continue
            }
            if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true; plain = false; i += 1; continue
            }
            return nil
        }
        guard digits > 0 else { return nil }
        return NumberToken(mantissa: mantissa, decimals: decimals, isPercent: percent, negative: negative,
                           isPlainDigits: plain, digitCount: digits)
    }

    /// Whether a cell is a dash or slash standing for "nothing" (`-`, `—`, `－`, `/`, `--`).
    static func isDash(_ b: [UInt8], _ s: Int, _ e: Int) -> Bool {
        guard s < e, e - s <= 9 else { return false }
        var i = s, dashes = 0
        while i < e {
            let c = b[i]
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "/") { dashes += 1; i += 1; continue }
            if c == 0x20 { i += 1; continue }
            // — (E2 80 94), – (E2 80 93), － (EF BC 8D), ／ (EF BC 8F)
            if i + 2 < e || i + 2 == e - 1 || i + 3 <= e {
                if i + 3 <= e, c == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x94 || b[i + 2] == 0x93 { dashes += 1; i += 3; continue }
                if i + 3 <= e, c == 0xEF, b[i + 1] == 0xBC, b[i + 2] == 0x8D || b[i + 2] == 0x8F { dashes += 1; i += 3; continue }
            }
            return false
        }
        return dashes > 0
    }
}

/// What a cell holds.
enum CellContent {
    /// Nothing (or a dash).
    case blank
    /// One number.
    case number(NumberToken)
    /// Two or more numbers separated by spaces in one cell (`3,885.24 5,225.87`).
    case numbers([NumberToken])
    /// Anything else.
    case text

    /// Classifies a cell.
    static func of(_ cell: RawCell, in b: [UInt8]) -> CellContent {
        if cell.isEmpty || NumberToken.isDash(b, cell.start, cell.end) { return .blank }
        if let n = NumberToken.parse(b, cell.start, cell.end) { return .number(n) }
        // Several numbers separated by whitespace: not when the first word cannot start a number
        // (most text cells, which are then not scanned word by word).
        var i = cell.start
        while i < cell.end, case let w = RawLine.spaceWidth(b, i, cell.end), w > 0 { i += w }
        if i < cell.end, !NumberToken.mayStart(b[i]) { return .text }
        var parts: [NumberToken] = []
        var words: [RawCell] = []
        while i < cell.end {
            let w = RawLine.spaceWidth(b, i, cell.end)
            if w > 0 { i += w; continue }
            var j = i
            while j < cell.end, RawLine.spaceWidth(b, j, cell.end) == 0 { j += 1 }
            guard let n = NumberToken.parse(b, i, j) else { return .text }
            parts.append(n)
            words.append(RawCell(start: i, end: j))
            i = j
        }
        if parts.count >= 2 { CellContent.joinSpacedGroups(&parts, words, in: b) }
        if parts.count == 1 { return .number(parts[0]) }
        return parts.count >= 2 ? .numbers(parts) : .text
    }

    /// Joins numbers whose thousands are set apart by single spaces (`12 600.00`,
    /// `1 234 567.89`) into one: a first group of one to three digits not starting with `0`
    /// (a sign allowed), then groups of exactly three digits, the last with decimals, each after
    /// one space (or no-break space). Other numbers side by side stay apart (`3,885.24 5,225.87`,
    /// `0 100.00`, `1 2 3`).
    static func joinSpacedGroups(_ parts: inout [NumberToken], _ words: [RawCell], in b: [UInt8]) {
        func isGroup(_ k: Int, first: Bool) -> Bool {
            let n = parts[k], w = words[k]
            guard !n.isPercent, n.decimals == 0, n.isPlainDigits || (first && n.negative) else { return false }
            let digits = n.digitCount
            if first { return (1...3).contains(digits) && b[w.end - digits] != UInt8(ascii: "0") }
            return digits == 3 && w.end - w.start == 3
        }
        func isLast(_ k: Int) -> Bool {
            let n = parts[k], w = words[k]
            guard !n.negative, !n.isPercent, n.decimals > 0, w.end - w.start == 4 + n.decimals else { return false }
            for x in w.start..<(w.start + 3) where !Bytes.isDigit(b[x]) { return false }
            return b[w.start + 3] == UInt8(ascii: ".")
        }
        func singleSpace(_ k: Int) -> Bool {
            let gap = words[k].start - words[k - 1].end
            return gap == 1 ? b[words[k - 1].end] == 0x20 : gap == 2 && b[words[k - 1].end] == 0xC2
        }
        var out: [NumberToken] = []
        var k = 0
        while k < parts.count {
            var m = k + 1
            if isGroup(k, first: true) {
                while m < parts.count, singleSpace(m), isGroup(m, first: false) { m += 1 }
                if m < parts.count, singleSpace(m), isLast(m) {
                    let ascii = (k...m).flatMap { Array(b[words[$0].start..<words[$0].end]) }
                    if let joined = NumberToken.parse(ascii, 0, ascii.count) {
                        out.append(joined); k = m + 1; continue
                    }
                }
            }
            out.append(parts[k]); k += 1
        }
        parts = out
    }

    /// Whether the cell is a number that reads as an amount (has a decimal point, a thousands
    /// separator or a percent sign), as opposed to a bare digit run.
    var isDecimalAmount: Bool {
        switch self {
        case .number(let n): return !n.isPlainDigits
        case .numbers: return true
        default: return false
        }
    }
}
