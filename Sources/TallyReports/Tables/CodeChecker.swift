import Tally

/// Checks and repairs the classification codes of one table: shifted code columns, wrong
/// lengths, unknown classes, duplicates, parents missing from the table. Unit codes (`28`,
/// `28001` under a 单位代码 header) are told apart from classification codes.
struct CodeChecker {
    let spec: TableSpec
    let titleLine: Int
    var diagnostics: [LoadDiagnostic] = []

    init(spec: TableSpec, titleLine: Int) {
        self.spec = spec; self.titleLine = titleLine
    }

    /// The 类 of the 支出功能分类 (2019– classification), for spotting damaged codes such as `280505`.
    static func isFunctionalClass(_ c: Substring) -> Bool {
        guard let v = Int(c) else { return false }
        return (201...239).contains(v)
    }

    /// The 类 of the 部门/政府预算支出经济分类.
    static func isEconomicClass(_ c: Substring) -> Bool {
        guard let v = Int(c) else { return false }
        return (301...313).contains(v) || v == 399 || (501...514).contains(v) || v == 599
    }

    static func kindName(_ k: RowKey) -> String { k == .economic ? "经济分类" : "功能分类" }

    /// Resolves rows that carried more than one code: 类/款/项 parts (`208` `05` `01`) are
    /// joined; a row carrying its own code and the next row's (columns shifted against the
    /// names) gets the code that fits, with a diagnostic saying which.
    mutating func resolveShiftedCodes(_ rows: inout [Row], candidates: [[String]]) {
        var candidates = candidates
        resolveTreeCodes(&rows, candidates: &candidates)
        var multi: [Int] = []
        for (i, c) in candidates.enumerated() where c.count >= 2 {
            if c[0].count == 3, c.dropFirst().allSatisfy({ $0.count == 2 }) {
                rows[i].code = c.joined()
            } else {
                multi.append(i)
            }
        }
        guard !multi.isEmpty else { return }
        let coded = candidates.indices.filter { !candidates[$0].isEmpty }
        var pairs = 0, matches = 0
        for (k, i) in coded.enumerated() where candidates[i].count >= 2 && k + 1 < coded.count {
            pairs += 1
            if candidates[i][1] == candidates[coded[k + 1]][0] { matches += 1 }
        }
        let shifted = pairs >= 1 && matches * 2 >= pairs
        var chosen = Set<String>()
        var previousSecond: String? = nil
        var firstReported = false
        for i in coded {
            let c = candidates[i]
            let own = c[0]
            var options = [own]
            if shifted, let b = previousSecond, b != own { options.append(b) }
            func score(_ code: String) -> Int {
                var s = 0
                if chosen.contains(code) { s -= 2 }
                if code.count == 3 { s += 1 }
                else if [5, 7].contains(code.count) {
                    let parentLength = code.count == 7 ? 5 : 3
                    if chosen.contains(String(code.prefix(parentLength))) { s += 1 }
                }
                return s
            }
            var pick = own
            for o in options.dropFirst() where score(o) > score(pick) { pick = o }
            rows[i].code = pick
            chosen.insert(pick)
            if c.count >= 2 || options.count > 1 {
                if shifted, !firstReported {
                    firstReported = true
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.shiftedCodeColumns, line: rows[i].line,
                        "code columns are shifted against the names: \(multi.count) rows carry their own code and the next row's; took each row's own code",
                        table: spec.name))
                }
                if options.count > 1 {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.shiftedCodeColumns, line: rows[i].line,
                        "codes of '\(rows[i].name)' disagree: '\(own)' in its code column, '\(options[1])' announced by the row above; took '\(pick)'",
                        table: spec.name))
                } else if !shifted {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.shiftedCodeColumns, line: rows[i].line,
                        "row '\(rows[i].name)' carries two codes '\(c[0])' and '\(c[1])'; took '\(pick)'", table: spec.name))
                }
            }
            previousSecond = c.count >= 2 ? c[1] : nil
        }
    }

    /// Codes printed as a tree in 类/款/项 columns: a row with one empty placeholder before its
    /// two-digit parts (款, or 款 and 项) takes the last class code before it as prefix, with two
    /// (the 项 column) the last 款 code; a full code on a row (3, 5 or 7 digits) sets both. Parts
    /// with no parent above them are left as printed.
    func resolveTreeCodes(_ rows: inout [Row], candidates: inout [[String]]) {
        guard candidates.contains(where: { $0.first == "" }) else { return }
        var cls: String? = nil, kuan: String? = nil
        for i in candidates.indices {
            let c = candidates[i]
            guard let own = c.last else { continue }
            if c.first != "" {
                let full = c.count >= 2 && c[0].count == 3 && c.dropFirst().allSatisfy({ $0.count == 2 }) ? c.joined() : own
                if full.count == 3 { cls = full; kuan = nil } else if full.count == 5 || full.count == 7 {
                    cls = String(full.prefix(3)); kuan = String(full.prefix(5))
                }
                continue
            }
            // The blank columns before the row's own parts say which levels it inherits: one
            // blank, the 类 above (its parts are 款 and maybe 项); two, the 款 above.
            let blanks = c.prefix(while: { $0.isEmpty }).count
            let parts = c.dropFirst(blanks)
            guard !parts.isEmpty else { continue }
            let inherited: String?
            switch blanks {
            case 1: inherited = cls
            case 2: inherited = kuan
            default: inherited = nil
            }
            var code = parts.joined()
            if let prefix = inherited, parts.allSatisfy({ $0.count == 2 }) {
                code = prefix + code
                if code.count >= 5 { kuan = String(code.prefix(5)) }
            }
            rows[i].code = code
            candidates[i] = [code]
        }
    }

    /// Checks code lengths, classes, duplicates and parents; turns unit codes into unit rows.
    mutating func check(_ rows: inout [Row], hasUnitCodes: Bool) {
        var unitPrefixes: [String] = []
        // Codes are ASCII digits (as read from cells and names): their length is their UTF-8
        // count, which String keeps, where `count` walks the characters.
        for i in rows.indices {
            guard let code = rows[i].code else { continue }
            if hasUnitCodes {
                let length = code.utf8.count
                let isUnit = length < 3
                    || (length == 5 && unitPrefixes.contains { code.hasPrefix($0) }
                        && !CodeChecker.isFunctionalClass(code.prefix(3)) && !CodeChecker.isEconomicClass(code.prefix(3)))
                if isUnit {
                    if length < 3 { unitPrefixes.append(code) }
                    rows[i].code = nil; rows[i].codeKind = nil; rows[i].isTotal = true
                    continue
                }
            }
            if rows[i].codeKind == nil, let k = spec.rowKeys.first(where: \.isClassification) ?? rowKeyOfGroup(rows[i].group) {
                rows[i].codeKind = k
            }
        }
        // Per group: lengths, classes, duplicates, parents. Groups are numbered in order of
        // appearance (no hashing of group names per row).
        var groupNames: [String] = []
        func groupID(_ g: String?) -> Int {
            let s = g ?? ""
            if let i = groupNames.firstIndex(of: s) { return i }
            groupNames.append(s)
            return groupNames.count - 1
        }
        var rowGroup: [Int] = []
        rowGroup.reserveCapacity(rows.count)
        for r in rows { rowGroup.append(groupID(r.group)) }
        var seen: [[String: Int]] = Array(repeating: [:], count: groupNames.count)
        var levelsPresent: [Set<Int>] = Array(repeating: [], count: groupNames.count)
        var codesByGroup: [Set<String>] = Array(repeating: [], count: groupNames.count)
        for (ri, r) in rows.enumerated() {
            guard let c = r.code, let k = r.codeKind, k.isClassification else { continue }
            levelsPresent[rowGroup[ri]].insert(c.utf8.count)
            codesByGroup[rowGroup[ri]].insert(c)
        }
        var lastAtLength: [[Int: String]] = Array(repeating: [:], count: groupNames.count)
        for (ri, r) in rows.enumerated() {
            guard let c = r.code, let k = r.codeKind, k.isClassification else { continue }
            let g = rowGroup[ri]
            let kindName = CodeChecker.kindName(k)
            let length = c.utf8.count
            if !k.levelLengths.contains(length) {
                let lengths = k.levelLengths.map(String.init).joined(separator: ", ")
                let hint = length == 6 && k == .functional ? " (a 项 code cut short?)" : ""
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.malformedCode, line: r.line,
                    "code '\(c)' of '\(r.name)' has \(length) digits; \(kindName) codes have \(lengths)\(hint)", table: spec.name))
            }
            if length >= 3 {
                // Codes are ASCII digits: prefixes are cut on UTF-8 without walking Characters.
                let cls = Substring(c.utf8.prefix(3))
                let valid = k == .functional ? CodeChecker.isFunctionalClass(cls) : CodeChecker.isEconomicClass(cls)
                if !valid {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.codeParentMismatch, line: r.line,
                        "code '\(c)' of '\(r.name)' starts with '\(cls)', which is no 类 of the \(kindName)", table: spec.name))
                }
            }
            if let first = seen[g][c] {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.duplicateCode, line: r.line,
                    "code '\(c)' of '\(r.name)' appears twice in this table (first on line \(first))", table: spec.name))
            } else {
                seen[g][c] = r.line
            }
            // Parent in the table, where the table lists that level.
            let lengths = k.levelLengths
            if let li = lengths.firstIndex(of: length), li > 0 {
                let parentLength = lengths[li - 1]
                let parent = String(Substring(c.utf8.prefix(parentLength)))
                if levelsPresent[g].contains(parentLength), !codesByGroup[g].contains(parent) {
                    let after = lastAtLength[g][parentLength].map { " (it follows '\($0)')" } ?? ""
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.codeParentMismatch, line: r.line,
                        "code '\(c)' of '\(r.name)' has no parent '\(parent)' in this table\(after)", table: spec.name))
                }
            }
            lastAtLength[g][length] = c
        }
    }

    func rowKeyOfGroup(_ g: String?) -> RowKey? {
        guard let g, let group = spec.groups.first(where: { $0.name == g }) else { return nil }
        return group.rowKeys.first(where: \.isClassification)
    }
}
