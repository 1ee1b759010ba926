import Tally

/// Plain-text renderings of values and results for people.
package enum ResultText {
    /// `tally eval` output: the value; for a comparison, the verdict first, then the details.
    package static func expression(_ value: Value, _ result: ExpressionResult) -> String {
        guard let c = result.comparison, let l = c.lhs, let r = c.rhs else {
            return value.display + "\n" + provenance(value)
        }
        let t = ComparisonText(lhs: l, rhs: r, difference: c.difference, allowance: c.allowance)
        var s = "\(value.display)\n"
        s += "  left        \(t.unit(t.lhs))\(origin(c.lhsValue))\n"
        s += "  right       \(t.unit(t.rhs))\(origin(c.rhsValue))\n"
        s += "  difference  \(t.unit(t.difference))\n"
        s += "  allowance   \(t.unit(t.allowance))  (rounding of the figures as written)\n"
        return s
    }

    static func origin(_ v: Value) -> String {
        switch v {
        case .number(_, let o?): return "   ← " + o.location.summary
        case .row(let r): return "   ← " + r.location.summary
        default: return ""
        }
    }

    static func provenance(_ v: Value) -> String {
        let o = origin(v)
        return o.isEmpty ? "" : "  " + o.dropFirst(3) + "\n"
    }
}

/// JSON renderings of values and results.
package enum ResultJSON {
    /// `tally eval --format json`: `value`, and for comparisons `lhs`, `rhs`, `difference`, `allowance`.
    package static func expression(_ value: Value, _ result: ExpressionResult) -> JSONValue {
        var obj: [(String, JSONValue)] = [("value", json(value))]
        if let c = result.comparison, let l = c.lhs, let r = c.rhs {
            let t = ComparisonText(lhs: l, rhs: r, difference: c.difference, allowance: c.allowance)
            obj += [("lhs", .string(t.lhs)), ("rhs", .string(t.rhs)), ("difference", .string(t.difference)),
                    ("allowance", .string(t.allowance)), ("percent", .bool(t.isPercent))]
        }
        if !result.trace.isEmpty {
            obj.append(("explanation", .array(result.trace.map(trace))))
        }
        return .object(obj)
    }

    package static func json(_ v: Value) -> JSONValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .number(let f, _): return .string(f.jsonString())
        case .text(let s): return .string(s)
        case .list(let xs): return .array(xs.map(json))
        case .row(let r):
            var o: [(String, JSONValue)] = [("table", .string(r.table.name)), ("name", .string(r.row.name)), ("line", .int(r.row.line))]
            if let c = r.row.code { o.insert(("code", .string(c)), at: 1) }
            o.append(("cells", .object(zip(r.table.columns, r.row.cells).map { ($0.name, $1.figure.map { .string($0.jsonString()) } ?? .null) })))
            return .object(o)
        default: return .string(v.display)
        }
    }

    package static func trace(_ t: TraceEntry) -> JSONValue {
        var o: [(String, JSONValue)] = [("source", .string(t.source)), ("value", .string(t.value))]
        if let l = t.origin { o.append(("origin", location(l))) }
        return .object(o)
    }

    package static func location(_ l: ResultLocation) -> JSONValue {
        var o: [(String, JSONValue)] = []
        if let t = l.table { o.append(("table", .string(t))) }
        if let f = l.fact { o.append(("fact", .string(f))) }
        if let c = l.rowCode { o.append(("row", .string(c))) }
        if let n = l.rowName { o.append(("rowName", .string(n))) }
        if let c = l.column { o.append(("column", .string(c))) }
        if let line = l.line { o.append(("line", .int(line))) }
        return .object(o)
    }
}
