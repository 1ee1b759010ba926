/// A diagnostic is data: a stable id, a severity, a message and where it applies. Renderers
/// (plain text with carets, JSON, SARIF) are separate from it.
public struct Diagnostic: Sendable, Hashable, Error {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Something is wrong and the operation cannot go on as asked.
        case error
        /// Worth a look; the operation went on.
        case warning
        /// Additional information.
        case note

        private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// The stable id (`T0201`); wording may improve, ids never change.
    public var id: DiagnosticID
    /// Error, warning or note.
    public var severity: Severity
    /// A lowercase phrase without a final period; names in quotes.
    public var message: String
    /// The primary span, if the diagnostic points into source.
    public var span: SourceSpan?
    /// Why: additional facts.
    public var notes: [String]
    /// What to do: a suggestion.
    public var help: String?

    /// Creates a diagnostic with the id's default severity.
    public init(_ id: DiagnosticID, _ message: String, at span: SourceSpan? = nil,
                severity: Severity? = nil, notes: [String] = [], help: String? = nil) {
        self.id = id; self.severity = severity ?? id.defaultSeverity; self.message = message
        self.span = span; self.notes = notes; self.help = help
    }
}

/// A collection of diagnostics with convenience queries.
public struct Diagnostics: Sendable, Hashable {
    /// The diagnostics in the order they were found.
    public var items: [Diagnostic] = []
    /// Creates an empty list.
    public init(_ items: [Diagnostic] = []) { self.items = items }
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    /// Appends a diagnostic.
    public mutating func append(_ d: Diagnostic) { items.append(d) }
    /// Appends many.
    public mutating func append(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }
    /// Only the errors.
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
}
