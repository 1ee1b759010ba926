/// What names a compilation can resolve against: the tables and their columns (from a pack's
/// `table` declarations or a host's model), fact kinds and their fields, and host functions.
public struct Environment: Sendable {
    /// Known tables by name.
    public var tables: [String: TableSchema] = [:]
    /// Known fact kinds and their fields.
    public var factKinds: [String: [String]] = [:]
    /// Host functions by name.
    public var hostFunctions: [String: HostFunction] = [:]

    /// An empty environment.
    public init() {}

    /// An environment from a pack's declarations.
    public init(tables: [TableSpec], facts: [FactSpec], hostFunctions: [HostFunction] = []) {
        for t in tables { self.tables[t.name] = TableSchema(spec: t) }
        for f in facts {
            factKinds[f.name, default: []].append(contentsOf: f.fields)
            // The items of a repeating group are facts of kind `KIND.GROUP` with the group's fields.
            for t in f.templates {
                for g in FactSpec.groups(in: t) {
                    var known = factKinds[f.name + "." + g.name, default: []]
                    for n in g.fields where !known.contains(n) { known.append(n) }
                    factKinds[f.name + "." + g.name] = known
                }
            }
        }
        if factKinds[Fact.loadProblemKind] == nil { factKinds[Fact.loadProblemKind] = Fact.loadProblemFields }
        for h in hostFunctions { self.hostFunctions[h.name] = h }
    }

    /// An environment describing a concrete model: its tables, columns and rows are all known, so
    /// unknown row names are compile errors with suggestions.
    public init(model: any ReportModel, hostFunctions: [HostFunction] = []) {
        for name in model.tableNames {
            if let t = model.table(named: name) { tables[name] = TableSchema(table: t) }
        }
        factKinds = model.factFields
        if factKinds[Fact.loadProblemKind] == nil { factKinds[Fact.loadProblemKind] = Fact.loadProblemFields }
        for h in hostFunctions { self.hostFunctions[h.name] = h }
    }

    /// Registers a host function.
    public mutating func register(_ f: HostFunction) { hostFunctions[f.name] = f }
}

/// What the compiler knows about a table.
public struct TableSchema: Sendable {
    /// The table's name.
    public var name: String
    /// Column names, each with its aliases.
    public var columns: [ColumnSpec]
    /// What keys the rows.
    public var rowKeys: [RowKey]
    /// Side-by-side group names.
    public var groups: [String]
    /// Every row name, when the rows are known at compile time (a concrete model).
    public var rowNames: [String]?

    /// A schema from a pack declaration (rows unknown until a report is loaded).
    public init(spec: TableSpec) {
        name = spec.name; columns = spec.allColumns
        rowKeys = Array(Set(spec.rowKeys + spec.groups.flatMap(\.rowKeys))).sorted { $0.rawValue < $1.rawValue }
        groups = spec.groups.map(\.name); rowNames = nil
    }

    /// A schema from a concrete table.
    public init(table: Table) {
        name = table.name
        columns = table.columns.map { ColumnSpec(name: $0.name, aliases: $0.aliases) }
        rowKeys = table.rowKeys; groups = table.groups; rowNames = table.rowNames
    }

    /// The folded names and aliases of the columns (what ``hasColumn(_:)`` looks a name up in).
    public var columnKeys: Set<String> {
        Set(columns.flatMap { [$0.name] + $0.aliases }.map(NameFolding.key))
    }

    /// Whether the table has a column with this name (folded).
    public func hasColumn(_ name: String) -> Bool {
        columnKeys.contains(NameFolding.key(name))
    }
}
