/// Why a file could not be loaded at all: empty, binary, in an unknown encoding, unreadable or
/// too large. A report that loads with problems is not an error; it carries ``LoadDiagnostic``s.
public struct ReportLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable id (`L0901` …), see ``LoadDiagnosticID``.
    public var id: String
    /// A lowercase phrase without a final period.
    public var message: String
    /// The path as given to the loader.
    public var path: String

    /// Creates an error.
    public init(id: String, message: String, path: String) {
        self.id = id; self.message = message; self.path = path
    }

    /// `path: error L0901: the file is empty`.
    public var description: String { "\(path): error \(id): \(message)" }
}
