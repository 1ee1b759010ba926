import Tally

extension ColumnLayout {
    /// Header texts of the column that names the rows of a table keyed by name, when key columns
    /// stand before it.
    static let nameColumnLabels: [StaticString] = ["项目名称"]

    /// Marks the key column headed `项目名称` as the one naming the rows of a table keyed by name
    /// when other key columns precede it: the national 项目支出表 prints the 功能分类 code and name
    /// before the project's name (review 11, finding 355); read as the row's name, the 科目 name
    /// hid every project. The code before it stays the row's code.
    mutating func markNameColumn(headers: [RawLine], text: ReportText) {
        guard segments.count == 1, groupColumns.isEmpty, segments[0].keyWidth >= 2,
              segments[0].rowKeys.first == .name else { return }
        let b = text.bytes
        for h in headers {
            for (p, c) in h.cells.enumerated() where p > 0 && p < segments[0].keyWidth && !c.isEmpty {
                let k = Bytes.key(b[c.start..<c.end])
                guard ColumnLayout.nameColumnLabels.contains(where: { Bytes.equals(k, $0) }) else { continue }
                guard h.cells[..<p].contains(where: { !$0.isEmpty }) else { return }
                segments[0].nameColumn = p
                return
            }
        }
    }
}
