import Tally

extension RawLine {
    /// A line made of cells chosen elsewhere (byte ranges of the report), as a transposed table
    /// needs: what each cell holds is classified as for a split line.
    init(index: Int, cells: [RawCell], tabbed: Bool, in b: [UInt8]) {
        self.index = index
        self.cells = cells
        self.tabbed = tabbed
        self.contents = cells.map { CellContent.of($0, in: b) }
    }
}

/// A one-row table (`single`, such as the 三公 table) printed as rows: a header `项目 | 预算数 |
/// 决算数` and one row per declared column (`合计 12.00 10.50`, `1.因公出国（境）费 0.00 0.00`, …).
/// Read row by row it gave six rows whose first two amounts were placed in the first two
/// declared columns. It is the one row it stands for: the header becomes two lines, each
/// amount label (`预算数`) over the row names as its leaves, and the amounts one line in that
/// order — the layout then knows each column by its name, as for the table printed across.
enum TransposedSingleRow {
    static let qizhong = Array("其中".utf8)

    /// The header and data of the one row, or `nil` when the table is not printed that way:
    /// at least two rows, a last header line of one key label (`项目`) and one or more amount
    /// labels, and rows of a text name and amounts only under those labels.
    ///
    /// The amount labels are known by the declared columns' names: each group of columns is
    /// named by the first two characters its columns share (`预算合计`, `预算因公出国费` … are
    /// `预算`), and a label names the group it contains (`全年预算数`), one that begins with it
    /// (`决算数` rather than `上年决算数`) or else the last such. Labels are taken in the order of
    /// the declaration, whatever order the report prints them in; a label of no group (`完成率`,
    /// `上年数`) is left out. Without any label of a group the table is not printed this way
    /// (items as columns and 预算数 / 决算数 as rows is another layout).
    static func transpose(headers: [RawLine], data: [RawLine], text: ReportText, columns: [String] = []) -> (headers: [RawLine], data: [RawLine])? {
        let b = text.bytes
        guard data.count >= 2, data.count <= 40, let h = headers.last else { return nil }
        func key(_ c: RawCell) -> [UInt8] { Bytes.key(b[c.start..<c.end], dropQuotes: true) }
        // The header: a key label, then the amount labels (their cell positions).
        guard let first = h.cells.firstIndex(where: { !$0.isEmpty }), ColumnLayout.isKeyLabel(key(h.cells[first])) else { return nil }
        var labels: [Int] = []
        for p in (first + 1)..<h.cells.count where !h.cells[p].isEmpty {
            guard case .text = h.contents[p], !ColumnLayout.isKeyLabel(key(h.cells[p])) else { return nil }
            labels.append(p)
        }
        guard !labels.isEmpty, labels.count <= 4 else { return nil }
        if !columns.isEmpty {
            // The groups of declared columns, in declaration order, by their first two characters.
            var groups: [[UInt8]] = []
            for c in columns {
                let k = Bytes.key(c, dropQuotes: true)
                let g = Array(String(decoding: k, as: UTF8.self).prefix(2).utf8)
                if g.count >= 6, !groups.contains(g) { groups.append(g) }
            }
            var chosen: [Int] = []
            for g in groups {
                let named = labels.filter { Bytes.find(g, in: key(h.cells[$0])) != nil }
                if let p = named.first(where: { Bytes.hasPrefix(key(h.cells[$0]), g) }) ?? named.last { chosen.append(p) }
            }
            guard !chosen.isEmpty else { return nil }
            labels = chosen
        }
        // Each row: a text name where the key label stands, amounts (or blanks) under the labels only.
        var names: [RawCell] = []
        var amounts: [[RawCell]] = []
        var anyAmount = false
        var seen: [[UInt8]] = []
        for line in data {
            guard first < line.cells.count, !line.cells[first].isEmpty, case .text = line.contents[first] else { return nil }
            // A breakdown of a row above (`其中：国内公务接待费`, `（1）国内公务接待费` under `3.公务接待费`) is
            // no column of the one row.
            let name = TitleIndex.stripLeader(key(line.cells[first])).rest
            if Bytes.hasPrefix(name, TransposedSingleRow.qizhong) { continue }
            if seen.contains(where: { !$0.isEmpty && $0 != name && Bytes.find($0, in: name) != nil }) { continue }
            seen.append(name)
            for p in line.cells.indices where p != first && !line.cells[p].isEmpty {
                guard p < h.cells.count, !h.cells[p].isEmpty else { return nil }
                if !labels.contains(p) { continue }
                switch line.contents[p] {
                case .number: anyAmount = true
                case .blank: break
                default: return nil
                }
            }
            names.append(line.cells[first])
            amounts.append(labels.map { p in p < line.cells.count ? line.cells[p] : RawCell(start: 0, end: 0) })
        }
        guard anyAmount else { return nil }
        guard names.count >= 2 else { return nil }
        let none = RawCell(start: 0, end: 0)
        var top: [RawCell] = [], leaves: [RawCell] = [], row: [RawCell] = []
        for (j, p) in labels.enumerated() {
            for i in names.indices {
                top.append(i == 0 ? h.cells[p] : none)
                leaves.append(names[i])
                row.append(amounts[i][j])
            }
        }
        let headerLines = [RawLine(index: h.index, cells: top, tabbed: true, in: b),
                           RawLine(index: h.index, cells: leaves, tabbed: true, in: b)]
        return (headerLines, [RawLine(index: data[0].index, cells: row, tabbed: true, in: b)])
    }
}
