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

    /// Creates a fact.
    public init(kind: String, fields: [String: FactField], line: Int, offset: Int = 0, text: String) {
        self.kind = kind; self.fields = fields; self.line = line; self.offset = offset; self.text = text
    }
}

/// A captured fact field: a figure (amount or percent) or text.
public enum FactField: Sendable {
    /// A number or percent as stated.
    case figure(Figure, line: Int)
    /// A piece of text (a 科目 name, a wording such as 大于/小于).
    case text(String, line: Int)

    /// The report line the field was read on.
    public var line: Int {
        switch self { case .figure(_, let l), .text(_, let l): l }
    }
}
