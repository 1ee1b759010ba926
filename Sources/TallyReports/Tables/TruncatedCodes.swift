import Tally

/// A 项 code cut to its 款's five digits in extraction (review 16, finding 806): `20805 ⇥
/// 机关事业单位基本养老保险缴费支出` right under `20805 ⇥ 行政事业单位养老支出`. Read as printed it was a
/// second 款 `20805` (L004), the 类 above it counted the amount twice, and the 项 went missing from
/// the cross-table checks.
///
/// When another table lists a row of the same name under a 7-digit code that starts with the
/// five digits, that is the code: the row takes it, with a warning `L030` in place of the `L004`.
/// Without such a row nothing is guessed (the `L004` stays).
enum TruncatedCodes {
    static func repair(_ tables: inout [Table], diagnostics: inout [LoadDiagnostic]) {
        guard tables.count > 1 else { return }
        for ti in tables.indices {
            let t = tables[ti]
            var rows = t.rows
            var changed = false
            // First row of each 5-digit 功能分类 code, per group.
            var first: [String: Int] = [:]
            var codes = Set<String>()
            for r in rows { if let c = r.code { codes.insert(c) } }
            for ri in rows.indices {
                let r = rows[ri]
                guard let c = r.code, r.codeKind == .functional, c.utf8.count == 5 else { continue }
                let key = (r.group ?? "") + "|" + c
                guard let fi = first[key] else { first[key] = ri; continue }
                // Right under its 款 (or under the 款's 项 rows), with a name of its own.
                guard rows[fi].name != r.name, (fi + 1..<ri).allSatisfy({ k in
                    guard let kc = rows[k].code else { return false }
                    return kc.utf8.count == 7 && kc.hasPrefix(c)
                }) else { continue }
                guard let (code, other) = codeElsewhere(name: r.name, under: c, tables: tables, besides: ti),
                      !codes.contains(code) else { continue }
                rows[ri].code = code
                codes.insert(code)
                changed = true
                diagnostics.removeAll { $0.id == LoadDiagnosticID.duplicateCode && $0.table == t.name && $0.line == r.line }
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.repairedCode, line: r.line,
                    "code '\(c)' of '\(r.name)' repeats the 款 above it (a 项 code cut short); read as '\(code)', its code in '\(other)'",
                    table: t.name))
            }
            if changed {
                tables[ti] = Table(name: t.name, title: t.title, line: t.line, columns: t.columns, rows: rows,
                                   rowKeys: t.rowKeys, groups: t.groups)
            }
        }
    }

    /// The 7-digit 功能分类 code under `kuan` of a row named `name` in a table other than
    /// `besides`, and that table's name; `nil` when none or when the tables disagree.
    static func codeElsewhere(name: String, under kuan: String, tables: [Table], besides: Int) -> (String, String)? {
        var found: (String, String)? = nil
        for (oi, o) in tables.enumerated() where oi != besides {
            for r in o.rows where r.codeKind == .functional && r.name == name {
                guard let c = r.code, c.utf8.count == 7, c.hasPrefix(kuan) else { continue }
                if let f = found, f.0 != c { return nil }
                if found == nil { found = (c, o.name) }
            }
        }
        return found
    }
}
