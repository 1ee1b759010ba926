/// A run-time value of the language.
public enum Value: Sendable {
    /// A number or percent with its precision interval, and where it was read, if from the report.
    case number(Figure, Origin?)
    case text(String)
    case bool(Bool)
    /// A row of a table.
    case row(RowRef)
    /// A whole table.
    case table(Table)
    /// A table's rows by one classification (`公开05.功能分类`), indexable by code.
    case classification(Table, RowKey)
    /// A narrative fact.
    case fact(Fact)
    /// A list (of rows, facts, numbers…).
    case list([Value])

    /// A short type name for messages.
    public var typeName: String {
        switch self {
        case .number(let f, _): f.kind == .percent ? "percent" : "number"
        case .text: "text"
        case .bool: "boolean"
        case .row: "row"
        case .table: "table"
        case .classification: "classification"
        case .fact: "fact"
        case .list: "list"
        }
    }

    /// The value rendered for people: figures as written, rows as `code name`, lists in brackets.
    public var display: String {
        switch self {
        case .number(let f, _): return f.isBlank ? "(blank)" : f.display
        case .text(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .row(let r):
            let row = r.row
            let first = row.cells.first?.figure.map { " = " + $0.display } ?? ""
            return "\(r.table.name) " + [row.code, row.name].compactMap { $0 }.joined(separator: " ") + first
        case .table(let t): return "table \(t.name) (\(t.rows.count) rows)"
        case .classification(let t, let k): return "\(t.name).\(k.rawValue)"
        case .fact(let f): return "fact \(f.kind) (line \(f.line))"
        case .list(let xs):
            let shown = xs.prefix(8).map(\.display).joined(separator: ", ")
            return "[" + shown + (xs.count > 8 ? ", … \(xs.count) items" : "") + "]"
        }
    }
}

/// A reference to one row of a table.
public struct RowRef: Sendable {
    /// The table.
    public let table: Table
    /// The row's index in ``Table/rows``.
    public let index: Int
    /// The row.
    public var row: Row { table.rows[index] }

    /// Where the row is, for messages.
    public var location: ResultLocation {
        let r = row
        return ResultLocation(table: table.name, rowCode: r.code, rowName: r.name, line: r.line)
    }
}

/// Where a number came from in the report.
public enum Origin: Sendable {
    /// A table cell.
    case cell(Table, row: Int, column: Int)
    /// A field of a narrative fact.
    case field(Fact, String)

    /// The location for explanations and results.
    public var location: ResultLocation {
        switch self {
        case .cell(let t, let r, let c):
            let row = t.rows[r]
            return ResultLocation(table: t.name, rowCode: row.code, rowName: row.name,
                                  column: c < t.columns.count ? t.columns[c].name : nil,
                                  line: c < row.cells.count ? row.cells[c].line : row.line)
        case .field(let f, let name):
            return ResultLocation(rowName: f.fields["科目"].flatMap { if case .text(let s, _) = $0 { s } else { nil } },
                                  column: name, fact: f.kind, line: f.fields[name]?.line ?? f.line)
        }
    }
}
