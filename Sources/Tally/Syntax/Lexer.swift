/// Turns UTF-8 source into tokens.
///
/// Chinese and other Unicode letters form names; numeric path segments (`功能分类.2101101`) are
/// numbers the parser reads as codes; decimals, percents (`12.8%`), strings, `#` and `//`
/// comments. Full-width punctuation and digits typed with a Chinese input method (`（）＝，：＋－`,
/// `０`–`９`) are read as their ASCII forms outside string literals. Every malformed token is
/// reported and skipped; lexing never stops at the first error.
public struct Lexer {
    private let scalars: [(scalar: Unicode.Scalar, offset: Int)]
    private let bytes: [UInt8]
    private let file: String
    private let byteCount: Int
    private var i = 0
    /// Diagnostics found while lexing.
    public private(set) var diagnostics: [Diagnostic] = []
    /// The spans of the `#` and `//` comments skipped while lexing, in source order (for the
    /// formatter, which must keep every comment).
    public private(set) var comments: [SourceSpan] = []

    /// Creates a lexer over `source`.
    public init(source: String, file: String = "") {
        var list: [(scalar: Unicode.Scalar, offset: Int)] = []
        list.reserveCapacity(source.utf8.count)
        var offset = 0
        for s in source.unicodeScalars {
            list.append((scalar: s, offset: offset))
            offset += UTF8.width(s)
        }
        scalars = list
        bytes = Array(source.utf8)
        byteCount = offset
        self.file = file
    }

    private func offset(_ k: Int) -> Int { k < scalars.count ? scalars[k].offset : byteCount }
    private func raw(_ k: Int) -> Unicode.Scalar? { k < scalars.count ? scalars[k].scalar : nil }
    private func folded(_ k: Int) -> Unicode.Scalar? { raw(k).map(Width.fold) }
    private func span(_ a: Int, _ b: Int) -> SourceSpan { SourceSpan(start: offset(a), end: offset(b), file: file) }

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
        var space = true
        while true {
            // Whitespace and comments.
            while let s = folded(i) {
                if s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{FEFF}" { i += 1; space = true; continue }
                if s == "#" || (s == "/" && folded(i + 1) == "/") {
                    let commentStart = i
                    while let c = raw(i), c != "\n" { i += 1 }
                    comments.append(span(commentStart, i))
                    space = true
                    continue
                }
                break
            }
            guard let s = folded(i) else {
                tokens.append(Token(kind: .endOfFile, span: span(i, i), text: "", spaceBefore: true))
                return tokens
            }
            let start = i
            if let t = lexOne(s, start) {
                tokens.append(Token(kind: t.0, span: span(start, i), text: t.1, spaceBefore: space))
            }
            space = false
        }
    }

    private mutating func lexOne(_ s: Unicode.Scalar, _ start: Int) -> (TokenKind, String)? {
        if Lexer.isDigit(s) { return lexNumber(start) }
        if Lexer.isNameStart(s) { return lexName(start) }
        if s == "\"" || raw(i) == "“" || raw(i) == "「" { return lexString(start) }
        if s == "`" {
            i += 1
            while let c = raw(i), c != "`", c != "\n" { i += 1 }
            let text = sourceText(start + 1, i)
            if raw(i) == "`" { i += 1 } else {
                diagnostics.append(Diagnostic(.unterminatedQuotedName, "quoted name is not closed", at: span(start, i),
                                              help: "end the name with '`'"))
            }
            return (.quotedName, text)
        }
        i += 1
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
                i += 1
                if folded(i) == "*" { i += 1; return (.symbol(.doubleStar), ".**") }
                return (.symbol(.children), ".*")
            }
            return (.symbol(.dot), ".")
        case "*": return (.symbol(.star), "*")
        case "+": return (.symbol(.plus), "+")
        case "-": return (.symbol(.minus), "-")
        case "/": return (.symbol(.slash), "/")
        case "|": return (.symbol(.pipe), "|")
        case "=":
            if next == "=" { i += 1 }
            return next == "=" ? (.symbol(.equal), "==") : (.symbol(.assign), "=")
        case "!":
            if next == "=" { i += 1; return (.symbol(.notEqual), "!=") }
            return (.symbol(.bang), "!")
        case "≠": return (.symbol(.notEqual), "!=")
        case "<":
            if next == "=" { i += 1; return (.symbol(.lessEqual), "<=") }
            return (.symbol(.less), "<")
        case ">":
            if next == "=" { i += 1; return (.symbol(.greaterEqual), ">=") }
            return (.symbol(.greater), ">")
        case "≤": return (.symbol(.lessEqual), "<=")
        case "≥": return (.symbol(.greaterEqual), ">=")
        default:
            diagnostics.append(Diagnostic(.unexpectedCharacter, "unexpected character '\(Character(raw(start)!))'",
                                          at: span(start, i)))
            return nil
        }
    }

    private mutating func lexNumber(_ start: Int) -> (TokenKind, String) {
        while Lexer.isDigit(folded(i)) { i += 1 }
        if folded(i) == ".", Lexer.isDigit(folded(i + 1)) {
            i += 1
            while Lexer.isDigit(folded(i)) { i += 1 }
        }
        // A number glued to letters (`12ab`) is malformed in an expression (a name cannot start
        // with a digit) but fine inside a check id (`X-01-03T`): the parser decides.
        if let c = folded(i), Lexer.isNameStart(c) {
            while let c = folded(i), Lexer.isNameContinue(c) { i += 1 }
            return (.malformedNumber, foldedText(start, i))
        }
        let text = foldedText(start, i)
        if i - start > 30 {
            diagnostics.append(Diagnostic(.numberTooLarge, "number literal '\(text.prefix(20))…' is too long to hold exactly",
                                          at: span(start, i), help: "use at most 30 digits"))
            return (.number, "0")
        }
        if folded(i) == "%" { i += 1; return (.percent, text) }
        return (.number, text)
    }

    /// The source text of scalars `a..<b`, as written.
    private func sourceText(_ a: Int, _ b: Int) -> String {
        String(decoding: bytes[offset(a)..<offset(b)], as: UTF8.self)
    }

    /// The text of scalars `a..<b` with full-width forms folded: a slice of the source when
    /// nothing folds (the usual case), built scalar by scalar otherwise.
    private func foldedText(_ a: Int, _ b: Int) -> String {
        var k = a
        while k < b, Width.fold(scalars[k].scalar) == scalars[k].scalar { k += 1 }
        if k == b { return sourceText(a, b) }
        var text = String.UnicodeScalarView()
        for j in a..<b { text.append(Width.fold(scalars[j].scalar)) }
        return String(text)
    }

    private mutating func lexName(_ start: Int) -> (TokenKind, String) {
        while let c = folded(i) {
            if Lexer.isNameContinue(c) { i += 1; continue }
            // A parenthesised CJK part inside a name, such as 因公出国（境）费, stays in the name
            // when letters follow the closing parenthesis.
            if c == "(", let close = parenthesisedNamePart(from: i) {
                i = close + 1
                continue
            }
            break
        }
        let text = foldedText(start, i)
        if text.utf8.count <= Keyword.longestSpelling, let kw = Keyword.bySpelling[text] { return (.keyword(kw), text) }
        return (.name, text)
    }

    /// If `(` at `k` starts a short run of letters closed by `)` that is directly followed by a
    /// letter, returns the index of the `)`.
    private func parenthesisedNamePart(from k: Int) -> Int? {
        var j = k + 1
        while let c = folded(j), j - k <= 8 {
            if c == ")" {
                guard j > k + 1, let after = folded(j + 1), Lexer.isNameStart(after), after.value > 0x2E80 else { return nil }
                return j
            }
            guard Lexer.isNameContinue(c), c.value > 0x2E80 else { return nil }
            j += 1
        }
        return nil
    }

    private mutating func lexString(_ start: Int) -> (TokenKind, String) {
        let open = raw(i)!
        let close: Unicode.Scalar = open == "“" ? "”" : open == "「" ? "」" : (open == "＂" ? "＂" : "\"")
        i += 1
        // The text is a slice of the source up to the first escape; only a string with escapes
        // is built scalar by scalar from there on.
        let first = i
        var text = ""
        var escaped = false
        var braces = 0
        while let c = raw(i) {
            if c == "{" { braces += 1 } else if c == "}" { braces = max(0, braces - 1) }
            if braces == 0, c == close || (close == "”" && c == "\"") || (open == "\"" && c == "＂") {
                if !escaped { text = sourceText(first, i) }
                i += 1
                return (.string, text)
            }
            if c == "\n" { break }
            if c == "\\", let n = raw(i + 1) {
                if !escaped { text = sourceText(first, i); escaped = true }
                switch n {
                case "n": text += "\n"
                case "t": text += "\t"
                default: text.unicodeScalars.append(n)
                }
                i += 2
                continue
            }
            if escaped { text.unicodeScalars.append(c) }
            i += 1
        }
        if !escaped { text = sourceText(first, i) }
        diagnostics.append(Diagnostic(.unterminatedString, "string is not closed", at: span(start, i),
                                      help: "end the string with '\"' on the same line"))
        return (.string, text)
    }
}
