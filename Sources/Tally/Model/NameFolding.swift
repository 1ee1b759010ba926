/// Forgiving name matching, the way the reports are sloppy: full-width folded to ASCII, spaces
/// removed, ordinal prefixes (一、 （一） 1.) and level suffixes （类）（款）（项） dropped — an ordinal with
/// nothing after it is kept, so `二、` and `三、` stay different.
public enum NameFolding {
    /// The comparison key of a name.
    ///
    /// Works on UTF-8 bytes without Foundation searches or intermediate arrays of scalars: the
    /// loader and the evaluator call it for row and column names, and a 45 KB report must load
    /// in well under a millisecond. ``scalarKey(_:)`` is the same folding written on scalars.
    public static func key(_ name: String) -> String {
        var name = name
        return name.withUTF8 { key(utf8: $0) }
    }

    /// The key of a name given as valid UTF-8.
    static func key(utf8 src: UnsafeBufferPointer<UInt8>) -> String {
        let n = src.count
        if n == 0 { return "" }
        // Plain ASCII without spaces, digits or parentheses is its own key.
        var plain = true
        for c in src where c >= 0x80 || c <= 0x20 || (c >= 0x28 && c <= 0x39) { plain = false; break }
        if plain { return String(decoding: src, as: UTF8.self) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { out in
            // Fold widths and drop spaces (folding never makes a scalar longer in UTF-8).
            var count = 0
            var i = 0
            while i < n {
                let c = src[i]
                if c < 0x80 {
                    if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { out[count] = c; count += 1 }
                    i += 1
                    continue
                }
                // CJK ideographs (most of a Chinese name) fold to themselves: copied as they are.
                if c & 0xF0 == 0xE0, i + 2 < n {
                    let u = (UInt32(c & 0x0F) << 12) | (UInt32(src[i + 1] & 0x3F) << 6) | UInt32(src[i + 2] & 0x3F)
                    if u >= 0x4E00 && u <= 0x9FFF {
                        out[count] = c; out[count + 1] = src[i + 1]; out[count + 2] = src[i + 2]
                        count += 3; i += 3
                        continue
                    }
                }
                var len = 1, v = UInt32(0xFFFD)
                if c & 0xE0 == 0xC0, i + 1 < n { v = (UInt32(c & 0x1F) << 6) | UInt32(src[i + 1] & 0x3F); len = 2 }
                else if c & 0xF0 == 0xE0, i + 2 < n {
                    v = (UInt32(c & 0x0F) << 12) | (UInt32(src[i + 1] & 0x3F) << 6) | UInt32(src[i + 2] & 0x3F); len = 3
                } else if c & 0xF8 == 0xF0, i + 3 < n {
                    v = (UInt32(c & 0x07) << 18) | (UInt32(src[i + 1] & 0x3F) << 12) | (UInt32(src[i + 2] & 0x3F) << 6)
                        | UInt32(src[i + 3] & 0x3F); len = 4
                }
                let f = Unicode.Scalar(v).map { Width.fold($0).value } ?? v
                if f == v {
                    for k in 0..<len { out[count] = src[i + k]; count += 1 }
                } else if f < 0x80 {
                    if f != 0x20 && f != 0x09 && f != 0x0A && f != 0x0D { out[count] = UInt8(f); count += 1 }
                } else if let u = Unicode.Scalar(f), let e = UTF8.encode(u), e.count <= len {
                    // (Width.fold maps nothing non-ASCII to another scalar today.)
                    for byte in e { out[count] = byte; count += 1 }
                }
                i += len
            }
            // Leading ordinal — unless it is all there is: `二、` and `三、` stay different.
            var start = ordinalEnd(utf8: UnsafeBufferPointer(rebasing: out[0..<count]))
            if start >= count { start = 0 }
            // Level markers `(类)` `(款)` `(项)`, one after the other, in place — when there is a
            // `(` to begin one (the passes copied every byte of every long text three times).
            var hasParen = false
            for k in start..<Swift.max(start, count) where out[k] == 0x28 { hasParen = true; break }
            for marker: (UInt8, UInt8, UInt8) in [(0xE7, 0xB1, 0xBB), (0xE6, 0xAC, 0xBE), (0xE9, 0xA1, 0xB9)] where hasParen {
                var w = start, r = start
                while r < count {
                    if r + 4 < count, out[r] == 0x28, out[r + 1] == marker.0, out[r + 2] == marker.1, out[r + 3] == marker.2,
                       out[r + 4] == 0x29 {
                        r += 5; continue
                    }
                    out[w] = out[r]; w += 1; r += 1
                }
                count = w
            }
            // `支出支出` → `支出` (a doubled word begins with 支's first byte: other bytes are only copied).
            let zhichu: [UInt8] = [0xE6, 0x94, 0xAF, 0xE5, 0x87, 0xBA]
            var w = start, r = start
            while r < count {
                if r + 11 < count, out[r] == 0xE6 {
                    var doubled = true
                    for k in 0..<12 where out[r + k] != zhichu[k % 6] { doubled = false; break }
                    if doubled {
                        for k in 0..<6 { out[w + k] = zhichu[k] }
                        w += 6; r += 12; continue
                    }
                }
                out[w] = out[r]; w += 1; r += 1
            }
            count = w
            if start > count { start = count }
            return String(decoding: UnsafeBufferPointer(rebasing: out[start..<count]), as: UTF8.self)
        }
    }

    /// ``ordinalEnd(_:)`` on folded UTF-8 bytes: the byte offset after a leading ordinal.
    static func ordinalEnd(utf8 s: UnsafeBufferPointer<UInt8>) -> Int {
        let n = s.count
        /// The length of the numeral at `i`, or 0.
        func numeral(_ i: Int) -> Int {
            guard i < n else { return 0 }
            let c = s[i]
            if c >= 0x30 && c <= 0x39 { return 1 }
            guard c & 0xF0 == 0xE0, i + 2 < n else { return 0 }
            let v = (UInt32(c & 0x0F) << 12) | (UInt32(s[i + 1] & 0x3F) << 6) | UInt32(s[i + 2] & 0x3F)
            return isChineseNumeral(v) ? 3 : 0
        }
        if n > 0, s[0] == 0x28 {
            var j = 1
            while j < n, s[j] != 0x29 { j += 1 }
            if j < n, j > 1 {
                var k = 1
                while k < j { let m = numeral(k); if m == 0 { break }; k += m }
                if k == j { return j + 1 }
            }
        }
        var i = 0
        while true { let m = numeral(i); if m == 0 { break }; i += m }
        guard i > 0, i < n else { return 0 }
        let c = s[i]
        if c == 0x2C || c == 0x2E { return i + 1 }
        // 、 (E3 80 81) and ． (EF BC 8E), in case they were not folded.
        if i + 2 < n, c == 0xE3, s[i + 1] == 0x80, s[i + 2] == 0x81 { return i + 3 }
        if i + 2 < n, c == 0xEF, s[i + 1] == 0xBC, s[i + 2] == 0x8E { return i + 3 }
        return 0
    }

    /// The comparison key of a name, written on scalars (the reference for ``key(_:)``).
    static func scalarKey(_ name: String) -> String {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(name.unicodeScalars.count)
        for s in name.unicodeScalars {
            let f = Width.fold(s)
            if f == " " || f == "\t" || f == "\u{3000}" || f == "\n" || f == "\r" { continue }
            scalars.append(f)
        }
        let end = ordinalEnd(scalars)
        var v = Array(scalars[(end >= scalars.count ? 0 : end)...])
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
