/// Display width of text in terminal cells, and folding of full-width forms.
///
/// East Asian Wide and Fullwidth characters take two cells, combining marks none; carets under
/// Chinese source text are placed with this, never with byte or character counts.
public enum Width {
    /// The number of terminal cells a scalar occupies (0, 1 or 2).
    public static func cells(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        if contains(WidthTable.zero, v) { return 0 }
        return contains(WidthTable.wide, v) ? 2 : 1
    }

    /// The number of terminal cells a string occupies.
    public static func cells<S: StringProtocol>(_ text: S) -> Int {
        var n = 0
        for s in text.unicodeScalars { n += s == "\t" ? 4 : cells(s) }
        return n
    }

    static func contains(_ table: [(UInt32, UInt32)], _ v: UInt32) -> Bool {
        var lo = 0, hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < table[mid].0 { hi = mid - 1 } else if v > table[mid].1 { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Folds a full-width form typed by a Chinese input method to its ASCII form
    /// (`（` → `(`, `２` → `2`, `，` → `,`, `：` → `:`, ideographic space → space).
    public static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(s.value - 0xFEE0)!
        case 0x3000: return " "
        case 0x3001: return ","   // 、 is read as a comma in expressions
        case 0x3002: return "."   // 。
        case 0x2018, 0x2019: return "'"
        case 0x201C, 0x201D: return "\""
        case 0x2014, 0x2013, 0x2212: return "-"
        case 0x00D7: return "*"
        case 0x00F7: return "/"
        case 0x2264: return "≤"
        default: return s
        }
    }

    /// Pads `text` on the right to `width` cells.
    public static func padded<S: StringProtocol>(_ text: S, to width: Int) -> String {
        let w = cells(text)
        return String(text) + String(repeating: " ", count: max(0, width - w))
    }

    /// Pads `text` on the left to `width` cells (for right-aligned numbers).
    public static func leftPadded<S: StringProtocol>(_ text: S, to width: Int) -> String {
        let w = cells(text)
        return String(repeating: " ", count: max(0, width - w)) + String(text)
    }
}
