#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns UTF-8 source into tokens.
///
/// Chinese and other Unicode letters form names; numeric path segments (`功能分类.2101101`) are
/// numbers the parser reads as codes; decimals, percents (`12.8%`), strings, `#` and `//`
/// comments. Full-width punctuation and digits typed with a Chinese input method (`（）＝，：＋－`,
/// `０`–`９`) are read as their ASCII forms outside string literals. Every malformed token is
/// reported and skipped; lexing never stops at the first error.
///
/// The lexer walks the UTF-8 bytes of the source and decodes a scalar only where one starts: a
/// position is a byte offset throughout, so spans need no table of scalar offsets.
public struct Lexer {
    private let bytes: [UInt8]
    /// What spans add to offsets in ``bytes``: where the bytes start in the file (non-zero for
    /// an interpolation lexed from a copy of its bytes).
    private let base: Int
    private let file: String
    private var i = 0
    /// Diagnostics found while lexing.
    public private(set) var diagnostics: [Diagnostic] = []
    /// The spans of the `#` and `//` comments skipped while lexing, in source order (for the
    /// formatter, which must keep every comment).
    public private(set) var comments: [SourceSpan] = []

    /// Creates a lexer over `source`.
    public init(source: String, file: String = "") {
        bytes = Array(source.utf8)
        base = 0
        self.file = file
    }

    /// Creates a lexer over the UTF-8 bytes of a `String` (a ``SourceFile``'s, without a copy).
    init(utf8 bytes: [UInt8], file: String) {
        self.bytes = bytes
        base = 0
        self.file = file
    }

    /// Creates a lexer over bytes `range` of the UTF-8 bytes of a `String`, as if they were the
    /// whole source, with spans that are offsets in `bytes` (an interpolation inside a string
    /// literal of a file, lexed without moving its spans back afterwards). The range's bytes are
    /// copied, so that every offset the lexer reads stays below the end of its own bytes (which
    /// spares bounds checks in the lexer's loops).
    init(utf8 bytes: [UInt8], range: Range<Int>, file: String) {
        let upper = min(max(0, range.upperBound), bytes.count), lower = min(max(0, range.lowerBound), upper)
        self.bytes = Array(bytes[lower..<upper])
        base = lower
        self.file = file
    }

    /// The scalar that starts at byte `k` and its length in bytes, or `nil` at the end. The
    /// bytes come from a `String`, so they are valid UTF-8; a broken sequence still decodes
    /// (to U+FFFD) rather than trapping.
    @inline(__always)
    private func decode(_ k: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        guard k < bytes.count else { return nil }
        let b0 = bytes[k]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        return decodeMultibyte(k, b0)
    }

    private func decodeMultibyte(_ k: Int, _ b0: UInt8) -> (scalar: Unicode.Scalar, length: Int) {
        let n = bytes.count
        var v: UInt32 = 0xFFFD, len = 1
        if b0 & 0xE0 == 0xC0, k + 1 < n {
            v = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[k + 1] & 0x3F); len = 2
        } else if b0 & 0xF0 == 0xE0, k + 2 < n {
            v = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[k + 1] & 0x3F) << 6 | UInt32(bytes[k + 2] & 0x3F); len = 3
        } else if b0 & 0xF8 == 0xF0, k + 3 < n {
            v = UInt32(b0 & 0x07) << 18 | UInt32(bytes[k + 1] & 0x3F) << 12 | UInt32(bytes[k + 2] & 0x3F) << 6
                | UInt32(bytes[k + 3] & 0x3F); len = 4
        }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", len)
    }

    /// The offset of the first line feed at or after `k`, or the end of the source (a
    /// `memchr`: comments are a large part of a pack's bytes).
    private func lineEnd(from k: Int) -> Int {
        bytes.withUnsafeBufferPointer { b in
            guard k < b.count, let base = b.baseAddress else { return b.count }
            guard let p = memchr(base + k, 0x0A, b.count - k) else { return b.count }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The scalar at byte `k` as written.
    @inline(__always) private func raw(_ k: Int) -> Unicode.Scalar? { decode(k)?.scalar }
    /// The scalar at byte `k` with full-width forms folded.
    @inline(__always) private func folded(_ k: Int) -> Unicode.Scalar? { decode(k).map { Width.fold($0.scalar) } }
    /// The byte after the scalar at `k`.
    @inline(__always) private func after(_ k: Int) -> Int { k + (decode(k)?.length ?? 1) }
    private func span(_ a: Int, _ b: Int) -> SourceSpan { SourceSpan(start: base + a, end: base + b, file: file) }

    static func isNameStart(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        // Fast paths for what names are made of (the Unicode property lookup is slow): ASCII,
        // and the CJK Unified Ideographs block, which is alphabetic throughout.
        if v < 0x80 { return v == 0x5F || (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v >= 0x4E00 && v <= 0x9FFF { return true }
        return s.properties.isAlphabetic
    }

    static func isNameContinue(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 || isNameStart(s) }
        return isNameStart(s) || s.properties.generalCategory == .nonspacingMark
    }

    static func isDigit(_ s: Unicode.Scalar?) -> Bool { s.map { $0.value >= 0x30 && $0.value <= 0x39 } ?? false }

    /// Lexes the whole source, ending with an end-of-file token.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4)
        var space = true
        while true {
            // Whitespace and comments.
            while i < bytes.count {
                // ASCII blanks, most of what lies between tokens, without decoding.
                let b = bytes[i]
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { i += 1; space = true; continue }
                guard let (raw, length) = decode(i) else { break }
                let s = Width.fold(raw)
                if s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{FEFF}" { i += length; space = true; continue }
                if s == "#" || (s == "/" && folded(i + length) == "/") {
                    let commentStart = i
                    i = lineEnd(from: i)
                    comments.append(span(commentStart, i))
                    space = true
                    continue
                }
                break
            }
            // A name that starts with a CJK ideograph (U+4E00–U+9FFF: lead byte E4–E9, three
            // bytes), as most of a pack's names do: lexed as a name at once, as ``lexOne(_:_:_:)``
            // would after decoding and folding the scalar (folding changes no ideograph).
            if i + 2 < bytes.count, bytes[i] >= 0xE4, bytes[i] <= 0xE9,
               UInt32(bytes[i] & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F) >= 0x4E00 {
                let start = i
                let t = lexName(start)
                tokens.append(Token(kind: t.0, span: span(start, i), text: t.1, spaceBefore: space))
                space = false
                continue
            }
            guard let (raw, length) = decode(i) else {
                tokens.append(Token(kind: .endOfFile, span: span(i, i), text: "", spaceBefore: true))
                return tokens
            }
            let start = i
            if let t = lexOne(raw, length, start) {
                tokens.append(Token(kind: t.0, span: span(start, i), text: t.1, spaceBefore: space))
            }
            space = false
        }
    }

    private mutating func lexOne(_ raw: Unicode.Scalar, _ length: Int, _ start: Int) -> (TokenKind, String)? {
        let s = Width.fold(raw)
        if Lexer.isDigit(s) { return lexNumber(start) }
        if Lexer.isNameStart(s) { return lexName(start) }
        if s == "\"" || raw == "“" || raw == "「" { return lexString(start) }
        if s == "`" {
            i += length
            let first = i
            while i < bytes.count, bytes[i] != 0x60, bytes[i] != 0x0A { i += 1 }
            let text = sourceText(first, i)
            if i < bytes.count, bytes[i] == 0x60 { i += 1 } else {
                diagnostics.append(Diagnostic(.unterminatedQuotedName, "quoted name is not closed", at: span(start, i),
                                              help: "end the name with '`'"))
            }
            return (.quotedName, text)
        }
        i += length
        let next = folded(i)
        switch s {
        case "(": return (.symbol(.lparen), "(")
        case ")": return (.symbol(.rparen), ")")
        case "[": return (.symbol(.lbracket), "[")
        case "]": return (.symbol(.rbracket), "]")
        case "{": return (.symbol(.lbrace), "{")
        case "}": return (.symbol(.rbrace), "}")
        case ",", "、": return (.symbol(.comma), ",")
        case ":": return (.symbol(.colon), ":")
        case ".":
            if next == "*" {
                i = after(i)
                if folded(i) == "*" { i = after(i); return (.symbol(.doubleStar), ".**") }
                return (.symbol(.children), ".*")
            }
            return (.symbol(.dot), ".")
        case "*": return (.symbol(.star), "*")
        case "+": return (.symbol(.plus), "+")
        case "-": return (.symbol(.minus), "-")
        case "/": return (.symbol(.slash), "/")
        case "|": return (.symbol(.pipe), "|")
        case "=":
            if next == "=" { i = after(i) }
            return next == "=" ? (.symbol(.equal), "==") : (.symbol(.assign), "=")
        case "!":
            if next == "=" { i = after(i); return (.symbol(.notEqual), "!=") }
            return (.symbol(.bang), "!")
        case "≠": return (.symbol(.notEqual), "!=")
        case "<":
            if next == "=" { i = after(i); return (.symbol(.lessEqual), "<=") }
            return (.symbol(.less), "<")
        case ">":
            if next == "=" { i = after(i); return (.symbol(.greaterEqual), ">=") }
            return (.symbol(.greater), ">")
        case "≤": return (.symbol(.lessEqual), "<=")
        case "≥": return (.symbol(.greaterEqual), ">=")
        default:
            diagnostics.append(Diagnostic(.unexpectedCharacter, "unexpected character '\(Character(raw))'",
                                          at: span(start, i)))
            return nil
        }
    }

    private mutating func lexNumber(_ start: Int) -> (TokenKind, String) {
        // Scalars read, for the length limit (a full-width digit is one digit of three bytes).
        var digits = 0
        while Lexer.isDigit(folded(i)) { i = after(i); digits += 1 }
        if folded(i) == ".", Lexer.isDigit(folded(after(i))) {
            i = after(i); digits += 1
            while Lexer.isDigit(folded(i)) { i = after(i); digits += 1 }
        }
        // A number glued to letters (`12ab`) is malformed in an expression (a name cannot start
        // with a digit) but fine inside a check id (`X-01-03T`): the parser decides.
        if let c = folded(i), Lexer.isNameStart(c) {
            while let c = folded(i), Lexer.isNameContinue(c) { i = after(i) }
            return (.malformedNumber, foldedText(start, i))
        }
        let text = foldedText(start, i)
        if digits > 30 {
            diagnostics.append(Diagnostic(.numberTooLarge, "number literal '\(text.prefix(20))…' is too long to hold exactly",
                                          at: span(start, i), help: "use at most 30 digits"))
            return (.number, "0")
        }
        if folded(i) == "%" { i = after(i); return (.percent, text) }
        return (.number, text)
    }

    /// The source text of bytes `a..<b`, as written.
    private func sourceText(_ a: Int, _ b: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) }
    }

    /// The text of bytes `a..<b` with full-width forms folded: a slice of the source when
    /// nothing folds (the usual case), built scalar by scalar otherwise.
    private func foldedText(_ a: Int, _ b: Int) -> String {
        // Folding changes no ASCII scalar: only the non-ASCII ones need a look.
        var k = a
        while k < b {
            if bytes[k] < 0x80 { k += 1; continue }
            let (s, length) = decodeMultibyte(k, bytes[k])
            if Width.fold(s) != s { break }
            k += length
        }
        if k >= b { return sourceText(a, b) }
        var text = String.UnicodeScalarView()
        k = a
        while k < b, let (s, length) = decode(k) {
            text.append(Width.fold(s))
            k += length
        }
        return String(text)
    }

    private mutating func lexName(_ start: Int) -> (TokenKind, String) {
        // Whether only ASCII letters, digits, `_` and CJK ideographs were met: none of them
        // folds, so the name is its source text as written (no second scan to fold it).
        var unfolded = true
        while i < bytes.count {
            let b = bytes[i]
            // ASCII letters, digits and `_` continue a name; other ASCII ends it, except a `(`
            // that opens a parenthesised part.
            if b < 0x80, b != 0x28 {
                if b >= 0x30 && b <= 0x39 || b == 0x5F || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { i += 1; continue }
                break
            }
            // A CJK ideograph U+4E00–U+9FFF (lead byte E4–E9, three bytes) continues a name.
            if b >= 0xE4, b <= 0xE9, i + 2 < bytes.count {
                let v = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                if v >= 0x4E00 { i += 3; continue }
            }
            let (raw, length) = decode(i)!
            let c = Width.fold(raw)
            if Lexer.isNameContinue(c) { i += length; unfolded = false; continue }
            // A parenthesised CJK part inside a name, such as 因公出国（境）费, stays in the name
            // when letters follow the closing parenthesis.
            if c == "(", let end = parenthesisedNamePart(from: i) {
                i = end
                unfolded = false
                continue
            }
            break
        }
        // Every keyword is short and starts with a lowercase ASCII letter: other names (most of
        // a pack's, which are Chinese) are never looked up.
        if unfolded, i - start <= 8, let kw = Keyword.spelledBy(bytes, start, i) {
            return (.keyword(kw), kw.rawValue)
        }
        let text = unfolded ? sourceText(start, i) : foldedText(start, i)
        if !unfolded, text.utf8.count <= Keyword.longestSpelling, let first = text.utf8.first, first >= 0x61, first <= 0x7A,
           let kw = Keyword.bySpelling[text] { return (.keyword(kw), text) }
        return (.name, text)
    }

    /// If `(` at byte `k` starts a short run of letters closed by `)` that is directly followed
    /// by a letter, returns the byte after the `)`.
    private func parenthesisedNamePart(from k: Int) -> Int? {
        var j = after(k)
        // Scalars from `(` to the one at `j`: the part may hold at most seven letters.
        var steps = 1
        while let c = folded(j), steps <= 8 {
            if c == ")" {
                let end = after(j)
                guard steps > 1, let next = folded(end), Lexer.isNameStart(next), next.value > 0x2E80 else { return nil }
                return end
            }
            guard Lexer.isNameContinue(c), c.value > 0x2E80 else { return nil }
            j = after(j); steps += 1
        }
        return nil
    }

    private mutating func lexString(_ start: Int) -> (TokenKind, String) {
        let (open, openLength) = decode(i)!
        let close: Unicode.Scalar = open == "“" ? "”" : open == "「" ? "」" : (open == "＂" ? "＂" : "\"")
        i += openLength
        // The text is a slice of the source up to the first escape; only a string with escapes
        // is built scalar by scalar from there on.
        let first = i
        var text = ""
        var escaped = false
        var braces = 0
        while let (c, length) = decode(i) {
            if c == "{" { braces += 1 } else if c == "}" { braces = max(0, braces - 1) }
            if braces == 0, c == close || (close == "”" && c == "\"") || (open == "\"" && c == "＂") {
                if !escaped { text = sourceText(first, i) }
                i += length
                return (.string, text)
            }
            if c == "\n" { break }
            if c == "\\", let (n, nextLength) = decode(i + 1) {
                if !escaped { text = sourceText(first, i); escaped = true }
                switch n {
                case "n": text += "\n"
                case "t": text += "\t"
                default: text.unicodeScalars.append(n)
                }
                i += 1 + nextLength
                continue
            }
            if escaped { text.unicodeScalars.append(c) }
            i += length
        }
        if !escaped { text = sourceText(first, i) }
        diagnostics.append(Diagnostic(.unterminatedString, "string is not closed", at: span(start, i),
                                      help: "end the string with '\"' on the same line"))
        return (.string, text)
    }
}
