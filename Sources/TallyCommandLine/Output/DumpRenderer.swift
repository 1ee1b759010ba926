import Tally
import TallyReports

/// Renders what the loader read from a report — `tally dump`: metadata, every table as an
/// aligned grid, the narrative facts with their fields and lines, and the load diagnostics.
///
/// It is how rule authors see what their declarations matched. The text form aligns columns
/// by display width (CJK characters take two cells); the JSON form carries every amount as a
/// decimal string as written without thousands separators (`"9111.11"`) and the report `line`
/// of every table, row, cell and fact.
package enum DumpRenderer {
    // MARK: Text

    /// The report as text for a terminal.
    package static func text(_ report: LoadedReport) -> String {
        var out = ""
        let m = report.metadata
        out += "report: \(report.path)\n"
        out += "department: \(m.department ?? "?")  year: \(m.year.map(String.init) ?? "?")  type: \(m.type.rawValue)  unit: \(m.unit ?? "?")\n"
        for name in report.tableNames {
            guard let t = report.table(named: name) else { continue }
            out += "\n== \(t.name)  \(t.title)  (line \(t.line), \(t.rows.count) rows)\n"
            out += grid(t)
        }
        let absent = report.absenceReasons.sorted { $0.key < $1.key }.filter { report.table(named: $0.key) == nil }
        if !absent.isEmpty {
            out += "\nnot loaded:\n"
            for (name, reason) in absent { out += "  \(name): \(reason)\n" }
        }
        if !report.facts.isEmpty {
            out += "\nfacts:\n"
            for f in report.facts {
                out += "  \(f.kind)  line \(f.line)"
                // The logical line (`x.para`) where wrapping moved it away from the report line.
                if f.line < report.logicalLines.count, Int(report.logicalLines[f.line]) != f.line {
                    out += " (para \(report.logicalLines[f.line]))"
                }
                out += ":"
                for (name, field) in f.fields.sorted(by: { $0.value.line == $1.value.line ? $0.key < $1.key : $0.value.line < $1.value.line }) {
                    out += "  \(name)=\(fieldText(field))"
                    if field.line != f.line { out += "@\(field.line)" }
                }
                out += "\n"
                out += itemLines(f, indent: "    ")
            }
        }
        if !report.unrecognizedTables.isEmpty {
            out += "\nunrecognised titles:\n"
            for u in report.unrecognizedTables { out += "  line \(u.line): \(u.title)\(u.hasContent ? "" : "  (no content)")\n" }
        }
        if !report.diagnostics.isEmpty {
            out += "\ndiagnostics:\n"
            for d in report.diagnostics {
                out += "  \(d.id) \(d.severity.rawValue) line \(d.line)\(d.table.map { " [\($0)]" } ?? ""): \(d.message)\n"
            }
        }
        return out
    }

    static func fieldText(_ f: FactField) -> String {
        switch f {
        case .figure(let fig, _): fig.display
        case .text(let s, _): s
        case .list(let items, _): "[\(items.count) item\(items.count == 1 ? "" : "s")]"
        }
    }

    /// The items of a fact's list fields (repeating groups), one line each with its report line
    /// and fields (`    部分[1]  line 12:  名=办公费  额=45.20`); empty when it has none.
    static func itemLines(_ f: Fact, indent: String) -> String {
        var out = ""
        for (name, field) in f.fields.sorted(by: { $0.key < $1.key }) {
            guard case .list(let items, _) = field else { continue }
            for (k, item) in items.enumerated() {
                out += "\(indent)\(name)[\(k + 1)]  line \(item.line):"
                for (n, v) in item.fields.sorted(by: { $0.value.line == $1.value.line ? $0.key < $1.key : $0.value.line < $1.value.line }) {
                    out += "  \(n)=\(fieldText(v))"
                    if v.line != item.line { out += "@\(v.line)" }
                }
                out += "\n"
            }
        }
        return out
    }

    /// A table as an aligned grid: line, group, code, 行次, name, then one column per declared column
    /// the report prints (an `optional` column its header lacks is left out).
    static func grid(_ t: Table) -> String {
        let shown = t.columns.indices.filter { t.columns[$0].isPrinted }
        let hasGroup = t.rows.contains { $0.group != nil }
        let hasCode = t.rows.contains { $0.code != nil }
        let hasLineNumber = t.rows.contains { $0.lineNumber != nil }
        var header = ["line"]
        if hasGroup { header.append("group") }
        if hasCode { header.append("code") }
        if hasLineNumber { header.append("行次") }
        header.append("name")
        let fixed = header.count
        header += shown.map { t.columns[$0] }.map { c in c.number.map { "\(c.name)[\($0)]" } ?? c.name }
        var rows: [[String]] = [header]
        for r in t.rows {
            var cells = [String(r.line)]
            if hasGroup { cells.append(r.group ?? "") }
            if hasCode { cells.append(r.code ?? "") }
            if hasLineNumber { cells.append(r.lineNumber.map(String.init) ?? "") }
            cells.append((r.isTotal ? "Σ " : "") + r.name)
            cells += shown.map { $0 < r.cells.count ? r.cells[$0].figure?.display ?? "" : "" }
            rows.append(cells)
        }
        var widths = Array(repeating: 0, count: header.count)
        for row in rows { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Width.cells(c)) } }
        var out = ""
        for (ri, row) in rows.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() where i < widths.count {
                if i > 0 { line += "  " }
                let numeric = i >= fixed || (i == 0 && ri > 0)
                line += numeric && ri > 0 ? Width.leftPadded(c, to: widths[i]) : Width.padded(c, to: widths[i])
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += "  " + line + "\n"
        }
        return out
    }

    // MARK: JSON

    /// The report as JSON: metadata, tables, facts, unrecognised titles and load diagnostics.
    package static func json(_ report: LoadedReport) -> JSONValue {
        let m = report.metadata
        var members: [(String, JSONValue)] = [
            ("path", .string(report.path)),
            ("metadata", .object([
                ("department", m.department.map(JSONValue.string) ?? .null),
                ("year", m.year.map(JSONValue.int) ?? .null),
                ("type", .string(m.type.rawValue)),
                ("unit", m.unit.map(JSONValue.string) ?? .null),
            ])),
        ]
        members.append(("tables", .array(report.tableNames.compactMap { report.table(named: $0) }.map(table))))
        members.append(("absentTables", .array(report.absenceReasons.sorted { $0.key < $1.key }
            .filter { report.table(named: $0.key) == nil }
            .map { .object([("name", .string($0.key)), ("reason", .string($0.value))]) })))
        members.append(("facts", .array(report.facts.map(fact))))
        members.append(("unrecognizedTables", .array(report.unrecognizedTables.map {
            .object([("title", .string($0.title)), ("line", .int($0.line)), ("hasContent", .bool($0.hasContent))])
        })))
        members.append(("diagnostics", .array(report.diagnostics.map(diagnostic))))
        return .object(members)
    }

    /// A load diagnostic as `{id, severity, line, message, table?}`.
    package static func diagnostic(_ d: LoadDiagnostic) -> JSONValue {
        var o: [(String, JSONValue)] = [("id", .string(d.id)), ("severity", .string(d.severity.rawValue)),
                                        ("line", .int(d.line)), ("message", .string(d.message))]
        if let t = d.table { o.append(("table", .string(t))) }
        return .object(o)
    }

    static func figure(_ f: Figure) -> JSONValue {
        f.kind == .percent ? .string(f.jsonString() + "%") : .string(f.jsonString())
    }

    static func table(_ t: Table) -> JSONValue {
        var o: [(String, JSONValue)] = [
            ("name", .string(t.name)), ("title", .string(t.title)), ("line", .int(t.line)),
        ]
        if !t.groups.isEmpty { o.append(("groups", .array(t.groups.map(JSONValue.string)))) }
        o.append(("columns", .array(t.columns.map { c in
            var co: [(String, JSONValue)] = [("name", .string(c.name))]
            if let n = c.number { co.append(("number", .int(n))) }
            return .object(co)
        })))
        o.append(("rows", .array(t.rows.map { r in
            var ro: [(String, JSONValue)] = [("line", .int(r.line)), ("name", .string(r.name))]
            if let c = r.code { ro.append(("code", .string(c))) }
            if let k = r.codeKind { ro.append(("codeKind", .string(k.rawValue))) }
            if let l = r.level { ro.append(("level", .int(l))) }
            if let p = r.parent, let pc = t.rows[p].code { ro.append(("parent", .string(pc))) }
            if let n = r.lineNumber { ro.append(("lineNumber", .int(n))) }
            if let g = r.group { ro.append(("group", .string(g))) }
            if r.isTotal { ro.append(("isTotal", .bool(true))) }
            ro.append(("cells", .array(zip(t.columns, r.cells).map { col, cell in
                .object([("column", .string(col.name)), ("value", cell.figure.map(figure) ?? .null), ("line", .int(cell.line))])
            })))
            return .object(ro)
        })))
        return .object(o)
    }

    static func fact(_ f: Fact) -> JSONValue {
        let fields: [(String, JSONValue)] = f.fields.sorted { $0.key < $1.key }.map { name, field in
            switch field {
            case .figure(let fig, let line):
                return (name, .object([("value", figure(fig)), ("kind", .string(fig.kind == .percent ? "percent" : "number")),
                                       ("line", .int(line))]))
            case .text(let s, let line):
                return (name, .object([("value", .string(s)), ("kind", .string("text")), ("line", .int(line))]))
            case .list(let items, let line):
                return (name, .object([("kind", .string("list")), ("line", .int(line)), ("items", .array(items.map(fact)))]))
            }
        }
        return .object([("kind", .string(f.kind)), ("line", .int(f.line)), ("text", .string(f.text)),
                        ("fields", .object(fields))])
    }
}
