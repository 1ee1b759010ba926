/// A lexical token of Tally source.
public struct Token: Sendable, Hashable {
    /// The token's kind.
    public var kind: TokenKind
    /// Where it is in the source (UTF-8 byte offsets).
    public var span: SourceSpan
    /// The token's text after width folding (names keep their Chinese characters; numbers are ASCII).
    public var text: String
    /// Whether whitespace or a comment precedes the token (check ids are glued from adjacent tokens).
    public var spaceBefore: Bool
}

/// Token kinds. Keywords are English; severities also have their Chinese forms (强制, 提示).
public enum TokenKind: Sendable, Hashable {
    case name
    /// A backtick-quoted name (`` `因公出国(境)费` ``).
    case quotedName
    case number
    /// Digits glued to letters (`03T`): an error in expressions, a part of a check id.
    case malformedNumber
    case percent
    case string
    case keyword(Keyword)
    case symbol(Symbol)
    case endOfFile
}

/// Reserved words. Table items (`rows`, `by`, `columns`, `group`, `title`, `number`, `required`,
/// `single`) are contextual: they are names everywhere except inside a table declaration.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case table, fact, check, `let`, include, on
    case `for`, `in`, `where`, when, `if`, then, `else`
    case and, or, not, all, any, exactly, within, message
    case `true`, `false`

    /// Keywords by spelling, for the lexer (faster than the synthesized `init(rawValue:)`'s string
    /// switch, which runs for every name in a pack).
    static let bySpelling: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
    /// The longest spelling in bytes: a longer name is no keyword, without hashing it.
    static let longestSpelling = allCases.map(\.rawValue.utf8.count).max() ?? 0
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, Hashable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", dot = ".", star = "*", children = ".*", doubleStar = ".**"
    case plus = "+", minus = "-", slash = "/", pipe = "|", bang = "!"
    case assign = "=", equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}
