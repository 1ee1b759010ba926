import Tally

/// `tally check --format github`: GitHub Actions workflow commands that annotate the report files.
///
/// - `::error file=PATH,line=N,title=ID TITLE::MESSAGE` for each failing error-severity result,
///   each broken check (title suffixed `(check error)`), each error-severity load diagnostic and
///   each report that could not be checked;
/// - `::warning …` for failing warning-severity results and warning-severity load diagnostics;
/// - `::notice …` for not-applicable and waived results and load notes, only when ``notices``
///   is on (off by default).
///
/// The message is the result's message with the comparison (`9111.11 vs 9110.11 (difference 1,
/// allowance 0.01)`) and, on a second line, what the result is about. Nothing else is written:
/// the exit status, not the annotations, fails the job. Each report's annotations are written as
/// soon as it is checked.
package struct GitHubWriter: RunWriter {
    /// Also annotate not-applicable and waived results and load notes, as `::notice`.
    package var notices: Bool

    /// Creates a writer; `notices` adds not-applicable and waived results and load notes as notices.
    package init(notices: Bool = false) {
        self.notices = notices
    }

    /// Writes nothing.
    package mutating func begin(catalogue: [Pack.CheckInfo]) -> String { "" }

    /// The annotations of one report, one command a line.
    package mutating func write(_ run: ReportRun) -> String {
        var out = ""
        if let failure = run.failure {
            out += Self.command("error", file: run.path, line: nil, title: "tally: report not checked", message: failure)
        }
        for issue in run.loadDiagnostics {
            let kind: String
            switch issue.severity {
            case .error: kind = "error"
            case .warning: kind = "warning"
            case .note:
                guard notices else { continue }
                kind = "notice"
            }
            let message = issue.table.map { "\($0): \(issue.message)" } ?? issue.message
            out += Self.command(kind, file: run.path, line: issue.line, title: issue.id, message: message)
        }
        for r in run.results {
            let title = "\(r.checkID) \(r.title)"
            let line = r.location?.line
            switch r.status {
            case .pass:
                continue
            case .fail:
                out += Self.command(r.severity == .error ? "error" : "warning", file: run.path, line: line,
                                    title: title, message: Self.message(r))
            case .error:
                out += Self.command("error", file: run.path, line: line, title: title + " (check error)",
                                    message: "the check could not be evaluated: " + r.message)
            case .notApplicable:
                guard notices else { continue }
                out += Self.command("notice", file: run.path, line: line, title: title + " (not applicable)",
                                    message: r.message.isEmpty ? "not applicable" : r.message)
            case .waived:
                guard notices else { continue }
                out += Self.command("notice", file: run.path, line: line, title: title + " (waived)",
                                    message: Self.message(r) + "\nwaived: " + (r.waiver ?? ""))
            }
        }
        return out
    }

    /// Writes nothing.
    package mutating func end() -> String { "" }

    /// The annotation text: summary, then what the result is about and its binding.
    static func message(_ r: CheckResult) -> String {
        var s = FindingText.summary(r)
        var about: [String] = []
        if let l = r.location, !l.summary.isEmpty { about.append(l.summary) }
        if let b = r.binding, !b.isEmpty { about.append(b) }
        if !about.isEmpty { s += "\n" + about.joined(separator: " · ") }
        return s
    }

    /// One workflow command line: `::KIND file=…,line=…,title=…::MESSAGE\n`.
    package static func command(_ kind: String, file: String?, line: Int?, title: String?, message: String) -> String {
        var properties: [String] = []
        if let file, !file.isEmpty { properties.append("file=" + escapeProperty(file)) }
        if let line, line >= 1 { properties.append("line=\(line)") }
        if let title, !title.isEmpty { properties.append("title=" + escapeProperty(title)) }
        let head = properties.isEmpty ? "::\(kind)" : "::\(kind) " + properties.joined(separator: ",")
        return head + "::" + escapeData(message) + "\n"
    }

    /// Escapes a command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`; other control
    /// characters (except tab) are removed.
    package static func escapeData(_ s: String) -> String { escape(s, property: false) }

    /// Escapes a property value: as ``escapeData(_:)``, and `:` → `%3A`, `,` → `%2C`.
    package static func escapeProperty(_ s: String) -> String { escape(s, property: true) }

    private static func escape(_ s: String, property: Bool) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            case "\t": out += "\t"
            default:
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
