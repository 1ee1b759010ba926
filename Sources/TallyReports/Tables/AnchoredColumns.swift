/// Space-aligned tables whose columns drift (review 11, finding 338): every amount is printed
/// roughly under its header cell, but its right edge wanders a column or two from row to row,
/// so the stretches the data covers (``AlignedColumns``) overlap or leave no clear gaps and the
/// table would be read cell by cell, a row with blank cells then shifting its amounts left.
///
/// Here the header alone makes the columns: each cell of the header line nearest the data is a
/// column (with the cells of higher header lines that stand over no cell of it, such as a 合计
/// spanning two header lines). A data row's cells keep their order and are matched to columns
/// in order, each amount to a column whose right edge is near its own (amounts are
/// right-aligned) or whose header it sits under, each text or code cell to the column whose
/// header starts or ends nearest it. The assignment with the least total distance wins. An
/// amount no column fits is left out of its row, and the reader says so (L007), rather than
/// guessed into a neighbour.
enum AnchoredColumns {
    typealias Span = AlignedColumns.Span

    /// How far (display columns) an amount's right edge may be from its column's right edge.
    static let tolerance = 4

    /// The re-cut lines, and for each data line the amounts that fit no column; `nil` when the
    /// header does not name at least three columns, when more than a tenth of the amounts or a
    /// quarter of the data rows fit no column (the header is not printed over its amounts).
    ///
    /// `strict`: only when every cell stands under its header cell (every amount within the
    /// tolerance, every text cell starting or ending near its header cell or under it); tried
    /// before the data-derived columns, which a few drifting rows in a short table mislead.
    ///
    /// `spans`: the data lines' ``DataSpans`` when the caller has them (the strict reading and the
    /// other one share them); computed here otherwise.
    static func tabulate(headers: [RawLine], numbers: RawLine?, data: [RawLine], text: ReportText, strict: Bool = false,
                         spans given: DataSpans? = nil)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine], unplaced: [(line: Int, cell: RawCell)])? {
        guard let leaves = headers.last, !data.isEmpty,
              (headers + data + (numbers.map { [$0] } ?? [])).allSatisfy({ $0.cells.count <= AlignedColumns.maxColumns })
        else { return nil }
        let dataSpans = given ?? DataSpans(data, text: text)
        var best: (columns: [Span], measure: AlignedColumns.Measure, rows: [[Int?]], misses: Int, cost: Int)?
        for m in AlignedColumns.Measure.allCases {
            let columns = anchors(headers: headers, leaves: leaves, text: text, measure: m)
            guard columns.count >= 3 else { continue }
            var rows: [[Int?]] = [], misses = 0, cost = 0, fitting = 0, amounts = 0, strayTexts = 0, full = 0
            for (line, spans) in zip(data, dataSpans[m]) {
                let r = place(line, spans: spans, columns: columns)
                rows.append(r.placed); cost += r.cost; fitting += r.fitting; amounts += r.amounts; strayTexts += r.strayTexts
                if r.missed > 0 { misses += 1 }
                if r.amounts == columns.count, line.filled == columns.count, inOrder(spans, columns: columns) { full += 1 }
            }
            if strict, misses > 0 || fitting < amounts || strayTexts > 0 { continue }
            // Amounts printed under their header cells, nearly all of them: otherwise the cells
            // are not placed by position (separated by runs of spaces only). Rows of amounts
            // filling every column the header names are read in order wherever they stand (the
            // one row of a 三公 table under a two-line header with no 栏次 row, right-aligned in
            // wide columns: review 14, finding 601).
            guard amounts > 0, 10 * fitting >= 9 * amounts || !strict && full == data.count else { continue }
            if best == nil || (misses, cost) < (best!.misses, best!.cost) { best = (columns, m, rows, misses, cost) }
        }
        guard let best, 4 * best.misses <= data.count else { return nil }
        let end = { (line: RawLine) in text.lineRange(line.index).upperBound }
        var unplaced: [(line: Int, cell: RawCell)] = []
        var out: [RawLine] = []
        for (line, placed) in zip(data, best.rows) {
            var cells = [RawCell](repeating: RawCell(start: end(line), end: end(line)), count: best.columns.count)
            for (i, k) in placed.enumerated() where !line.cells[i].isEmpty {
                if let k { cells[k] = line.cells[i] } else if case .blank = line.contents[i] {
                    // A dash that fits no column: nothing is lost.
                } else { unplaced.append((line.index, line.cells[i])) }
            }
            out.append(RawLine(index: line.index, cells: cells, bytes: text.bytes))
        }
        func recut(_ line: RawLine) -> RawLine {
            RawLine(index: line.index, cells: AlignedColumns.cut(line, columns: best.columns, text: text, measure: best.measure), bytes: text.bytes)
        }
        // A higher header cell over several columns is a merged cell: it stands in the first of
        // them, as tabs print it (`公务用车购置及运行维护费` over 小计 | 购置费 | 运行维护费).
        func recutHeader(_ line: RawLine) -> RawLine {
            guard line.index != leaves.index else { return recut(line) }
            var cells = recut(line).cells
            for (c, s) in zip(line.cells, AlignedColumns.spans(of: line, text: text, measure: best.measure)) {
                guard let s, let first = best.columns.firstIndex(where: { $0.overlap(s) > 0 }),
                      let k = cells.firstIndex(where: { $0.start == c.start && $0.end == c.end }), first < k,
                      best.columns[(first + 1)...k].allSatisfy({ $0.overlap(s) > 0 }),
                      cells[first..<k].allSatisfy(\.isEmpty) else { continue }
                cells.swapAt(first, k)
            }
            return RawLine(index: line.index, cells: cells, bytes: text.bytes)
        }
        return (headers.map(recutHeader), numbers.map(recut), out, unplaced)
    }

    /// Whether each amount of a row filling every column ends within its column's reach: right of
    /// the column's start and not past the next column's end (right-aligned in a column wider
    /// than its header cell). Under the wrong measure, or under a header that does not name the
    /// row's columns, an amount ends beyond its neighbour.
    /// `lineSpans`: the row's ``AlignedColumns/spans(of:text:measure:)`` under the measure tried.
    static func inOrder(_ lineSpans: [Span?], columns: [Span]) -> Bool {
        let spans = lineSpans.compactMap { $0 }
        guard spans.count == columns.count else { return false }
        for (k, s) in spans.enumerated() {
            if s.hi <= columns[k].lo { return false }
            if k + 1 < columns.count, s.hi > columns[k + 1].hi { return false }
        }
        return true
    }

    /// The columns the header names, left to right: the cells of the lowest header line, and
    /// cells of higher lines that overlap none of them.
    static func anchors(headers: [RawLine], leaves: RawLine, text: ReportText, measure: AlignedColumns.Measure) -> [Span] {
        var columns = AlignedColumns.spans(of: leaves, text: text, measure: measure).compactMap { $0 }
        let lowest = columns
        for line in headers.dropLast() {
            for s in AlignedColumns.spans(of: line, text: text, measure: measure).compactMap({ $0 })
            where !lowest.contains(where: { $0.overlap(s) > 0 }) && !columns.contains(where: { $0.overlap(s) > 0 }) {
                columns.append(s)
            }
        }
        columns.sort { $0.lo < $1.lo }
        // Header cells that touch or overlap are not columns printed by position.
        for k in columns.indices.dropFirst() where columns[k].lo < columns[k - 1].hi { return [] }
        return columns
    }

    /// The column of each cell of `line` (`nil` for an empty cell or an amount no column fits),
    /// the assignment's total distance and how many amounts fit no column. Cells keep their
    /// order; a line with more cells than columns fits nowhere. `spans` are the line's
    /// ``AlignedColumns/spans(of:text:measure:)`` under the measure tried.
    static func place(_ line: RawLine, spans: [Span?], columns: [Span])
        -> (placed: [Int?], cost: Int, missed: Int, fitting: Int, amounts: Int, strayTexts: Int) {
        let filled = spans.indices.filter { spans[$0] != nil }
        var placed = [Int?](repeating: nil, count: spans.count)
        let p = filled.count, q = columns.count
        guard p > 0 else { return (placed, 0, 0, 0, 0, 0) }
        let amounts = filled.filter { line.contents[$0].isDecimalAmount }.count
        guard p <= q else { return (placed, 0, amounts, 0, amounts, p - amounts) }
        // A cell's distance from a column; an amount beyond the tolerance costs a miss.
        let miss = 1_000
        func distance(_ i: Int, _ k: Int) -> (cost: Int, fits: Bool) {
            let s = spans[filled[i]]!, c = columns[k]
            if line.contents[filled[i]].isAmountLike {
                let d = abs(s.hi - c.hi)
                if d <= tolerance { return (d, true) }
                // Mostly under its header cell and under no other.
                if 2 * c.overlap(s) >= s.hi - s.lo, columns.indices.allSatisfy({ $0 == k || columns[$0].overlap(s) == 0 }) { return (d, true) }
                return (miss + d, false)
            }
            return (Swift.min(abs(s.lo - c.lo), abs(s.hi - c.hi)), true)
        }
        // cost[i][k]: the least total distance placing cells 0..<i in columns 0..<k.
        let inf = Int.max / 4
        var cost = [[Int]](repeating: [Int](repeating: inf, count: q + 1), count: p + 1)
        var took = [[Bool]](repeating: [Bool](repeating: false, count: q + 1), count: p + 1)
        for k in 0...q { cost[0][k] = 0 }
        for i in 1...p {
            for k in i...q {
                let skip = cost[i][k - 1]
                let take = cost[i - 1][k - 1] == inf ? inf : cost[i - 1][k - 1] + distance(i - 1, k - 1).cost
                if take <= skip { cost[i][k] = take; took[i][k] = true } else { cost[i][k] = skip }
            }
        }
        var i = p, k = q, missed = 0, fitting = 0, strayTexts = 0
        while i > 0 && k > 0 {
            if took[i][k] {
                let fits = distance(i - 1, k - 1).fits
                if fits, line.contents[filled[i - 1]].isDecimalAmount { fitting += 1 }
                if !line.contents[filled[i - 1]].isAmountLike {
                    let s = spans[filled[i - 1]]!, c = columns[k - 1]
                    if abs(s.lo - c.lo) > tolerance && abs(s.hi - c.hi) > tolerance && c.overlap(s) == 0 { strayTexts += 1 }
                }
                // A row filling every column is read in order wherever its amounts stand.
                if fits || p == q { placed[filled[i - 1]] = k - 1 } else if case .blank = line.contents[filled[i - 1]] {} else { missed += 1 }
                i -= 1
            }
            k -= 1
        }
        return (placed, cost[p][q] % miss, missed, fitting, amounts, strayTexts)
    }
}

extension AnchoredColumns {
    /// The display spans of each data line's cells under each measure, computed once for a
    /// table: every reading tried (strict or not, under either measure) places the same lines,
    /// and ``place(_:spans:columns:)`` and ``inOrder(_:columns:)`` both need them.
    struct DataSpans {
        private let byMeasure: [[[Span?]]]

        init(_ data: [RawLine], text: ReportText) {
            byMeasure = AlignedColumns.Measure.allCases.map { m in data.map { AlignedColumns.spans(of: $0, text: text, measure: m) } }
        }

        /// The spans of every data line, in order, under measure `m`.
        subscript(_ m: AlignedColumns.Measure) -> [[Span?]] {
            byMeasure[AlignedColumns.Measure.allCases.firstIndex(of: m)!]
        }
    }
}

extension CellContent {
    /// An amount or a dash: right-aligned under its column in a space-aligned table (a bare
    /// digit run is a code, printed at its column's left).
    var isAmountLike: Bool {
        switch self {
        case .blank: return true
        default: return isDecimalAmount
        }
    }
}
