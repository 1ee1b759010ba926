import Synchronization

/// A table of a loaded report: rows keyed by classification code, 行次 or name, amount columns,
/// and the report line of every row and cell.
///
/// Built once per report by a loader (or a host) and then only read — an immutable class, shared
/// by reference between the values that point into it — so it is `Sendable`. Its lookup
/// indexes (by code, by 行次, by normalised name, columns by name) are built on the first
/// lookup, under a lock, so a table that checks never query costs nothing to index.
public final class Table: Sendable {
    /// The name checks use (the pack's table name, `公开05`).
    public let name: String
    /// The title as found in the report.
    public let title: String
    /// The report line of the title (1-based), or 0 when unknown.
    public let line: Int
    /// The amount columns, left to right.
    public let columns: [Column]
    /// The rows in report order.
    public let rows: [Row]
    /// What keys the rows (the spec's first key that the rows carry).
    public let rowKeys: [RowKey]
    /// The side-by-side group names, when the table has groups.
    public let groups: [String]

    /// The lookup indexes, built once on first use.
    struct Indexes: Sendable {
        var codeIndex: [String: [Int]] = [:]
        var lineNumberIndex: [Int: Int] = [:]
        var nameIndex: [String: [Int]] = [:]
        var columnIndex: [String: Int] = [:]
        /// Each row's folded name (``NameFolding/key(_:)``), by row index.
        var foldedNames: [String] = []
    }
    private let indexes = Mutex<Indexes?>(nil)

    /// Creates a table and computes its hierarchy (parent/children by code prefix); the lookup
    /// indexes follow on first use.
    public init(name: String, title: String, line: Int = 0, columns: [Column], rows: [Row],
                rowKeys: [RowKey], groups: [String] = []) {
        self.name = name; self.title = title; self.line = line
        self.columns = columns; self.rowKeys = rowKeys; self.groups = groups
        var rows = rows
        Table.linkHierarchy(&rows)
        self.rows = rows
    }

    /// Runs `body` on the indexes, building them first if no lookup has yet.
    private func withIndexes<R>(_ body: (borrowing Indexes) -> R) -> R {
        indexes.withLock { slot in
            if slot == nil { slot = Table.buildIndexes(rows: rows, columns: columns) }
            return body(slot!)
        }
    }

    static func buildIndexes(rows: [Row], columns: [Column]) -> Indexes {
        var x = Indexes()
        x.foldedNames.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() {
            if let c = r.code { x.codeIndex[c, default: []].append(i) }
            if let n = r.lineNumber, x.lineNumberIndex[n] == nil { x.lineNumberIndex[n] = i }
            let k = NameFolding.key(r.name)
            x.foldedNames.append(k)
            x.nameIndex[k, default: []].append(i)
        }
        for (i, c) in columns.enumerated() {
            for k in [c.name] + c.aliases {
                let f = NameFolding.key(k)
                if x.columnIndex[f] == nil { x.columnIndex[f] = i }
            }
        }
        return x
    }

    /// Each row's folded name (``NameFolding/key(_:)``), by row index.
    var foldedNames: [String] { withIndexes { $0.foldedNames } }

    /// Links each coded row to the nearest preceding-level row whose code is its prefix.
    static func linkHierarchy(_ rows: inout [Row]) {
        var byCode: [String: Int] = [:]
        for (i, r) in rows.enumerated() {
            if let c = r.code, r.codeKind?.isClassification == true, byCode[c] == nil { byCode[c] = i }
        }
        for i in rows.indices {
            rows[i].children = []
            rows[i].parent = nil
        }
        for i in rows.indices {
            guard let code = rows[i].code, let kind = rows[i].codeKind, kind.isClassification else { continue }
            let lengths = kind.levelLengths.filter { $0 < code.count }.reversed()
            for len in lengths {
                if let p = byCode[String(code.prefix(len))], p != i {
                    rows[i].parent = p
                    rows[p].children.append(i)
                    break
                }
            }
        }
    }

    /// The rows with this code (more than one when the report repeats a code).
    public func rows(code: String) -> [Int] { withIndexes { $0.codeIndex[code] ?? [] } }
    /// The row printed with this 行次.
    public func row(lineNumber: Int) -> Int? { withIndexes { $0.lineNumberIndex[lineNumber] } }
    /// The rows whose name matches under forgiving name folding.
    public func rows(named name: String) -> [Int] {
        let k = NameFolding.key(name)
        return withIndexes { $0.nameIndex[k] ?? [] }
    }
    /// The index of the column with this name or alias, under name folding.
    public func column(named name: String) -> Int? {
        let k = NameFolding.key(name)
        return withIndexes { $0.columnIndex[k] }
    }
    func columnIndexByKey(_ key: String) -> Int? { withIndexes { $0.columnIndex[key] } }
    /// The rows whose folded name is `key`.
    public func rows(foldedName key: String) -> [Int] { withIndexes { $0.nameIndex[key] ?? [] } }
    /// All row names (for completion and suggestions).
    public var rowNames: [String] { rows.map(\.name) }
}

/// An amount column of a loaded table.
public struct Column: Sendable, Hashable {
    /// The name checks use.
    public var name: String
    /// Other names for the same column.
    public var aliases: [String]
    /// The column's 栏次 number when the report prints one.
    public var number: Int?
    /// Whether the report prints the column: `false` for a column declared `optional` that the
    /// table's header does not name (its cells are blank; grids leave it out).
    public var isPrinted: Bool

    /// Creates a column.
    public init(name: String, aliases: [String] = [], number: Int? = nil, isPrinted: Bool = true) {
        self.name = name; self.aliases = aliases; self.number = number; self.isPrinted = isPrinted
    }
}

/// A row of a loaded table.
public struct Row: Sendable {
    /// The classification code as written (digits only), if the row has one.
    public var code: String?
    /// The classification the code belongs to.
    public var codeKind: RowKey?
    /// The printed 行次, if any.
    public var lineNumber: Int?
    /// The row's name as printed (spaces from extraction removed).
    public var name: String
    /// The side-by-side group the row belongs to, if the table has groups.
    public var group: String?
    /// One cell per table column; a blank cell has no figure.
    public var cells: [Cell]
    /// The report line (1-based).
    public var line: Int
    /// Whether this is a 合计/总计 row.
    public var isTotal: Bool
    /// Index of the parent row in the classification hierarchy (computed by ``Table``).
    public internal(set) var parent: Int?
    /// Indexes of the child rows (computed by ``Table``).
    public internal(set) var children: [Int] = []

    /// Creates a row.
    public init(code: String? = nil, codeKind: RowKey? = nil, lineNumber: Int? = nil, name: String,
                group: String? = nil, cells: [Cell], line: Int, isTotal: Bool = false) {
        self.code = code; self.codeKind = codeKind; self.lineNumber = lineNumber; self.name = name
        self.group = group; self.cells = cells; self.line = line; self.isTotal = isTotal
    }

    /// The classification level: 1 for 类, 2 for 款, 3 for 项; `nil` without a code.
    public var level: Int? {
        guard let c = code, let k = codeKind, let i = k.levelLengths.firstIndex(of: c.count) else { return nil }
        return i + 1
    }
}

/// A cell of a loaded table.
public struct Cell: Sendable {
    /// The amount, or `nil` when the cell is blank.
    public var figure: Figure?
    /// The report line (1-based).
    public var line: Int

    /// Creates a cell.
    public init(figure: Figure?, line: Int) {
        self.figure = figure; self.line = line
    }

    /// A blank cell on `line`.
    public static func blank(line: Int) -> Cell { Cell(figure: nil, line: line) }
}

extension Table {
    /// The index of the column whose folded name (``NameFolding/key(_:)``) is `key`.
    public func column(foldedKey key: String) -> Int? { columnIndexByKey(key) }
}
