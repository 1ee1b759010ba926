import Tally

/// The human format of `tally check`: per report, its load diagnostics, then each finding with
/// both sides, where each came from (table, row, column, report line), the difference and the
/// rounding allowance. Findings on the same figure are grouped under it.
package struct TextWriter: RunWriter {
    package var colors: Bool
    var totals: [CheckResult.Status: Int] = [:]
    var reports = 0
    var errorFindings = 0
    var warningFindings = 0

    package init(colors: Bool) { self.colors = colors }

    func paint(_ s: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    package mutating func begin(catalogue: [Pack.CheckInfo]) -> String { "" }

    package mutating func write(_ run: ReportRun) -> String { write(run, rendered: render(run)) }

    package mutating func write(_ run: ReportRun, rendered: String?) -> String {
        reports += 1
        if run.failure == nil {
            var counts = run.counts
            counts[.waived] = run.results.filter { $0.status == .waived }.count
            for (k, v) in counts { totals[k, default: 0] += v }
            errorFindings += run.results.filter { $0.status == .fail && $0.severity == .error }.count
            warningFindings += run.results.filter { $0.status == .fail && $0.severity == .warning }.count
        }
        return rendered ?? body(run)
    }

    package func render(_ run: ReportRun) -> String? { body(run) }

    /// One report: header, load diagnostics, findings grouped by the figure they rest on, summary.
    func body(_ run: ReportRun) -> String {
        var s = paint("━━ \(run.path)", "1") + "\n"
        let m = run.metadata
        let meta = [m.type == .unknown ? nil : "部门\(m.type.rawValue)", m.department, m.year.map(String.init), m.unit].compactMap { $0 }
        if !meta.isEmpty || run.packName != nil {
            s += "   " + meta.joined(separator: " · ") + (run.packName.map { "  (pack \($0))" } ?? "") + "\n"
        }
        if let f = run.failure {
            s += paint("   cannot check: \(f)", "31") + "\n\n"
            return s
        }
        let shownDiagnostics = run.loadDiagnostics.filter { $0.severity != .note }
        if !shownDiagnostics.isEmpty {
            s += "\n   load diagnostics — parts of the report that could not be read as declared:\n"
            for d in shownDiagnostics.sorted(by: { $0.line < $1.line }) {
                let where_ = d.line > 0 ? "line \(String(d.line).leftPad(4))" : "         "
                s += "   \(where_)  \(d.severity.rawValue.padding(7)) \(d.id)  \(d.message)\n"
            }
        }
        let problems = run.results.filter { $0.status == .fail || $0.status == .error || $0.status == .waived }
        if !problems.isEmpty { s += "\n" }
        // Group findings that rest on the same figure (same report line and value on the left).
        var groups: [(key: String, items: [CheckResult])] = []
        var groupIndex: [String: Int] = [:]
        var ungrouped = 0
        for r in problems.sorted(by: { ($0.location?.line ?? 0, $0.checkID) < ($1.location?.line ?? 0, $1.checkID) }) {
            // A finding without a compared figure stands alone.
            let key = r.lhs.map { "\(r.location?.line ?? 0)|\($0.display)" } ?? { ungrouped += 1; return "#\(ungrouped)" }()
            if let i = groupIndex[key] { groups[i].items.append(r) } else { groupIndex[key] = groups.count; groups.append((key, [r])) }
        }
        for g in groups {
            if g.items.count > 1, let first = g.items.first, let l = first.lhs {
                s += "   " + paint("\(g.items.count) findings rest on \(l.display) at line \(first.location?.line ?? 0):", "1") + "\n"
            }
            for r in g.items { s += finding(r, indent: g.items.count > 1 ? "     " : "   ") }
        }
        var counts = run.counts
        counts[.waived] = run.results.filter { $0.status == .waived }.count
        let errs = run.results.filter { $0.status == .fail && $0.severity == .error }.count
        let warns = run.results.filter { $0.status == .fail && $0.severity == .warning }.count
        s += "\n   " + summary(errors: errs, warnings: warns, counts: counts) + "\n\n"
        return s
    }

    func summary(errors: Int, warnings: Int, counts: [CheckResult.Status: Int]) -> String {
        var parts = [paint("\(errors) error\(errors == 1 ? "" : "s")", errors > 0 ? "1;31" : "32"),
                     paint("\(warnings) warning\(warnings == 1 ? "" : "s")", warnings > 0 ? "33" : "32")]
        parts.append("\(counts[.pass] ?? 0) passed")
        parts.append("\(counts[.notApplicable] ?? 0) not applicable")
        if let w = counts[.waived], w > 0 { parts.append("\(w) waived") }
        if let e = counts[.error], e > 0 { parts.append(paint("\(e) broken checks", "35")) }
        return parts.joined(separator: " · ")
    }

    func finding(_ r: CheckResult, indent: String) -> String {
        let mark: String
        switch r.status {
        case .waived: mark = paint("~ waived", "36")
        case .error: mark = paint("! broken check", "35")
        default: mark = r.severity == .error ? paint("✗ error", "1;31") : paint("△ warning", "33")
        }
        var s = "\(indent)\(mark)  \(paint(r.checkID, "1")) \(r.title)"
        if let l = r.location?.line { s += "  — line \(l)" }
        s += "\n"
        if !r.message.isEmpty { s += "\(indent)  \(r.message)\n" }
        if let l = r.lhs, let rh = r.rhs, let d = r.difference, let a = r.allowance {
            let t = ComparisonText(lhs: l, rhs: rh, difference: d, allowance: a)
            let lo = origin(of: r, side: 0), ro = origin(of: r, side: 1)
            s += "\(indent)  left        \(t.unit(t.lhs))\(lo)\n"
            s += "\(indent)  right       \(t.unit(t.rhs))\(ro)\n"
            if a.signum == 0 {
                s += "\(indent)  difference  \(t.unit(t.difference))\n"
            } else {
                s += "\(indent)  difference  \(t.unit(t.difference)), beyond the rounding allowance of \(t.unit(t.allowance))\n"
            }
        }
        if r.status == .fail {
            // Where each figure came from: sub-expressions read from the report, once each,
            // without bare loop variables.
            var seen = Set<String>()
            let steps = r.trace.filter { t in
                t.origin != nil && !t.source.isEmpty && !t.source.contains("\n")
                    && t.source.contains(where: { ".[(".contains($0) }) && seen.insert(t.source).inserted
            }.prefix(8)
            for t in steps {
                s += "\(indent)    \(t.source) = \(t.value)  ← \(t.origin!.summary)\n"
            }
        }
        if let w = r.waiver { s += "\(indent)  waived: \(w)\n" }
        return s
    }

    func origin(of r: CheckResult, side: Int) -> String {
        // Where each compared figure was read in the report, when it is a single figure.
        if side == 0, let l = r.location, l.table != nil || l.fact != nil { return "   ← " + l.summary }
        if side == 1, let l = r.rhsLocation { return "   ← " + l.summary }
        return ""
    }

    package mutating func end() -> String {
        guard reports > 1 else { return "" }
        return "\(reports) reports: " + summary(errors: errorFindings, warnings: warningFindings, counts: totals) + "\n"
    }
}

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
