import Tally

/// What the loader found under one title.
struct RegionResult {
    enum Kind {
        /// A title in a table of contents or list: nothing under it before the next title.
        case listing
        /// A title with its 单位/部门 lines or header but no data rows.
        case announcedEmpty
        /// A table with rows.
        case table
    }
    var kind: Kind
    var table: Table?
    var diagnostics: [LoadDiagnostic] = []
    /// The unit stated under the title (`万元`), with its line.
    var unit: (String, Int)?
    /// The note explaining an empty table, with its line.
    var explanation: (String, Int)?
    /// Whether any cell holds a figure.
    var hasFigures = false
    /// Candidate codes per row index, when a row carried two codes (for cross-table recovery).
    var codeCandidates: [Int: [String]] = [:]
    /// The first line (0-based) under the title that could be read as neither the header nor a
    /// row, when no row and no header naming a declared column were read: the table could not be
    /// placed (`L019`), it is not known to be empty.
    var unreadLine: Int?
}

/// Reads the lines under one title into a ``Table`` as its ``TableSpec`` declares.
struct TableReader {
    let text: ReportText
    /// The folded text, for line keys.
    let norm: NormalizedText
    /// The declaration, with what is derived from it once per loader.
    let prepared: PreparedTableSpec
    var spec: TableSpec { prepared.spec }
    /// 0-based line of the title.
    let titleLine: Int
    /// The title as written.
    let title: String
    /// The region: lines after the title up to the next title or part heading.
    let region: Range<Int>
    /// Lines already split (by 0-based index), when the caller has them.
    var rawLines: [RawLine?] = []

    static let totalSuffixes: [StaticString] = ["合计", "总计"]
    /// Words of a table's name (a line with one names a table, it does not explain one).
    static let tableNameWords: [StaticString] = ["公开0", "公开1", "决算表", "预算表", "明细表", "总表", "情况表"]

    /// Whether a line that was read as neither a header nor a row may hold the table's content
    /// (amounts or codes, markup), so that the table was announced but not placed (`L019`): a
    /// reference to an attachment (`（详见附件2）`, `（以上各表见附件）`) or other prose says nothing
    /// of the sort.
    static func mayBeTableContent(_ key: [UInt8]) -> Bool {
        guard key.contains(where: { Bytes.isDigit($0) || $0 == UInt8(ascii: "<") }) else { return false }
        return !Bytes.containsAny(key, ["见", "附件"])
    }

    /// Whether a line's key is (a line of) the title again, with or without its unit clause.
    func isTitleAgain(_ key: [UInt8]) -> Bool {
        let k = Array(key[..<TitleIndex.unitClauseStart(key)])
        guard k.count >= 3 else { return false }
        let titleKey = (titleLine..<region.lowerBound).reduce(into: [UInt8]()) { $0 += norm.lineKey($1) }
        return Bytes.find(k, in: Array(titleKey[..<TitleIndex.unitClauseStart(titleKey)])) != nil
    }

    func read() -> RegionResult {
        let b = text.bytes
        var scan = RegionScan(reader: self)
        for i in region { if !scan.take(i) { break } }
        let tabbed = scan.tabbed
        var result = scan.result
        if !scan.sawContent { return result }
        if let e = scan.endedAt, let d = rowsAfterEnd(e, tabbed: tabbed) { result.diagnostics.append(d) }
        // Space-aligned rows under stacked labels: the columns come from the rows, and the
        // labels name them one each (review 13, finding 501).
        var spacedStack = false
        // The report's measure that broke a tie between two column readings (`L021`).
        var tieBrokenBy: AlignedColumns.Measure? = nil
        func textAtEnd(_ rows: inout [RawLine]) {
            while let last = rows.last, rows.count > 1, !last.contents.contains(where: { if case .text = $0 { return false }; if case .blank = $0 { return false }; return true }) {
                rows.removeLast()
            }
        }
        if !tabbed, !scan.stacked.isEmpty {
            var rows = scan.data
            if spec.rowKeys.first?.isClassification == true { textAtEnd(&rows) }
            if scan.stacked.count >= 2, scan.headers.isEmpty,
               let t = tabulateSpaced(headers: [], numbers: scan.numbers, data: rows, tieBrokenBy: &tieBrokenBy),
               let first = t.data.first,
               let h = StackedHeader.header(labels: scan.stacked, below: nil, width: first.cells.count, text: text) {
                (scan.headers, scan.numbers, scan.data) = ([h], t.numbers, t.data)
                spacedStack = true
                scan.stacked = []
            } else {
                scan.unstack()
            }
        }
        var (headers, numbers, data) = (scan.headers, scan.numbers, scan.data)
        let (stacked, blocks, tablessPieces, unread) = (scan.stacked, scan.blocks, scan.tablessPieces, scan.unread)
        // Without tabs, lines of text after the last amount (a footer such as 制表人…, a sub-heading
        // of the next part) read like rows with blank amounts: a table of classification codes
        // does not end with those (a form such as a 绩效 sheet may: its text rows are kept).
        if !tabbed, spec.rowKeys.first?.isClassification == true { textAtEnd(&data) }
        result.kind = .announcedEmpty
        if headers.isEmpty && data.isEmpty {
            result.unreadLine = unread
            return result
        }

        // A space-aligned table: cells re-cut by horizontal position, as tabs would give them; a
        // table whose header is printed again on a new page, page by page (review 13, finding 502).
        var unmatchedPage: Int? = nil
        var byPageTie: AlignedColumns.Measure? = nil, wholeTie: AlignedColumns.Measure? = nil
        if !tabbed, !spacedStack, let t = (blocks.isEmpty ? tabulateByPage(headers: headers, numbers: numbers, data: data, unmatched: &unmatchedPage,
                                                                             tieBrokenBy: &byPageTie) : nil)
            ?? tabulateAboveTextTail(headers: headers, numbers: numbers, data: data, tieBrokenBy: &wholeTie)
            ?? tabulateSpaced(headers: headers, numbers: numbers, data: data, tieBrokenBy: &wholeTie) {
            (headers, numbers, data) = (t.headers, t.numbers, t.data)
            for u in t.unplaced {
                let shown = String(decoding: b[u.cell.start..<u.cell.end], as: UTF8.self)
                result.diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unplacedAmount, line: u.line + 1,
                    "amount \(shown) stands under no header cell of '\(spec.name)' (the columns drift) and was not placed in a column",
                    table: spec.name))
            }
            if let u = unmatchedPage {
                result.diagnostics.append(LoadDiagnostic(LoadDiagnosticID.pageGridMismatch, line: u + 1,
                    "the header of '\(spec.name)' printed again on line \(u + 1) does not cut its page into the first page's columns; every page was read with one column grid",
                    table: spec.name, severity: .note))
            }
        } else if let u = unmatchedPage {
            result.diagnostics.append(LoadDiagnostic(LoadDiagnosticID.pageGridMismatch, line: u + 1,
                "the header of '\(spec.name)' printed again on line \(u + 1) does not cut its page into the first page's columns, and no column grid fits every page; its cells were read as printed",
                table: spec.name))
        }
        // The page-by-page reading's tie counts when it was the one used.
        if let m = wholeTie ?? (unmatchedPage == nil ? byPageTie : nil) ?? tieBrokenBy, let first = data.first {
            let how = m == .display ? "a CJK character two columns wide" : "a CJK character one column wide"
            result.diagnostics.append(LoadDiagnostic(LoadDiagnosticID.columnMeasureTie, line: first.index + 1,
                "the rows of '\(spec.name)' line up as well counting a CJK character one column wide as two, and the two readings cut them differently; read with \(how), as the report's other space-aligned lines are laid out",
                table: spec.name, severity: .note))
        }
        if tabbed, stacked.count >= 2, headers.count <= 1, let first = data.first,
           let h = StackedHeader.header(labels: stacked, below: headers.first, width: first.cells.count, text: text) {
            headers.insert(h, at: 0)
        }
        // A one-row table printed as rows (项目 | 预算数 | 决算数): the one row it stands for.
        if spec.isSingleRow, let t = TransposedSingleRow.transpose(headers: headers, data: data, text: text,
                                                                    columns: prepared.allColumns.map(\.name)) {
            (headers, numbers, data) = (t.headers, nil, t.data)
        }
        var layout = ColumnLayout.build(spec: prepared, headers: headers, numbers: numbers, text: text)
        layout.markNameColumn(headers: headers, text: text)
        result.diagnostics.append(contentsOf: layout.diagnostics)
        var rows: [Row] = []
        var rowCodes: [[String]] = []
        rows.reserveCapacity(data.count)
        rowCodes.reserveCapacity(data.count)
        // A stacked group's rows are read with that group's columns alone.
        let blockLayouts: [Int: ColumnLayout] = layout.positional || !layout.groupColumns.isEmpty ? [:]
            : Dictionary(blocks.filter { $0.group < layout.segments.count }.map { b in
                var one = layout
                one.segments = [layout.segments[b.group]]
                return (b.group, one)
            }, uniquingKeysWith: { a, _ in a })
        for (di, line) in data.enumerated() {
            if let g = blocks.last(where: { $0.start <= di })?.group, let one = blockLayouts[g] {
                parseRow(line, layout: one, diagnostics: &result.diagnostics, rows: &rows, codes: &rowCodes)
            } else {
                parseRow(line, layout: layout, diagnostics: &result.diagnostics, rows: &rows, codes: &rowCodes)
            }
        }
        // Names wrapped onto a line of their own, joined back (review 12, finding 423).
        if let d = WrappedNames.join(&rows, codes: &rowCodes, spec: spec, columns: prepared.allColumns, tablessPieces: tablessPieces) {
            result.diagnostics.append(d)
        }
        // Codes: shifted columns, damage, duplicates, parents.
        var checker = CodeChecker(spec: spec, titleLine: titleLine)
        checker.resolveShiftedCodes(&rows, candidates: rowCodes)
        // Printed by unit: a tree per unit, read as their sum (review 11, finding 307).
        if let d = UnitBlocks.fold(&rows, spec: spec, columnNames: prepared.allColumns.map(\.name)) {
            result.diagnostics.append(contentsOf: d)
            if rows.count != rowCodes.count { rowCodes = [] }
        }
        // Rows that are units, not 功能分类 codes (review 12, finding 426).
        if let d = UnitBlocks.byUnit(&rows, spec: spec, hasUnitCodes: layout.hasUnitCodes) { result.diagnostics.append(d) }
        CodeRepair.confirm(&rows, diagnostics: &result.diagnostics, table: spec.name)
        checker.check(&rows, hasUnitCodes: layout.hasUnitCodes)
        result.diagnostics.append(contentsOf: checker.diagnostics)
        if let d = UncodedRows.diagnostic(rows, spec: spec) { result.diagnostics.append(d) }
        result.diagnostics = DiagnosticCap.capped(result.diagnostics, table: spec.name)
        for (i, c) in rowCodes.enumerated() where c.count >= 2 { result.codeCandidates[i] = c }

        result.hasFigures = rows.contains { $0.cells.contains { $0.figure != nil } }
        // No amount, and no header that names a declared column: no table was placed.
        if !result.hasFigures, layout.namesNoColumn {
            result.unreadLine = unread ?? (headers + data).first { TableReader.mayBeTableContent(norm.lineKey($0.index)) }?.index
        }
        TableReader.wholeUnitPrecision(&rows)
        let columns: [Column] = prepared.allColumns.enumerated().map { (i, c) in
            var number: Int? = nil, placed = false
            for s in layout.segments {
                for (k, slot) in s.slots.enumerated() where slot == i { number = number ?? s.columnNumbers[k]; placed = true }
                if s.alsoInto == i { placed = true }
            }
            if layout.groupColumns.contains(where: { $0.column == i }) { placed = true }
            // An `optional` column no segment reads and no row fills is not printed (grids leave it out).
            let printed = !c.isOptional || placed || rows.contains { i < $0.cells.count && $0.cells[i].figure != nil }
            return Column(name: c.name, aliases: c.aliases, number: number, isPrinted: printed)
        }
        let table = Table(name: spec.name, title: title, line: titleLine + 1, columns: columns, rows: rows,
                          rowKeys: spec.rowKeys, groups: spec.groups.map(\.name))
        result.table = table
        if rows.isEmpty || !result.hasFigures {
            result.kind = .announcedEmpty
        } else {
            result.kind = .table
        }
        return result
    }

    /// A table whose amounts are all written without decimals (at least six of them other than
    /// zero) is published in whole units (万元, or 元): each amount stands for ±0.5 of the unit,
    /// not ±0.005 — its rounded parts may miss their rounded total by half a unit each, and a
    /// narrative 1,286.64 万元 restates a cell 1,287 (review 11, finding 341: 44 false alarms on a
    /// report whose tables are in whole 万元). One amount with decimals keeps the 0.01 reading.
    static func wholeUnitPrecision(_ rows: inout [Row]) {
        var whole = 0
        for r in rows {
            for c in r.cells {
                guard let f = c.figure, f.kind == .number, !f.isBlank else { continue }
                guard let d = f.decimals, d == 0 else { return }
                if f.value != .zero { whole += 1 }
            }
        }
        guard whole >= 6 else { return }
        for i in rows.indices {
            for j in rows[i].cells.indices {
                guard let f = rows[i].cells[j].figure, f.kind == .number, !f.isBlank else { continue }
                rows[i].cells[j].figure = Figure.amount(f.value, decimals: 0, minimumDecimals: 0)
            }
        }
    }

    /// The declared group (after the first) a line names alone (`支出` over 公开01's second block).
    func stackedGroup(_ k: [UInt8]) -> Int? {
        guard spec.groups.count > 1, k.count <= 30 else { return nil }
        for (g, group) in spec.groups.enumerated().dropFirst() where Bytes.key(group.name, dropQuotes: true) == k { return g }
        return stackedGroup(bySuffix: k)
    }

    /// Whether every filled cell of a tabbed line is a table's meta line (`编制单位：…`, `单位：万元`).
    static func isMetaCells(_ raw: RawLine, _ b: [UInt8]) -> Bool {
        var any = false
        for c in raw.cells where !c.isEmpty {
            guard TableRegion.isMetaKey(Bytes.key(b[c.start..<c.end])) else { return false }
            any = true
        }
        return any
    }

    /// Whether a line key reads like a page's running header: short, the report's title words
    /// (决算 or 预算) without sentence punctuation, no ordinal (a section heading such as
    /// `三、支出决算情况说明` is none) and no 说明/情况.
    static func isRunningHeader(_ k: [UInt8]) -> Bool {
        guard !k.isEmpty, k.count <= 120, Bytes.contains(k, "决算") || Bytes.contains(k, "预算") else { return false }
        if Bytes.containsAny(k, runningHeaderExclusions) { return false }
        let lead = TitleIndex.stripLeader(k)
        return lead.rest.count == k.count
    }

    static let runningHeaderExclusions: [StaticString] = ["。", ",", ";", ":", "说明", "情况", "表"]

    func nextKey(after i: Int) -> [UInt8]? {
        var j = i + 1
        while j < min(region.upperBound, i + 4) {
            let r = text.lineRange(j)
            if !r.isEmpty { let k = Bytes.key(text.bytes[r]); if !k.isEmpty { return k } }
            j += 1
        }
        return nil
    }

    /// The unit a meta line states (`单位：万元`, `单位：万` + `元` on the next line, `金额单位：元`),
    /// `?…` for a unit that is neither 万元 nor 元, or `nil`.
    static func unit(in key: [UInt8], next: [UInt8]?) -> String? {
        let marker = Array("单位:".utf8)
        guard let at = Bytes.find(marker, in: key) ?? (Bytes.hasPrefix(key, Array("位:".utf8)) ? -3 : nil) else {
            let s = String(decoding: key, as: UTF8.self)
            if s == "万元" || s == "元" { return s }
            return nil
        }
        var rest = Array(key[(at + marker.count)...])
        if rest.isEmpty || rest == Array("万".utf8), let n = next, n.count <= 6 { rest += n }
        let s = String(decoding: rest, as: UTF8.self)
        if s.hasPrefix("万元") { return "万元" }
        if s.hasPrefix("元") { return "元" }
        if s.isEmpty || s.hasPrefix("名称") || s.hasPrefix("编码") || s.hasPrefix("代码") { return nil }
        // Other amounts in yuan are known units too (packs scale a 万元 narrative to them).
        for u in ["千元", "亿元", "百万元"] where s.hasPrefix(u) { return u }
        for u in ["万美元", "美元", "个", "人"] where s.hasPrefix(u) { return "?" + u }
        return nil
    }

    /// A warning when rows with amounts follow line `e`, where the table ended after its rows, under
    /// the same title (review 14, finding 602: a line the reader could not place ended the table,
    /// and every row after it was dropped without a word); `nil` when none follow.
    func rowsAfterEnd(_ e: Int, tabbed: Bool) -> LoadDiagnostic? {
        var count = 0, first: Int? = nil
        for j in (e + 1)..<region.upperBound {
            let r = text.lineRange(j)
            guard r.count <= 600, !tabbed || text.bytes[r].contains(0x09) else { continue }
            let raw = j < rawLines.count ? rawLines[j] ?? RawLine(text, index: j) : RawLine(text, index: j)
            guard raw.filled >= 2, raw.contents.contains(where: \.isDecimalAmount), looksLikeData(raw) else { continue }
            count += 1
            if first == nil { first = j }
        }
        guard let first else { return nil }
        let shown = String(decoding: Bytes.key(text.bytes[text.lineRange(e)]).prefix(60), as: UTF8.self)
        return LoadDiagnostic(LoadDiagnosticID.rowsAfterTableEnd, line: e + 1,
            "'\(spec.name)' ended at line \(e + 1) ('\(shown)'), but \(count == 1 ? "a row" : "\(count) rows") with amounts follow\(count == 1 ? "s" : "") from line \(first + 1) and \(count == 1 ? "was" : "were") not read",
            table: spec.name)
    }

    /// A data line of a space-aligned table with its letter-spaced labels joined (`收  入  总  计`
    /// is one cell: split into four, it shifted the row's amounts out of their columns; review
    /// 14, finding 604); a tabbed line as it is.
    func spacedUndone(_ raw: RawLine) -> RawLine {
        raw.tabbed ? raw : LetterSpacing.undone(raw, text: text)
    }

    /// Whether line `i`, without tabs inside a tabbed table, is the rest of the name above it (review
    /// 14, finding 602): one short text cell (no figure, no sentence, no total, ordinal or table
    /// number, not the title again or `续表`) with a tabbed line right below it.
    func isTablessPiece(_ raw: RawLine, at i: Int, key k: [UInt8]) -> Bool {
        guard raw.filled == 1, k.count <= WrappedNames.maxPieceBytes, let ci = raw.cells.firstIndex(where: { !$0.isEmpty }),
              case .text = raw.contents[ci] else { return false }
        if Bytes.contains(k, "。") || Bytes.contains(k, "；") || isTotalLabel(k) || TitleIndex.isContinuation(k) || isTitleAgain(k) { return false }
        if Bytes.containsAny(k, TableReader.tableNameWords) || TableRegion.isMetaKey(k) || TableRegion.isNoteKey(k) { return false }
        let name = String(decoding: k, as: UTF8.self)
        if WrappedNames.ownRowWords.contains(where: { name.contains($0) }) { return false }
        let leader = TitleIndex.stripLeader(k)
        guard leader.number == nil, leader.rest.count == k.count else { return false }
        guard i + 1 < region.upperBound else { return false }
        let next = i + 1 < rawLines.count ? rawLines[i + 1] ?? RawLine(text, index: i + 1) : RawLine(text, index: i + 1)
        return next.tabbed
    }

    /// Whether a line before any data reads as a data row: an amount with a decimal point,
    /// separator or `%`, a leading classification code followed by a name, or a 合计/总计 label first.
    func looksLikeData(_ raw: RawLine) -> Bool {
        let b = text.bytes
        if isHeaderWithZeros(raw) { return false }
        var firstFilled: RawCell? = nil
        var sawText = false, sawCodeFirst = false, totalFirst = false
        for (ci, c) in raw.cells.enumerated() where !c.isEmpty {
            let content = raw.contents[ci]
            if content.isDecimalAmount { return true }
            if firstFilled == nil {
                firstFilled = c
                if case .number(let t) = content, t.isPlainDigits, t.digitCount >= 3, t.digitCount <= 8 { sawCodeFirst = true }
                if case .text = content, isTotalLabel(Bytes.key(b[c.start..<c.end])) { totalFirst = true }
            } else if case .text = content { sawText = true }
        }
        // `合计` first is a (possibly empty) total row, unless other labels follow (a header).
        if totalFirst { return !sawText }
        return sawCodeFirst && sawText
    }

    /// A header line whose blank cells were filled with zeros (`合计  因公出国（境）费  公务用车购置及运行费
    /// 0.00  0.00  公务接待费`, review 11 variant v_zero): more labels than amounts after the first
    /// cell, at least three of them, and every amount zero. A data row has its labels first.
    func isHeaderWithZeros(_ raw: RawLine) -> Bool {
        var labels = 0, zeros = 0, first = true
        for (ci, c) in raw.cells.enumerated() where !c.isEmpty {
            defer { first = false }
            switch raw.contents[ci] {
            case .text: if !first { labels += 1 }
            case .number(let n): guard !n.isPlainDigits, n.mantissa == 0 else { return false }; zeros += 1
            case .numbers: return false
            case .blank: break
            }
        }
        return zeros > 0 && labels >= 3 && labels > zeros
    }

    /// A line of a space-separated table: a number and some text, a total label, texts in two
    /// or more aligned columns, or one short name (rows whose amounts are all blank; prose
    /// merges into one long cell, and ends a sentence or clause with 。 or ；).
    func looksLikeSpaceRow(_ raw: RawLine) -> Bool {
        let b = text.bytes
        var numbers = 0, texts = 0, longest = 0
        for (ci, c) in raw.cells.enumerated() where !c.isEmpty {
            switch raw.contents[ci] {
            case .number, .numbers: numbers += 1
            case .text:
                let k = Bytes.key(b[c.start..<c.end])
                if isTotalLabel(k) { return true }
                if k.count > 90 || Bytes.contains(k, "。") || Bytes.contains(k, "；") { return false }
                texts += 1
                longest = max(longest, k.count)
            case .blank: break
            }
        }
        return numbers > 0 || texts >= 2 || texts == 1 && longest <= 60
    }

    /// ``isTotalLabel(_:)`` on a name's UTF-8 without copying it.
    static func isTotalLabel(name: String) -> Bool {
        var name = name
        return name.withUTF8 { u in
            guard u.count <= 45, u.count >= 6 else { return false }
            for s in totalSuffixes {
                let matched = s.withUTF8Buffer { suffix -> Bool in
                    guard u.count >= suffix.count else { return false }
                    let o = u.count - suffix.count
                    for j in 0..<suffix.count where u[o + j] != suffix[j] { return false }
                    return true
                }
                if matched { return true }
            }
            return false
        }
    }

    func isTotalLabel(_ k: [UInt8]) -> Bool {
        TableReader.totalSuffixes.contains { Bytes.hasSuffix(k, $0) } && k.count <= 45
    }

    /// One segment of a row being parsed.
    struct Piece {
        var codes: [String] = []
        var name: String? = nil
        var lineNumber: Int? = nil
        var values: [Figure?] = []
        var unplaced: [(Figure, Int)] = []  // amounts in key positions, with their cell index
        /// A damaged code read as the code it stands for (``CodeRepair``).
        var repaired: CodeRepair.Repaired? = nil
    }

    /// Parses one data line into rows (one per side-by-side group with content), appended to
    /// `rows`, and the codes each row carried (two when code columns are shifted), appended to
    /// `codes`.
    func parseRow(_ line: RawLine, layout: ColumnLayout, diagnostics: inout [LoadDiagnostic],
                  rows: inout [Row], codes: inout [[String]]) {
        let cells = line.cells
        let contents = line.contents
        let lineNo = line.index + 1
        if !layout.groupColumns.isEmpty {
            parseGroupColumns(line, layout: layout, rows: &rows, codes: &codes)
            return
        }
        // Segment boundaries.
        var bounds: [(Int, Int)] = []
        if layout.segments.count == 1 {
            // One segment: one piece, no regrouping (nothing to allocate for the bounds).
            let piece = parseSegment(cells: cells, contents: contents, 0, cells.count, layout.segments[0], lineNo: lineNo,
                                     diagnostics: &diagnostics)
            for (f, _) in piece.unplaced {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unplacedAmount, line: lineNo,
                    "amount \(f.display) is in a code or name position and was not placed in a column", table: spec.name))
            }
            appendRow(piece, segment: layout.segments[0], width: layout.columnCount, lineNo: lineNo, diagnostics: &diagnostics,
                      rows: &rows, codes: &codes)
            return
        } else if layout.positional {
            for s in layout.segments { bounds.append((min(s.start, cells.count), min(s.end, cells.count))) }
        } else {
            let hasText = contents.contains { if case .text = $0 { return true }; return false }
            if hasText {
                // Split at each name cell (with the codes just before it).
                var starts: [Int] = []
                var i = 0
                while i < cells.count {
                    if case .text = contents[i] {
                        var s = i
                        while s > 0, case .number(let t) = contents[s - 1], t.isPlainDigits, !(starts.last.map { s - 1 < $0 } ?? false) { s -= 1 }
                        starts.append(s)
                    }
                    i += 1
                }
                for (k, s) in starts.prefix(layout.segments.count).enumerated() {
                    let e = k + 1 < starts.count && k + 1 < layout.segments.count ? starts[k + 1] : cells.count
                    bounds.append((s, e))
                }
            } else {
                var s = 0
                for seg in layout.segments {
                    let w = seg.keyWidth + seg.slots.count
                    bounds.append((min(s, cells.count), min(s + w, cells.count))); s += w
                }
                if let last = bounds.indices.last { bounds[last].1 = cells.count }
            }
        }
        var pieces: [Piece] = []
        for (si, (s, e)) in bounds.enumerated() {
            pieces.append(parseSegment(cells: cells, contents: contents, s, e, layout.segments[si], lineNo: lineNo,
                                       diagnostics: &diagnostics))
        }
        // An amount in a key position of an empty group belongs to the previous group's total
        // (merged cells, e.g. 公用经费合计 printed one group to the right).
        for k in pieces.indices where !pieces[k].unplaced.isEmpty {
            let figure = pieces[k].unplaced[0].0
            if pieces[k].name == nil, pieces[k].codes.isEmpty, k > 0, pieces[k - 1].name != nil,
               pieces[k - 1].values.allSatisfy({ $0 == nil }), !pieces[k - 1].values.isEmpty, pieces[k].unplaced.count == 1 {
                pieces[k - 1].values[0] = figure
                let col = layout.segments[k - 1].slots.first.flatMap { $0 }.map { prepared.allColumns[$0].name } ?? "?"
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unplacedAmount, line: lineNo,
                    "amount \(figure.display) is printed outside the columns of '\(pieces[k - 1].name!)'; placed it in '\(col)'",
                    table: spec.name))
                pieces[k].unplaced = []
            } else {
                for (f, _) in pieces[k].unplaced {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unplacedAmount, line: lineNo,
                        "amount \(f.display) is in a code or name position and was not placed in a column", table: spec.name))
                }
            }
        }
        // A total whose figure stands in the last cell of a band cell spanning two segments of one
        // group (`公用经费合计 ⇥ ⇥ ⇥ ⇥ ⇥ 245.43` under 公用经费 over two triples: review 11, finding 218):
        // the figure is the total's, not a row of its own.
        for k in pieces.indices.dropFirst() where pieces[k].name == nil && pieces[k].codes.isEmpty && pieces[k].unplaced.isEmpty {
            let figures = pieces[k].values.compactMap { $0 }
            guard figures.count == 1, let total = pieces[k - 1].name, TableReader.isTotalLabel(name: total),
                  !pieces[k - 1].values.isEmpty, pieces[k - 1].values.allSatisfy({ $0 == nil }),
                  layout.segments[k].groupName == layout.segments[k - 1].groupName else { continue }
            pieces[k - 1].values[0] = figures[0]
            pieces[k].values = []
        }
        let before = rows.count
        for (k, p) in pieces.enumerated() {
            appendRow(p, segment: layout.segments[k], width: layout.columnCount, lineNo: lineNo, diagnostics: &diagnostics,
                      rows: &rows, codes: &codes)
        }
        // Blocks printed side by side (``ColumnLayout/columnBlocks``): a line of block totals
        // (人员经费合计 ⇥ 1,088.42 ⇥ 公用经费合计 ⇥ 198.22) is the table's one 合计 row, its total the sum.
        if layout.columnBlocks, rows.count - before >= 2,
           rows[before...].allSatisfy({ $0.isTotal && $0.code == nil }) {
            var merged = rows[before]
            merged.name = "合计"
            for r in rows[(before + 1)...] {
                for (c, cell) in r.cells.enumerated() where cell.figure != nil {
                    if let a = merged.cells[c].figure, let b = cell.figure {
                        guard let sum = try? a.adding(b) else { return }
                        merged.cells[c] = Cell(figure: sum, line: lineNo)
                    } else {
                        merged.cells[c] = cell
                    }
                }
            }
            rows.removeSubrange(before...)
            codes.removeSubrange(before...)
            rows.append(merged)
            codes.append([])
        }
    }

    /// A row of a table whose groups are printed as amount columns (``ColumnLayout/groupColumns``):
    /// one row per group with a figure in its column, keyed by the row's code and name; a total row
    /// is named after its group (`合计` under 人员经费 is 人员经费合计).
    func parseGroupColumns(_ line: RawLine, layout: ColumnLayout, rows: inout [Row], codes: inout [[String]]) {
        let b = text.bytes
        let lineNo = line.index + 1
        let first = layout.groupColumns.map(\.pos).min() ?? 0
        var rowCodes: [String] = [], name: String? = nil
        for i in 0..<min(first, line.cells.count) {
            switch line.contents[i] {
            case .number(let n) where n.isPlainDigits && name == nil: rowCodes.append(n.digits)
            case .text where name == nil: name = String(decoding: Bytes.key(b[line.cells[i].start..<line.cells[i].end]), as: UTF8.self)
            default: break
            }
        }
        if rowCodes.isEmpty, let n = name, let (code, rest) = TableReader.leadingCode(Array(n.utf8)) {
            rowCodes.append(code); name = rest
        }
        guard name != nil || !rowCodes.isEmpty else { return }
        for gc in layout.groupColumns where gc.pos < line.cells.count {
            guard case .number(let n) = line.contents[gc.pos] else { continue }
            var cells = [Cell](repeating: .blank(line: lineNo), count: layout.columnCount)
            cells[gc.column] = Cell(figure: n.figure, line: lineNo)
            var rowName = name ?? ""
            if rowCodes.isEmpty, TableReader.isTotalLabel(name: rowName), !rowName.hasPrefix(gc.group) { rowName = gc.group + "合计" }
            let kind = gc.rowKeys.first { $0.isClassification }
            rows.append(Row(code: rowCodes.first, codeKind: rowCodes.isEmpty ? nil : kind, lineNumber: nil, name: rowName,
                            group: gc.group, cells: cells, line: lineNo, isTotal: TableReader.isTotalLabel(name: rowName)))
            codes.append(rowCodes)
        }
    }

    /// Appends the row of one parsed segment (none when it has no name, code or amount).
    func appendRow(_ p: Piece, segment seg: SegmentLayout, width: Int, lineNo: Int, diagnostics: inout [LoadDiagnostic],
                   rows: inout [Row], codes: inout [[String]]) {
        do {
            let hasValues = p.values.contains { $0 != nil }
            guard p.name != nil || !p.codes.isEmpty || hasValues else { return }
            var rowCells = [Cell](repeating: .blank(line: lineNo), count: width)
            for (slot, v) in p.values.enumerated() where slot < seg.slots.count {
                guard let col = seg.slots[slot], let v else { continue }
                // Two slots of one column: its parts (``ColumnLayout``), added up.
                if let before = rowCells[col].figure, let sum = try? before.adding(v) {
                    rowCells[col] = Cell(figure: sum, line: lineNo)
                } else {
                    rowCells[col] = Cell(figure: v, line: lineNo)
                }
            }
            // A block printed as one column of the table: its figure is also the row's total.
            if let also = seg.alsoInto, rowCells[also].figure == nil {
                let figures = p.values.compactMap { $0 }
                if figures.count == 1 { rowCells[also] = Cell(figure: figures[0], line: lineNo) }
            }
            let extra = p.values.count > seg.slots.count ? p.values[seg.slots.count...].compactMap { $0 } : []
            for f in extra {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unplacedAmount, line: lineNo,
                    "amount \(f.display) has no column: the row has more amounts than '\(spec.name)'\(seg.groupName.map { " group '\($0)'" } ?? "") has columns",
                    table: spec.name))
            }
            var name = p.name ?? ""
            if name.isEmpty, p.codes.isEmpty, let g = seg.groupName { name = g }
            if name.isEmpty, p.codes.isEmpty, spec.isSingleRow { name = spec.name }
            let isTotal = TableReader.isTotalLabel(name: name)
            let kind = seg.rowKeys.first { $0.isClassification }
            var row = Row(code: p.codes.first, codeKind: p.codes.isEmpty ? nil : kind, lineNumber: p.lineNumber, name: name,
                          group: seg.groupName, cells: rowCells, line: lineNo, isTotal: isTotal)
            if let r = p.repaired, let code = p.codes.first {
                diagnostics.append(CodeRepair.diagnostic(r, code: code, name: name, line: lineNo, table: spec.name))
            }
            if kind == nil, !p.codes.isEmpty { row.code = p.codes.first; row.codeKind = nil }
            rows.append(row)
            codes.append(p.codes)
        }
    }

    /// The code of a cell written as a 3-digit 类 followed by one or two 2-digit parts separated
    /// by spaces or a dot (`201 01 01`, `201.01.01`, `208.05`), as one code (`2010101`); `nil`
    /// for anything else.
    static func separatedCode(_ b: [UInt8], _ cell: RawCell) -> String? {
        var lo = cell.start, hi = cell.end
        while lo < hi, b[lo] == 0x20 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 { hi -= 1 }
        var parts: [[UInt8]] = [], current: [UInt8] = [], separator: UInt8? = nil
        for i in lo..<hi {
            let c = b[i]
            if Bytes.isDigit(c) { current.append(c); continue }
            guard c == 0x20 || c == 0x2E, separator == nil || separator == c else { return nil }
            separator = c
            if current.isEmpty {
                if c == 0x20 { continue }  // a run of spaces
                return nil
            }
            parts.append(current); current = []
        }
        parts.append(current)
        // `20101 01` too: a 款 and its 项 digits apart (review 11, finding 212).
        guard separator != nil, (2...3).contains(parts.count), parts[0].count == 3 || parts.count == 2 && parts[0].count == 5,
              parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        return String(decoding: parts.joined(), as: UTF8.self)
    }

    /// Whether a name cell is a classification code with letters read for digits (`21OO101`, `2l001`):
    /// 3, 5 or 7 characters, digits and at least one of O, o, l, I, with two digits or more.
    static func isDamagedCode(_ k: [UInt8]) -> Bool {
        guard [3, 5, 7].contains(k.count) else { return false }
        var digits = 0, letters = 0
        for c in k {
            if Bytes.isDigit(c) { digits += 1 } else if c == UInt8(ascii: "O") || c == UInt8(ascii: "o") || c == UInt8(ascii: "l")
                || c == UInt8(ascii: "I") { letters += 1 } else { return false }
        }
        return digits >= 2 && letters > 0
    }

    /// A classification code of 3, 5 or 7 digits written at the start of a name cell, before its
    /// first non-ASCII character (`201 一般公共服务` keyed without spaces, `210卫生健康`), and the name
    /// after it; `nil` otherwise.
    static func leadingCode(_ raw: [UInt8]) -> (code: String, rest: String)? {
        var d = 0
        while d < raw.count, Bytes.isDigit(raw[d]) { d += 1 }
        guard [3, 5, 7].contains(d), d < raw.count, raw[d] >= 0x80 else { return nil }
        return (String(decoding: raw[..<d], as: UTF8.self), String(decoding: raw[d...], as: UTF8.self))
    }

    /// A classification code of 3, 5 or 7 digits in square, lenticular, tortoise-shell or round
    /// brackets at the start of a cell's key (`[2080501]`, `【208】`, `〔2100409〕`, `〖210〗`, `(21001)`),
    /// and what follows it; `nil` otherwise.
    static func bracketedCode(_ k: [UInt8]) -> (code: String, rest: [UInt8])? {
        let opens: [[UInt8]] = [Array("[".utf8), Array("【".utf8), Array("(".utf8), Array("〔".utf8), Array("〖".utf8)]
        let closes: [[UInt8]] = [Array("]".utf8), Array("】".utf8), Array(")".utf8), Array("〕".utf8), Array("〗".utf8)]
        for (o, c) in zip(opens, closes) where Bytes.hasPrefix(k, o) {
            var d = o.count
            while d < k.count, Bytes.isDigit(k[d]) { d += 1 }
            let digits = d - o.count
            guard [3, 5, 7].contains(digits), Bytes.matches(k, c, at: d) else { return nil }
            return (String(decoding: k[o.count..<d], as: UTF8.self), Array(k[(d + c.count)...]))
        }
        return nil
    }

    /// Parses the cells `[s, e)` of one segment.
    func parseSegment(cells: [RawCell], contents: [CellContent], _ s: Int, _ e: Int, _ seg: SegmentLayout, lineNo: Int,
                      diagnostics: inout [LoadDiagnostic]) -> Piece {
        let b = text.bytes
        var piece = Piece()
        guard s < e else { return piece }
        let wantsCode = seg.rowKeys.contains { $0.isClassification }
        var firstText: Int? = nil
        for i in s..<e {
            if case .text = contents[i] {
                if wantsCode, firstText == nil, TableReader.separatedCode(b, cells[i]) != nil { continue }
                if wantsCode, firstText == nil, CodeRepair.isCodeBeforeName(b, cells, contents, at: i, end: e) { continue }
                if wantsCode, firstText == nil, let (_, rest) = TableReader.bracketedCode(Bytes.key(b[cells[i].start..<cells[i].end])),
                   rest.isEmpty { continue }
                firstText = i; break
            }
        }
        var amountsStart: Int
        if let t = firstText {
            // Codes split into 类/款/项 columns and printed as a tree (`208` on the class row, `05`
            // alone in the 款 column below it): a two-digit part after blank code cells is kept
            // with one empty placeholder per blank, for ``CodeChecker`` to prefix with its parents.
            var leadingBlanks = 0, sawCode = false
            for i in s..<t {
                // A code written with spaces or dots (`201 01 01`, `201.01.01`, `208.05`).
                if wantsCode, !sawCode, let code = TableReader.separatedCode(b, cells[i]) {
                    sawCode = true
                    piece.codes.append(code)
                    continue
                }
                // A damaged code: `2050 202`, `2O50203` (review 16, finding 806).
                if wantsCode, !sawCode, piece.codes.isEmpty, let (code, repaired) = CodeRepair.read(b, cells[i]) {
                    sawCode = true
                    piece.codes.append(code)
                    piece.repaired = repaired
                    continue
                }
                if wantsCode, !sawCode, case .text = contents[i],
                   let (code, _) = TableReader.bracketedCode(Bytes.key(b[cells[i].start..<cells[i].end])) {
                    sawCode = true
                    piece.codes.append(code)
                    continue
                }
                switch contents[i] {
                case .number(let n) where n.isPlainDigits:
                    if wantsCode, !sawCode, (1...2).contains(leadingBlanks), n.digitCount == 2 {
                        piece.codes.append(contentsOf: repeatElement("", count: leadingBlanks))
                    }
                    sawCode = true
                    piece.codes.append(n.digits)
                case .blank where !sawCode: leadingBlanks += 1
                case .number(let n): piece.unplaced.append((n.figure, i))
                case .numbers(let ns): for n in ns { piece.unplaced.append((n.figure, i)) }
                default: break
                }
            }
            var name = String(decoding: Bytes.key(b[cells[t].start..<cells[t].end]), as: UTF8.self)
            // The header's name column, after a 科目 name (`2100401 ⇥ 疾病预防控制机构 ⇥ 疾控中心…`).
            if let nc = seg.nameColumn, s + nc > t, s + nc < e, case .text = contents[s + nc] {
                name = String(decoding: Bytes.key(b[cells[s + nc].start..<cells[s + nc].end]), as: UTF8.self)
            }
            // A code written into the name cell: `201 一般公共服务`, `210卫生健康`.
            if piece.codes.isEmpty, wantsCode || seg.rowKeys.isEmpty {
                let raw = Array(name.utf8)
                if let (code, rest) = TableReader.leadingCode(raw) {
                    piece.codes.append(code)
                    name = rest
                } else if wantsCode, let (code, rest) = TableReader.bracketedCode(raw), !rest.isEmpty {
                    // `[2080501]行政单位离退休`, `【208】社会保障和就业支出` (review 11, finding 220).
                    piece.codes.append(code)
                    name = String(decoding: rest, as: UTF8.self)
                }
            }
            if wantsCode, piece.codes.isEmpty, TableReader.isDamagedCode(Array(name.utf8)) {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.malformedCode, line: lineNo,
                    "code '\(name)' is unreadable (a letter among its digits); the row is read without a code",
                    table: spec.name))
            }
            piece.name = name
            amountsStart = t + 1
            let keyEnd = s + seg.keyWidth
            if seg.hasLineNumber, amountsStart < e, case .number(let n) = contents[amountsStart], n.isPlainDigits,
               case let v = Int(n.mantissa), v < 1000 {
                piece.lineNumber = v
                amountsStart += 1
            } else if seg.hasLineNumber, amountsStart < e, case .blank = contents[amountsStart], amountsStart < keyEnd {
                amountsStart += 1
            }
            // Further cells right after the name (单位代码/单位名称 columns) belong to the key.
            if amountsStart < keyEnd {
                var hasAmountBefore = false
                for i in amountsStart..<min(keyEnd, e) where contents[i].isDecimalAmount { hasAmountBefore = true }
                if !hasAmountBefore { amountsStart = min(keyEnd, e) }
            }
        } else {
            // No name: key cells by position.
            let keyEnd = min(e, s + seg.keyWidth)
            for i in s..<keyEnd {
                switch contents[i] {
                case .number(let n) where n.isPlainDigits:
                    if seg.hasLineNumber, piece.lineNumber == nil, (n.digitCount < 3 || !wantsCode), case let v = Int(n.mantissa) {
                        piece.lineNumber = v
                    } else {
                        piece.codes.append(n.digits)
                    }
                case .number(let n): piece.unplaced.append((n.figure, i))
                case .numbers(let ns): for n in ns { piece.unplaced.append((n.figure, i)) }
                default: break
                }
            }
            amountsStart = keyEnd
        }
        // Amounts.
        var twoInOne = false
        if amountsStart < e { piece.values.reserveCapacity(e - amountsStart) }
        for i in amountsStart..<e {
            switch contents[i] {
            case .blank, .text: piece.values.append(nil)
            case .number(let n): piece.values.append(n.figure)
            case .numbers(let ns):
                twoInOne = true
                for n in ns { piece.values.append(n.figure) }
            }
        }
        // A name printed in the code column leaves the name column blank (`人员经费合计 ⇥ ⇥ 4,011.00`
        // under `经济分类科目编码 ⇥ 科目名称 ⇥ 决算数`): blank cells right after the name that would push
        // the amounts past the segment's columns are key cells, not blank amounts.
        if firstText != nil, piece.values.count > seg.slots.count {
            let excess = piece.values.count - seg.slots.count
            var blanks = 0
            while blanks < excess, amountsStart + blanks < e, case .blank = contents[amountsStart + blanks] { blanks += 1 }
            if blanks == excess { piece.values.removeFirst(excess) }
        }
        if twoInOne {
            diagnostics.append(LoadDiagnostic(LoadDiagnosticID.twoAmountsInCell, line: lineNo,
                "two amounts in one cell were split into consecutive columns", table: spec.name))
        }
        return piece
    }
}
