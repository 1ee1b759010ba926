import Tally

/// What the loader derives from one table declaration, computed once when a ``ReportLoader``
/// is built and reused for every report: the flattened columns, their index by name, the
/// groups (one implicit group for a table without groups) and the folded keys of group and
/// column names that header cells are matched against.
struct PreparedTableSpec: Sendable {
    /// The declaration.
    let spec: TableSpec
    /// ``TableSpec/allColumns``.
    let allColumns: [ColumnSpec]
    /// The index in ``allColumns`` of each column name (the first one with that name).
    let allIndex: [String: Int]
    /// The declared groups, or one unnamed group holding the table's columns.
    let groups: [ColumnGroupSpec]
    /// The folded keys of the group names.
    let groupKeys: Set<[UInt8]>
    /// Per group, per column: the folded keys of its name and aliases.
    let groupColumnKeys: [[[[UInt8]]]]
    /// For each group and each of its columns, the index in ``allColumns`` (`nil` if absent).
    let groupColumnIndex: [[Int?]]

    init(_ spec: TableSpec) {
        self.spec = spec
        let all = spec.allColumns
        allColumns = all
        var index: [String: Int] = [:]
        for (i, c) in all.enumerated() where index[c.name] == nil { index[c.name] = i }
        allIndex = index
        let groups = spec.groups.isEmpty
            ? [ColumnGroupSpec(name: "", rowKeys: spec.rowKeys, columns: spec.columns)] : spec.groups
        self.groups = groups
        groupKeys = Set(groups.map { Bytes.key($0.name, dropQuotes: true) })
        groupColumnKeys = groups.map { g in
            g.columns.map { c in ([c.name] + c.aliases).map { Bytes.key($0, dropQuotes: true) } }
        }
        groupColumnIndex = groups.map { g in g.columns.map { index[$0.name] } }
    }
}
