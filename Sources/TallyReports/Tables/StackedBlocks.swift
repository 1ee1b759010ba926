import Tally

/// A table of side-by-side groups printed one group below the other (review 16, finding 815: 表1
/// 部门收支总表 printed stacked — the 收入 rows down to 收入总计, then the 支出 rows down to 支出总计):
/// every row was read into the first group, so the 支出 half went unchecked. A later group's block
/// begins at a line naming the group alone (`支出` over the block, also when the declaration names
/// the group more closely: `经济支出`), or, without such a line, right after the row that closes the
/// first group (`收入总计`).
extension TableReader {
    /// The later declared group whose name ends with a heading line's key (`支出` for `经济支出`):
    /// the first such group, as the side-by-side reading takes the second block for it.
    func stackedGroup(bySuffix k: [UInt8]) -> Int? {
        guard spec.groups.count > 1, k.count >= 6, k.count <= 30 else { return nil }
        for (g, group) in spec.groups.enumerated().dropFirst() where Bytes.hasSuffix(Bytes.key(group.name, dropQuotes: true), k) {
            return g
        }
        return nil
    }

    /// Whether a data line closes the first group of a table with groups: its one text cell is
    /// that group's grand total (`收入总计`) and nothing of a second group stands beside it.
    func closesFirstGroup(_ line: RawLine) -> Bool {
        guard spec.groups.count > 1, let first = spec.groups.first else { return false }
        let b = text.bytes
        var name: [UInt8]? = nil
        for (ci, c) in line.cells.enumerated() where !c.isEmpty {
            guard case .text = line.contents[ci] else { continue }
            guard name == nil else { return false }
            name = Bytes.key(b[c.start..<c.end])
        }
        guard let name else { return false }
        return name == Bytes.key(first.name, dropQuotes: true) + Array("总计".utf8)
    }
}
