/// Forgiving name matching, the way the reports are sloppy: full-width folded to ASCII, spaces
/// removed, ordinal prefixes (一、 （一） 1.) and level suffixes （类）（款）（项） dropped.
public enum NameFolding {
    /// The comparison key of a name.
    public static func key(_ name: String) -> String {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(name.unicodeScalars.count)
        for s in name.unicodeScalars {
            let f = Width.fold(s)
            if f == " " || f == "\t" || f == "\u{3000}" || f == "\n" || f == "\r" { continue }
            scalars.append(f)
        }
        var s = String(String.UnicodeScalarView(scalars))
        s = stripOrdinal(s)
        // Level markers anywhere (社会保障和就业（类）支出), and the doubled word they leave.
        for marker in ["(类)", "(款)", "(项)"] where s.contains(marker) {
            s = s.replacingOccurrences(of: marker, with: "")
        }
        if s.contains("支出支出") { s = s.replacingOccurrences(of: "支出支出", with: "支出") }
        return s
    }

    /// Removes a leading ordinal such as `一、`, `(一)`, `1.`, `1、`, `(1)`.
    public static func stripOrdinal(_ s: String) -> String {
        let chinese: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百"]
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
