/// Limits repeated diagnostics of one table: a damaged row can produce one diagnostic per
/// cell (a 1 MB row of amounts gave 110,000 `L007`), which helps nobody and costs memory and
/// time downstream.
enum DiagnosticCap {
    /// How many diagnostics of one id a table keeps.
    static let perTable = 20

    /// Keeps the first ``perTable`` diagnostics of each id, in order; for each id with more,
    /// one summary diagnostic (same id, severity and table, on the line of the first one left
    /// out) says how many were left out.
    static func capped(_ diagnostics: [LoadDiagnostic], table: String) -> [LoadDiagnostic] {
        guard diagnostics.count > perTable else { return diagnostics }
        var counts: [String: Int] = [:]
        var firstDropped: [String: LoadDiagnostic] = [:]
        var order: [String] = []
        var out: [LoadDiagnostic] = []
        for d in diagnostics {
            let n = counts[d.id, default: 0] + 1
            counts[d.id] = n
            if n <= perTable { out.append(d); continue }
            if firstDropped[d.id] == nil { firstDropped[d.id] = d; order.append(d.id) }
        }
        for id in order {
            guard let first = firstDropped[id], let n = counts[id] else { continue }
            let more = n - perTable
            out.append(LoadDiagnostic(id, line: first.line,
                "\(more) more \(id) diagnostic\(more == 1 ? "" : "s") of this table like the \(perTable) above are not listed (the first on this line)",
                table: first.table ?? table, severity: first.severity))
        }
        return out
    }
}
