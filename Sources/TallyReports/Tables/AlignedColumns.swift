/// Space-aligned tables, as text extracted with its layout prints them: every column keeps its
/// horizontal position and an empty cell is left blank, so splitting a line at runs of spaces
/// loses track of which column each cell is in (`合计  2,549.18  578.15     64.00` has a blank
/// between the second and third amount that no separator records).
///
/// ``tabulate(headers:numbers:data:text:)`` finds the columns from where the data rows' cells
/// sit — a column is a stretch of horizontal positions covered by cells, separated from the next
/// by positions no data cell covers — and re-cuts every header, 栏次 and data line into one cell
/// per column, empty where nothing is printed: what a tab-separated table gives the reader.
///
/// Positions are measured two ways, since extractors differ: counting a CJK character as two
/// columns (aligned for a fixed-width display) or as one (aligned by character count). The
/// measure under which the cells' edges line up best wins; when neither lines up, the table is
/// read cell by cell as before.
enum AlignedColumns {
    /// A horizontal extent `[lo, hi)` on a line.
    struct Span {
        var lo: Int
        var hi: Int
        func overlap(_ o: Span) -> Int { Swift.max(0, Swift.min(hi, o.hi) - Swift.max(lo, o.lo)) }
    }

    enum Measure: CaseIterable { case display, characters }

    /// Tables with lines of more cells than this are read as they are.
    static let maxColumns = 120

    /// The lines re-cut into columns, or `nil` when the data does not look column-aligned, in
    /// which case the lines are read as they are: fewer than two data rows (one with a 栏次 row),
    /// fewer than three columns, cells whose edges do not line up or a header line above the
    /// data with two cells over one column (text separated by runs of spaces without regard to position).
    static func tabulate(headers: [RawLine], numbers: RawLine?, data: [RawLine], text: ReportText)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine])? {
        var tie: Measure? = nil
        return tabulate(headers: headers, numbers: numbers, data: data, text: text, tieBrokenBy: &tie)
    }

    /// ``tabulate(headers:numbers:data:text:)``; `tieBrokenBy` is the measure the report's other
    /// lines chose (``preferredMeasure(_:)``) when the table's data lines up equally under both and
    /// the two cut its lines differently: the reading the report-wide tie-break picked (`L021`).
    static func tabulate(headers: [RawLine], numbers: RawLine?, data: [RawLine], text: ReportText, tieBrokenBy: inout Measure?)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine])? {
        guard data.count >= 2 || data.count == 1 && numbers != nil else { return nil }
        if data.count == 1, let numbers, let t = numbered(headers: headers, numbers: numbers, row: data[0], text: text) { return t }
        // Lines that label columns, nearest the data first: the 栏次 row, then the header bottom-up.
        let labels = (numbers.map { [$0] } ?? []) + headers.reversed()
        // No printed table has hundreds of columns; a line that splits into that many cells is
        // damage, and the work below grows with the square of the columns.
        guard (data + labels).allSatisfy({ $0.cells.count <= maxColumns }) else { return nil }
        // The measure under which the data lines up best.
        var tried: [(measure: Measure, columns: [Span], score: Int, fit: Int)] = []
        var cellCount = 0
        for m in Measure.allCases {
            let rows = data.map { spans(of: $0, text: text, measure: m) }
            cellCount = rows.reduce(0) { $0 + $1.compactMap { $0 }.count }
            guard let (columns, fit) = self.columns(data: data, spans: rows, labels: labels, text: text, measure: m) else { return nil }
            tried.append((m, columns, alignment(rows, columns), fit))
        }
        // On a tie (data without CJK text before its amounts) the report decides, as it was
        // extracted one way throughout; when it cannot, the measure under which the labels sit
        // over the columns.
        var best = tried.max { $0.score < $1.score }
        var tieBreak: Measure? = nil
        if tried.count == 2, tried[0].score == tried[1].score {
            if let m = preferredMeasure(text) { best = tried.first { $0.measure == m }; tieBreak = m } else { best = tried.max { $0.fit < $1.fit } }
        }
        // Aligned text has most cells on a shared left or right edge of their column.
        guard let (measure, columns, score, _) = best, columns.count >= 3, columns.count <= maxColumns, data.count == 1 || 10 * score >= 7 * cellCount else { return nil }
        // A header line right above the data with two cells over one column was not printed by
        // position (words separated by runs of spaces that only happen to line up): keep the
        // cells as they are.
        //
        // Except over a column of codes and names printed as one cell (`301 工资福利支出`, one space
        // between them: review 12, finding 422): 科目编码 and 科目名称 both stand over it, and the
        // code and name are read from its cell.
        if let leaves = headers.last {
            var seen = Set<Int>()
            let codeAndName = codeAndNameColumn(data: data, columns: columns, text: text, measure: measure)
            for s in spans(of: leaves, text: text, measure: measure).compactMap({ $0 }) {
                let k = column(of: s, in: columns)
                if !seen.insert(k).inserted, k != codeAndName { return nil }
            }
        }
        func recut(_ line: RawLine) -> RawLine {
            RawLine(index: line.index, cells: cut(line, columns: columns, text: text, measure: measure), bytes: text.bytes)
        }
        if let m = tieBreak, let other = tried.first(where: { $0.measure != m }) {
            let lines = headers + (numbers.map { [$0] } ?? []) + data
            func edges(_ cells: [RawCell]) -> [Int] { cells.flatMap { [$0.start, $0.end] } }
            if lines.contains(where: { edges(cut($0, columns: columns, text: text, measure: m))
                                       != edges(cut($0, columns: other.columns, text: text, measure: other.measure)) }) {
                tieBrokenBy = m
            }
        }
        return (headers.map(recut), numbers.map(recut), data.map(recut))
    }

    /// A single row under a 栏次 row `1 2 … n` (the 三公 table): the numbers mark the columns, each
    /// from its number to the next one's, and an amount belongs to the last number printed before
    /// its right edge. Amounts right-aligned in a wide column end far from a number printed at the
    /// column's left or centre, too far for ``columns(data:spans:labels:text:measure:)`` to pair
    /// them. `nil` when the numbers are not 1…n (n ≥ 3) or two amounts fall under one number.
    static func numbered(headers: [RawLine], numbers: RawLine, row: RawLine, text: ReportText)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine])? {
        guard numbers.cells.count <= maxColumns, row.cells.count <= maxColumns else { return nil }
        // The 栏次 and amount lines are digits: their positions are the same under either measure.
        let measure = preferredMeasure(text) ?? .display
        var starts: [Int] = []
        for (c, s) in zip(numbers.contents, spans(of: numbers, text: text, measure: measure)) {
            guard let s else { continue }
            guard case .number(let n) = c, n.isPlainDigits, Int(n.mantissa) == starts.count + 1 else { return nil }
            starts.append(s.lo)
        }
        guard starts.count >= 3 else { return nil }
        let end = text.lineRange(row.index).upperBound
        var cells = [RawCell](repeating: RawCell(start: end, end: end), count: starts.count)
        for (c, s) in zip(row.cells, spans(of: row, text: text, measure: measure)) {
            guard let s else { continue }
            guard let k = starts.lastIndex(where: { $0 < s.hi }), cells[k].isEmpty else { return nil }
            cells[k] = c
        }
        let columns = starts.indices.map { k in Span(lo: starts[k], hi: k + 1 < starts.count ? starts[k + 1] : Int.max / 2) }
        func recut(_ line: RawLine) -> RawLine {
            RawLine(index: line.index, cells: cut(line, columns: columns, text: text, measure: measure), bytes: text.bytes)
        }
        return (headers.map(recut), recut(numbers), [RawLine(index: row.index, cells: cells, bytes: text.bytes)])
    }

    /// The measure under which the report's space-aligned lines line up: the one that puts the
    /// decimal amounts of all its lines with runs of spaces on the fewest distinct left or right
    /// edges, or `nil` when that does not tell them apart.
    static func preferredMeasure(_ text: ReportText) -> Measure? {
        var lefts: [Measure: Set<Int>] = [:], rights: [Measure: Set<Int>] = [:]
        let b = text.bytes
        for i in 0..<text.lineCount {
            let r = text.lineRange(i)
            guard r.count >= 8, !b[r].contains(0x09) else { continue }
            let line = RawLine(text, index: i)
            guard line.cells.count >= 3, line.contents.contains(where: { $0.isDecimalAmount }) else { continue }
            for m in Measure.allCases {
                for (c, s) in zip(line.contents, spans(of: line, text: text, measure: m)) where c.isDecimalAmount {
                    guard let s else { continue }
                    lefts[m, default: []].insert(s.lo)
                    rights[m, default: []].insert(s.hi)
                }
            }
        }
        func spread(_ m: Measure) -> Int { Swift.min(lefts[m]?.count ?? 0, rights[m]?.count ?? 0) }
        let d = spread(.display), c = spread(.characters)
        return d == c ? nil : d < c ? .display : .characters
    }

    /// The columns, and how many label cells sit over the data's columns (which breaks a tie
    /// between the measures); `nil` when there are more than ``maxColumns``.
    ///
    /// The data's amount and code cells make the columns where they are printed (the union of
    /// their extents); text cells add columns where two or more of them are printed (a name too
    /// long for its column, or a line after the table spanning several columns, must not merge
    /// them).
    /// Then each label line, nearest the data first, names columns: a label over no column names
    /// the nearest column no other cell of its line names when it is close (a 栏次 number or a
    /// short header centred over a column whose amounts are aligned to one side) — nearest pairs
    /// first, so a number over a column blank in every row does not take its neighbour's — and
    /// is a column of its own otherwise (a column blank in every row).
    static func columns(data: [RawLine], spans rows: [[Span?]], labels: [RawLine], text: ReportText, measure: Measure) -> (columns: [Span], fit: Int)? {
        var numeric: [Span] = [], texts: [Span] = []
        for (line, row) in zip(data, rows) {
            for (content, span) in zip(line.contents, row) {
                guard let span else { continue }
                if case .text = content { texts.append(span) } else { numeric.append(span) }
            }
        }
        // Text makes a column where at least two cells are printed (one in a short table): a
        // single overlong name or a line after the table does not bridge two columns.
        var columns = union(numeric + covered(texts, atLeast: data.count >= 4 ? 2 : 1))
        guard columns.count <= maxColumns else { return nil }
        let labelCells = labels.map { spans(of: $0, text: text, measure: measure).compactMap { $0 } }
        let fit = labelCells.reduce(0) { n, cells in n + cells.filter { s in columns.contains { $0.overlap(s) > 0 } }.count }
        for cells in labelCells {
            let floating = cells.filter { s in !columns.contains { $0.overlap(s) > 0 } }
            guard !floating.isEmpty else { continue }
            let named = Set(columns.indices.filter { k in cells.contains { $0.overlap(columns[k]) > 0 } })
            var pairs: [(gap: Int, cell: Int, column: Int)] = []
            for (i, s) in floating.enumerated() {
                for k in columns.indices where !named.contains(k) && gap(s, columns[k]) <= 6 { pairs.append((gap(s, columns[k]), i, k)) }
            }
            var placed = Set<Int>(), taken = Set<Int>()
            for p in pairs.sorted(by: { ($0.gap, $0.cell) < ($1.gap, $1.cell) }) where !placed.contains(p.cell) && !taken.contains(p.column) {
                let s = floating[p.cell]
                let grown = Span(lo: Swift.min(columns[p.column].lo, s.lo), hi: Swift.max(columns[p.column].hi, s.hi))
                guard columns.indices.allSatisfy({ $0 == p.column || columns[$0].overlap(grown) == 0 }) else { continue }
                columns[p.column] = grown
                placed.insert(p.cell); taken.insert(p.column)
            }
            let extra = floating.indices.filter { !placed.contains($0) }.map { floating[$0] }
            if !extra.isEmpty { columns = union(columns + extra) }
            guard columns.count <= maxColumns else { return nil }
        }
        return (columns, fit)
    }

    /// The column holding codes and names as one cell (`301 工资福利支出`, `30101 基本工资`): left of
    /// every amount, and at least two of its cells a 3-to-8-digit code, one space, then text; `nil`
    /// when there is none.
    static func codeAndNameColumn(data: [RawLine], columns: [Span], text: ReportText, measure: Measure) -> Int? {
        let b = text.bytes
        var firstAmount = columns.count, candidate: Int? = nil, codeNames = 0
        for line in data {
            for (c, s) in zip(line.cells.indices, spans(of: line, text: text, measure: measure)) {
                guard let s else { continue }
                let k = column(of: s, in: columns)
                if line.contents[c].isDecimalAmount { firstAmount = Swift.min(firstAmount, k); continue }
                let cell = line.cells[c]
                var e = cell.start
                while e < cell.end, Bytes.isDigit(b[e]) { e += 1 }
                guard e - cell.start >= 3, e - cell.start <= 8, e + 1 < cell.end, b[e] == 0x20, b[e + 1] >= 0x80 else { continue }
                if candidate == nil { candidate = k }
                if candidate == k { codeNames += 1 }
            }
        }
        guard let candidate, codeNames >= 2, candidate < firstAmount else { return nil }
        return candidate
    }

    /// The blank positions between two extents (0 when they overlap or touch).
    static func gap(_ a: Span, _ b: Span) -> Int { Swift.max(0, Swift.max(a.lo, b.lo) - Swift.min(a.hi, b.hi)) }

    /// The stretches covered by at least `n` of the extents.
    static func covered(_ spans: [Span], atLeast n: Int) -> [Span] {
        if n <= 1 { return union(spans) }
        var events: [(x: Int, d: Int)] = []
        events.reserveCapacity(spans.count * 2)
        for s in spans { events.append((s.lo, 1)); events.append((s.hi, -1)) }
        events.sort { ($0.x, $0.d) < ($1.x, $1.d) }
        var out: [Span] = [], depth = 0, start = 0
        for e in events {
            let before = depth
            depth += e.d
            if before < n && depth >= n { start = e.x }
            if before >= n && depth < n && e.x > start { out.append(Span(lo: start, hi: e.x)) }
        }
        return out
    }

    /// Merges overlapping extents, left to right.
    static func union(_ spans: [Span]) -> [Span] {
        var out: [Span] = []
        for s in spans.sorted(by: { $0.lo < $1.lo }) {
            if let last = out.last, s.lo < last.hi { out[out.count - 1].hi = Swift.max(last.hi, s.hi) } else { out.append(s) }
        }
        return out
    }

    /// The extent of each cell of `line` (`nil` for an empty cell).
    static func spans(of line: RawLine, text: ReportText, measure: Measure) -> [Span?] {
        let b = text.bytes
        var i = text.lineRange(line.index).lowerBound, x = 0
        var out: [Span?] = []
        out.reserveCapacity(line.cells.count)
        for c in line.cells {
            if c.isEmpty { out.append(nil); continue }
            while i < c.start { x += width(b, i, measure); i += 1 }
            let lo = x
            while i < c.end { x += width(b, i, measure); i += 1 }
            out.append(Span(lo: lo, hi: x))
        }
        return out
    }

    /// The width a UTF-8 byte adds: lead bytes of three- and four-byte characters (CJK,
    /// full-width forms) are two columns wide on a fixed-width display.
    ///
    /// General punctuation (U+2000–U+206F: `—`, `–`, `“`, `…`) is of ambiguous width and one column
    /// wide where text is laid out for a fixed-width display (review 11, finding 227: a zero printed
    /// `—` counted two columns and moved every later cell of its line one column to the right).
    @inline(__always)
    static func width(_ b: [UInt8], _ i: Int, _ measure: Measure) -> Int {
        let c = b[i]
        if c & 0xC0 == 0x80 { return 0 }
        guard c >= 0xE0, measure == .display else { return 1 }
        if c == 0xE2, i + 1 < b.count, b[i + 1] == 0x80 || b[i + 1] == 0x81 { return 1 }
        return 2
    }

    /// The column a cell belongs to: the one it overlaps most (the first on a tie).
    static func column(of s: Span, in columns: [Span]) -> Int {
        var best = 0, bestOverlap = -1
        for (k, c) in columns.enumerated() {
            let o = c.overlap(s)
            if o > bestOverlap { best = k; bestOverlap = o }
        }
        if bestOverlap > 0 { return best }
        // No overlap (a header cell between columns): the nearest column.
        var nearest = 0, distance = Int.max
        for (k, c) in columns.enumerated() {
            let d = s.hi <= c.lo ? c.lo - s.hi : s.lo - c.hi
            if d < distance { nearest = k; distance = d }
        }
        return nearest
    }

    /// How well the data rows line up under a measure: per column, the number of cells sharing
    /// its most common left or right edge (columns are left- or right-aligned), less two for
    /// every cell that shares a column with another cell of its row. Under the wrong measure
    /// edges drift with the number of CJK characters before them.
    static func alignment(_ rows: [[Span?]], _ columns: [Span]) -> Int {
        var lefts = [[Int: Int]](repeating: [:], count: columns.count)
        var rights = lefts
        var collisions = 0
        for row in rows {
            var seen = Set<Int>()
            for s in row.compactMap({ $0 }) {
                let k = column(of: s, in: columns)
                if !seen.insert(k).inserted { collisions += 1 }
                lefts[k][s.lo, default: 0] += 1
                rights[k][s.hi, default: 0] += 1
            }
        }
        var score = 0
        for k in columns.indices { score += Swift.max(lefts[k].values.max() ?? 0, rights[k].values.max() ?? 0) }
        return score - 2 * collisions
    }

    /// One cell per column; cells falling into one column are joined into one range.
    static func cut(_ line: RawLine, columns: [Span], text: ReportText, measure: Measure) -> [RawCell] {
        let end = text.lineRange(line.index).upperBound
        var out = [RawCell](repeating: RawCell(start: end, end: end), count: columns.count)
        for (c, s) in zip(line.cells, spans(of: line, text: text, measure: measure)) {
            guard let s else { continue }
            let k = column(of: s, in: columns)
            if out[k].isEmpty { out[k] = c } else { out[k] = RawCell(start: Swift.min(out[k].start, c.start), end: Swift.max(out[k].end, c.end)) }
        }
        return out
    }
}

extension RawLine {
    /// A line with cells already cut (by ``AlignedColumns``), read like a tab-separated line.
    init(index: Int, cells: [RawCell], bytes: [UInt8]) {
        self.index = index
        self.cells = cells
        self.tabbed = true
        self.contents = cells.map { CellContent.of($0, in: bytes) }
    }
}
