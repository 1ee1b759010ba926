/// The model Tally evaluates against: a report's metadata, its tables and its narrative facts.
///
/// The text loader (`TallyReports`) produces one; hosts can build one directly or from JSON
/// (``JSONModel``) or implement ``ReportModel`` over their own storage.
public protocol ReportModel: Sendable {
    /// Metadata (department, year, type, unit).
    var metadata: ReportMetadata { get }
    /// The table checks call `name`, or `nil` when the report does not have it.
    func table(named name: String) -> Table?
    /// The names of the tables the model has.
    var tableNames: [String] { get }
    /// The facts of one kind, in report order.
    func facts(kind: String) -> [Fact]
    /// Why a table is missing or unreadable, if the loader knows (used in *not applicable* reasons).
    func absenceReason(table name: String) -> String?
    /// The fact kinds the model has, with the fields seen in each (for name resolution).
    var factFields: [String: [String]] { get }
    /// For each 1-based report line (index 0 unused), its logical line — what `x.para` reads:
    /// the pieces of a paragraph that text extraction wrapped over several lines (and the blank
    /// lines between them) count as one line. Empty when every line is its own logical line.
    var logicalLines: [Int32] { get }
}

extension ReportModel {
    public func absenceReason(table name: String) -> String? { nil }
    public var factFields: [String: [String]] { [:] }
    public var logicalLines: [Int32] { [] }
}

/// What kind of report a model holds.
public enum ReportType: String, Sendable, Codable {
    /// 部门预算 (budget).
    case budget = "预算"
    /// 部门决算 (final accounts).
    case finalAccounts = "决算"
    /// Not recognised.
    case unknown = "未知"
}

/// Report-level facts read from the title and headers.
public struct ReportMetadata: Sendable, Hashable {
    /// The department (部门).
    public var department: String?
    /// The fiscal year.
    public var year: Int?
    /// Budget or final accounts.
    public var type: ReportType
    /// The amount unit the tables state (`万元`, `元`; also `千元`, `亿元`, `百万元`).
    public var unit: String?

    /// Creates metadata.
    public init(department: String? = nil, year: Int? = nil, type: ReportType = .unknown, unit: String? = nil) {
        self.department = department; self.year = year; self.type = type; self.unit = unit
    }
}

/// A model held in memory: tables and facts as plain values. Hosts and tests build one directly.
public struct InMemoryModel: ReportModel {
    public var metadata: ReportMetadata
    /// Tables by name.
    public var tables: [String: Table]
    /// Facts in report order.
    public var allFacts: [Fact]
    /// Reasons tables are missing, by table name.
    public var absenceReasons: [String: String]
    private var factIndex: [String: [Fact]]

    /// Creates an in-memory model.
    public init(metadata: ReportMetadata = ReportMetadata(), tables: [Table] = [], facts: [Fact] = [],
                absenceReasons: [String: String] = [:]) {
        self.metadata = metadata
        var t: [String: Table] = [:]
        for table in tables where t[table.name] == nil { t[table.name] = table }
        self.tables = t
        self.allFacts = facts.sorted { $0.offset < $1.offset }
        self.absenceReasons = absenceReasons
        var idx: [String: [Fact]] = [:]
        for f in allFacts { idx[f.kind, default: []].append(f) }
        self.factIndex = idx
    }

    public func table(named name: String) -> Table? { tables[name] }
    public var tableNames: [String] { tables.keys.sorted() }
    public func facts(kind: String) -> [Fact] { factIndex[kind] ?? [] }
    public func absenceReason(table name: String) -> String? { absenceReasons[name] }
    public var factFields: [String: [String]] {
        var out: [String: [String]] = [:]
        for f in allFacts {
            for k in f.fields.keys.sorted() where !(out[f.kind]?.contains(k) ?? false) { out[f.kind, default: []].append(k) }
        }
        return out
    }
}
