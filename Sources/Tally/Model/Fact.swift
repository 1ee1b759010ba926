/// A figure-bearing statement found in a report's narrative by a pack's fact pattern.
public struct Fact: Sendable {
    /// The fact kind (the pattern's name).
    public var kind: String
    /// The captured fields by name.
    public var fields: [String: FactField]
    /// The report line where the match starts (1-based).
    public var line: Int
    /// Byte offset of the match in the report text, for ordering facts.
    public var offset: Int
    /// The matched text (normalised), for messages.
    public var text: String

    /// Whether this is an item of a repeating group (its kind is `KIND.GROUP`).
    public var isItem: Bool { kind.utf8.contains(UInt8(ascii: ".")) }

    /// Creates a fact.
    public init(kind: String, fields: [String: FactField], line: Int, offset: Int = 0, text: String) {
        self.kind = kind; self.fields = fields; self.line = line; self.offset = offset; self.text = text
    }
}

/// A captured fact field: a figure (amount or percent), text, or the items of a repeating group.
public enum FactField: Sendable {
    /// A number or percent as stated.
    case figure(Figure, line: Int)
    /// A piece of text (a 科目 name, a wording such as 大于/小于).
    case text(String, line: Int)
    /// The repetitions of a repeating group (`{部分 2..*: {名:text}{额}万元 / [，|、]}`), in report
    /// order: each item is a fact of kind `KIND.GROUP` whose fields are the group's placeholders,
    /// with its own line and the line of each field. `line` is the line of the first item.
    case list([Fact], line: Int)

    /// The report line the field was read on.
    public var line: Int {
        switch self { case .figure(_, let l), .text(_, let l), .list(_, let l): l }
    }
}
