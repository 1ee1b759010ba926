import Tally

/// Rows of a 绩效 sheet (项目绩效目标表, 绩效自评表) printed out of line with their block (`L024`).
///
/// No pack declares these sheets as tables: their tab-separated rows are read here only to find two
/// defects of the printed layout, each a warning on the row's line.
///
/// - **An amount in another cell than its block's.** In a run of consecutive tab rows that carry a
///   plain amount (`3.00`, `43.2万元`), at least five rows putting their amounts in the same cells
///   (`→→会议桌椅→→3.00`), a row whose amounts sit in cells shifted by one to three against them
///   (`→→购置沙发等→5.00→→`, after a page break), with at most a third as many rows so shifted.
///   A total row (合计, 总计, 小计 before its amount) is left alone: its label often spans cells.
/// - **An indicator label under the wrong header.** Below a header row naming `一级指标` and
///   `二级指标`, a cell that is a 一级 indicator (产出指标, 效益指标, 满意度指标) in another column
///   than `一级指标`'s, or a 二级 one (数量指标 … 服务对象满意度指标, 成本指标) in another column
///   than `二级指标`'s and `一级指标`'s (`满意度指标 (20分)→→社会效益指标` under `年度绩效目标→一级指标→
///   二级指标`). A 二级 label may be in the 一级 column: sheets print it there when the 一级 label is
///   left out, and 成本指标 is 一级 in some frameworks.
///
/// A run is the tab rows up to the next line that is neither a tab row nor blank; it is a 绩效
/// sheet's when the nearest short line above it naming a 表 names 绩效 or 自评.
enum PerformanceSheets {
    /// The diagnostics of the sheets in `text`.
    static func diagnostics(_ text: ReportText) -> [LoadDiagnostic] {
        var out: [LoadDiagnostic] = []
        let b = text.bytes
        let n = text.lineCount
        var title: (text: [UInt8], linesSince: Int)? = nil
        var i = 0
        while i < n {
            let r = text.lineRange(i)
            if hasTab(b, r) {
                var rows: [RawLine] = []
                var j = i
                while j < n {
                    let rj = text.lineRange(j)
                    if hasTab(b, rj) { rows.append(RawLine(text, index: j)) } else if !isBlank(b, rj) { break }
                    j += 1
                }
                if let t = title, t.linesSince <= 12, isPerformanceTitle(t.text) {
                    let name = String(decoding: t.text, as: UTF8.self)
                    out += shiftedAmounts(rows, text: text, sheet: name)
                    out += misplacedLabels(rows, text: text, sheet: name)
                }
                i = j
                continue
            }
            if !isBlank(b, r) {
                if r.count <= 150, Bytes.find(biao, in: Array(b[r])) != nil {
                    title = (Bytes.key(b[r]), 1)
                } else if title != nil {
                    title!.linesSince += 1
                }
            }
            i += 1
        }
        return out
    }

    private static let biao = Array("表".utf8)

    static func isPerformanceTitle(_ key: [UInt8]) -> Bool {
        Bytes.contains(key, "绩效") || Bytes.contains(key, "自评")
    }

    private static func hasTab(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        for k in r where b[k] == 0x09 { return true }
        return false
    }

    private static func isBlank(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        for k in r where b[k] != 0x20 && b[k] != 0x0D && b[k] != 0x09 { return false }
        return true
    }

    // MARK: Amounts

    /// Whether a cell is a plain amount: digits (thousands set apart by commas), decimals, and an
    /// optional 万元 or 元 — no percent, no other unit or word.
    static func isPlainAmount(_ b: [UInt8], _ c: RawCell) -> Bool {
        var k = c.start
        if k < c.end, b[k] == 0x2D { k += 1 }
        // Digit groups: the first of 1–3 digits when commas follow, the others of exactly 3.
        var groups: [Int] = [0]
        while k < c.end, Bytes.isDigit(b[k]) || b[k] == 0x2C {
            if b[k] == 0x2C { groups.append(0) } else { groups[groups.count - 1] += 1 }
            k += 1
        }
        guard groups[0] > 0 else { return false }
        if groups.count > 1 {
            guard groups[0] <= 3, groups.dropFirst().allSatisfy({ $0 == 3 }) else { return false }
        }
        if k < c.end, b[k] == 0x2E {
            k += 1
            let f = k
            while k < c.end, Bytes.isDigit(b[k]) { k += 1 }
            guard k > f else { return false }
        }
        while k < c.end, b[k] == 0x20 { k += 1 }
        if k == c.end { return true }
        let rest = Array(b[k..<c.end])
        return Bytes.equals(rest, "万元") || Bytes.equals(rest, "元")
    }

    /// Rows whose amounts sit in cells shifted against their block's (see the type's comment).
    static func shiftedAmounts(_ rows: [RawLine], text: ReportText, sheet: String) -> [LoadDiagnostic] {
        var out: [LoadDiagnostic] = []
        var block: [(row: RawLine, cells: [Int])] = []
        func flush() {
            defer { block.removeAll() }
            guard block.count >= 5 else { return }
            var counts: [[Int]: Int] = [:]
            for e in block { counts[e.cells, default: 0] += 1 }
            guard let top = counts.max(by: { $0.value < $1.value }), top.value >= 5,
                  counts.values.filter({ $0 == top.value }).count == 1 else { return }
            let major = top.key
            var flagged: [(position: Int, line: Int, shift: Int)] = []
            for (k, e) in block.enumerated() where e.cells != major && e.cells.count == major.count {
                let shifts = Set(zip(e.cells, major).map { $0 - $1 })
                guard shifts.count == 1, let d = shifts.first, d != 0, abs(d) <= 3,
                      counts[e.cells]! * 3 <= top.value, !isTotalRow(e.row, before: e.cells[0], text: text) else { continue }
                flagged.append((k, e.row.index + 1, d))
            }
            let cells = major.map { String($0 + 1) }.joined(separator: ", ")
            for run in runs(flagged.map { ($0.position, $0) }) {
                let d = run[0].shift
                let way = d < 0 ? "left" : "right"
                let by = abs(d) == 1 ? "one cell" : "\(abs(d)) cells"
                let uniform = run.allSatisfy { $0.shift == d }
                let what = run.count == 1 ? "a row of '\(sheet)' has its" : "\(run.count) rows of '\(sheet)' (lines \(run[0].line)–\(run[run.count - 1].line)) have their"
                out.append(LoadDiagnostic(LoadDiagnosticID.misalignedSheetRow, line: run[0].line,
                    "\(what) amount\(major.count == 1 ? "" : "s") shifted \(uniform ? "\(by) \(way)" : "one to three cells") of where the \(top.value) rows of \(run.count == 1 ? "its" : "their") block print them (cell\(major.count == 1 ? "" : "s") \(cells))",
                    table: sheet))
            }
        }
        let b = text.bytes
        for row in rows {
            let cells = row.cells.indices.filter { !row.cells[$0].isEmpty && isPlainAmount(b, row.cells[$0]) }
            if cells.isEmpty { flush() } else { block.append((row, cells)) }
        }
        flush()
        return out
    }

    /// Whether a cell before `before` is a total label (合计, 总计, 小计).
    static func isTotalRow(_ row: RawLine, before: Int, text: ReportText) -> Bool {
        for c in row.cells.prefix(before) where !c.isEmpty && c.end - c.start <= 30 {
            let k = Bytes.key(text.bytes[c.start..<c.end])
            if Bytes.equals(k, "合计") || Bytes.equals(k, "总计") || Bytes.equals(k, "小计") { return true }
        }
        return false
    }

    // MARK: Indicator labels

    static let levelOne: [StaticString] = ["产出指标", "效益指标", "满意度指标"]
    static let levelTwo: [StaticString] = ["数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标",
                                           "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标"]

    /// A cell's label key: spaces removed, folded, a trailing score (`(20分)`) dropped; `nil` for a
    /// long cell (no label).
    static func labelKey(_ b: [UInt8], _ c: RawCell) -> [UInt8]? {
        guard !c.isEmpty, c.end - c.start <= 60 else { return nil }
        var k = Bytes.key(b[c.start..<c.end])
        // `(20分)`, `(20.5分)` at the end.
        if k.last == 0x29, let open = k.lastIndex(of: 0x28), open + 4 < k.count, Bytes.hasSuffix(Array(k[..<(k.count - 1)]), "分") {
            let inner = k[(open + 1)..<(k.count - 1 - 3)]
            if !inner.isEmpty, inner.allSatisfy({ Bytes.isDigit($0) || $0 == 0x2E }) { k.removeSubrange(open...) }
        }
        return k
    }

    /// Rows below a `一级指标 | 二级指标` header with an indicator label in another column.
    static func misplacedLabels(_ rows: [RawLine], text: ReportText, sheet: String) -> [LoadDiagnostic] {
        var out: [LoadDiagnostic] = []
        let b = text.bytes
        var header: (line: Int, one: Int, two: Int)? = nil
        var flagged: [(position: Int, line: Int, header: Int, wrong: [String])] = []
        for (position, row) in rows.enumerated() {
            let keys = row.cells.map { labelKey(b, $0) }
            if let one = keys.firstIndex(where: { $0.map { Bytes.equals($0, "一级指标") } == true }),
               let two = keys.firstIndex(where: { $0.map { Bytes.equals($0, "二级指标") } == true }) {
                header = (row.index + 1, one, two)
                continue
            }
            guard let h = header else { continue }
            var wrong: [String] = []
            for (p, key) in keys.enumerated() {
                guard let key else { continue }
                let level: String
                if levelOne.contains(where: { Bytes.equals(key, $0) }) {
                    guard p != h.one else { continue }
                    level = "一级指标"
                } else if levelTwo.contains(where: { Bytes.equals(key, $0) }) || Bytes.equals(key, "成本指标") {
                    // In the 一级 column too: sheets print a 二级 label there when the 一级 one is
                    // left out (`→质量指标→政策宣传覆盖率→…`).
                    guard p != h.one, p != h.two else { continue }
                    level = "二级指标"
                } else {
                    continue
                }
                wrong.append("'\(String(decoding: key, as: UTF8.self))' in cell \(p + 1), not under \(level) (cell \(level == "一级指标" ? h.one + 1 : h.two + 1))")
            }
            if !wrong.isEmpty { flagged.append((position, row.index + 1, h.line, wrong)) }
        }
        for run in runs(flagged.map { ($0.position, $0) }) {
            let detail = run.map { run.count == 1 ? $0.wrong.joined(separator: "; ") : "line \($0.line): " + $0.wrong.joined(separator: "; ") }
            let what = run.count == 1 ? "a row of '\(sheet)' is" : "\(run.count) rows of '\(sheet)' (lines \(run[0].line)–\(run[run.count - 1].line)) are"
            out.append(LoadDiagnostic(LoadDiagnosticID.misalignedSheetRow, line: run[0].line,
                "\(what) out of line with the header (line \(run[0].header)): \(detail.joined(separator: "; "))",
                table: sheet))
        }
        return out
    }

    /// Items grouped into runs of consecutive positions (rows next to each other in a sheet).
    static func runs<T>(_ items: [(Int, T)]) -> [[T]] {
        var out: [[T]] = []
        var last = Int.min
        for (p, item) in items {
            if p == last + 1, !out.isEmpty { out[out.count - 1].append(item) } else { out.append([item]) }
            last = p
        }
        return out
    }
}
