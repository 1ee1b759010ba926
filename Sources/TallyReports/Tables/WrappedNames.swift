import Tally

/// Row names wrapped onto more than one line inside a table (review 12, finding 423): a long 项
/// or project name breaks in its cell, and the extracted text prints the rest on a line of its
/// own (`2080505 ⇥ 机关事业单位基本养老保险 ⇥ 142.30` then `⇥ ⇥ 缴费支出`), or, centred vertically
/// as pdftotext prints a tall row, the head above the code and amounts and the tail below them
/// (`机关事业单位基本养老` / `2080505 … 168.30` with no name / `保险缴费支出`).
///
/// Read line by line, the pieces are rows of their own and the row keeps a cut name (or none),
/// so checks that compare the narrative's names with the table's are skipped or blame the
/// narrative. ``join(_:codes:spec:columns:)`` puts the pieces back into their row and says so.
enum WrappedNames {
    /// The longest piece of a name read as a continuation (longer lines are rows or notes).
    static let maxPieceBytes = 60

    /// Words that make a name-only line a row of its own, not the rest of a name.
    static let ownRowWords: [String] = ["合计", "小计", "总计", "其中", "：", ":", "注"]

    /// Whether row `r` is a piece of a wrapped name: a name alone on its line (no code, 行次 or
    /// figure, not even a dash), short, no total, ordinal or `其中`, and no header label (a key
    /// column's such as 项目 or 科目编码, or one of `labels`, the table's column names: a header
    /// line read among the rows).
    static func isPiece(_ r: Row, labels: Set<[UInt8]>) -> Bool {
        guard r.code == nil, r.lineNumber == nil, !r.isTotal, !r.name.isEmpty, r.name.utf8.count <= maxPieceBytes,
              r.cells.allSatisfy({ $0.figure == nil }) else { return false }
        if ownRowWords.contains(where: { r.name.contains($0) }) { return false }
        let k = Bytes.key(r.name, dropQuotes: true)
        if ColumnLayout.isKeyLabel(k) || labels.contains(k) { return false }
        return TitleIndex.stripLeader(k).rest.count == k.count
    }

    /// Whether row `r` has a figure (an amount or a dash) in any column.
    static func hasFigures(_ r: Row) -> Bool { r.cells.contains { $0.figure != nil } }

    /// Joins the pieces of wrapped names in `rows` (and the parallel `codes`), for a table
    /// without side-by-side groups:
    /// - a row with figures and no name takes its name from the piece on the line right above it
    ///   and the piece on the line right below it (either may be missing);
    /// - in a table keyed by classification codes, a piece on the line right after a row with a
    ///   code and a name (or after a piece already joined to it) continues that name.
    /// - in any table, a piece printed without tabs inside a tabbed table (`tablessPieces`, 1-based
    ///   lines) continues the name of the row on the line right above it (review 14, finding 602).
    /// Returns a note naming the joined rows and their lines, or `nil` when nothing was joined.
    static func join(_ rows: inout [Row], codes: inout [[String]], spec: TableSpec, columns: [ColumnSpec],
                     tablessPieces: Set<Int> = []) -> LoadDiagnostic? {
        guard spec.groups.isEmpty, rows.count >= 2,
              rows.contains(where: { $0.code == nil && !$0.name.isEmpty && !hasFigures($0) }) else { return nil }
        let labels = Set(columns.flatMap { [$0.name] + $0.aliases }.map { Bytes.key($0, dropQuotes: true) })
        func isPiece(_ r: Row) -> Bool { WrappedNames.isPiece(r, labels: labels) }
        guard rows.contains(where: isPiece) else { return nil }
        let tableName = spec.name
        var drop = Set<Int>()
        // Per joined row: its first and last line.
        var joined: [(row: Int, first: Int, last: Int)] = []
        // Head above / tail below a row with figures and no name.
        for i in rows.indices where rows[i].name.isEmpty && hasFigures(rows[i]) && !rows[i].isTotal {
            let line = rows[i].line
            var name = "", first = line, last = line
            if i > 0, !drop.contains(i - 1), rows[i - 1].line == line - 1, isPiece(rows[i - 1]) {
                name = rows[i - 1].name; first = line - 1; drop.insert(i - 1)
            }
            if i + 1 < rows.count, rows[i + 1].line == line + 1, isPiece(rows[i + 1]) {
                name += rows[i + 1].name; last = line + 1; drop.insert(i + 1)
            }
            guard !name.isEmpty else { continue }
            rows[i].name = name
            joined.append((i, first, last))
        }
        // Pieces on the lines right after a row that owns a name (or after a piece already joined
        // to it) continue that name.
        func continueNames(_ continues: (Row) -> Bool, owners owns: (Row) -> Bool) {
            var owner: Int? = nil, end = -1
            for i in rows.indices where !drop.contains(i) {
                if let o = owner, rows[i].line == end + 1, continues(rows[i]) {
                    rows[o].name += rows[i].name
                    end = rows[i].line
                    drop.insert(i)
                    if let k = joined.firstIndex(where: { $0.row == o }) { joined[k].last = end } else { joined.append((o, rows[o].line, end)) }
                    continue
                }
                if owns(rows[i]) {
                    owner = i
                    end = joined.first(where: { $0.row == i })?.last ?? rows[i].line
                } else {
                    owner = nil
                }
            }
        }
        // A tabless piece inside a tabbed table: the rest of the name above it, whatever the table's keys.
        if !tablessPieces.isEmpty {
            continueNames({ tablessPieces.contains($0.line) && isPiece($0) },
                          owners: { !$0.name.isEmpty && !$0.isTotal && (hasFigures($0) || $0.code != nil) })
        }
        // The rest of a coded row's name on the lines after it.
        if spec.rowKeys.first?.isClassification == true {
            continueNames(isPiece, owners: { $0.code != nil && !$0.name.isEmpty })
        }
        guard !joined.isEmpty else { return nil }
        let shown = joined.sorted { $0.row < $1.row }.prefix(5).map { j in
            "\(rows[j.row].code.map { "\($0) " } ?? "")'\(rows[j.row].name)' (lines \(j.first)–\(j.last))"
        }
        let more = joined.count > 5 ? " and \(joined.count - 5) more" : ""
        let note = LoadDiagnostic(LoadDiagnosticID.joinedNameLines, line: joined.map(\.first).min() ?? rows[0].line,
            "\(joined.count == 1 ? "a name wrapped" : "\(joined.count) names wrapped") onto more than one line of '\(tableName)' joined: \(shown.joined(separator: ", "))\(more)",
            table: tableName)
        let keep = rows.indices.filter { !drop.contains($0) }
        rows = keep.map { rows[$0] }
        if codes.count == keep.count + drop.count { codes = keep.map { codes[$0] } }
        return note
    }
}
