import Tally

/// The lines under one title sorted, one at a time, into a table's parts (``TableReader/read()``):
/// meta lines (unit, 编制单位), the 栏次 row, header lines, stacked header labels, data rows, and
/// the lines that end the table or explain that it is empty. What it has sorted so far decides
/// what a line is (a line after the rows is read differently from the same line before them).
struct RegionScan {
    let reader: TableReader
    var text: ReportText { reader.text }
    var norm: NormalizedText { reader.norm }
    /// Whether any line of the region has a tab: the table's cells are then its tab cells.
    let tabbed: Bool
    /// The table's number as its title line writes it (`表9`), if any.
    let ownNumber: String?

    /// The unit and the explanation found so far (the rest of the result is made from the parts).
    var result = RegionResult(kind: .listing)
    var headers: [RawLine] = []
    var numbers: RawLine? = nil
    var data: [RawLine] = []
    var sawContent = false, sawData = false, ended = false, continued = false, pageBreak = false
    /// Side-by-side groups printed one below the other (公开01's 收入 block, then `支出` and its
    /// header again: review 11, finding 224): where each later group's rows begin in `data`.
    var blocks: [(start: Int, group: Int)] = []
    var inBlockHeader = false
    var stacked: [RawLine] = []
    /// 1-based lines of wrapped-name pieces printed without tabs inside a tabbed table.
    var tablessPieces = Set<Int>()
    /// The line that ended the table after its rows, if one did.
    var endedAt: Int? = nil
    /// The first line read as stray text before any header or row (see ``RegionResult/unreadLine``).
    var unread: Int? = nil

    init(reader: TableReader) {
        self.reader = reader
        let text = reader.text
        tabbed = reader.region.contains { text.bytes[text.lineRange($0)].contains(0x09) }
        ownNumber = TitleIndex.stripLeader(Bytes.key(reader.title)).number
    }

    /// Stacked labels of a space-aligned table that turn out to be none (a line other than a
    /// label or a data row follows them, or they do not fill the columns): read as before,
    /// header lines until one reads as a row (`合计` alone), rows from there on.
    mutating func unstack() {
        var moved: [RawLine] = []
        for l in stacked {
            if !moved.isEmpty || reader.looksLikeData(l) {
                moved.append(l)
            } else {
                headers.append(LetterSpacing.undone(RawLine(text, index: l.index, mergeWords: false), text: text))
            }
        }
        if !moved.isEmpty {
            sawData = true
            data.insert(contentsOf: moved, at: 0)
            blocks = blocks.map { ($0.start + moved.count, $0.group) }
        }
        stacked = []
    }

    /// A header broken one word per line whose last line holds only `合计` (the end of `本年支出合计`,
    /// review 19 finding 1001): right under a header line, a lone total label followed by the
    /// 栏次 row or by another total row is the header's last piece, not a blank total row (a
    /// total row comes after the 栏次 row, and a table has one total before its rows).
    func isHeaderFragment(_ raw: RawLine, at i: Int) -> Bool {
        guard !sawData, let last = headers.last, last.index == i - 1, stacked.isEmpty else { return false }
        let b = text.bytes
        var label: [UInt8]? = nil
        for (ci, c) in raw.cells.enumerated() where !c.isEmpty {
            guard label == nil, case .text = raw.contents[ci] else { return false }
            label = Bytes.key(b[c.start..<c.end])
        }
        guard let label, reader.isTotalLabel(label) else { return false }
        var j = i + 1
        while j < reader.region.upperBound {
            let next = j < reader.rawLines.count ? reader.rawLines[j] ?? RawLine(text, index: j) : RawLine(text, index: j)
            if next.filled == 0 { j += 1; continue }
            if TableRegion.isColumnNumberRow(next, b) { return true }
            guard reader.looksLikeData(next) else { return false }
            for (ci, c) in next.cells.enumerated() where !c.isEmpty {
                if case .text = next.contents[ci] { return reader.isTotalLabel(Bytes.key(b[c.start..<c.end])) }
                return false
            }
            return false
        }
        return false
    }

    /// Sorts line `i` (0-based) of the region into the table's parts.
    /// - Returns: `false` when no later line can belong to the table (the scan stops).
    mutating func take(_ i: Int) -> Bool {
        let b = text.bytes
        // After the table ended, with content seen, a line can only supply the note that
        // explains an empty table: skip the rest without splitting it into cells.
        if ended, sawContent {
            if result.explanation != nil { return false }
            let r = text.lineRange(i)
            guard r.count <= 600, TableRegion.emptyMarkers.contains(where: { norm.lineKeyContains(i, $0) }) else { return true }
        }
        let raw = i < reader.rawLines.count ? reader.rawLines[i] ?? RawLine(text, index: i) : RawLine(text, index: i)
        if raw.filled == 0 { return true }
        let r = text.lineRange(i)
        // The line's folded key, copied only when a test needs it (data rows of a tabbed
        // table need only the note test, done in place).
        var keyStore: [UInt8]? = nil
        func key() -> [UInt8] {
            if let k = keyStore { return k }
            let k = r.count <= 600 ? norm.lineKey(i) : []
            keyStore = k
            return k
        }
        // A space-aligned table's stacked labels end at a line that neither continues them
        // nor is a row under them.
        if !tabbed, !sawData, let last = stacked.last,
           !(last.index == i - 1 && StackedHeader.isLabel(i, text: text, norm: norm)), !reader.looksLikeData(raw) {
            unstack()
        }
        if raw.filled <= 1 || !raw.tabbed, TableRegion.isFooterKey(key()), !TableRegion.isColumnNumberRow(raw, b) {
            if sawData { pageBreak = true }
            return true
        }
        if r.count <= 600 && TableRegion.notePrefixes.contains(where: { norm.lineKeyHasPrefix(i, $0) }), !raw.tabbed || raw.filled <= 2 {
            sawContent = true
            if TableRegion.explainsEmpty(key()), result.explanation == nil {
                result.explanation = (String(decoding: Bytes.key(b[r]), as: UTF8.self), i + 1)
            }
            // Notes follow a table: nothing after them belongs to it.
            ended = true
            return true
        }
        if ended {
            if TableRegion.explainsEmpty(key()), result.explanation == nil, !sawData {
                result.explanation = (String(decoding: Bytes.key(b[r]), as: UTF8.self), i + 1)
            }
            return true
        }
        if !sawData, !raw.tabbed || raw.filled <= 1, TableRegion.isMetaKey(key()) {
            sawContent = true
            if result.unit == nil, let u = TableReader.unit(in: key(), next: reader.nextKey(after: i)) { result.unit = (u, i + 1) }
            return true
        }
        // `编制单位：某区卫生健康局 ⇥ ⇥ 单位：万元`: the meta line printed in tab cells (review 11,
        // finding 226) is no header line; read as one, its `单位：万元` cell was a column leaf
        // that moved every amount one column left.
        if !sawData, raw.tabbed, raw.filled <= 3, TableReader.isMetaCells(raw, b) {
            sawContent = true
            if result.unit == nil {
                for c in raw.cells where !c.isEmpty {
                    if let u = TableReader.unit(in: Bytes.key(b[c.start..<c.end]), next: nil) { result.unit = (u, i + 1); break }
                }
            }
            return true
        }
        if TableRegion.isColumnNumberRow(raw, b) {
            sawContent = true
            if numbers == nil { numbers = raw }
            return true
        }
        if sawData {
            if inBlockHeader {
                if !reader.looksLikeData(raw) { return true }
                inBlockHeader = false
            }
            if !raw.tabbed || raw.filled <= 1, let g = reader.stackedGroup(key()), g > (blocks.last?.group ?? 0) {
                blocks.append((data.count, g)); inBlockHeader = true; return true
            }
            // The title again after the page footer, without `(续)` (the loader read it as a
            // continuation: review 13, finding 516).
            if pageBreak, !raw.tabbed || raw.filled <= 1 || ReportBuilder.isTitleCells(raw, b), reader.isTitleAgain(key()) {
                continued = true; return true
            }
            // A table number alone on its line (`表10`) labels the next table: it ends this one
            // (review 14, finding 618: read as a row), unless it is this table's own number
            // printed again over its continuation.
            if !raw.tabbed || raw.filled <= 1, key().count <= 24, case let leader = TitleIndex.stripLeader(key()),
               let number = leader.number, leader.rest.isEmpty {
                if number == ownNumber { continued = true; return true }
                ended = true; return true
            }
            // The running header of a page whose footer was lost, with the header again after it
            // (review 16, finding 802), and that header: no rows, and no piece of a wrapped name.
            if !pageBreak, !raw.tabbed || raw.filled <= 1, TableReader.isRunningHeader(key()),
               reader.opensPageAgain(at: i, headers: headers) {
                pageBreak = true; continued = true; return true
            }
            if tabbed, pageBreak || continued, reader.isHeaderAgain(i, headers: headers) { return true }
            // The first group closed (`收入总计`) and rows go on: the next group's block (finding 815).
            if blocks.isEmpty, let last = data.last, reader.closesFirstGroup(last), tabbed ? raw.tabbed : reader.looksLikeSpaceRow(raw) {
                blocks.append((data.count, 1))
            }
            if tabbed ? raw.tabbed : reader.looksLikeSpaceRow(raw) { data.append(reader.spacedUndone(raw)); pageBreak = false; return true }
            // The rest of a wrapped name printed without tabs between two tab rows (review 14,
            // finding 602): a piece of the row above, not the end of the table.
            if tabbed, !pageBreak, data.last?.index == i - 1, reader.isTablessPiece(raw, at: i, key: key()) {
                data.append(raw); tablessPieces.insert(i + 1); return true
            }
            // A page break inside the table: `续表` or the title again with `(续)`, then its
            // unit line and repeated header; the rows go on after them.
            if !raw.tabbed || raw.filled <= 1 {
                if TitleIndex.isContinuation(key()) { continued = true; return true }
                if continued, TableRegion.isMetaKey(key()) { return true }
                // Right after a page footer: the page's running header (`某县农业农村局2023年度部门决算`)
                // or its unit line again; the rows go on after it.
                if pageBreak, TableRegion.isMetaKey(key()) || TableReader.isRunningHeader(key()) { continued = true; return true }
            }
            if TableRegion.explainsEmpty(key()), result.explanation == nil {
                result.explanation = (String(decoding: Bytes.key(b[r]), as: UTF8.self), i + 1)
            }
            ended = true; endedAt = i
            return true
        }
        // Header cells printed one per line above a tabbed table (review 13, finding 501), or
        // above a space-aligned one before any other header line.
        if !raw.tabbed, headers.isEmpty, StackedHeader.isLabel(i, text: text, norm: norm),
           stacked.last?.index == i - 1 || StackedHeader.isLabel(i + 1, text: text, norm: norm) {
            if let last = stacked.last, last.index != i - 1 { stacked = [] }
            stacked.append(raw); sawContent = true
            return true
        }
        if reader.looksLikeData(raw), !isHeaderFragment(raw, at: i) {
            sawData = true; sawContent = true
            data.append(reader.spacedUndone(raw))
            return true
        }
        // `此表为空。`, `（无数据）`, `本单位2024年度无…支出，故本表为空表。`: a short line without amounts
        // that says the table is empty explains it, whatever its prefix (review 12, finding 415);
        // only `注：`/`本表…` lines were read as the explanation, the others gave a warning L001.
        // (Not a line that names a table: `…决算表（公开07表）：本部门本年度无…，故本表为空表。` is the next
        // table's title with its own explanation.)
        if !raw.tabbed || raw.filled <= 1, key().count <= 180, TableRegion.explainsEmpty(key()),
           !Bytes.containsAny(key(), TableReader.tableNameWords),
           !raw.contents.contains(where: { if case .text = $0 { return false }; if case .blank = $0 { return false }; return true }) {
            if result.explanation == nil {
                result.explanation = (String(decoding: Bytes.key(b[r]), as: UTF8.self), i + 1)
            }
            sawContent = true
            ended = true
            return true
        }
        if tabbed && !raw.tabbed {
            // Prose before any data in a tabbed region: an explanation, or stray text.
            if TableRegion.explainsEmpty(key()), result.explanation == nil {
                result.explanation = (String(decoding: Bytes.key(b[r]), as: UTF8.self), i + 1)
            } else if unread == nil, TableReader.mayBeTableContent(key()) {
                unread = i
            }
            sawContent = true
            if key().count > 90 { ended = true }
            return true
        }
        // Prose ends a space-aligned table; a long line split into three or more aligned
        // cells is a header with many columns, not prose.
        if !tabbed && (Bytes.contains(key(), "。") || key().count > 120 && raw.filled < 3) { ended = true; return true }
        sawContent = true
        // Letter spacing undone (`合    计` is one header cell: review 12, finding 401).
        headers.append(raw.tabbed ? raw : LetterSpacing.undone(RawLine(text, index: i, mergeWords: false), text: text))
        return true
    }
}
