import Tally

/// What checking one report produced: the one result model every output format renders.
package struct ReportRun: Sendable {
    /// The report's path as given.
    package var path: String
    /// Metadata read from the report (type, department, year, unit).
    package var metadata: ReportMetadata
    /// The pack that was run (its folder name, e.g. `部门决算`).
    package var packName: String?
    /// Load diagnostics: what the loader could not read, with report lines.
    package var loadDiagnostics: [LoadIssue]
    /// Check results, one per check and binding (passes included only when asked for).
    package var results: [CheckResult]
    /// Counts per status, always over every result (passes included).
    package var counts: [CheckResult.Status: Int]
    /// Why the report could not be checked at all (unreadable, refused): exit status 2.
    package var failure: String?

    package init(path: String, metadata: ReportMetadata = ReportMetadata(), packName: String? = nil,
                 loadDiagnostics: [LoadIssue] = [], results: [CheckResult] = [], counts: [CheckResult.Status: Int] = [:],
                 failure: String? = nil) {
        self.path = path; self.metadata = metadata; self.packName = packName; self.loadDiagnostics = loadDiagnostics
        self.results = results; self.counts = counts; self.failure = failure
    }

    /// Whether an error-severity check failed (exit status 1).
    package var hasErrorFinding: Bool {
        results.contains { $0.status == .fail && $0.severity == .error }
    }
}

/// A load diagnostic as outputs show it.
package struct LoadIssue: Sendable, Hashable {
    package var id: String
    package var severity: Diagnostic.Severity
    package var line: Int
    package var message: String
    package var table: String?

    package init(id: String, severity: Diagnostic.Severity, line: Int, message: String, table: String? = nil) {
        self.id = id; self.severity = severity; self.line = line; self.message = message; self.table = table
    }
}

/// An output format of `tally check`. Streaming formats write each report as it is checked;
/// the others collect and write at the end.
package protocol RunWriter: Sendable {
    /// Text written before the first report.
    mutating func begin(catalogue: [Pack.CheckInfo]) -> String
    /// Text for one report.
    mutating func write(_ run: ReportRun) -> String
    /// One report's text rendered ahead of ``write(_:rendered:)``, on a worker thread: workers call
    /// it concurrently on copies of the writer as it was before the first report, so it must not
    /// depend on what `write` accumulates. `nil` when the format renders in `write` only.
    func render(_ run: ReportRun) -> String?
    /// Text for one report, given what ``render(_:)`` produced for it (called in report order).
    mutating func write(_ run: ReportRun, rendered: String?) -> String
    /// Text written after the last report.
    mutating func end() -> String
}

extension RunWriter {
    /// Formats that render in `write` only.
    package func render(_ run: ReportRun) -> String? { nil }
    package mutating func write(_ run: ReportRun, rendered: String?) -> String { write(run) }
}
