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
/// `single`, and `optional` before a column) are contextual: they are names everywhere except
/// inside a table declaration.
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

    /// A spelling of at most eight bytes as one word: byte `k` in bits `8k..<8k+8`, zero above.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<bytes.count { w |= UInt64(bytes[k]) << UInt64(8 * k) }
        return w
    }

    /// The keywords' spellings as words (``word(_:)``), in ascending order of the words: a name
    /// is looked up among them as an integer by binary search, without making a `String` of it
    /// or hashing one.
    static let words: [(word: UInt64, keyword: Keyword)] = allCases.map { k in
        (Array(k.rawValue.utf8).withUnsafeBufferPointer { word($0) }, k)
    }.sorted { $0.word < $1.word }

    /// For each spelling length up to 8, the first letters of the keywords that long (bit
    /// `letter - "a"`): a name whose length and first letter no keyword has is none.
    static let firstLetters: [UInt32] = {
        var masks = [UInt32](repeating: 0, count: 9)
        for k in allCases {
            let u = Array(k.rawValue.utf8)
            if u.count <= 8 { masks[u.count] |= 1 << UInt32(u[0] - 0x61) }
        }
        return masks
    }()

    /// Whether some keyword is `length` bytes long and starts with the lowercase ASCII letter `first`.
    @inline(__always)
    static func startsKeyword(length: Int, first: UInt8) -> Bool {
        firstLetters[length] & (1 << UInt32(first &- 0x61)) != 0
    }

    /// The keyword spelled by `bytes[start..<end]` exactly, if any (spellings are ASCII and
    /// compared byte for byte, as the dictionary ``bySpelling`` compares ASCII texts).
    static func spelledBy(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Keyword? {
        guard end - start <= 8, end > start, bytes[start] >= 0x61, bytes[start] <= 0x7A else { return nil }
        // Most names asked about are loop variables (`x`, `r`) or fields (`name`, `line`): a
        // length and first letter no keyword has answers without the search.
        guard startsKeyword(length: end - start, first: bytes[start]) else { return nil }
        let w = bytes.withUnsafeBufferPointer { word(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        // No spelling has a zero byte, and neither has a name: equal words are equal spellings.
        // Most names the lexer asks about are none (`x`, `r`, 合计…): five probes, not 25.
        let table = Keyword.words
        var low = 0, high = table.count
        while low < high {
            let mid = (low + high) / 2
            if table[mid].word < w { low = mid + 1 } else { high = mid }
        }
        return low < table.count && table[low].word == w ? table[low].keyword : nil
    }
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, Hashable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", dot = ".", star = "*", children = ".*", doubleStar = ".**"
    case plus = "+", minus = "-", slash = "/", pipe = "|", bang = "!"
    case assign = "=", equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}
