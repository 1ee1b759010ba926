/// Letter-spaced header cells of space-aligned tables: a centred header is extracted with its
/// characters spread over the column (`合    计`, `项    目`, `科 目 编 码`), and split at runs of
/// spaces each character would be a cell of its own — two or more cells over one column, which
/// the readers take for a header not printed by position (review 12, finding 401).
///
/// ``undone(_:text:)`` joins such characters back into one cell, before either reader
/// (``AnchoredColumns``, ``AlignedColumns``) or the column layout sees the line, so both readings
/// and the header matching get `合计` as one label.
enum LetterSpacing {
    /// How many whitespace characters may separate two letter-spaced characters of one word.
    static let maxGap = 6
    /// The same on a line of single characters alone (group labels spread over a wide column:
    /// `收        入                    支        出`, review 14, finding 603).
    static let maxGapLabelsOnly = 12

    /// 类, 款, 项: one-character headers of the code columns of a 功能分类 table.
    static let codeHeaders: [[UInt8]] = ["类", "款", "项"].map { Array($0.utf8) }

    /// `line` with each run of two or more single CJK characters, a few spaces apart, made one
    /// cell (split off from a word it shares a cell with: `科 目 编 码 科目名称` is
    /// `科目编码 | 科目名称`); the line itself when it has no such run. A run of 类, 款 and 项 only is
    /// kept as it is: those are the headers of three code columns, one character each.
    static func undone(_ line: RawLine, text: ReportText) -> RawLine {
        guard !line.tabbed else { return line }
        let b = text.bytes
        func isSingle(_ s: Int, _ e: Int) -> Bool { e - s == 3 && (0xE4...0xE9).contains(b[s]) }
        // Cheap test first: most header lines have no one-character word.
        var any = false
        for c in line.cells where !c.isEmpty {
            var i = c.start
            while i < c.end {
                var j = i
                while j < c.end, RawLine.spaceWidth(b, j, c.end) == 0 { j += 1 }
                if isSingle(i, j) { any = true; break }
                while j < c.end, RawLine.spaceWidth(b, j, c.end) > 0 { j += RawLine.spaceWidth(b, j, c.end) }
                i = j
            }
            if any { break }
        }
        guard any else { return line }

        // The words of the line, with the cell each comes from.
        var words: [(cell: RawCell, from: Int)] = []
        for (k, c) in line.cells.enumerated() where !c.isEmpty {
            var i = c.start
            while i < c.end {
                let w = RawLine.spaceWidth(b, i, c.end)
                if w > 0 { i += w; continue }
                var j = i
                while j < c.end, RawLine.spaceWidth(b, j, c.end) == 0 { j += 1 }
                words.append((RawCell(start: i, end: j), k))
                i = j
            }
        }
        // Whitespace characters between two words.
        func gap(_ a: RawCell, _ c: RawCell) -> Int {
            var n = 0, i = a.end
            while i < c.start {
                let w = RawLine.spaceWidth(b, i, c.start)
                i += Swift.max(w, 1); n += 1
            }
            return n
        }
        // Runs of single characters: the run each word belongs to (nil when in none of 2+).
        let labelsOnly = words.count >= 2 && words.allSatisfy { isSingle($0.cell.start, $0.cell.end) }
        let maxGap = labelsOnly ? LetterSpacing.maxGapLabelsOnly : LetterSpacing.maxGap
        var run = [Int?](repeating: nil, count: words.count)
        var runs = 0
        var k = 0
        while k < words.count {
            var e = k
            if isSingle(words[k].cell.start, words[k].cell.end) {
                while e + 1 < words.count, isSingle(words[e + 1].cell.start, words[e + 1].cell.end),
                      gap(words[e].cell, words[e + 1].cell) <= maxGap { e += 1 }
            }
            let codeColumns = (k...e).allSatisfy { w in codeHeaders.contains { b[words[w].cell.start..<words[w].cell.end].elementsEqual($0) } }
            if e > k, !codeColumns {
                for w in k...e { run[w] = runs }
                runs += 1
            }
            k = e + 1
        }
        guard runs > 0 else { return line }
        // Words of one cell stay together, except that a run is a cell of its own.
        var cells: [RawCell] = []
        for (w, word) in words.enumerated() {
            if w > 0, run[w] != nil ? run[w - 1] == run[w] : run[w - 1] == nil && words[w - 1].from == word.from {
                cells[cells.count - 1].end = word.cell.end
            } else {
                cells.append(word.cell)
            }
        }
        return RawLine(index: line.index, cells: cells, tabbed: false, bytes: b)
    }
}

extension RawLine {
    /// A line with the given cells, split at tabs or not.
    init(index: Int, cells: [RawCell], tabbed: Bool, bytes: [UInt8]) {
        self.index = index
        self.cells = cells
        self.tabbed = tabbed
        self.contents = cells.map { CellContent.of($0, in: bytes) }
    }
}
