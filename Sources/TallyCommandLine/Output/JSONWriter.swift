import Tally

/// The JSON format of `tally check` (documented in the README; stable):
///
/// ```json
/// {"tally": "0.1.0", "reports": [
///   {"path": "…", "type": "决算", "department": "…", "year": 2024, "unit": "万元", "pack": "部门决算",
///    "diagnostics": [{"id": "L001", "severity": "warning", "line": 94, "message": "…", "table": "公开02"}],
///    "results": [{"check": "N-GROWTH", "title": "…", "severity": "error", "status": "fail",
///                 "location": {"table": "公开05", "row": "2101599", "rowName": "…", "column": "小计", "line": 212},
///                 "lhs": "12.8", "rhs": "12.7498", "percent": true, "difference": "0.0502", "allowance": "0.0501",
///                 "message": "…", "binding": "…", "explanation": [{"source": "…", "value": "…", "origin": {…}}]}],
///    "summary": {"pass": 120, "fail": 3, "not_applicable": 10, "error": 0, "waived": 0}}
/// ], "summary": {…}}
/// ```
/// Amounts are decimal strings; a percent comparison gives percent numbers (`"12.8"` for 12.8%).
/// Passing results are listed only with `--all`; the summary always counts them.
package struct JSONWriter: RunWriter {
    var first = true
    var totals: [CheckResult.Status: Int] = [:]

    package init() {}

    package mutating func begin(catalogue: [Pack.CheckInfo]) -> String {
        "{\"tally\":\"\(TallyMain.version)\",\"reports\":[\n"
    }

    package mutating func write(_ run: ReportRun) -> String { write(run, rendered: render(run)) }

    package func render(_ run: ReportRun) -> String? { Self.report(run).serialized() }

    package mutating func write(_ run: ReportRun, rendered: String?) -> String {
        for (k, v) in run.counts { totals[k, default: 0] += v }
        let s = (first ? "" : ",\n") + (rendered ?? Self.report(run).serialized())
        first = false
        return s
    }

    package mutating func end() -> String {
        "\n],\"summary\":" + Self.summary(totals).serialized() + "}\n"
    }

    static func summary(_ c: [CheckResult.Status: Int]) -> JSONValue {
        .object([CheckResult.Status.pass, .fail, .notApplicable, .error, .waived].map { ($0.rawValue, .int(c[$0] ?? 0)) })
    }

    package static func report(_ run: ReportRun) -> JSONValue {
        var o: [(String, JSONValue)] = [("path", .string(run.path))]
        let m = run.metadata
        o.append(("type", .string(m.type.rawValue)))
        if let d = m.department { o.append(("department", .string(d))) }
        if let y = m.year { o.append(("year", .int(y))) }
        if let u = m.unit { o.append(("unit", .string(u))) }
        if let p = run.packName { o.append(("pack", .string(p))) }
        if let f = run.failure { o.append(("error", .string(f))) }
        o.append(("diagnostics", .array(run.loadDiagnostics.map { d in
            var x: [(String, JSONValue)] = [("id", .string(d.id)), ("severity", .string(d.severity.rawValue)),
                                            ("line", .int(d.line)), ("message", .string(d.message))]
            if let t = d.table { x.append(("table", .string(t))) }
            return .object(x)
        })))
        o.append(("results", .array(run.results.map(result))))
        var counts = run.counts
        counts[.waived] = run.results.filter { $0.status == .waived }.count
        o.append(("summary", summary(counts)))
        return .object(o)
    }

    package static func result(_ r: CheckResult) -> JSONValue {
        var o: [(String, JSONValue)] = [("check", .string(r.checkID)), ("title", .string(r.title)),
                                        ("severity", .string(r.severity.rawValue)), ("status", .string(r.status.rawValue))]
        if let l = r.location { o.append(("location", ResultJSON.location(l))) }
        if let l = r.rhsLocation { o.append(("rhsLocation", ResultJSON.location(l))) }
        if let b = r.binding { o.append(("binding", .string(b))) }
        if let l = r.lhs, let rh = r.rhs, let d = r.difference, let a = r.allowance {
            let t = ComparisonText(lhs: l, rhs: rh, difference: d, allowance: a)
            o += [("lhs", .string(t.lhs)), ("rhs", .string(t.rhs)), ("percent", .bool(t.isPercent)),
                  ("difference", .string(t.difference)), ("allowance", .string(t.allowance))]
        }
        o.append(("message", .string(r.message)))
        if let w = r.waiver { o.append(("waiver", .string(w))) }
        if !r.trace.isEmpty { o.append(("explanation", .array(r.trace.map(ResultJSON.trace)))) }
        return .object(o)
    }
}
