import Tally

/// A 功能分类 table printed by unit (分单位): the 合计 row, then for each unit a unit row
/// (`101001 ⇥ 北京市某区卫生健康委员会本级`, or the unit's name alone) followed by that unit's own
/// 功能分类 tree (`208`, `20805`, `2080505` … again under the next unit). Review 11, finding 307.
///
/// The loader folds such a table into the view the packs' checks expect: one row per
/// classification code holding the sum of that code over the unit blocks (so that hierarchy,
/// total and cross-table checks by code read the department's figures), and the unit rows kept
/// as rows of their own, without a code, in group ``unitGroup`` (checks add them up against the
/// 合计). Each block is checked here against its unit row: its top-level rows must add up to it.
enum UnitBlocks {
    /// The group the unit rows of a folded table are put in.
    static let unitGroup = "单位"

    /// Whether `code` is a 功能分类 code a tree row may carry: 3, 5 or 7 digits under a known 类.
    static func isFunctionalCode(_ code: String?) -> Bool {
        guard let c = code, [3, 5, 7].contains(c.utf8.count) else { return false }
        return CodeChecker.isFunctionalClass(Substring(c.utf8.prefix(3)))
    }

    /// Whether row `i` reads as a unit row opening a block: a name that is neither a total nor a
    /// 科目 (`…支出`), no 功能分类 code (a 单位编码 such as `101001`, or none), an amount, and a
    /// 功能分类 row right after it.
    static func opensBlock(_ rows: [Row], _ i: Int) -> Bool {
        let r = rows[i]
        guard i + 1 < rows.count, !isFunctionalCode(r.code), isFunctionalCode(rows[i + 1].code) else { return false }
        guard !r.name.isEmpty, !r.isTotal, !TableReader.isTotalLabel(name: r.name), !r.name.hasSuffix("支出") else { return false }
        if let c = r.code, c.utf8.contains(where: { !($0 >= 0x30 && $0 <= 0x39) }) { return false }
        return r.cells.contains { $0.figure != nil }
    }

    /// Folds the unit blocks of `rows` (see the type's documentation) when the table has them and
    /// their figures confirm it; returns the diagnostics, or `nil` (rows untouched) otherwise.
    static func fold(_ rows: inout [Row], spec: TableSpec, columnNames: [String]) -> [LoadDiagnostic]? {
        guard spec.rowKeys.first == .functional, spec.groups.isEmpty, rows.count >= 3 else { return nil }
        let openers = rows.indices.filter { opensBlock(rows, $0) }
        guard let first = openers.first else { return nil }
        // Before the first unit: the 合计 (or a department row), never a tree of its own.
        guard !rows[..<first].contains(where: { isFunctionalCode($0.code) }) else { return nil }
        let totalIndex = rows[..<first].firstIndex { $0.isTotal || TableReader.isTotalLabel(name: $0.name) }
        let width = rows.map(\.cells.count).max() ?? 0
        var blocks: [Range<Int>] = []
        for (k, o) in openers.enumerated() { blocks.append((o + 1)..<(k + 1 < openers.count ? openers[k + 1] : rows.count)) }

        // The block's top-level rows: 功能分类 rows none of whose parents is in the block.
        func topSum(_ block: Range<Int>, _ c: Int) -> Figure? {
            let codes = Set(block.compactMap { isFunctionalCode(rows[$0].code) ? rows[$0].code : nil })
            var sum: Figure? = nil
            for i in block {
                guard isFunctionalCode(rows[i].code), let code = rows[i].code else { continue }
                let n = code.utf8.count
                if n > 3, codes.contains(String(code.prefix(3))) { continue }
                if n > 5, codes.contains(String(code.prefix(5))) { continue }
                guard c < rows[i].cells.count, let f = rows[i].cells[c].figure else { continue }
                sum = sum.map { (try? $0.adding(f)) ?? $0 } ?? f
            }
            return sum
        }
        func agrees(_ a: Figure?, _ b: Figure?) -> Bool {
            (a ?? .blank).meets(b ?? .blank).holds
        }
        // Confirmation by the figures: most blocks add up to their unit row, or the unit rows add
        // up to the 合计 (a planted error in one block keeps the others' reading).
        var mismatched: [(line: Int, name: String, column: Int, sum: Figure?, unit: Figure?)] = []
        var blocksAgreeing = 0
        for (k, block) in blocks.enumerated() {
            var ok = true
            let u = rows[openers[k]]
            for c in 0..<width {
                let unit = c < u.cells.count ? u.cells[c].figure : nil, sum = topSum(block, c)
                guard !agrees(sum, unit) else { continue }
                ok = false
                mismatched.append((u.line, u.name, c, sum, unit))
            }
            if ok { blocksAgreeing += 1 }
        }
        var unitsAddUp = false
        if let t = totalIndex, !rows[t].cells.isEmpty, rows[t].cells[0].figure != nil {
            var sum = Figure.blank
            for o in openers { if let f = rows[o].cells.first?.figure { sum = (try? sum.adding(f)) ?? sum } }
            unitsAddUp = agrees(sum, rows[t].cells[0].figure)
        }
        guard blocksAgreeing * 2 >= blocks.count && blocksAgreeing > 0 || unitsAddUp else { return nil }

        var diagnostics: [LoadDiagnostic] = []
        var reported = Set<Int>()
        for m in mismatched where reported.insert(m.line).inserted {
            let column = m.column < columnNames.count ? columnNames[m.column] : "\(m.column + 1)"
            diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unitBlocks, line: m.line,
                "unit '\(m.name)'「\(column)」\((m.unit ?? .blank).display) is not the sum of its 功能分类 rows \((m.sum ?? .blank).display)",
                table: spec.name, severity: .warning))
        }
        // One unit: its rows are the department's as printed (a code printed twice stays twice).
        if openers.count == 1 {
            rows[first].code = nil; rows[first].codeKind = nil; rows[first].group = unitGroup
            rows[first].isTotal = totalIndex != nil
            return diagnostics
        }

        // The fold: per code, the sum over the blocks, in code order (a code's parent first).
        var merged: [String: Row] = [:]
        var others: [Row] = []
        for block in blocks {
            for i in block {
                let r = rows[i]
                guard isFunctionalCode(r.code), let code = r.code else {
                    // A row between blocks that opens none (a department's own row): kept as a unit row.
                    var u = r
                    u.code = nil; u.codeKind = nil; u.isTotal = totalIndex != nil
                    others.append(u)
                    continue
                }
                guard var m = merged[code] else { merged[code] = r; continue }
                for c in 0..<min(m.cells.count, r.cells.count) {
                    guard let f = r.cells[c].figure else { continue }
                    if let e = m.cells[c].figure {
                        if let s = try? e.adding(f) { m.cells[c].figure = s }
                    } else {
                        m.cells[c] = r.cells[c]
                    }
                }
                merged[code] = m
            }
        }
        var out = Array(rows[..<first])
        for o in openers {
            var u = rows[o]
            u.code = nil; u.codeKind = nil; u.group = unitGroup
            // Unit rows are parts of the 合计; without a 合计 row none of them may stand for it.
            u.isTotal = totalIndex != nil
            out.append(u)
        }
        out.append(contentsOf: others)
        out.append(contentsOf: merged.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { merged[$0]! })
        rows = out

        diagnostics.insert(LoadDiagnostic(LoadDiagnosticID.unitBlocks, line: out[first].line,
            "the table is printed by unit: \(openers.count) unit rows, each followed by its own 功能分类 rows; the 功能分类 rows were read as their sums over the units",
            table: spec.name, severity: .note), at: 0)
        return diagnostics
    }

    /// A table keyed by 功能分类 printed by unit alone: its header names 单位编码/单位代码 and
    /// none of its codes is a 功能分类 code (`101001 | 昆明市生态环境局本级`, a 部门收入总表 of some
    /// templates). Every coded row becomes a unit row (no code, group ``unitGroup``) so that the
    /// units are added up to the 合计, and one note says the checks by class have no rows here —
    /// instead of a warning per unit that its code is cut short or of no 类 (review 12, finding 426).
    static func byUnit(_ rows: inout [Row], spec: TableSpec, hasUnitCodes: Bool) -> LoadDiagnostic? {
        guard hasUnitCodes, spec.rowKeys.first == .functional, spec.groups.isEmpty else { return nil }
        let coded = rows.indices.filter { rows[$0].code != nil }
        guard let first = coded.first, !coded.contains(where: { isFunctionalCode(rows[$0].code) }),
              coded.allSatisfy({ rows[$0].code!.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return nil }
        // A department code of one or two digits and its units' five-digit codes under it (`28`,
        // `28001`) are read as unit rows by ``CodeChecker/check(_:hasUnitCodes:)`` already.
        let short = coded.compactMap { rows[$0].code }.filter { $0.utf8.count < 3 }
        guard coded.contains(where: { i in
            let c = rows[i].code!
            return c.utf8.count >= 3 && !(c.utf8.count == 5 && short.contains { c.hasPrefix($0) })
        }) else { return nil }
        let hasTotal = rows.contains { $0.code == nil && ($0.isTotal || TableReader.isTotalLabel(name: $0.name)) }
        let shown = coded.prefix(3).map { rows[$0].code! }.joined(separator: ", ") + (coded.count > 3 ? ", …" : "")
        for i in coded {
            rows[i].code = nil; rows[i].codeKind = nil; rows[i].group = unitGroup
            rows[i].isTotal = hasTotal
        }
        return LoadDiagnostic(LoadDiagnosticID.unitBlocks, line: rows[first].line,
            "the rows of '\(spec.name)' are units (单位编码 \(shown)), not 功能分类 codes: its checks by class and by code have no rows; the \(coded.count) units are added up to its 合计",
            table: spec.name, severity: .note)
    }
}
