import Tally

/// How the REPL shows a value: rows and lists of rows as aligned tables (CJK-width correct) with
/// each row's report line, numbers with where they were read (table, row, column, line),
/// comparisons with both sides, the difference and the allowance (``ResultText``), facts with
/// their fields.
enum ValueRenderer {
    /// The text shown for an evaluated expression.
    static func render(_ value: Value, _ result: ExpressionResult) -> String {
        if result.comparison != nil { return ResultText.expression(value, result) }
        switch value {
        case .row(let r):
            return rowTable([r])
        case .table(let t):
            return "\(t.name)  \(t.title)  (line \(t.line), \(t.rows.count) rows)\n" + DumpRenderer.grid(t)
        case .fact(let f):
            return facts([f])
        case .list(let items) where !items.isEmpty:
            let rows = items.compactMap { v -> RowRef? in if case .row(let r) = v { r } else { nil } }
            if rows.count == items.count { return rowTable(rows) }
            let fs = items.compactMap { v -> Fact? in if case .fact(let f) = v { f } else { nil } }
            if fs.count == items.count { return facts(fs) }
            let located = items.filter { if case .number(_, _?) = $0 { true } else { false } }
            if !located.isEmpty { return numberTable(items) }
            return ResultText.expression(value, result)
        default:
            return ResultText.expression(value, result)
        }
    }

    /// Rows as a grid: table, code, name, the amount columns (of one table; those the report
    /// prints) and the report line.
    static func rowTable(_ rows: [RowRef]) -> String {
        let tables = Set(rows.map { ObjectIdentifier($0.table) })
        let shown = tables.count == 1 ? rows[0].table.columns.indices.filter { rows[0].table.columns[$0].isPrinted } : []
        let columns = tables.count == 1 ? shown.map { rows[0].table.columns[$0].name } : ["value"]
        let hasCode = rows.contains { $0.row.code != nil }
        var header = ["table"] + (hasCode ? ["code"] : []) + ["name"]
        let fixed = header.count
        header += columns + ["line"]
        var grid = [header]
        for r in rows {
            var line = [r.table.name] + (hasCode ? [r.row.code ?? ""] : []) + [(r.row.isTotal ? "Σ " : "") + r.row.name]
            if tables.count == 1 {
                line += shown.map { $0 < r.row.cells.count ? r.row.cells[$0].figure?.display ?? "" : "" }
            } else {
                line.append(r.row.cells.first?.figure?.display ?? "")
            }
            line.append(String(r.row.line))
            grid.append(line)
        }
        return align(grid, rightAlignedFrom: fixed) + (rows.count > 1 ? "(\(rows.count) rows)\n" : "")
    }

    /// Numbers one per line with their provenance.
    static func numberTable(_ items: [Value]) -> String {
        var grid = [["value", "from"]]
        for v in items {
            if case .number(let f, let o) = v {
                grid.append([f.isBlank ? "(blank)" : f.display, o?.location.summary ?? ""])
            } else {
                grid.append([v.display, ""])
            }
        }
        return align(grid, rightAlignedFrom: 0, through: 0) + "(\(items.count) items)\n"
    }

    /// Facts with their fields, one per line.
    static func facts(_ fs: [Fact]) -> String {
        var out = ""
        for f in fs {
            out += "\(f.kind)  line \(f.line):"
            for (name, field) in f.fields.sorted(by: { ($0.value.line, $0.key) < ($1.value.line, $1.key) }) {
                out += "  \(name)=\(DumpRenderer.fieldText(field))"
            }
            out += "\n"
            out += DumpRenderer.itemLines(f, indent: "  ")
        }
        return out + (fs.count > 1 ? "(\(fs.count) facts)\n" : "")
    }

    /// Cells padded by display width; columns from `rightAlignedFrom` (through `through`, when
    /// given) are right-aligned in the body (numbers), the others left-aligned.
    static func align(_ grid: [[String]], rightAlignedFrom first: Int, through last: Int? = nil) -> String {
        let count = grid.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: count)
        for row in grid { for (i, c) in row.enumerated() { widths[i] = max(widths[i], Width.cells(c)) } }
        var out = ""
        for (ri, row) in grid.enumerated() {
            var line = ""
            for (i, c) in row.enumerated() {
                if i > 0 { line += "  " }
                let right = ri > 0 && i >= first && i <= (last ?? count - 1)
                line += right ? Width.leftPadded(c, to: widths[i]) : Width.padded(c, to: widths[i])
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
