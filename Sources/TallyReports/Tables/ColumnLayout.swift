import Tally

/// How the cells of one side-by-side group (or of the whole table) map to declared columns.
struct SegmentLayout {
    /// The declared group (its name is `nil` for a table without groups).
    var groupName: String?
    /// What keys the group's rows.
    var rowKeys: [RowKey]
    /// First cell position of the group on a row, when groups are found by position.
    var start: Int
    /// One past the last cell position, when groups are found by position.
    var end: Int
    /// Cells before the first amount column (code, name, 行次), from the header.
    var keyWidth: Int
    /// Whether a 行次 column follows the name.
    var hasLineNumber: Bool
    /// For each amount slot, left to right: the index in the table's columns, or `nil` for a
    /// column the pack does not declare.
    var slots: [Int?]
    /// The 栏次 printed for each slot, if the table has a 栏次 row.
    var columnNumbers: [Int?]
    /// A column that also takes the segment's figure (the table's total column, for a block
    /// printed as one column of it: ``ColumnLayout/columnBlocks``).
    var alsoInto: Int? = nil
    /// The key cell that names the row, counted from ``start``, when other key cells stand before
    /// it (`功能分类科目编码 | 功能分类科目名称 | 项目名称`: ``ColumnLayout/markNameColumn(headers:text:)``).
    var nameColumn: Int? = nil
}

/// The column layout of a table read from its header lines, 栏次 row and the pack's declaration.
///
/// Columns are known by header text, never by position alone: each header *leaf* (the lowest
/// header cell over a column, with the cells above it as its parents) is matched to the declared
/// columns by name or alias — exactly, as parent + leaf (`本年支出` + `小计`), as the first
/// 小计 under a parent named like the column, or by containment. Declared columns the header
/// does not name are placed by position only when the 栏次 row proves the slot exists.
struct ColumnLayout {
    /// The segments, left to right (one for a table without groups).
    var segments: [SegmentLayout]
    /// Whether segments are located by cell position (the header repeats its key columns).
    var positional: Bool
    /// Whether rows may carry 单位代码 unit codes (`28`, `28001`) besides classification codes.
    var hasUnitCodes: Bool
    /// Problems with the header.
    var diagnostics: [LoadDiagnostic]
    /// Whether the segments are blocks of one table printed side by side, each one column of it
    /// (``columnBlocks(grid:headers:leaves:prepared:)``): a row of block totals is one 合计 row.
    var columnBlocks: Bool = false
    /// The number of the table's columns (``TableSpec/allColumns``).
    var columnCount: Int = 0
    /// Side-by-side groups printed as amount columns of one list instead (`科目编码 | 科目名称 | 合计 |
    /// 人员经费 | 公用经费`: review 11, finding 230): per group column, its cell position, the group
    /// and the index of the group's first column. Each row gives one row per group with a figure.
    var groupColumns: [GroupColumn] = []
    /// Whether the header names none of the declared columns of any segment (the columns were
    /// taken in declared order): with no row either, no table was placed (`L019`).
    var namesNoColumn = false

    /// A group printed as an amount column (see ``groupColumns``).
    struct GroupColumn {
        var pos: Int
        var group: String
        var rowKeys: [RowKey]
        var column: Int
    }

    /// A header cell.
    struct Label {
        enum Kind { case empty, key, group, amount }
        var key: [UInt8]
        var kind: Kind
    }

    struct Leaf {
        var line: Int
        var pos: Int
        var key: [UInt8]
        var parents: [[UInt8]]
        var text: String
        /// Under a band labelled with an earlier year than another band of the header (the 2024
        /// block of `2024年预算数 …… | 2025年预算数 ……`): names no declared column.
        var earlierYear: Bool = false
    }

    static let keyExact: [StaticString] = ["项目", "科目", "行次", "栏次", "类", "款", "项", "序号", "名称", "编码", "代码",
                                           "经济科目", "功能科目", "*", "**", "单位", "支出功能分类科目", "功能分类", "经济分类",
                                           "采购项目", "采购品目"]
    static let keyParts: [StaticString] = ["编码", "代码", "名称", "分类科目"]

    /// Whether a header cell names a key column (code, name, 行次) rather than an amount column.
    static func isKeyLabel(_ k: [UInt8]) -> Bool {
        if keyExact.contains(where: { Bytes.equals(k, $0) }) { return true }
        if Bytes.hasPrefix(k, "项目(") || Bytes.hasPrefix(k, "科目") { return true }
        return Bytes.containsAny(k, keyParts)
    }

    static func isLineNumberLabel(_ k: [UInt8]) -> Bool { Bytes.equals(k, "行次") }

    /// Builds the layout.
    /// - Parameters:
    ///   - headers: header lines above the data, top to bottom (栏次 rows excluded).
    ///   - numbers: the 栏次 row, if any.
    static func build(spec prepared: PreparedTableSpec, headers: [RawLine], numbers: RawLine?, text: ReportText) -> ColumnLayout {
        let b = text.bytes
        let spec = prepared.spec
        let groups = prepared.groups
        let all = prepared.allColumns
        let groupKeys = prepared.groupKeys
        var diagnostics: [LoadDiagnostic] = []
        let headerLine = (headers.first?.index ?? numbers?.index ?? 0) + 1

        // The header grid.
        var grid: [[Label]] = headers.map { line in
            line.cells.map { c in
                if c.isEmpty { return Label(key: [], kind: .empty) }
                let k = Bytes.key(b[c.start..<c.end], dropQuotes: true)
                if k.isEmpty { return Label(key: [], kind: .empty) }
                if isKeyLabel(k) { return Label(key: k, kind: .key) }
                if groupKeys.contains(k) { return Label(key: k, kind: .group) }
                return Label(key: k, kind: .amount)
            }
        }
        let width = grid.map(\.count).max() ?? 0
        for i in grid.indices where grid[i].count < width {
            grid[i].append(contentsOf: Array(repeating: Label(key: [], kind: .empty), count: width - grid[i].count))
        }
        // Groups named as columns on the line that names the key columns (not a band above it).
        var groupColumns: [GroupColumn] = []
        if groups.count > 1 {
            for row in grid {
                guard let firstKey = row.firstIndex(where: { $0.kind == .key }) else { continue }
                var found: [GroupColumn] = []
                for (p, l) in row.enumerated() where p > firstKey && l.kind == .group {
                    guard let g = groups.firstIndex(where: { Bytes.key($0.name, dropQuotes: true) == l.key }),
                          let c = prepared.groupColumnIndex[g].first.flatMap({ $0 }) else { continue }
                    found.append(GroupColumn(pos: p, group: groups[g].name, rowKeys: groups[g].rowKeys, column: c))
                }
                if found.count >= 2 {
                    groupColumns = found; break
                }
            }
        }
        let hasUnitCodes = grid.contains { row in
            row.contains { $0.kind == .key && (Bytes.contains($0.key, "单位代码") || Bytes.contains($0.key, "单位编码")) }
        }

        // Positional segmentation: a header line repeating its key columns once per group.
        var starts: [Int] = []
        // The group of each segment: the declared order, unless a band of group names above the
        // key row says otherwise (review 11, findings 202 and 218: 人员经费 | 公用经费 over two
        // triples where three groups are declared, or 公用经费 spanning the second and third).
        var segmentGroups: [Int] = Array(groups.indices)
        if groups.count > 1 {
            for (ri, row) in grid.enumerated() {
                let s = keyRunStarts(row)
                // Cells in place (tabs, or space-aligned text re-cut into columns): the band and
                // the number of key runs place the groups. Split at runs of spaces, a row's cells
                // are not where its header's are, and rows are split at their names instead.
                let placed = headers[ri].tabbed
                if placed, s.count >= 2, let banded = ColumnLayout.bandGroups(grid[..<ri], starts: s, prepared: prepared) {
                    starts = s; segmentGroups = banded; break
                }
                if s.count == groups.count { starts = s; break }
                if s.count > groups.count, starts.isEmpty { starts = Array(s.prefix(groups.count)) }
                // Fewer key runs than groups and no band: the first groups, in declared order.
                if placed, s.count >= 2, s.count < groups.count, starts.isEmpty { starts = s; segmentGroups = Array(0..<s.count) }
            }
            if starts.count != segmentGroups.count { segmentGroups = Array(groups.indices) }
        }
        let segmentCount = segmentGroups.count
        let positional = groups.count > 1 && starts.count == segmentCount
        func segmentOf(_ pos: Int) -> Int {
            guard positional else { return 0 }
            var g = 0
            for (i, s) in starts.enumerated() where pos >= s { g = i }
            return g
        }
        func segmentStart(_ pos: Int) -> Int { positional ? starts[segmentOf(pos)] : 0 }

        // Leaves: amount cells with nothing below them; parents: non-leaf cells above.
        func isLeafCell(_ line: Int, _ pos: Int) -> Bool {
            for l in (line + 1)..<grid.count where grid[l][pos].kind != .empty { return false }
            return true
        }
        var leaves: [Leaf] = []
        for (li, row) in grid.enumerated() {
            for (p, l) in row.enumerated() where l.kind == .amount && isLeafCell(li, p) {
                var parents: [[UInt8]] = []
                var u = li - 1
                while u >= 0 {
                    var q = p
                    while q >= segmentStart(p) {
                        let c = grid[u][q]
                        if c.kind != .empty {
                            if (c.kind == .amount || c.kind == .group) && !isLeafCell(u, q) { parents.append(c.key) }
                            break
                        }
                        q -= 1
                    }
                    u -= 1
                }
                let cell = headers[li].cells[p]
                leaves.append(Leaf(line: headers[li].index, pos: p, key: l.key, parents: parents,
                                   text: String(decoding: Bytes.key(b[cell.start..<cell.end]), as: UTF8.self)))
            }
        }
        leaves.sort { $0.pos < $1.pos }
        if groups.count == 1, let blocks = ColumnLayout.columnBlocks(grid: grid, headers: headers, leaves: leaves, prepared: prepared) {
            return blocks
        }
        ColumnLayout.nameYearBands(&leaves)
        ColumnLayout.nameYears(&leaves)

        // 栏次 numbers, per segment.
        var numberCells: [(pos: Int, value: Int?)] = []   // value nil marks a 栏次 label
        if let n = numbers {
            for (p, c) in n.cells.enumerated() where !c.isEmpty {
                if case .number(let t) = CellContent.of(c, in: b), t.isPlainDigits, case let v = Int(t.mantissa) {
                    numberCells.append((p, v))
                } else if Bytes.equals(Bytes.key(b[c.start..<c.end]), "栏次") {
                    numberCells.append((p, nil))
                }
            }
        }
        var numbersPerSegment: [[Int]] = Array(repeating: [], count: segmentCount)
        if !numberCells.isEmpty {
            let labelCount = numberCells.filter { $0.value == nil }.count
            if groups.count > 1, labelCount == segmentCount {
                var g = -1
                for c in numberCells {
                    if c.value == nil { g += 1; continue }
                    numbersPerSegment[max(0, g)].append(c.value!)
                }
            } else if positional {
                for c in numberCells { if let v = c.value { numbersPerSegment[segmentOf(c.pos)].append(v) } }
            } else if groups.count > 1 {
                let values = numberCells.compactMap(\.value)
                let declared = groups.map(\.columns.count)
                if values.count == declared.reduce(0, +) {
                    var i = 0
                    for (g, n) in declared.enumerated() { numbersPerSegment[g] = Array(values[i..<i + n]); i += n }
                }
            } else {
                numbersPerSegment[0] = numberCells.compactMap(\.value)
            }
        }

        // Leaves per segment.
        var leavesPerSegment: [[Leaf]] = Array(repeating: [], count: segmentCount)
        var assigned: [[Int?]] = Array(repeating: [], count: segmentCount)
        let groupColumnKeys = prepared.groupColumnKeys
        if groups.count == 1 || positional {
            for leaf in leaves { leavesPerSegment[segmentOf(leaf.pos)].append(leaf) }
            for g in 0..<segmentCount {
                assigned[g] = assign(leavesPerSegment[g], groupColumnKeys[segmentGroups[g]])
            }
        } else {
            // Sequential alignment: leaves in order, moving to the next group when a leaf fits it.
            var g = 0
            var used: [Set<Int>] = Array(repeating: [], count: groups.count)
            var last: [Int] = Array(repeating: -1, count: groups.count)
            for leaf in leaves {
                func best(_ gi: Int, after: Int) -> Int? {
                    var found: (Int, Int)? = nil
                    for (ci, keys) in groupColumnKeys[gi].enumerated() where ci > after && !used[gi].contains(ci) {
                        let s = score(leaf, keys)
                        if s > 0, found == nil || s > found!.1 { found = (ci, s) }
                    }
                    return found?.0
                }
                if let c = best(g, after: last[g]) {
                    leavesPerSegment[g].append(leaf); assigned[g].append(c); used[g].insert(c); last[g] = c
                } else if g + 1 < groups.count, let c = best(g + 1, after: -1) {
                    g += 1
                    leavesPerSegment[g].append(leaf); assigned[g].append(c); used[g].insert(c); last[g] = c
                } else {
                    leavesPerSegment[g].append(leaf); assigned[g].append(nil)
                }
            }
        }

        // A one-row table (三公) whose 栏次 row numbers exactly its declared columns is read in
        // declared order: its header repeats the same labels under 预算数 and 决算数, so names
        // cannot tell the slots apart, but the 栏次 row proves each one.
        if spec.isSingleRow, groups.count == 1, !numbersPerSegment[0].isEmpty,
           numbersPerSegment[0].count == groups[0].columns.count {
            let firstNumber = numberCells.first { $0.value != nil }?.pos ?? 0
            let mapped: [Int?] = prepared.groupColumnIndex[0]
            let segment = SegmentLayout(groupName: nil, rowKeys: groups[0].rowKeys, start: 0, end: Int.max,
                                        keyWidth: firstNumber, hasLineNumber: false, slots: mapped,
                                        columnNumbers: numbersPerSegment[0].map { Optional($0) })
            return ColumnLayout(segments: [segment], positional: false, hasUnitCodes: false,
                                diagnostics: diagnostics, columnCount: all.count)
        }

        // Slots per segment.
        var segments: [SegmentLayout] = []
        // Header leaves named by no declared column: their cells are not read (`L023`).
        var undeclared: [Leaf] = []
        var namesNoColumn = true
        for gi in 0..<segmentCount {
            let group = groups[segmentGroups[gi]]
            let segLeaves = leavesPerSegment[gi]
            let numbersHere = numbersPerSegment[gi]
            let slotCount = max(segLeaves.count, numbersHere.count)
            var slots: [Int?]
            let label = group.name.isEmpty ? "'\(spec.name)'" : "'\(spec.name)' group '\(group.name)'"
            if segLeaves.isEmpty || !assigned[gi].contains(where: { $0 != nil }) {
                // An `optional` column is read only where the header names it: never by position.
                slots = group.columns.indices.filter { !group.columns[$0].isOptional }
                if !segLeaves.isEmpty {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.headerMismatch, line: headerLine,
                        "the header of \(label) names none of its declared columns; columns taken in declared order",
                        table: spec.name))
                }
                while slots.count < slotCount { slots.append(nil) }
            } else {
                namesNoColumn = false
                slots = assigned[gi]
                // A declared column printed only as its parts: a header cell spanning two or more
                // leaves no column takes, without a 小计 of its own (基本支出 over 人员经费 | 公用经费:
                // review 11, finding 205). Its cell is the sum of theirs.
                for j in group.columns.indices where !slots.contains(where: { $0 == j }) {
                    let keys = groupColumnKeys[segmentGroups[gi]][j]
                    let parts = segLeaves.indices.filter { k in
                        slots[k] == nil && segLeaves[k].parents.first.map { keys.contains($0) } == true
                    }
                    if parts.count >= 2 { for k in parts { slots[k] = j } }
                }
                for k in segLeaves.indices where slots[k] == nil { undeclared.append(segLeaves[k]) }
                // An `optional` column the header does not name is simply not printed: no note,
                // and no cell given to it by position.
                for j in group.columns.indices where !slots.contains(where: { $0 == j }) && !group.columns[j].isOptional {
                    let name = group.columns[j].name
                    if slots.count < slotCount {
                        var at = 0
                        for (k, s) in slots.enumerated() { if let s, s < j { at = k + 1 } }
                        slots.insert(j, at: at)
                        let number = at < numbersHere.count ? " (栏次 \(numbersHere[at]))" : ""
                        let near = segLeaves.isEmpty ? headerLine : segLeaves[max(0, min(at, segLeaves.count) - 1)].line + 1
                        diagnostics.append(LoadDiagnostic(LoadDiagnosticID.headerMismatch, line: near,
                            "column '\(name)' of \(label) is not named in the header; placed by position\(number)",
                            table: spec.name))
                    } else {
                        diagnostics.append(LoadDiagnostic(LoadDiagnosticID.headerMismatch, line: headerLine,
                            "declared column '\(name)' of \(label) is not in the header; its cells are blank",
                            table: spec.name, severity: .note))
                    }
                }
                while slots.count < slotCount { slots.append(nil) }
            }
            let mapped: [Int?] = slots.map { s in s.flatMap { prepared.groupColumnIndex[segmentGroups[gi]][$0] } }
            var keyWidth = 0
            let start = positional ? starts[gi] : 0
            let end = positional ? (gi + 1 < starts.count ? starts[gi + 1] : Int.max) : Int.max
            if groups.count > 1 && !positional { keyWidth = 0 }
            else if let first = segLeaves.first?.pos { keyWidth = max(0, first - start) }
            else if let top = grid.first {
                var p = start
                while p < top.count, p < end, top[p].kind == .key { p += 1 }
                keyWidth = p - start
            }
            var hasLineNumber = group.rowKeys.contains(.lineNumber)
            for row in grid {
                for p in start..<min(end, row.count) where isLineNumberLabel(row[p].key) { hasLineNumber = true }
            }
            var numbersForSlots: [Int?] = slots.indices.map { $0 < numbersHere.count ? numbersHere[$0] : nil }
            if numbersHere.count != slots.count, !segLeaves.isEmpty {
                // Numbers by position under each named leaf.
                var byPos: [Int: Int] = [:]
                for c in numberCells { if let v = c.value { byPos[c.pos] = v } }
                var k = 0
                numbersForSlots = slots.map { _ in nil }
                for (si, s) in slots.enumerated() {
                    guard k < segLeaves.count else { break }
                    if s == nil || assigned[gi].contains(where: { $0 == s }) {
                        numbersForSlots[si] = byPos[segLeaves[k].pos]; k += 1
                    }
                }
            }
            segments.append(SegmentLayout(groupName: spec.groups.isEmpty ? nil : group.name, rowKeys: group.rowKeys,
                                          start: start, end: end, keyWidth: keyWidth, hasLineNumber: hasLineNumber,
                                          slots: mapped, columnNumbers: numbersForSlots))
        }
        if !groupColumns.isEmpty { diagnostics.removeAll { $0.id == LoadDiagnosticID.headerMismatch } }
        else if let d = undeclaredColumnsNote(undeclared, table: spec.name) { diagnostics.append(d) }
        var layout = ColumnLayout(segments: segments, positional: positional, hasUnitCodes: hasUnitCodes,
                                  diagnostics: diagnostics, columnCount: all.count, groupColumns: groupColumns)
        layout.namesNoColumn = namesNoColumn && groupColumns.isEmpty
        return layout
    }

    /// One note naming the header columns no declaration names (`上年预算数`, `增减额`, `增减率` over a
    /// table declaring this year's figures only: review 18, findings 901 and 906), whose cells are
    /// therefore not read; each name once, in header order. `nil` when every leaf names a column.
    /// A leaf without a CJK character (`1,20`, `3`: a row of figures read as the header of a table
    /// without one) names no column and is left out.
    static func undeclaredColumnsNote(_ leaves: [Leaf], table: String) -> LoadDiagnostic? {
        let leaves = leaves.filter { $0.key.contains { $0 >= 0x80 } }
        guard let first = leaves.min(by: { ($0.line, $0.pos) < ($1.line, $1.pos) }) else { return nil }
        var names: [String] = []
        for l in leaves.sorted(by: { $0.pos < $1.pos }) {
            let full = (l.parents.reversed().map { String(decoding: $0, as: UTF8.self) } + [l.text]).joined(separator: "/")
            if !names.contains(full) { names.append(full) }
        }
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        let what = names.count == 1 ? "header column \(list) of '\(table)' is" : "header columns \(list) of '\(table)' are"
        return LoadDiagnostic(LoadDiagnosticID.undeclaredColumns, line: first.line + 1,
            "\(what) not declared in the pack; \(names.count == 1 ? "its" : "their") cells are not read",
            table: table, severity: .note)
    }

    /// Where each run of key labels (科目编码, 科目名称) starts in a header row, counting a run only
    /// at the row's start or after an amount or group label: a header repeating its key columns
    /// once per side-by-side group or block starts a run for each.
    static func keyRunStarts(_ row: [Label]) -> [Int] {
        var starts: [Int] = []
        var sawAmountSinceKey = true
        for (p, l) in row.enumerated() {
            if l.kind == .key {
                if sawAmountSinceKey { starts.append(p) }
                sawAmountSinceKey = false
            } else if l.kind != .empty {
                sawAmountSinceKey = true
            }
        }
        return starts
    }

    /// A table without groups printed as blocks side by side, each block one amount column of it
    /// under a band naming that column (`人员经费 ⇥ ⇥ ⇥ 公用经费` over `科目编码 科目名称 金额 ⇥ 科目编码
    /// 科目名称 金额`: the national layout of the 一般公共预算基本支出表, review 11, finding 331). Each block
    /// is a segment whose one figure goes to the band's column and to the table's total column (its
    /// first, named 总计 or 合计), since a row of one block has nothing in the other. `nil` unless the
    /// header is tabbed, repeats its key columns two or more times, has exactly one amount leaf per
    /// block and a band naming a distinct declared column other than the total over each block.
    static func columnBlocks(grid: [[Label]], headers: [RawLine], leaves: [Leaf], prepared: PreparedTableSpec) -> ColumnLayout? {
        let columns = prepared.groupColumnKeys[0]
        guard let totalKeys = columns.first,
              totalKeys.contains(where: { Bytes.equals($0, "总计") || Bytes.equals($0, "合计") }) else { return nil }
        for (ri, row) in grid.enumerated() where ri > 0 && headers[ri].tabbed {
            let starts = keyRunStarts(row)
            guard starts.count >= 2 else { continue }
            var segments: [SegmentLayout] = []
            for (k, start) in starts.enumerated() {
                let end = k + 1 < starts.count ? starts[k + 1] : Int.max
                let inBlock = leaves.filter { $0.pos >= start && $0.pos < end }
                guard inBlock.count == 1, let leaf = inBlock.first, leaf.line == headers[ri].index,
                      let band = leaf.parents.last else { return nil }
                var named: Int? = nil
                for (j, keys) in columns.enumerated() where j > 0 && keys.contains(band) { named = j; break }
                guard let column = named, !segments.contains(where: { $0.slots == [column] }) else { return nil }
                var hasLineNumber = false
                for p in start..<min(end, row.count) where isLineNumberLabel(row[p].key) { hasLineNumber = true }
                segments.append(SegmentLayout(groupName: nil, rowKeys: prepared.groups[0].rowKeys, start: start, end: end,
                                              keyWidth: max(0, leaf.pos - start), hasLineNumber: hasLineNumber,
                                              slots: [prepared.groupColumnIndex[0][column]], columnNumbers: [nil],
                                              alsoInto: prepared.groupColumnIndex[0][0]))
            }
            guard segments.allSatisfy({ $0.slots.first != nil && $0.alsoInto != nil }) else { return nil }
            return ColumnLayout(segments: segments, positional: true, hasUnitCodes: false, diagnostics: [],
                                columnBlocks: true, columnCount: prepared.allColumns.count)
        }
        return nil
    }

    /// The group of each segment starting at `starts`, read from a band of declared group names in
    /// the header lines above the key row: a segment takes the group named over its first cells,
    /// or, with nothing over it, the group of the segment before it (a band cell spanning both).
    /// `nil` when no line above names a group at the first segment's start, or the band has
    /// another label over a segment.
    static func bandGroups(_ above: ArraySlice<[Label]>, starts: [Int], prepared: PreparedTableSpec) -> [Int]? {
        let groupIndex = Dictionary(prepared.groups.enumerated().map { (Bytes.key($0.element.name, dropQuotes: true), $0.offset) },
                                    uniquingKeysWith: { a, _ in a })
        for row in above.reversed() {
            guard starts[0] < row.count, row[starts[0]].kind == .group else { continue }
            var out: [Int] = []
            for (k, s) in starts.enumerated() {
                let e = k + 1 < starts.count ? starts[k + 1] : row.count
                var named: Int? = nil
                for p in s..<min(e, row.count) where row[p].kind != .empty {
                    // Another label, or a second group, over the segment: the line is no band that
                    // places the groups (a space-aligned band cut into the wrong columns).
                    guard named == nil, row[p].kind == .group, let g = groupIndex[row[p].key] else { return nil }
                    named = g
                }
                guard let g = named ?? out.last else { return nil }
                out.append(g)
            }
            return out
        }
        return nil
    }

    /// Header leaves labelled by year (`2025年预算数 | 2024年预算数 | 增减`, the usual way a budget
    /// prints this year's and last year's figures): when two or more years label leaves, the latest
    /// is read as 本年 and the one before it as 上年 (`本年预算数`, `上年预算数`; a bare `2025年` as
    /// `本年`), so the columns a pack declares by those words are found; a single year-labelled leaf
    /// is left as written.
    static func nameYears(_ leaves: inout [Leaf]) {
        var years: [Int: Int] = [:]  // leaf index → year
        for (i, l) in leaves.enumerated() {
            guard let y = TitleIndex.yearEnd(in: l.key), y >= 7, y <= 12 else { continue }
            let start = y - (Bytes.hasSuffix(Array(l.key[..<y]), Array("度".utf8)) ? 6 : 3) - 4
            // A bare year (`2024年 | 2025年`) is labelled too: it becomes 本年 / 上年 (review 11, finding 348).
            guard start == 0, let year = Int(String(decoding: l.key[0..<4], as: UTF8.self)) else { continue }
            years[i] = year
        }
        guard let latest = years.values.max(), Set(years.values).count >= 2 else { return }
        for (i, year) in years where year == latest || year == latest - 1 {
            let y = TitleIndex.yearEnd(in: leaves[i].key)!
            leaves[i].key = Array((year == latest ? "本年" : "上年").utf8) + leaves[i].key[y...]
        }
    }

    /// The year a header label starts with (`2025年预算数` → 2025), if any.
    static func leadingYear(_ k: [UInt8]) -> Int? {
        guard k.count >= 4 + TitleIndex.nian.count, Bytes.matches(k, TitleIndex.nian, at: 4),
              k[0..<4].allSatisfy(Bytes.isDigit) else { return nil }
        return Int(String(decoding: k[0..<4], as: UTF8.self))
    }

    /// Two year blocks side by side under year bands (`2024年预算数 …… | 2025年预算数 ……`, each
    /// band over the same column names: the Beijing/national 三公 table, review 11, finding 301).
    /// The block of the latest year is this year's and keeps its names; in an earlier block the
    /// block total (a 合计/小计/总计 right under the band) reads as 上年预算数 and the other leaves name
    /// no column, so a repeated name is never bound to its first, earlier-year occurrence.
    static func nameYearBands(_ leaves: inout [Leaf]) {
        var years: [Int: Int] = [:]  // leaf index → band year
        var leavesPerYear: [Int: Int] = [:]
        for (i, l) in leaves.enumerated() {
            guard l.parents.count >= 1, let band = l.parents.last, let y = leadingYear(band) else { continue }
            years[i] = y
            leavesPerYear[y, default: 0] += 1
        }
        guard let latest = years.values.max(), leavesPerYear.count >= 2,
              leavesPerYear.values.allSatisfy({ $0 >= 2 }) else { return }
        var earlierTotals = Set<Int>()
        for i in years.keys.sorted() where years[i]! < latest {
            let year = years[i]!
            if year == latest - 1, leaves[i].parents.count == 1, !earlierTotals.contains(year),
               isSubtotal(leaves[i].key) || Bytes.equals(leaves[i].key, "总计") {
                earlierTotals.insert(year)
                leaves[i].key = Array("上年预算数".utf8)
                leaves[i].parents = []
            } else {
                leaves[i].earlierYear = true
                leaves[i].parents = []
            }
        }
    }

    /// How well a header leaf names a declared column (0: not at all).
    static func score(_ leaf: Leaf, _ keys: [[UInt8]]) -> Int {
        if leaf.earlierYear { return 0 }
        var best = 0
        for k in keys where !k.isEmpty {
            // Parent(s) + leaf, e.g. 本年支出 + 小计: k ends with the leaf, preceded by the
            // nearest parent, then the next one up… (compared in place, no concatenation).
            if !leaf.parents.isEmpty, k.count > leaf.key.count, Bytes.hasSuffix(k, leaf.key) {
                var at = k.count - leaf.key.count
                for p in leaf.parents {
                    guard at >= p.count, Bytes.matches(k, p, at: at - p.count) else { break }
                    at -= p.count
                    if at == 0 { best = max(best, 5); break }
                }
            }
            if leaf.key == k { best = max(best, 4) }
            // The 小计 under a parent named like the column (基本支出 > 小计).
            if isSubtotal(leaf.key), let p = leaf.parents.first, p == k { best = max(best, 3) }
            // By containment, except last year's figure for a column that does not say 上年: a side
            // printing 上年预算数 | 本年预算数 takes 本年 for its 预算数, never the first amount
            // (review 18, finding 916: the 支出 side read last year's figures).
            if best < 2, k.count >= 6, leaf.key.count >= 6, !priorYearOnly(leaf.key, for: k),
               Bytes.find(k, in: leaf.key) != nil || Bytes.find(leaf.key, in: k) != nil {
                best = max(best, 2)
            }
            if best < 1, k.count >= 6, let p = leaf.parents.first, isSubtotal(leaf.key),
               Bytes.find(k, in: p) != nil || Bytes.find(p, in: k) != nil {
                best = max(best, 1)
            }
        }
        return best
    }

    /// Whether header label `leaf` is last year's figure (`上年预算数`, `上年数`) and declared key `k`
    /// does not name last year: such a leaf names `k` only exactly, never by containing it.
    static func priorYearOnly(_ leaf: [UInt8], for k: [UInt8]) -> Bool {
        Bytes.hasPrefix(leaf, "上年") && !Bytes.contains(k, "上年")
    }

    static func isSubtotal(_ k: [UInt8]) -> Bool { Bytes.equals(k, "小计") || Bytes.equals(k, "合计") }

    /// Assigns leaves to declared columns, strongest matches first.
    static func assign(_ leaves: [Leaf], _ columns: [[[UInt8]]]) -> [Int?] {
        var candidates: [(leaf: Int, column: Int, score: Int)] = []
        for (li, leaf) in leaves.enumerated() {
            for (ci, keys) in columns.enumerated() {
                let s = score(leaf, keys)
                if s > 0 { candidates.append((li, ci, s)) }
            }
        }
        candidates.sort { ($0.score, -$0.leaf, -$0.column) > ($1.score, -$1.leaf, -$1.column) }
        var result: [Int?] = Array(repeating: nil, count: leaves.count)
        var usedColumns = Set<Int>()
        for c in candidates where result[c.leaf] == nil && !usedColumns.contains(c.column) {
            result[c.leaf] = c.column
            usedColumns.insert(c.column)
        }
        return result
    }
}
