import Tally

/// One load: finds titles, reads tables and facts, and collects diagnostics.
struct ReportBuilder {
    let loader: ReportLoader
    let text: ReportText
    /// The folded text (one pass), for line keys and facts.
    let norm: NormalizedText
    var diagnostics: [LoadDiagnostic] = []
    var metadata = ReportMetadata()
    var tables: [Table] = []
    var facts: [Fact] = []
    /// The facts of each fact declaration that has any, as ranges of ``facts`` (each in report order).
    var factRuns: [Range<Int>] = []
    var unrecognized: [UnrecognizedTable] = []
    var absence: [String: String] = [:]

    init(loader: ReportLoader, text: ReportText) {
        self.init(loader: loader, text: text, norm: NormalizedText(text, anchorStarts: loader.anchorIndex.startSet))
    }

    /// A load of `text` folded already (with the loader's ``AnchorIndex/startSet``).
    init(loader: ReportLoader, text: ReportText, norm: NormalizedText) {
        self.loader = loader; self.text = text; self.norm = norm
    }

    /// A title found on a line.
    struct Occurrence {
        var line: Int         // 0-based
        var span: Int         // lines the title takes
        var spec: Int?
        var number: String?
        var title: String
        var result: RegionResult? = nil
        var unrecognisedHasContent = false
        /// The number line that identified a title no declaration lists (`公开05表`).
        var numberLine: String? = nil
    }

    mutating func run() {
        metadata = MetadataReader.read(text, norm: norm)
        let (occurrences, units) = scanTables()
        resolveTables(occurrences)
        TruncatedCodes.repair(&tables, diagnostics: &diagnostics)
        resolveUnits(units, occurrences: occurrences)
        crossTableCodeChecks()
        readFacts()
        diagnostics += PerformanceSheets.diagnostics(text)
        // (Tables announced without rows — 此表为空, （无数据） — were found: their L001 says so.)
        if !loader.tableSpecs.isEmpty, tables.isEmpty,
           !diagnostics.contains(where: { $0.id == LoadDiagnosticID.tableWithoutRows || $0.id == LoadDiagnosticID.unreadTable }) {
            diagnostics.append(LoadDiagnostic(LoadDiagnosticID.requiredTableMissing, line: 0,
                "no declared table was found in the report", severity: .warning))
        }
    }

    // MARK: Titles and regions

    func lineKey(_ i: Int) -> [UInt8]? {
        let r = text.lineRange(i)
        guard !r.isEmpty, r.count <= 300, norm.lineKeyCount(i) > 0 else { return nil }
        return norm.lineKey(i)
    }

    /// The note after the tables announced without rows that says they are published elsewhere
    /// (`注：以上表格以 PDF 附件形式另行公开，本文仅列示表名。`): it explains every such table before it
    /// (review 12, finding 415). Looked for within 12 lines after the last of them; text and 1-based line.
    static func attachmentNote(after last: Int?, text: ReportText, norm: NormalizedText) -> (String, Int)? {
        guard let last else { return nil }
        let words: [StaticString] = ["附件", "另行公开", "单独公开", "仅列示表名", "只列示表名", "另附"]
        var i = last + 1
        while i < min(text.lineCount, last + 13) {
            defer { i += 1 }
            let r = text.lineRange(i)
            guard !r.isEmpty, r.count <= 300 else { continue }
            let k = norm.lineKey(i)
            guard TableRegion.isNoteKey(k) || Bytes.hasPrefix(k, "注") || Bytes.hasPrefix(k, "(注"),
                  Bytes.containsAny(k, words) else { continue }
            return (String(decoding: k, as: UTF8.self), i + 1)
        }
        return nil
    }

    /// Whether a tabbed line's cells are those of a title line: two or three text cells, the first
    /// a table number (`表2`, `附表2`, `公开05表`) or the last a unit clause (`单位：万元`).
    static func isTitleCells(_ raw: RawLine, _ b: [UInt8]) -> Bool {
        let filled = raw.cells.indices.filter { !raw.cells[$0].isEmpty }
        guard filled.count <= 3, let first = filled.first, let last = filled.last else { return false }
        for ci in filled { guard case .text = raw.contents[ci] else { return false } }
        let lastKey = Bytes.key(b[raw.cells[last].start..<raw.cells[last].end])
        if TitleIndex.isUnitClause(lastKey) { return true }
        let lead = TitleIndex.stripLeader(Bytes.key(b[raw.cells[first].start..<raw.cells[first].end]))
        return lead.number != nil && lead.rest.isEmpty
    }

    /// The classification code a row's key starts with (3 to 8 digits, then its name), or `nil`.
    static func leadingCode(_ k: [UInt8]) -> ArraySlice<UInt8>? {
        var e = 0
        while e < k.count, Bytes.isDigit(k[e]) { e += 1 }
        guard e >= 3, e <= 8, e < k.count, k[e] >= 0x80 else { return nil }
        return k[..<e]
    }

    static func isPartHeading(_ k: [UInt8]) -> Bool {
        guard Bytes.hasPrefix(k, Array("第".utf8)), let p = Bytes.find(Array("部分".utf8), in: k) else { return false }
        return p <= 12
    }

    func scanTables() -> ([Occurrence], [(String, Int, String?)]) {
        let n = text.lineCount
        let text = self.text, norm = self.norm
        // Which lines have a key (``lineKey(_:)`` not nil); the keys themselves are copied out
        // of the folded text only for lines that may be titles.
        var hasKey: [Bool] = (0..<n).map { i in
            let r = text.lineRange(i)
            return !r.isEmpty && r.count <= 300 && norm.lineKeyCount(i) > 0
        }
        // Lines that are table rows (several tab cells) are never titles, except the cells of a
        // title line: its number, the title and its unit clause (`表2⇥一般公共预算支出情况表`,
        // `…决算表⇥⇥⇥单位：万元`: review 13, finding 534). The split lines are kept for the table reader.
        var rawLines: [RawLine?] = Array(repeating: nil, count: n)
        for i in 0..<n where hasKey[i] {
            let r = text.lineRange(i)
            if text.bytes[r].contains(0x09) {
                let raw = RawLine(text, index: i)
                rawLines[i] = raw
                if raw.filled > 1, !ReportBuilder.isTitleCells(raw, text.bytes) { hasKey[i] = false }
            }
        }
        func nextNonBlank(_ i: Int) -> Int? {
            var j = i + 1
            while j < n, j < i + 4 { if hasKey[j] { return j }; if !text.lineRange(j).isEmpty { return nil }; j += 1 }
            return nil
        }
        /// The last byte of a line's key (the line has one).
        func lastKeyByte(_ i: Int) -> UInt8 { norm.bytes[norm.lineStarts[i + 1] - 1] }
        func title(_ a: Int, _ b: Int) -> String {
            (a...b).map { String(decoding: Bytes.key(text.bytes[text.lineRange($0)]), as: UTF8.self) }.joined()
        }
        /// Whether the title on lines `start..<end`, the same table's as the one whose region began
        /// at `since`, is that table's title printed again on a new page (review 13, finding 516):
        /// right after a page footer, and its first row continues the codes (a code the first part
        /// does not have, no 合计/总计 row first). A table printed twice starts with its total or
        /// its first code again.
        func continuesAfterPageBreak(_ start: Int, _ end: Int, since: Int) -> Bool {
            var p = start - 1
            while p >= since, text.lineRange(p).isEmpty { p -= 1 }
            guard p > since, hasKey[p], TableRegion.isFooterKey(norm.lineKey(p)) else { return false }
            func key(_ q: Int) -> [UInt8]? {
                let r = text.lineRange(q)
                return r.isEmpty || r.count > 600 ? nil : norm.lineKey(q)
            }
            var q = end
            while q < min(n, end + 40) {
                defer { q += 1 }
                guard let k = key(q) else { continue }
                if Bytes.hasPrefix(k, "合计") || Bytes.hasPrefix(k, "总计") { return false }
                guard let code = ReportBuilder.leadingCode(k) else { continue }
                for e in since..<p { if let ke = key(e), ReportBuilder.leadingCode(ke) == code { return false } }
                return true
            }
            return false
        }
        let titles = loader.titleIndex
        var occurrences: [Occurrence] = []
        var boundaries: [Int] = []
        var i = 0
        while i < n {
            guard hasKey[i] else { i += 1; continue }
            // Without `第` first a line is no part heading, and without a last byte a title (or
            // a stripped suffix) can end with, it matches no title alone and is no unrecognised
            // title (see ``TitleIndex/mayMatch(last:)``).
            if norm.lineKeyHasPrefix(i, "第"), ReportBuilder.isPartHeading(norm.lineKey(i)) { boundaries.append(i); i += 1; continue }
            let count = norm.lineKeyCount(i)
            let may = titles.mayMatch(last: lastKeyByte(i))
            if count <= 240, may, let m = titles.match(norm.lineKey(i)) {
                // `支出决算表(续)` after a page break continues the table before it: no new table,
                // and no end of that one's region.
                if let last = occurrences.last, last.spec != nil, last.spec == m.spec,
                   TitleIndex.isContinuation(norm.lineKey(i)) || continuesAfterPageBreak(i, i + 1, since: last.line + last.span) {
                    i += 1; continue
                }
                occurrences.append(Occurrence(line: i, span: 1, spec: m.spec, number: m.number, title: title(i, i)))
                boundaries.append(i); i += 1; continue
            }
            if count <= 150, let j = nextNonBlank(i), norm.lineKeyCount(j) <= 45, titles.mayMatch(last: lastKeyByte(j)) {
                let k = norm.lineKey(i), kj = norm.lineKey(j)
                if !TableRegion.isFooterKey(k), !ReportBuilder.isPartHeading(kj), let m = titles.match(k + kj) {
                    // A numbered heading over the title (`二、2025年部门预算表` then `表1 2025年部门收支预算总表`,
                    // review 18, finding 915): the next line is the title by itself, not its second half.
                    if case let lead = TitleIndex.stripLeader(k), lead.number == nil, lead.rest.count < k.count,
                       m.spec != nil, let mj = titles.match(kj), mj.spec == m.spec {
                        i += 1; continue
                    }
                    if let last = occurrences.last, last.spec != nil, last.spec == m.spec,
                       TitleIndex.isContinuation(k + kj) || continuesAfterPageBreak(i, j + 1, since: last.line + last.span) {
                        i = j + 1; continue
                    }
                    occurrences.append(Occurrence(line: i, span: j - i + 1, spec: m.spec, number: m.number, title: title(i, j)))
                    boundaries.append(i); i = j + 1; continue
                }
            }
            if may, count >= 9, count <= 150,
               let m = titles.unrecognised(norm.lineKey(i), nextKey: nextNonBlank(i).map { norm.lineKey($0) }) {
                // A title variant followed by the number of a declared table (`…功能分类明细表` then
                // `公开05表`, the national template's number line): that table.
                if let j = nextNonBlank(i), let s = titles.spec(numberLine: norm.lineKey(j)),
                   !occurrences.contains(where: { $0.spec == s }) {
                    var o = Occurrence(line: i, span: 1, spec: s, number: m.number, title: title(i, i))
                    o.numberLine = title(j, j)
                    occurrences.append(o)
                } else {
                    occurrences.append(Occurrence(line: i, span: 1, spec: nil, number: m.number, title: title(i, i)))
                }
                boundaries.append(i)
            }
            i += 1
        }
        boundaries.sort()
        var units: [(String, Int, String?)] = []
        for oi in occurrences.indices {
            let o = occurrences[oi]
            let start = o.line + o.span
            let end = boundaries.first { $0 >= start } ?? n
            if var s = o.spec {
                var r = TableReader(text: text, norm: norm, prepared: loader.preparedTables[s], titleLine: o.line, title: o.title, region: start..<end,
                                    rawLines: rawLines).read()
                // A title two declarations share (a layout per region under one name): the one whose
                // columns the header names wins, the title's first declaration on a tie.
                let key = (o.line..<(o.line + o.span)).reduce(into: [UInt8]()) { $0 += norm.lineKey($1) }
                for alt in titles.alternatives(key, of: s) {
                    let other = TableReader(text: text, norm: norm, prepared: loader.preparedTables[alt], titleLine: o.line, title: o.title,
                                            region: start..<end, rawLines: rawLines).read()
                    if ReportBuilder.fit(other) > ReportBuilder.fit(r) { r = other; s = alt }
                }
                // The unit on the title line (`…情况表    单位：万元`: review 13, finding 534).
                if r.unit == nil, TitleIndex.unitClauseStart(key) < key.count, let u = TableReader.unit(in: key, next: nil) {
                    r.unit = (u, o.line + 1)
                }
                occurrences[oi].spec = s
                occurrences[oi].result = r
                if let u = r.unit { units.append((u.0, u.1, loader.tableSpecs[s].name)) }
            } else {
                // Content under an unrecognised title: any non-meta line before the next title.
                var j = start
                while j < end {
                    if let k = hasKey[j] ? norm.lineKey(j) : (text.lineRange(j).isEmpty ? nil : [0]), !TableRegion.isMetaKey(k),
                       !TableRegion.isFooterKey(k) {
                        occurrences[oi].unrecognisedHasContent = true; break
                    }
                    if text.bytes[text.lineRange(j)].contains(0x09) { occurrences[oi].unrecognisedHasContent = true; break }
                    j += 1
                }
            }
        }
        return (occurrences, units)
    }

    /// How well a region read fits its declaration: a table with rows before an empty one, then
    /// fewer header cells or amounts it could not place (`L009`, `L007`), then more filled cells.
    static func fit(_ r: RegionResult) -> (Int, Int, Int) {
        let kind = r.kind == .table ? 2 : r.kind == .announcedEmpty ? 1 : 0
        let misfits = r.diagnostics.filter { $0.id == LoadDiagnosticID.headerMismatch || $0.id == LoadDiagnosticID.unplacedAmount }.count
        let filled = r.table?.rows.reduce(0) { n, row in n + row.cells.filter { $0.figure != nil }.count } ?? 0
        return (kind, -misfits, filled)
    }

    mutating func resolveTables(_ occurrences: [Occurrence]) {
        var reportedUnrecognised = Set<String>()
        var occurrences = occurrences
        // A title line followed by a subtitle (`一、2024年度…自评表` then `…单位2024年度…自评表`):
        // one table.
        for k in occurrences.indices.dropLast() where occurrences[k].spec == nil && !occurrences[k].unrecognisedHasContent {
            let next = occurrences[k + 1]
            if next.spec == nil, next.unrecognisedHasContent, next.line - occurrences[k].line <= 3 {
                occurrences[k].unrecognisedHasContent = true
                occurrences[k + 1].title = ""
            }
        }
        for o in occurrences where o.spec == nil && !o.title.isEmpty {
            unrecognized.append(UnrecognizedTable(title: o.title, line: o.line + 1, hasContent: o.unrecognisedHasContent))
            let key = String(o.title.drop { $0.isNumber || $0 == "表" || $0 == "." || $0 == "-" || $0 == "、" })
            if !o.unrecognisedHasContent {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unrecognisedTitle, line: o.line + 1,
                    "table '\(o.title)' is listed but no declaration recognises it, and no table follows",
                    severity: .warning))
            } else if reportedUnrecognised.insert(key).inserted {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unrecognisedTitle, line: o.line + 1,
                    "no table declaration recognises the title '\(o.title)'"))
            }
        }
        for o in occurrences where o.spec != nil && o.numberLine != nil {
            diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unrecognisedTitle, line: o.line + 1,
                "no declaration lists the title '\(o.title)'; read as table '\(loader.tableSpecs[o.spec!].name)' by its number '\(o.numberLine!)'",
                table: loader.tableSpecs[o.spec!].name, severity: .note))
        }
        let attachmentNote = ReportBuilder.attachmentNote(after: occurrences.filter { $0.result?.kind == .announcedEmpty }.map(\.line).max(),
                                                          text: text, norm: norm)
        for (si, spec) in loader.tableSpecs.enumerated() {
            let mine = occurrences.filter { $0.spec == si }
            let withData = mine.filter { $0.result?.kind == .table }
            let announced = mine.filter { $0.result?.kind == .announcedEmpty }
            let listings = mine.filter { $0.result?.kind == .listing }
            if let first = withData.first, let t = first.result?.table {
                tables.append(t)
                diagnostics.append(contentsOf: first.result!.diagnostics)
                for other in withData.dropFirst() where other.number == nil || other.number == first.number {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.repeatedTable, line: other.line + 1,
                        "table '\(spec.name)' appears again with data; loaded the one on line \(first.line + 1)", table: spec.name))
                }
            } else if let a = announced.first {
                // A table printed with its labels but no amount at all is empty (its blank cells are
                // zeros) when the report says so; otherwise its amounts may just not have been
                // extracted: absent for the checks, so the narrative-only checks run (review 13, finding 514).
                if let t = a.result?.table {
                    if a.result?.explanation != nil { tables.append(t) }
                    diagnostics.append(contentsOf: a.result!.diagnostics.filter { $0.id != LoadDiagnosticID.headerMismatch })
                }
                if let (explanation, eline) = a.result?.explanation ?? attachmentNote.flatMap({ $0.1 > a.line + 1 ? $0 : nil }) {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.tableWithoutRows, line: eline,
                        "table '\(spec.name)' (line \(a.line + 1)) has no data, as the report explains: '\(explanation)'",
                        table: spec.name, severity: .note))
                    absence[spec.name] = "table '\(spec.name)' is empty: the report says '\(explanation)' (line \(eline))"
                } else if let u = a.result?.unreadLine {
                    // Lines under the title, but neither a header nor a row: not known to be empty.
                    let shown = String(String(decoding: Bytes.key(text.bytes[text.lineRange(u)]), as: UTF8.self).prefix(30))
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unreadTable, line: a.line + 1,
                        "table '\(spec.name)' is announced by its title, but no header or row under it could be read (line \(u + 1): '\(shown)')",
                        table: spec.name))
                    absence[spec.name] = "table '\(spec.name)' (line \(a.line + 1)) could not be read: line \(u + 1) is neither its header nor a row"
                } else {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.tableWithoutRows, line: a.line + 1,
                        "table '\(spec.name)' is announced by its title but has no rows", table: spec.name))
                    absence[spec.name] = "table '\(spec.name)' is announced on line \(a.line + 1) but has no rows"
                }
            } else if mine.isEmpty {
                if spec.isRequired {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.requiredTableMissing, line: 0,
                        "required table '\(spec.name)' ('\(spec.titles.first ?? spec.name)') is not in the report", table: spec.name))
                }
                absence[spec.name] = "no title of table '\(spec.name)' ('\(spec.titles.first ?? spec.name)') was found in the report"
            }
            // Listings whose table is nowhere: by number when the report numbers its tables.
            let present = withData + announced
            let numbered = present.contains { $0.number != nil }
            for l in listings {
                // A listing without a number (`某县农业农村局收入决算表` in a 目录) is matched by its table alone.
                let missing = numbered && l.number != nil ? !present.contains { $0.number == l.number } : present.isEmpty
                if missing {
                    diagnostics.append(LoadDiagnostic(LoadDiagnosticID.listedTableMissing, line: l.line + 1,
                        "table '\(l.title)' is listed but its table is not in the report", table: spec.name))
                    if present.isEmpty {
                        absence[spec.name] = absence[spec.name]
                            ?? "table '\(spec.name)' is listed on line \(l.line + 1) but is not in the report"
                        if !mine.contains(where: { $0.result?.kind != .listing }) {
                            absence[spec.name] = "table '\(spec.name)' is listed on line \(l.line + 1) but is not in the report"
                        }
                    }
                }
            }
        }
    }

    mutating func resolveUnits(_ units: [(String, Int, String?)], occurrences: [Occurrence]) {
        var counts: [String: Int] = [:]
        for (u, _, _) in units where !u.hasPrefix("?") { counts[u, default: 0] += 1 }
        var unit = counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
        if unit == nil {
            // No table stated one: any `单位：万元` line in the report.
            for i in 0..<text.lineCount {
                guard let k = lineKey(i), Bytes.contains(k, "单位:") else { continue }
                if let u = TableReader.unit(in: k, next: i + 1 < text.lineCount ? lineKey(i + 1) : nil), !u.hasPrefix("?") { unit = u; break }
            }
        }
        metadata.unit = unit
        for (u, line, table) in units {
            if u.hasPrefix("?") {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unknownUnit, line: line,
                    "unknown amount unit '\(u.dropFirst())'; amounts are read as written", table: table))
            } else if let unit, u != unit {
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.unknownUnit, line: line,
                    "table unit '\(u)' differs from the report's unit '\(unit)'", table: table))
            }
        }
    }

    /// A 项 code whose 款 no other table uses, while other tables list that 类 (report 002:
    /// `2101601` where every other table has 款 21015).
    mutating func crossTableCodeChecks() {
        guard tables.count > 1 else { return }
        var kuan: [[String: Set<String>]] = []   // per table: class → 款 codes it uses
        var explicitKuan: [Set<String>] = []
        // Per class, per 款: how many tables use it (so that what the other tables use is known
        // without merging their sets once per table).
        var tablesUsing: [String: [String: Int]] = [:]
        for t in tables {
            var m: [String: Set<String>] = [:], explicit = Set<String>()
            for r in t.rows where r.codeKind == .functional {
                // Codes are ASCII digits: utf8.count is their length, and prefixes are cut on
                // UTF-8 without walking Characters.
                guard let c = r.code, c.utf8.count == 5 || c.utf8.count == 7 else { continue }
                let cls = Substring(c.utf8.prefix(3))
                guard CodeChecker.isFunctionalClass(cls) else { continue }
                m[String(cls), default: []].insert(String(Substring(c.utf8.prefix(5))))
                if c.utf8.count == 5 { explicit.insert(c) }
            }
            for (cls, codes) in m { for k in codes { tablesUsing[cls, default: [:]][k, default: 0] += 1 } }
            kuan.append(m); explicitKuan.append(explicit)
        }
        for (ti, t) in tables.enumerated() {
            for r in t.rows where r.codeKind == .functional {
                guard let c = r.code, c.utf8.count == 7 else { continue }
                let cls = String(Substring(c.utf8.prefix(3))), p = String(Substring(c.utf8.prefix(5)))
                guard let counts = tablesUsing[cls] else { continue }
                let mine = kuan[ti][cls]
                /// Whether a table other than this one uses 款 `k`.
                func usedElsewhere(_ k: String) -> Bool { (counts[k] ?? 0) > (mine?.contains(k) == true ? 1 : 0) }
                guard !usedElsewhere(p), !explicitKuan[ti].contains(p), counts.keys.contains(where: usedElsewhere) else { continue }
                if diagnostics.contains(where: { $0.id == LoadDiagnosticID.codeParentMismatch && $0.line == r.line && $0.table == t.name }) {
                    continue
                }
                let list = counts.keys.filter(usedElsewhere).sorted().prefix(4).map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.append(LoadDiagnostic(LoadDiagnosticID.codeParentMismatch, line: r.line,
                    "款 '\(p)' of code '\(c)' ('\(r.name)') appears in no other table, which use \(list) under 类 '\(cls)'",
                    table: t.name))
            }
        }
    }

    // MARK: Facts

    mutating func readFacts() {
        guard !loader.templates.isEmpty else { return }
        let matcher = FactMatcher(text: text, norm: norm)
        // Templates share anchors (`万元`): all anchors are found in one pass.
        let positions = loader.anchorIndex.occurrences(in: norm)
        // The matches of each declaration, with the template each comes from.
        var bySpec: [[(match: FactMatcher.Match, template: Int)]] = Array(repeating: [], count: loader.factSpecs.count)
        // The anchor positions a template may match at, shared by templates with the same filter.
        var candidates = [[Int]?](repeating: nil, count: loader.filterCount)
        for (ti, (si, t)) in loader.templates.enumerated() {
            let f = loader.templateFilters[ti]
            let at: [Int]
            if let c = candidates[f] { at = c } else {
                at = matcher.candidates(t, anchorAt: positions[loader.templateAnchors[ti]])
                candidates[f] = at
            }
            bySpec[si].append(contentsOf: matcher.matches(t, anchorAt: at, precheckIDs: loader.precheckIDs[ti],
                                                           sentenceLiteralIDs: loader.sentenceLiteralIDs[ti], filtered: true).map { ($0, ti) })
        }
        for (si, matches) in bySpec.enumerated() where !matches.isEmpty {
            let spec = loader.factSpecs[si]
            let first = facts.count
            var lastEnd = -1
            for (m, ti) in matches.sorted(by: { ($0.match.start, -$0.match.end) < ($1.match.start, -$1.match.end) })
            where m.start >= lastEnd {
                lastEnd = m.end
                let offset = Int(norm.origin[m.start])
                facts.append(Fact(kind: spec.name, fields: fields(of: m, template: loader.templates[ti].template, matcher, kind: spec.name),
                                  line: text.lineNumber(at: offset), offset: offset,
                                  text: String(decoding: norm.bytes[m.start..<m.end], as: UTF8.self)))
            }
            factRuns.append(first..<facts.count)
        }
    }

    /// The fields of a kept match: its template's ``FactTemplate/fieldPrototype`` with the
    /// captured values set in place.
    func fields(of m: FactMatcher.Match, template t: FactTemplate, _ matcher: FactMatcher, kind: String) -> [String: FactField] {
        func line(at pos: Int) -> Int { text.lineNumber(at: Int(norm.origin[min(pos, norm.origin.count - 1)])) }
        func field(_ c: FactMatcher.Capture) -> FactField? {
            let line = line(at: c.start)
            switch matcher.value(of: c) {
            case .figure(let f)?: return .figure(f, line: line)
            case .text(let s)?: return .text(s, line: line)
            case nil: return nil
            }
        }
        if !t.groups.isEmpty {
            // Captures between an item's start and end marks are that item's fields; each item
            // is a fact of kind `KIND.GROUP` (see ``FactField/list(_:line:)``).
            var fields = [String: FactField](minimumCapacity: m.captures.count)
            var lists: [Int: [Fact]] = [:]
            var item: [String: FactField] = [:], itemStart = 0
            for c in m.captures {
                switch c.kind {
                case .itemStart:
                    item = [:]; itemStart = c.start
                case .itemEnd:
                    let g = t.groups.firstIndex { $0.open == c.element } ?? 0
                    let offset = Int(norm.origin[min(itemStart, norm.origin.count - 1)])
                    lists[g, default: []].append(Fact(kind: kind + "." + t.groups[g].name, fields: item, line: line(at: itemStart),
                                                      offset: offset, text: String(decoding: norm.bytes[itemStart..<c.end], as: UTF8.self)))
                default:
                    guard let name = t.names[c.element], let f = field(c) else { continue }
                    if t.groups.contains(where: { $0.encloses(c.element) }) { item[name] = f } else { fields[name] = f }
                }
            }
            for (g, group) in t.groups.enumerated() {
                let items = lists[g] ?? []
                fields[group.name] = .list(items, line: items.first?.line ?? 0)
            }
            return fields
        }
        if m.captures.count == t.fieldSlots.count {
            var fields = t.fieldPrototype
            var complete = true
            for (k, c) in m.captures.enumerated() {
                guard let f = field(c) else { complete = false; break }
                fields.values[t.fieldSlots[k]] = f
            }
            if complete { return fields }
        }
        // A capture without a value (which does not happen) leaves its name out.
        var fields = [String: FactField](minimumCapacity: m.captures.count)
        for c in m.captures { if let f = field(c), let name = t.names[c.element] { fields[name] = f } }
        return fields
    }
}
