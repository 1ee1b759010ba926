import Tally

/// A problem found while loading a report: the report loaded, but something in it could not
/// be read as declared. Every diagnostic has the report line it is about, so that a reviewer
/// knows which checks could not run and why.
public struct LoadDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The stable id (`L004`), see ``LoadDiagnosticID``.
    public var id: String
    /// Error, warning or note.
    public var severity: Diagnostic.Severity
    /// The 1-based report line, or 0 when the diagnostic is about the report as a whole.
    public var line: Int
    /// A lowercase phrase without a final period; names and codes in quotes.
    public var message: String
    /// The pack's name of the table concerned, if any.
    public var table: String?

    /// Creates a diagnostic; the severity defaults to the id's.
    public init(_ id: String, line: Int, _ message: String, table: String? = nil,
                severity: Diagnostic.Severity? = nil) {
        self.id = id; self.line = line; self.message = message; self.table = table
        self.severity = severity ?? LoadDiagnosticID.defaultSeverity(id)
    }

    /// `L004 warning line 12: …` for logs and test failures.
    public var description: String {
        "\(id) \(severity.rawValue) line \(line)\(table.map { " [\($0)]" } ?? ""): \(message)"
    }
}
