/// A run-time value of the language.
public enum Value: Sendable {
    /// A number or percent with its precision interval, and where it was read, if from the report.
    /// Boxed: a figure is three 128-bit fractions, and values are copied at every step of an
    /// evaluation; a box makes a copy one retain instead of a copy of 160 bytes.
    indirect case number(Figure, Origin?)
    case text(String)
    case bool(Bool)
    /// A row of a table.
    case row(RowRef)
    /// A whole table.
    case table(Table)
    /// A table's rows by one classification (`公开05.功能分类`), indexable by code.
    case classification(Table, RowKey)
    /// A narrative fact (boxed, like numbers).
    indirect case fact(Fact)
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

    /// Where in the report an explanation entry with this value points: a figure's cell or
    /// sentence, a row's line; `nil` for other values.
    var origin: ResultLocation? {
        switch self {
        case .number(_, let o?): return o.location
        case .row(let r): return r.location
        case .list(let xs):
            // The items of a repeating group (`f.部分`): where the list starts, so an explanation
            // shows the parts a sum over them added.
            guard case .fact(let f)? = xs.first, f.isItem else { return nil }
            return ResultLocation(fact: f.kind, line: f.line)
        default: return nil
        }
    }

    /// The value rendered for people: figures as written, rows as `code name`, lists in brackets.
    public var display: String {
        switch self {
        case .number(let f, _): return f.isBlank ? "(blank)" : f.display
        case .text(let s):
            var out = ""
            out.reserveCapacity(s.utf8.count + 2)
            out += "\""; out += s; out += "\""
            return out
        case .bool(let b): return b ? "true" : "false"
        default:
            var out: [UInt8] = []
            out.reserveCapacity(128)
            appendDisplay(to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends the bytes of ``display`` to `out`: rows and lists are built as bytes and made a
    /// text once (appending to a String checked and grew it at every part, for every row of a
    /// list shown in an explanation).
    func appendDisplay(to out: inout [UInt8]) {
        switch self {
        case .number(let f, _): out.append(contentsOf: (f.isBlank ? "(blank)" : f.display).utf8)
        case .text(let s): out.append(0x22); out.append(contentsOf: s.utf8); out.append(0x22)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .row(let r):
            // `table code name = first amount`, read in place (no copy of the row).
            let t = r.table, i = r.index
            out.append(contentsOf: t.name.utf8); out.append(0x20)
            if let code = t.rows[i].code { out.append(contentsOf: code.utf8); out.append(0x20) }
            out.append(contentsOf: t.rows[i].name.utf8)
            if let f = t.rows[i].cells.first?.figure { out.append(contentsOf: " = ".utf8); out.append(contentsOf: f.display.utf8) }
        case .table(let t):
            out.append(contentsOf: "table ".utf8); out.append(contentsOf: t.name.utf8)
            out.append(contentsOf: " (".utf8); out.append(contentsOf: String(t.rows.count).utf8); out.append(contentsOf: " rows)".utf8)
        case .classification(let t, let k):
            out.append(contentsOf: t.name.utf8); out.append(0x2E); out.append(contentsOf: k.rawValue.utf8)
        case .fact(let f) where f.isItem:
            // An item of a repeating group by its values: its texts, then its figures
            // (`办公费 45.20`), each group of fields in name order.
            let fields = f.fields.sorted { $0.key < $1.key }
            var first = true
            for text in [true, false] {
                for (_, v) in fields {
                    let shown: String
                    switch v {
                    case .text(let s, _) where text: shown = s
                    case .figure(let fig, _) where !text: shown = fig.display
                    default: continue
                    }
                    if !first { out.append(0x20) }
                    out.append(contentsOf: shown.utf8); first = false
                }
            }
        case .fact(let f):
            out.append(contentsOf: "fact ".utf8); out.append(contentsOf: f.kind.utf8)
            out.append(contentsOf: " (line ".utf8); out.append(contentsOf: String(f.line).utf8); out.append(0x29)
        case .list(let xs):
            out.append(0x5B)
            // A repeating group's items are all shown (at most 40): they are the parts a sum added.
            var shown = 8
            if case .fact(let f)? = xs.first, f.isItem { shown = 40 }
            for (k, x) in xs.prefix(shown).enumerated() {
                if k > 0 { out.append(contentsOf: ", ".utf8) }
                x.appendDisplay(to: &out)
            }
            if xs.count > shown {
                out.append(contentsOf: ", … ".utf8); out.append(contentsOf: String(xs.count).utf8); out.append(contentsOf: " items".utf8)
            }
            out.append(0x5D)
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
        ResultLocation(table: table.name, rowCode: table.rows[index].code, rowName: table.rows[index].name,
                       line: table.rows[index].line)
    }
}

/// Where a number came from in the report.
public enum Origin: Sendable {
    /// A table cell.
    case cell(Table, row: Int, column: Int)
    /// A field of a narrative fact (boxed: a fact is several strings and a dictionary).
    indirect case field(Fact, String)

    /// The location for explanations and results.
    public var location: ResultLocation {
        switch self {
        case .cell(let t, let r, let c):
            return ResultLocation(table: t.name, rowCode: t.rows[r].code, rowName: t.rows[r].name,
                                  column: c < t.columns.count ? t.columns[c].name : nil,
                                  line: c < t.rows[r].cells.count ? t.rows[r].cells[c].line : t.rows[r].line)
        case .field(let f, let name):
            return ResultLocation(rowName: f.fields["科目"].flatMap { if case .text(let s, _) = $0 { s } else { nil } },
                                  column: name, fact: f.kind, line: f.fields[name]?.line ?? f.line)
        }
    }
}
