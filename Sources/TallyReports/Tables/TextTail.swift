import Tally

extension TableReader {
    /// A space-aligned table read as if it ended at its last line with an amount: the lines of
    /// one text cell each after it (the report's next heading, `三、2025年部门预算情况说明`, taken in
    /// as rows since nothing ends a table of names there) are kept as they are printed, and only
    /// the lines above them are re-cut by position. Counted in, those lines stand under no
    /// column: the columns found from the data then merged under them, and a one-row 三公 table
    /// under a two-line header was read with its right-aligned amounts under the wrong labels
    /// (review 18, finding 917). `nil` when there are no such lines or the lines above them
    /// cannot be re-cut (the whole table is then tried as before).
    func tabulateAboveTextTail(headers: [RawLine], numbers: RawLine?, data: [RawLine], tieBrokenBy: inout AlignedColumns.Measure?)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine], unplaced: [(line: Int, cell: RawCell)])? {
        var end = data.count
        while end > 0, isOneText(data[end - 1]) { end -= 1 }
        guard end < data.count, end > 0,
              data[end - 1].contents.contains(where: { $0.isDecimalAmount }),
              var t = tabulateSpaced(headers: headers, numbers: numbers, data: Array(data[..<end]), tieBrokenBy: &tieBrokenBy)
        else { return nil }
        t.data += data[end...]
        return t
    }

    /// Whether a line is one cell of text.
    private func isOneText(_ line: RawLine) -> Bool {
        guard line.filled == 1, let c = line.cells.firstIndex(where: { !$0.isEmpty }), case .text = line.contents[c] else { return false }
        return true
    }
}
