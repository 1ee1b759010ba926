import Tally

/// A report loaded from its text: metadata, the tables the pack declares (by the pack's names),
/// narrative facts, and what could not be read.
public struct LoadedReport: ReportModel {
    /// The path the report was loaded from (as given).
    public let path: String
    /// Department, year, type and unit.
    public let metadata: ReportMetadata
    /// The loaded tables by the pack's table name.
    public let tables: [String: Table]
    /// The names of the loaded tables in report order.
    public let tableOrder: [String]
    /// Every fact, in report order.
    public let facts: [Fact]
    /// Problems found while loading, in report order (line 0 first).
    public let diagnostics: [LoadDiagnostic]
    /// Titles that look like tables but that no declaration recognises, with their lines.
    public let unrecognizedTables: [UnrecognizedTable]
    /// The report text, for snippets.
    public let text: ReportText
    private let factIndex: [String: [Fact]]
    /// Why declared tables are missing or empty, by the pack's table name.
    public let absenceReasons: [String: String]
    /// For each 1-based line, its logical line (``LogicalLines``); empty when the narrative
    /// is not wrapped.
    public let logicalLines: [Int32]

    /// Creates the report. `factRuns` cover `facts`, each range holding facts of one kind in
    /// report order (one fact declaration's), so that the facts are indexed by kind with a
    /// dictionary access per run rather than per fact.
    init(path: String, metadata: ReportMetadata, tables: [Table], facts: [Fact], factRuns: [Range<Int>],
         diagnostics: [LoadDiagnostic], unrecognizedTables: [UnrecognizedTable], text: ReportText, absence: [String: String]) {
        self.path = path; self.metadata = metadata; self.text = text
        logicalLines = LogicalLines.numbers(of: text)
        var t: [String: Table] = [:], order: [String] = []
        for table in tables.sorted(by: { $0.line < $1.line }) where t[table.name] == nil {
            t[table.name] = table; order.append(table.name)
        }
        self.tables = t; self.tableOrder = order
        self.facts = facts.sorted { $0.offset < $1.offset }
        var idx: [String: [Fact]] = [:]
        for run in factRuns where !run.isEmpty {
            let kind = facts[run.lowerBound].kind
            if idx[kind] == nil {
                idx[kind] = Array(facts[run])
            } else {
                // Two declarations of one kind: merged in report order, as sorting all facts does.
                idx[kind]!.append(contentsOf: facts[run])
                idx[kind]!.sort { $0.offset < $1.offset }
            }
        }
        self.factIndex = idx
        self.diagnostics = diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        self.unrecognizedTables = unrecognizedTables
        self.absenceReasons = absence
    }

    /// The table checks call `name`.
    public func table(named name: String) -> Table? { tables[name] }
    /// The names of the loaded tables, in report order.
    public var tableNames: [String] { tableOrder }
    /// The facts of one kind, in report order.
    /// The facts of one kind, in report order; kind ``Fact/loadProblemKind`` gives the load
    /// diagnostics, one fact each (`编号`, `级别`, `表`, `说明`) at its line.
    public func facts(kind: String) -> [Fact] {
        if let found = factIndex[kind] { return found }
        guard kind == Fact.loadProblemKind else { return [] }
        return diagnostics.map {
            Fact.loadProblem(id: $0.id, severity: $0.severity.rawValue, table: $0.table, message: $0.message, line: $0.line)
        }
    }
    /// Why a declared table is missing or empty (announced without rows, listed but absent, not
    /// found), for *not applicable* reasons.
    public func absenceReason(table name: String) -> String? { absenceReasons[name] }

    /// The number of lines of the report.
    public var lineCount: Int { text.lineCount }
    /// The text of the 1-based line `number`, for snippets.
    public func line(_ number: Int) -> String? { text.line(number) }
    /// Whether any load diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A title found in the report that no table declaration recognises.
public struct UnrecognizedTable: Sendable, Hashable {
    /// The title as written (spaces from extraction removed).
    public var title: String
    /// The 1-based line.
    public var line: Int
    /// Whether table content (a header or rows) follows the title, as opposed to a bare listing.
    public var hasContent: Bool

    /// Creates a record.
    public init(title: String, line: Int, hasContent: Bool) {
        self.title = title; self.line = line; self.hasContent = hasContent
    }
}
