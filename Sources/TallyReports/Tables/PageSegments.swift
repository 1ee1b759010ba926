import Tally

/// A space-aligned table continued on a new page with its header printed again: PDF-to-text
/// lays out each page on its own, so the second page's columns may stand at other offsets
/// (review 13, finding 502: read with the first page's grid, every amount of the second page
/// moved a column, 38 false alarms). Each page's part is cut by its own header.
enum PageSegments {
    /// The parts of `data` split where the header is printed again: for each part after the
    /// first, the repeated header lines and the rows under them. Empty when the header is not
    /// printed again. A data line repeats the header when its key is the key of the header's
    /// first line; the header lines that follow it in the same order belong to it.
    static func split(headers: [RawLine], data: [RawLine], text: ReportText, norm: NormalizedText)
        -> [(headers: [RawLine], rows: [RawLine])] {
        guard !headers.isEmpty, data.count >= 2 else { return [] }
        let headerKeys = headers.map { norm.lineKey($0.index) }
        guard headerKeys[0].count >= 6 else { return [] }
        var parts: [(headers: [RawLine], rows: [RawLine])] = [([], [])]
        var i = 0
        while i < data.count {
            if norm.lineKey(data[i].index) == headerKeys[0] {
                // Header lines are split word by word, as the first header's were.
                var h = [RawLine(text, index: data[i].index, mergeWords: false)]
                var j = i + 1
                while j < data.count, h.count < headers.count, norm.lineKey(data[j].index) == headerKeys[h.count] {
                    h.append(RawLine(text, index: data[j].index, mergeWords: false)); j += 1
                }
                parts.append((h, []))
                i = j
                continue
            }
            parts[parts.count - 1].rows.append(data[i])
            i += 1
        }
        guard parts.count >= 2, parts.allSatisfy({ !$0.rows.isEmpty }) else { return [] }
        return parts
    }
}

extension TableReader {
    /// The cells of a space-aligned table re-cut by horizontal position, as tabs would give them,
    /// with the amounts that stand under no header cell. `tieBrokenBy` is set when the columns
    /// came from the data and the report's measure broke a tie between two readings
    /// (``AlignedColumns/tabulate(headers:numbers:data:text:tieBrokenBy:)``).
    func tabulateSpaced(headers: [RawLine], numbers: RawLine?, data: [RawLine], tieBrokenBy: inout AlignedColumns.Measure?)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine], unplaced: [(line: Int, cell: RawCell)])? {
        // The data lines' spans, for both header-anchored readings (which need a header).
        let spans = headers.isEmpty || data.isEmpty ? nil : AnchoredColumns.DataSpans(data, text: text)
        if let t = AnchoredColumns.tabulate(headers: headers, numbers: numbers, data: data, text: text, strict: true, spans: spans) {
            // Every cell under its header cell: cut by the header (review 11, finding 338).
            return (t.headers, t.numbers, t.data, [])
        } else if let t = AlignedColumns.tabulate(headers: headers, numbers: numbers, data: data, text: text, tieBrokenBy: &tieBrokenBy) {
            return (t.headers, t.numbers, t.data, [])
        } else if let t = AnchoredColumns.tabulate(headers: headers, numbers: numbers, data: data, text: text, spans: spans) {
            // Columns that drift: cut by the header (review 11, finding 338).
            return t
        }
        return nil
    }

    /// ``tabulateSpaced(headers:numbers:data:)`` for each page's part of a table whose header is
    /// printed again (``PageSegments``), when every part's header is cut into as many cells as the
    /// first's; `nil` otherwise. `unmatched` is then the first line (0-based) of the repeated
    /// header whose part could not be cut like the first page, when the header is printed again:
    /// the caller reads the table with one grid and says so (`L020`).
    func tabulateByPage(headers: [RawLine], numbers: RawLine?, data: [RawLine], unmatched: inout Int?,
                        tieBrokenBy: inout AlignedColumns.Measure?)
        -> (headers: [RawLine], numbers: RawLine?, data: [RawLine], unplaced: [(line: Int, cell: RawCell)])? {
        var parts = PageSegments.split(headers: headers, data: data, text: text, norm: norm)
        guard !parts.isEmpty else { return nil }
        parts[0].headers = headers
        guard let first = tabulateSpaced(headers: headers, numbers: numbers, data: parts[0].rows, tieBrokenBy: &tieBrokenBy),
              let width = first.headers.last?.cells.count else {
            unmatched = parts[1].headers.first?.index
            return nil
        }
        var out = first
        for p in parts.dropFirst() {
            // A part's header has the leaves last: the first header's lines it repeats.
            guard let t = tabulateSpaced(headers: p.headers, numbers: nil, data: p.rows, tieBrokenBy: &tieBrokenBy),
                  t.headers.last?.cells.count == width, p.headers.count == headers.count else {
                unmatched = p.headers.first?.index
                return nil
            }
            out.data += t.data
            out.unplaced += t.unplaced
        }
        return out
    }
}
