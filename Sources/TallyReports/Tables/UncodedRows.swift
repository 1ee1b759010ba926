import Tally

/// A classification table none of whose rows carries a code although names hold digits: the
/// codes are written in a form the loader does not read (`{208}社会保障和就业支出`), and every
/// check by code (hierarchy, totals, cross-table) is silently not applicable. Review 11,
/// findings 220 and 317 (the bracketed forms `[208]`, `【208】`, `(208)` are read since).
enum UncodedRows {
    /// A warning when no row of a table keyed by classification has a code while at least two
    /// row names hold a run of three or more digits; `nil` otherwise.
    static func diagnostic(_ rows: [Row], spec: TableSpec) -> LoadDiagnostic? {
        guard spec.rowKeys.first?.isClassification == true, !rows.contains(where: { $0.code != nil }) else { return nil }
        var named: [Row] = []
        for r in rows where hasDigitRun(r.name) { named.append(r) }
        guard named.count >= 2 else { return nil }
        return LoadDiagnostic(LoadDiagnosticID.malformedCode, line: named[0].line,
            "no row of this table has a \(CodeChecker.kindName(spec.rowKeys[0])) code, though \(named.count) names hold digits ('\(named[0].name)'): checks by code cannot run",
            table: spec.name)
    }

    /// Whether `name` holds three ASCII digits in a row.
    static func hasDigitRun(_ name: String) -> Bool {
        var run = 0
        for b in name.utf8 {
            run = b >= 0x30 && b <= 0x39 ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }
}
