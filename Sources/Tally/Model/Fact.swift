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

extension Fact {
    /// The fact kind under which a model reports what it met reading its source (`载入问题`, "load
    /// problem"): one fact per problem, at its report line, with the text fields ``loadProblemFields``
    /// — `编号` the problem's stable id (`L006`), `级别` `error`/`warning`/`note`, `表` the table's
    /// name (empty when the problem is not about one table) and `说明` what was met. Every
    /// environment knows the kind, so a pack can check a report's own layout defects
    /// (`for p in facts(载入问题) where p.编号 == "L006": …`); a model without such problems, or one
    /// that does not report them, has none.
    public static let loadProblemKind = "载入问题"
    /// The fields of a ``loadProblemKind`` fact, all texts.
    public static let loadProblemFields = ["编号", "级别", "表", "说明"]

    /// A ``loadProblemKind`` fact.
    public static func loadProblem(id: String, severity: String, table: String?, message: String, line: Int) -> Fact {
        Fact(kind: loadProblemKind,
             fields: ["编号": .text(id, line: line), "级别": .text(severity, line: line),
                      "表": .text(table ?? "", line: line), "说明": .text(message, line: line)],
             line: line, text: message)
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
