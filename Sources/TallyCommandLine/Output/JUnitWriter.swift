import Tally

/// `tally check --format junit`: JUnit XML for CI test reporters.
///
/// One `<testsuite>` per report (named by its path as given) and one `<testcase>` per check and
/// binding (`classname` = the check id, `name` = `ID TITLE [binding]`):
///
/// - `pass` → an empty testcase;
/// - `fail` → `<failure message="…" type="error|warning">` whose text is the explanation: both
///   sides, the difference, the rounding allowance, the location with its report line, and the
///   trace (`source = value ← origin`);
/// - `error` (the check is broken) → `<error message="…" type="check">`;
/// - `not_applicable` and `waived` → `<skipped message="…"/>` (a waiver's skip keeps the
///   explanation as its text, so an accepted discrepancy stays visible).
///
/// Load diagnostics are testcases of classname `load`, failing when their severity is error; a
/// report that could not be checked is a suite with one testcase holding an `<error>`. The suite
/// counts (`tests`, `failures`, `errors`, `skipped`) and the totals on `<testsuites>` need every
/// report, so the writer collects: `end` returns the whole document.
package struct JUnitWriter: RunWriter {
    /// The `name` of the `<testsuites>` element.
    package var name: String

    private var suites: [String] = []
    private var totals = Counts()

    /// Testcase counts of a suite.
    private struct Counts {
        var tests = 0, failures = 0, errors = 0, skipped = 0

        static func += (a: inout Counts, b: Counts) {
            a.tests += b.tests; a.failures += b.failures; a.errors += b.errors; a.skipped += b.skipped
        }

        var attributes: String {
            "tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\""
        }
    }

    /// Creates a writer; `name` names the `<testsuites>` element.
    package init(name: String = "tally") {
        self.name = name
    }

    /// Writes nothing: the document is written by ``end()``.
    package mutating func begin(catalogue: [Pack.CheckInfo]) -> String { "" }

    /// Collects one report's suite; writes nothing.
    package mutating func write(_ run: ReportRun) -> String {
        var counts = Counts()
        var cases = ""
        if let failure = run.failure {
            counts.tests += 1; counts.errors += 1
            cases += "    <testcase classname=\"load\" name=\"\(Self.attribute("load " + run.path))\">\n"
            cases += "      <error message=\"\(Self.attribute(failure))\" type=\"load\">\(Self.text(run.path + ": " + failure))</error>\n"
            cases += "    </testcase>\n"
        }
        for issue in run.loadDiagnostics {
            counts.tests += 1
            let head = "\(issue.id) line \(issue.line)" + (issue.table.map { " " + $0 } ?? "")
            let detail = "\(issue.severity.rawValue) \(head): \(issue.message)"
            cases += "    <testcase classname=\"load\" name=\"\(Self.attribute(head + ": " + issue.message))\">\n"
            if issue.severity == .error {
                counts.failures += 1
                cases += "      <failure message=\"\(Self.attribute(issue.message))\" type=\"error\">\(Self.text(detail))</failure>\n"
            } else {
                cases += "      <system-out>\(Self.text(detail))</system-out>\n"
            }
            cases += "    </testcase>\n"
        }
        for r in run.results {
            counts.tests += 1
            var name = "\(r.checkID) \(r.title)"
            if let b = r.binding, !b.isEmpty { name += " [\(b)]" }
            let open = "    <testcase classname=\"\(Self.attribute(r.checkID))\" name=\"\(Self.attribute(name))\""
            switch r.status {
            case .pass:
                cases += open + "/>\n"
                continue
            case .fail:
                counts.failures += 1
                cases += open + ">\n"
                cases += "      <failure message=\"\(Self.attribute(FindingText.summary(r)))\" type=\"\(r.severity.rawValue)\">"
                cases += Self.text(Self.explanation(r)) + "</failure>\n"
            case .error:
                counts.errors += 1
                cases += open + ">\n"
                cases += "      <error message=\"\(Self.attribute(r.message))\" type=\"check\">"
                cases += Self.text(Self.explanation(r)) + "</error>\n"
            case .notApplicable:
                counts.skipped += 1
                cases += open + ">\n"
                cases += "      <skipped message=\"\(Self.attribute("not applicable: " + r.message))\"/>\n"
            case .waived:
                counts.skipped += 1
                cases += open + ">\n"
                cases += "      <skipped message=\"\(Self.attribute("waived: " + (r.waiver ?? "")))\">"
                cases += Self.text(Self.explanation(r)) + "</skipped>\n"
            }
            cases += "    </testcase>\n"
        }
        var suite = "  <testsuite name=\"\(Self.attribute(run.path))\" \(counts.attributes)"
        suite += cases.isEmpty ? "/>\n" : ">\n"
        if !cases.isEmpty {
            var properties: [(String, String)] = []
            if let p = run.packName { properties.append(("pack", p)) }
            if run.metadata.type != .unknown { properties.append(("type", run.metadata.type.rawValue)) }
            if !properties.isEmpty {
                suite += "    <properties>\n"
                for (k, v) in properties {
                    suite += "      <property name=\"\(Self.attribute(k))\" value=\"\(Self.attribute(v))\"/>\n"
                }
                suite += "    </properties>\n"
            }
            suite += cases + "  </testsuite>\n"
        }
        suites.append(suite)
        totals += counts
        return ""
    }

    /// The whole document, UTF-8, ending with a newline.
    package mutating func end() -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<testsuites name=\"\(Self.attribute(name))\" \(totals.attributes)"
        if suites.isEmpty { return s + "/>\n" }
        return s + ">\n" + suites.joined() + "</testsuites>\n"
    }

    // MARK: - Text

    /// The explanation a reviewer reads in the CI report: the message, both sides, the difference,
    /// the allowance, where, the binding and the trace.
    static func explanation(_ r: CheckResult) -> String {
        var lines = [r.message.isEmpty ? r.title : r.message]
        if let t = FindingText.comparison(r) {
            lines.append("  left        \(t.unit(t.lhs))")
            lines.append("  right       \(t.unit(t.rhs))")
            lines.append("  difference  \(t.unit(t.difference))")
            lines.append("  allowance   \(t.unit(t.allowance))  (rounding of the figures as written)")
        }
        if let l = r.location, !l.summary.isEmpty { lines.append("  location    \(l.summary)") }
        if let b = r.binding, !b.isEmpty { lines.append("  binding     \(b)") }
        if let w = r.waiver { lines.append("  waiver      \(w)") }
        if !r.trace.isEmpty {
            lines.append("  explanation")
            for e in r.trace {
                var line = "    \(e.source) = \(e.value)"
                if let o = e.origin, !o.summary.isEmpty { line += "   ← \(o.summary)" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Escapes element text: `&`, `<`, `>` (and quotes, harmless) as entities, carriage returns as
    /// `&#13;` so they survive parsing, and characters XML 1.0 forbids removed.
    package static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// Escapes an attribute value: as ``text(_:)``, and tabs and line breaks as character
    /// references so attribute-value normalisation keeps them.
    package static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\t": out += attribute ? "&#9;" : "\t"
            default:
                let v = u.value
                // Not allowed in XML 1.0 (C0 controls), or discouraged and invisible (DEL, C1), or
                // the noncharacters U+FFFE/U+FFFF: removed.
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
