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

    /// The number of non-empty cells.
    var filled: Int { cells.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) } }

    /// Splits line `index` of `text`.
    init(_ text: ReportText, index: Int) {
        self.index = index
        let range = text.lineRange(index)
        let b = text.bytes
        var hasTab = false
        for i in range where b[i] == 0x09 { hasTab = true; break }
        tabbed = hasTab
        var cells: [RawCell] = []
        if hasTab {
            var s = range.lowerBound
            for i in range where b[i] == 0x09 {
                cells.append(RawLine.trim(b, s, i)); s = i + 1
            }
            cells.append(RawLine.trim(b, s, range.upperBound))
        } else {
            // Tokens at whitespace; consecutive text tokens merge into one cell.
            var i = range.lowerBound
            var pendingText: RawCell? = nil
            while i < range.upperBound {
                let w = RawLine.spaceWidth(b, i, range.upperBound)
                if w > 0 { i += w; continue }
                var j = i
                while j < range.upperBound, RawLine.spaceWidth(b, j, range.upperBound) == 0 { j += 1 }
                let token = RawCell(start: i, end: j)
                if NumberToken.parse(b, token.start, token.end) != nil || NumberToken.isDash(b, token.start, token.end) {
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
        self.cells = cells
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
struct NumberToken {
    /// The exact value (for a percent: the percent number, 12.8 for `12.8%`).
    var value: Rational
    /// Decimals as written.
    var decimals: Int
    /// Whether a `%` followed.
    var isPercent: Bool
    /// Whether it is a bare run of ASCII digits (a code, a 行次 or a whole amount).
    var isPlainDigits: Bool
    /// The digits as written, for codes.
    var digits: String

    /// The figure: a percent, or an amount of 0.01 precision at least.
    var figure: Figure {
        isPercent ? Figure.percent(value, decimals: decimals) : Figure.amount(value, decimals: decimals)
    }

    /// Parses the whole of `b[s..<e]` as one number (full-width digits and separators folded);
    /// `nil` when it is not exactly one number.
    static func parse(_ b: [UInt8], _ s: Int, _ e: Int) -> NumberToken? {
        guard s < e, e - s <= 64 else { return nil }
        var folded: [UInt8] = []
        folded.reserveCapacity(e - s)
        var ascii = true
        for i in s..<e where b[i] >= 0x80 { ascii = false; break }
        if ascii {
            folded.append(contentsOf: b[s..<e])
        } else {
            b.withUnsafeBufferPointer { buf in
                var i = s
                while i < e {
                    let (v, n) = Bytes.scalar(buf, i)
                    i += n
                    let f = Bytes.fold(v)
                    guard f < 0x80 else { folded.append(0xFF); continue }
                    folded.append(UInt8(f))
                }
            }
        }
        var percent = false
        if folded.last == UInt8(ascii: "%") { percent = true; folded.removeLast() }
        guard let first = folded.first, let last = folded.last, Bytes.isDigit(last) else { return nil }
        guard Bytes.isDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") else { return nil }
        // Thousands separators: every comma must be followed by exactly three digits.
        var i = 0
        while i < folded.count {
            if folded[i] == UInt8(ascii: ",") {
                guard i > 0, Bytes.isDigit(folded[i - 1]), i + 3 < folded.count || i + 3 == folded.count else { return nil }
                var k = 1
                while k <= 3 { guard i + k < folded.count, Bytes.isDigit(folded[i + k]) else { return nil }; k += 1 }
                if i + 4 < folded.count, Bytes.isDigit(folded[i + 4]) { return nil }
            }
            i += 1
        }
        guard let (value, decimals) = Rational.parseDecimal(folded) else { return nil }
        let plain = !percent && folded.allSatisfy(Bytes.isDigit)
        return NumberToken(value: value, decimals: decimals, isPercent: percent, isPlainDigits: plain,
                           digits: plain ? String(decoding: folded, as: UTF8.self) : "")
    }

    /// Whether a cell is a dash or slash standing for "nothing" (`-`, `—`, `－`, `/`, `--`).
    static func isDash(_ b: [UInt8], _ s: Int, _ e: Int) -> Bool {
        guard s < e, e - s <= 9 else { return false }
        let k = Bytes.key(b[s..<e])
        return !k.isEmpty && k.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }
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
        // Several numbers separated by whitespace.
        var parts: [NumberToken] = []
        var i = cell.start
        while i < cell.end {
            let w = RawLine.spaceWidth(b, i, cell.end)
            if w > 0 { i += w; continue }
            var j = i
            while j < cell.end, RawLine.spaceWidth(b, j, cell.end) == 0 { j += 1 }
            guard let n = NumberToken.parse(b, i, j) else { return .text }
            parts.append(n)
            i = j
        }
        return parts.count >= 2 ? .numbers(parts) : .text
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
