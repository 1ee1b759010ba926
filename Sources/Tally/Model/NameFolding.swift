/// Forgiving name matching, the way the reports are sloppy: full-width folded to ASCII, spaces
/// removed, ordinal prefixes (一、 （一） 1.) and level suffixes （类）（款）（项） dropped.
public enum NameFolding {
    /// The comparison key of a name.
    ///
    /// Works on scalars without Foundation searches: the loader calls it for every row and
    /// column of every table, and a 45 KB report must load in well under a millisecond.
    public static func key(_ name: String) -> String {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(name.unicodeScalars.count)
        for s in name.unicodeScalars {
            let f = Width.fold(s)
            if f == " " || f == "\t" || f == "\u{3000}" || f == "\n" || f == "\r" { continue }
            scalars.append(f)
        }
        var v = Array(scalars[ordinalEnd(scalars)...])
        // Level markers anywhere (社会保障和就业（类）支出), and the doubled word they leave.
        for marker in levelMarkers where v.count >= 3 {
            var out: [Unicode.Scalar] = [], i = 0
            out.reserveCapacity(v.count)
            while i < v.count {
                if i + 2 < v.count, v[i] == "(", v[i + 1] == marker, v[i + 2] == ")" { i += 3; continue }
                out.append(v[i]); i += 1
            }
            v = out
        }
        if v.count >= 4 {
            var out: [Unicode.Scalar] = [], i = 0
            while i < v.count {
                if i + 3 < v.count, v[i] == "支", v[i + 1] == "出", v[i + 2] == "支", v[i + 3] == "出" {
                    out.append("支"); out.append("出"); i += 4; continue
                }
                out.append(v[i]); i += 1
            }
            v = out
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(v.count * 3)
        for u in v { utf8.append(contentsOf: UTF8.encode(u)!) }
        return String(decoding: utf8, as: UTF8.self)
    }

    static let levelMarkers: [Unicode.Scalar] = ["类", "款", "项"]
    static let chineseNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百"]

    /// Where the text after a leading ordinal starts (0 when there is none); the scalar
    /// counterpart of ``stripOrdinal(_:)``.
    static func ordinalEnd(_ s: [Unicode.Scalar]) -> Int {
        func isNumeral(_ c: Unicode.Scalar) -> Bool { chineseNumerals.contains(c) || (c.value >= 0x30 && c.value <= 0x39) }
        if s.first == "(", let close = s.firstIndex(of: ")") {
            if close > 1, s[1..<close].allSatisfy(isNumeral) { return close + 1 }
        }
        var i = 0
        while i < s.count, isNumeral(s[i]) { i += 1 }
        if i > 0, i < s.count, s[i] == "、" || s[i] == "," || s[i] == "." || s[i] == "．" { return i + 1 }
        return 0
    }

    /// Whether a scalar value is one of the Chinese numerals of an ordinal (一 to 十, 零, 百).
    @inline(__always)
    public static func isChineseNumeral(_ v: UInt32) -> Bool {
        switch v {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x96F6, 0x767E: true
        default: false
        }
    }

    static let chineseCharacters: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百"]

    /// Removes a leading ordinal such as `一、`, `(一)`, `1.`, `1、`, `(1)`.
    public static func stripOrdinal(_ s: String) -> String {
        let chinese = chineseCharacters
        var chars = Substring(s)
        if chars.first == "(" , let close = chars.firstIndex(of: ")") {
            let inner = chars[chars.index(after: chars.startIndex)..<close]
            if !inner.isEmpty, inner.allSatisfy({ chinese.contains($0) || $0.isASCII && $0.isNumber }) {
                return String(chars[chars.index(after: close)...])
            }
        }
        var i = chars.startIndex
        while i < chars.endIndex, chinese.contains(chars[i]) || (chars[i].isASCII && chars[i].isNumber) { i = chars.index(after: i) }
        if i > chars.startIndex, i < chars.endIndex, ["、", ",", ".", "．"].contains(chars[i]) {
            chars = chars[chars.index(after: i)...]
            return String(chars)
        }
        return s
    }
}
