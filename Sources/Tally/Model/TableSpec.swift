/// A table as a pack declares it: how to recognise it in a report and how to read its rows and
/// columns. Compiled from a `table` declaration; the report loader reads tables by these specs,
/// so a new regional layout is a new declaration, not new Swift code.
public struct TableSpec: Sendable, Hashable {
    /// The name checks use (`公开05`, `表3`).
    public var name: String
    /// Titles the table is recognised by (the first is the canonical title; the rest are aliases).
    public var titles: [String]
    /// Table numbers the report may print near the title (`公开05`, `表5`, `5`): optional hints.
    public var numbers: [String]
    /// What keys the rows, in order of preference (e.g. 功能分类 then 名称).
    public var rowKeys: [RowKey]
    /// The amount columns, left to right, for tables with one column group.
    public var columns: [ColumnSpec]
    /// Side-by-side groups (公开01 收入|支出, 公开06 人员经费|公用经费|资本性支出). When present they
    /// replace ``columns``: every group's rows become rows of this one table, tagged with the group.
    public var groups: [ColumnGroupSpec]
    /// Whether the report must contain this table with data (completeness checks).
    public var isRequired: Bool
    /// Whether the table is a narrative-less "one row" table (e.g. 三公 公开09): a single data row.
    public var isSingleRow: Bool
    /// Where the declaration is in the pack source.
    public var span: SourceSpan?

    /// Creates a table spec.
    public init(name: String, titles: [String], numbers: [String] = [], rowKeys: [RowKey],
                columns: [ColumnSpec], groups: [ColumnGroupSpec] = [], isRequired: Bool = false,
                isSingleRow: Bool = false, span: SourceSpan? = nil) {
        self.name = name; self.titles = titles; self.numbers = numbers; self.rowKeys = rowKeys
        self.columns = columns; self.groups = groups; self.isRequired = isRequired
        self.isSingleRow = isSingleRow; self.span = span
    }

    /// Every column name the table can have (the groups' columns merged, first occurrence kept).
    public var allColumns: [ColumnSpec] {
        if groups.isEmpty { return columns }
        var seen = Set<String>(), out: [ColumnSpec] = []
        for g in groups { for c in g.columns where seen.insert(c.name).inserted { out.append(c) } }
        return out
    }
}

/// One amount column as a pack declares it.
public struct ColumnSpec: Sendable, Hashable {
    /// The name checks use (`小计`, `基本支出`).
    public var name: String
    /// Other header texts that mean this column (`本年支出合计`, `合计`).
    public var aliases: [String]
    /// Whether the column is declared `optional`: read only where the header names it (never
    /// placed by position), and a header without it is no mismatch (no `L009` note); the loaded
    /// table keeps it with blank cells, marked as not printed.
    public var isOptional: Bool

    /// Creates a column spec.
    public init(name: String, aliases: [String] = [], isOptional: Bool = false) {
        self.name = name; self.aliases = aliases; self.isOptional = isOptional
    }
}

/// A group of columns printed side by side with other groups in one table.
public struct ColumnGroupSpec: Sendable, Hashable {
    /// The group's name (`收入`, `支出`, `人员经费`).
    public var name: String
    /// What keys this group's rows.
    public var rowKeys: [RowKey]
    /// The group's amount columns, left to right.
    public var columns: [ColumnSpec]

    /// Creates a column group spec.
    public init(name: String, rowKeys: [RowKey], columns: [ColumnSpec]) {
        self.name = name; self.rowKeys = rowKeys; self.columns = columns
    }
}
