import Tally

/// Recognises table titles on report lines by the titles and aliases the pack declares.
///
/// A line is a title of table T when its key (full-width folded, spaces and quotes removed)
/// ends with one of T's titles, after an optional `(续)`, and what precedes the title is only
/// an ordinal (`一、`, `1.`, `(一)`), a table number (`表 3.`, `表13-1`, `公开05表`, `附表2`)
/// and/or any short text ending in a year (`2024 年度`, `区医保局 2020 年`). The longest
/// matching title wins, so `财政拨款收入支出决算总表` is not read as `收入支出决算总表`. A
/// department's name may stand before the title too (`2023年度某县农业农村局收入支出决算总表`,
/// `部门收入决算表`).
struct TitleIndex: Sendable {
    struct Entry: Sendable {
        let spec: Int
        let key: [UInt8]
    }
    /// Entries, longest key first.
    let entries: [Entry]
    /// The last byte of each key (a cheap pre-filter).
    let lastBytes: Set<UInt8>
    /// ``lastBytes`` as a table by byte value.
    let lastByteTable: [Bool]

    /// Declared table numbers (`公开05`, `表五`; folded, without a trailing `表`) → the one
    /// declaration that prints it (numbers two declarations share are left out).
    let numbers: [[UInt8]: Int]

    /// By spec: whether its table may be printed by unit (rows by 功能分类, no groups), so that a
    /// title qualified `（分单位）` names it (``UnitBlocks``).
    let byUnit: [Bool]

    init(specs: [TableSpec]) {
        byUnit = specs.map { $0.rowKeys.first == .functional && $0.groups.isEmpty }
        var byNumber: [[UInt8]: Int] = [:], shared = Set<[UInt8]>()
        for (i, s) in specs.enumerated() {
            for n in s.numbers {
                let k = TitleIndex.numberKey(Bytes.key(n))
                guard !k.isEmpty else { continue }
                if let other = byNumber[k], other != i { shared.insert(k) } else { byNumber[k] = i }
            }
        }
        for k in shared { byNumber[k] = nil }
        numbers = byNumber
        var e: [Entry] = []
        for (i, s) in specs.enumerated() {
            for t in s.titles {
                let k = Bytes.key(t, dropQuotes: true)
                if !k.isEmpty { e.append(Entry(spec: i, key: k)) }
            }
        }
        entries = e.sorted { $0.key.count > $1.key.count }
        lastBytes = Set(e.compactMap(\.key.last))
        var table = [Bool](repeating: false, count: 256)
        for b in lastBytes { table[Int(b)] = true }
        lastByteTable = table
    }

    /// The other declarations that share the title `key` matches as a title of `spec`: read the
    /// region with each, and keep the one whose columns the header names (a title several regions
    /// print over different layouts, 财政拨款收支预算总表).
    func alternatives(_ key: [UInt8], of spec: Int) -> [Int] {
        let found = alternativesWhole(key, of: spec)
        if !found.isEmpty { return found }
        guard let k = TitleIndex.withoutQualifier(key) ?? TitleIndex.withoutUnitQualifier(key) else { return [] }
        return alternativesWhole(k, of: spec).filter { k != TitleIndex.withoutUnitQualifier(key) || byUnit[$0] }
    }

    private func alternativesWhole(_ key: [UInt8], of spec: Int) -> [Int] {
        let count = TitleIndex.strippedCount(key)
        guard count > 0 else { return [] }
        let k = Array(key[..<count])
        for e in entries where e.spec == spec && Bytes.hasSuffix(k, e.key) {
            guard TitleIndex.acceptablePrefix(Array(k[0..<(k.count - e.key.count)])) != nil else { continue }
            var out: [Int] = []
            for x in entries where x.key == e.key && x.spec != spec && !out.contains(x.spec) { out.append(x.spec) }
            return out
        }
        return []
    }

    /// A table number line's key without brackets and a trailing `表` (`(公开05表)` → `公开05`).
    static func numberKey(_ key: [UInt8]) -> [UInt8] {
        var k = key[...]
        if k.first == UInt8(ascii: "("), k.last == UInt8(ascii: ")") { k = k.dropFirst().dropLast() }
        if Bytes.hasSuffix(Array(k), biao), k.count > biao.count { k = k.dropLast(biao.count) }
        return Array(k)
    }

    /// The declaration whose number a line states alone (`公开05表` under a title variant no
    /// declaration lists: review 11, finding 209), or `nil`.
    func spec(numberLine key: [UInt8]) -> Int? {
        guard key.count <= 24, !numbers.isEmpty else { return nil }
        return numbers[TitleIndex.numberKey(key)]
    }

    /// The result of matching a line.
    struct Match {
        /// The spec index, or `nil` for a title-like line no spec recognises.
        var spec: Int?
        /// The table number written before the title (`13-1`, `5`), if any.
        var number: String?
    }

    /// Whether a key ending with the byte `last` could match at all: `false` only when nothing
    /// would be stripped from its end (it does not end with `)`, `表`, `-`, `.`, `:`, `度`, `年` or the `元`
    /// of a unit clause) and no title ends with that byte. Lets callers skip building a key.
    func mayMatch(last: UInt8) -> Bool {
        last == UInt8(ascii: ")") || last == 0xA8 || last == UInt8(ascii: "-") || last == UInt8(ascii: ".")
            || last == UInt8(ascii: ":") || last == 0xA6 || last == 0xB4 || last == 0x83
            || lastByteTable[Int(last)]
    }

    /// `key` without what follows a title to qualify it, when it ends with one: a year
    /// (`2024年度`, `（2024年）`) or a short note in brackets (`（决算）`, `（按功能分类）`,
    /// `（按经济分类）`, `（财政拨款）`, `（含上年结转）`). Not a reference (`（详见附件）`, `（见附表）`)
    /// and not a table printed by unit (`（分单位）`, `（按单位）`, `（分部门）`: other rows, another
    /// layout). `nil` when there is none.
    static func withoutQualifier(_ key: [UInt8]) -> [UInt8]? {
        let k = Array(key[..<strippedCount(key)])
        if k.last == UInt8(ascii: ")"), let open = k.lastIndex(of: UInt8(ascii: "(")), open > 0 {
            let note = Array(k[(open + 1)..<(k.count - 1)])
            guard !note.isEmpty, Bytes.scalarCount(note[...]) <= 12,
                  !Bytes.containsAny(note, qualifierRefusals) else { return nil }
            return Array(k[..<open])
        }
        // A year written after the title: 收入支出决算总表2024年度.
        if let end = yearEnd(in: k), end == k.count {
            var start = end - nian.count - 4
            if Bytes.hasSuffix(k, du) { start -= du.count }
            if start > 0 { return Array(k[..<start]) }
        }
        return nil
    }

    /// What a bracketed note after a title may not hold (see ``withoutQualifier(_:)``).
    static let qualifierRefusals: [StaticString] = ["见", "附", "注", "单位", "分部门", "按部门", "续", ",", ";", "。"]

    /// Matches the key of a line against the declared titles; failing that, without a qualifier
    /// after the title (``withoutQualifier(_:)``: `收入支出决算总表（2024年度）`, `支出总表（按功能分类）`).
    ///
    /// A 功能分类 table printed by unit is titled with `（分单位）`, `（按单位）`, `（分部门）` or
    /// `（按部门）` after its title (`一般公共预算支出表(分单位)`, review 11, finding 307): read by the
    /// declaration of that title when it is rows by 功能分类 (its unit blocks are folded by
    /// ``UnitBlocks``); other layouts printed by unit are left unrecognised.
    func match(_ key: [UInt8]) -> Match? {
        if let m = matchWhole(key) { return m }
        if let k = TitleIndex.withoutQualifier(key) { return matchWhole(k) }
        guard let k = TitleIndex.withoutUnitQualifier(key), let m = matchWhole(k), let s = m.spec, byUnit[s] else { return nil }
        return m
    }

    /// `key` without a trailing `(分单位)`, `(按单位)`, `(分部门)` or `(按部门)` (folded), or `nil`.
    static func withoutUnitQualifier(_ key: [UInt8]) -> [UInt8]? {
        let k = Array(key[..<strippedCount(key)])
        for q in unitQualifiers where Bytes.hasSuffix(k, q) && k.count > q.count { return Array(k[..<(k.count - q.count)]) }
        return nil
    }

    static let unitQualifiers: [[UInt8]] = ["(分单位)", "(按单位)", "(分部门)", "(按部门)"].map { Array($0.utf8) }

    /// Matches the key of a line against the declared titles as written.
    private func matchWhole(_ key: [UInt8]) -> Match? {
        // The last byte of the stripped key first, without copying the key.
        let count = TitleIndex.strippedCount(key)
        guard count > 0, lastByteTable[Int(key[count - 1])] else { return nil }
        let k = count == key.count ? key : Array(key[..<count])
        for e in entries where Bytes.hasSuffix(k, e.key) {
            let prefix = Array(k[0..<(k.count - e.key.count)])
            if let number = TitleIndex.acceptablePrefix(prefix) {
                return Match(spec: e.spec, number: number.isEmpty ? nil : number)
            }
        }
        return nil
    }

    /// Whether a line looks like a table title that no spec declares: short, ends with `表`
    /// (before an optional parenthesis), no sentence punctuation, and starts with a table
    /// number or a year prefix.
    func unrecognised(_ key: [UInt8], nextKey: [UInt8]?) -> Match? {
        guard key.count >= 9, key.count <= 150 else { return nil }
        var k = TitleIndex.stripSuffixes(key)
        if k.last == UInt8(ascii: ")"), let open = k.lastIndex(of: UInt8(ascii: "(")) { k = Array(k[..<open]) }
        guard Bytes.hasSuffix(k, TitleIndex.biao) else { return nil }
        if Bytes.containsAny(k, TitleIndex.notInTitles) { return nil }
        // Starts with a table number, or has an acceptable prefix ending in a year.
        let stripped = TitleIndex.stripLeader(k)
        guard Bytes.scalarCount(stripped.rest[...]) >= 4 else { return nil }
        // A part heading over the tables (`二、部门预算表`, review 14, finding 617) names no table.
        if stripped.number == nil, TitleIndex.isCollectiveName(stripped.rest) { return nil }
        if stripped.number != nil { return Match(spec: nil, number: stripped.number) }
        if let y = TitleIndex.yearEnd(in: k), y < k.count - 6 { return Match(spec: nil, number: nil) }
        // A bare title followed by a line that belongs to a table head (单位, 部门, (2020年度), 填报).
        if let n = nextKey, TableRegion.isMetaKey(n) || (n.first == UInt8(ascii: "(") && Bytes.contains(n, "年")) {
            return Match(spec: nil, number: nil)
        }
        return nil
    }

    /// Whether a title's name (after its ordinal) is the name of all the tables together, as a
    /// part heading writes it (`部门预算表`, `2025年部门决算公开表`, `单位预算报表`), not one table's.
    static func isCollectiveName(_ rest: [UInt8]) -> Bool {
        var k = rest
        if let f = k.first, Bytes.isDigit(f), let y = yearEnd(in: k), y <= 12 { k = Array(k[y...]) }
        for p in collectivePrefixes where Bytes.hasPrefix(k, p) { k = Array(k[p.utf8CodeUnitCount...]); break }
        return collectiveNames.contains { Bytes.equals(k, $0) }
    }
    static let collectivePrefixes: [StaticString] = ["本部门", "部门", "单位"]
    static let collectiveNames: [StaticString] = ["预算表", "决算表", "预算公开表", "决算公开表", "预算报表", "决算报表",
                                                  "预算公开报表", "决算公开报表", "公开表", "报表"]

    static let biao = Array("表".utf8)
    static let notInTitles: [StaticString] = [",", ":", ";", "。", "部分", "详见", "见附"]
    static let notInPrefixes: [StaticString] = [",", ";", "。", "部分", "详见", "见"]
    static let suffixes: [[UInt8]] = ["(续表)", "(续)", "续表", "(续一)", "(续二)"].map { Array($0.utf8) }
    static let unitOpen = Array("(单位:".utf8)

    /// The length of `key` after ``stripSuffixes(_:)``, computed without copying.
    static func strippedCount(_ key: [UInt8]) -> Int {
        var c = unitClauseStart(key)
        func hasSuffix(_ sb: [UInt8]) -> Bool {
            guard c >= sb.count else { return false }
            let o = c - sb.count
            for j in 0..<sb.count where key[o + j] != sb[j] { return false }
            return true
        }
        for sb in suffixes where hasSuffix(sb) && c > sb.count { c -= sb.count }
        if c > 0, key[c - 1] == UInt8(ascii: ")") {
            // The first `(单位:` in the first c bytes.
            let u = unitOpen
            if c >= u.count {
                var i = 0
                while i <= c - u.count {
                    if key[i] == u[0] {
                        var j = 1
                        while j < u.count, key[i + j] == u[j] { j += 1 }
                        if j == u.count { c = i; break }
                    }
                    i += 1
                }
            }
        }
        while c > 0, key[c - 1] == UInt8(ascii: "-") || key[c - 1] == UInt8(ascii: ".") || key[c - 1] == UInt8(ascii: ":") { c -= 1 }
        return trailingQualifierStart(key, c)
    }

    /// Where a year or `(决算)` written after a title begins in `key[..<c]` (`收入支出决算总表(2024年度)`,
    /// `收入支出决算总表2024年度`: review 11, finding 232), or `c` when there is none. Something must
    /// stand before it.
    static func trailingQualifierStart(_ key: [UInt8], _ c: Int) -> Int {
        var end = c, closed = false
        if end > 0, key[end - 1] == UInt8(ascii: ")") { end -= 1; closed = true }
        let body = Array(key[..<end])
        var start: Int? = nil
        if Bytes.hasSuffix(body, "决算") || Bytes.hasSuffix(body, "预算") {
            if closed { start = end - 6 }
        } else {
            var y = end
            if Bytes.hasSuffix(body, "年度") { y -= 6 } else if Bytes.hasSuffix(body, "年") { y -= 3 } else { return c }
            guard y >= 4 else { return c }
            for j in (y - 4)..<y where !Bytes.isDigit(key[j]) { return c }
            if y >= 5, Bytes.isDigit(key[y - 5]) { return c }
            start = y - 4
        }
        guard var s = start else { return c }
        if closed {
            guard s > 0, key[s - 1] == UInt8(ascii: "(") else { return c }
            s -= 1
        }
        return s > 0 ? s : c
    }

    /// Whether a line key marks the continuation of a table over a page break: a title ending
    /// with `(续)`, `(续表)`, `续表`, `(续一)`, `(续二)` (`附表3支出决算表(续)`), or one of those alone.
    ///
    /// A short marker line that starts with `续表`, `续上表`, `接上表`, `接上页` or `(续` continues the table
    /// too, whatever follows it (`续表5`, `续表(公开05表)`: review 11, finding 219).
    static func isContinuation(_ key: [UInt8]) -> Bool {
        let key = key.last == 0x83 ? Array(key[..<unitClauseStart(key)]) : key
        if Bytes.equals(key, "续") { return true }
        if key.count <= 45, continuationPrefixes.contains(where: { Bytes.hasPrefix(key, $0) }) { return true }
        return suffixes.contains { Bytes.hasSuffix(key, $0) }
    }

    /// Where a unit clause written after a title on its line begins (`一般公共预算支出情况表    单位：万元`,
    /// `…决算表⇥⇥⇥金额单位：元`: review 13, finding 534), or `key.count` when the key ends with none.
    /// Something must stand before it.
    static func unitClauseStart(_ key: [UInt8]) -> Int {
        guard key.last == 0x83 else { return key.count }
        for u in unitClauses where key.count > u.count && Bytes.hasSuffix(key, u) {
            var s = key.count - u.count
            if s > jine.count, Bytes.hasSuffix(Array(key[..<s]), jine) { s -= jine.count }
            return s
        }
        return key.count
    }

    /// Whether a key is a unit clause alone (`单位:万元`, `金额单位:元`, folded).
    static func isUnitClause(_ key: [UInt8]) -> Bool {
        let k = Bytes.hasPrefix(key, jine) ? Array(key[jine.count...]) : key
        return unitClauses.contains { k == $0 }
    }

    static let unitClauses: [[UInt8]] = ["单位:万元", "单位:元", "单位:千元", "单位:亿元"].map { Array($0.utf8) }
    static let jine = Array("金额".utf8)

    static let continuationPrefixes: [StaticString] = ["续表", "续上表", "接上表", "接上页", "(续"]

    /// Removes `(续)`, `(续表)`, `续表` and a trailing `(单位:万元)`.
    static func stripSuffixes(_ key: [UInt8]) -> [UInt8] {
        var k = Array(key[..<unitClauseStart(key)])
        for sb in suffixes where Bytes.hasSuffix(k, sb) && k.count > sb.count { k.removeLast(sb.count) }
        if k.last == UInt8(ascii: ")"), let r = Bytes.find(unitOpen, in: k) { k = Array(k[..<r]) }
        while let l = k.last, l == UInt8(ascii: "-") || l == UInt8(ascii: ".") || l == UInt8(ascii: ":") { k.removeLast() }
        return Array(k[..<trailingQualifierStart(k, k.count)])
    }

    /// `nil` when `prefix` may not precede a title; otherwise the table number it carries
    /// (empty when none).
    static func acceptablePrefix(_ prefix: [UInt8]) -> String? {
        if prefix.isEmpty { return "" }
        let lead = stripLeader(prefix)
        let rest = lead.rest
        if rest.isEmpty { return lead.number ?? "" }
        // Text ending in a year: `2024年度`, `区医保局2020年`.
        if Bytes.containsAny(rest, TitleIndex.notInPrefixes) { return nil }
        if let y = yearEnd(in: rest), y == rest.count, Bytes.scalarCount(rest[...]) <= 30 {
            return lead.number ?? ""
        }
        // The department's name, with or without a year before it (`2023年度某县农业农村局`,
        // `某市第二中学`, `部门`): the way many reports print their tables' titles.
        if Bytes.scalarCount(rest[...]) <= 30, organisationSuffixes.contains(where: { Bytes.hasSuffix(rest, $0) }) {
            return lead.number ?? ""
        }
        return nil
    }

    /// How the name of a department or unit ends (after full-width folding).
    static let organisationSuffixes: [[UInt8]] = [
        "部门", "单位", "本级", "局", "委员会", "委", "中心", "学校", "学院", "大学", "中学", "小学", "幼儿园", "办公室", "办",
        "院", "所", "站", "馆", "队", "厅", "处", "署", "政府", "街道", "镇", "乡", "部", "会", "社", "室", "团", "联", "台", "校",
    ].map { Array($0.utf8) }

    static let chineseNumerals: Set<UInt32> = [0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x96F6]

    /// Whether a scalar is one of ``chineseNumerals`` (一 to 十 and 零), without hashing.
    @inline(__always)
    static func isChineseNumeral(_ v: UInt32) -> Bool {
        switch v {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x96F6: true
        default: false
        }
    }

    /// Whether ``stripLeader(_:)`` can strip anything from a key starting with scalar `first`:
    /// a bullet, `(`, a digit or Chinese numeral, 附, 公 or 表. Any other key is kept whole.
    static func mayHaveLeader(first: UInt32) -> Bool {
        switch first {
        case 0x2D, 0x2A, 0x2022, 0xB7, 0x28, 0x30...0x39, 0x9644, 0x516C, 0x8868: return true
        default: return isChineseNumeral(first)
        }
    }

    /// Strips a leading bullet, ordinal and table number; returns the table number and the rest.
    static func stripLeader(_ k: [UInt8]) -> (number: String?, rest: [UInt8]) {
        var scalars: [UInt32] = []
        k.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count { let (v, n) = Bytes.scalar(b, i); scalars.append(v); i += n }
        }
        var i = 0
        func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
        // Bullets.
        while i < scalars.count, [0x2D, 0x2A, 0x2022, 0xB7].contains(scalars[i]) { i += 1 }
        // Ordinal: 一、 1. 1、 (一) (1)
        var j = i
        if j < scalars.count, scalars[j] == 0x28 {
            var m = j + 1
            while m < scalars.count, isDigit(scalars[m]) || isChineseNumeral(scalars[m]) { m += 1 }
            if m > j + 1, m < scalars.count, scalars[m] == 0x29 { i = m + 1 }
        } else {
            while j < scalars.count, isDigit(scalars[j]) || isChineseNumeral(scalars[j]) { j += 1 }
            if j > i, j < scalars.count, [0x2E, 0x2C, 0x3001, 0x29].contains(scalars[j]) {
                // `1.` but not `1.5`
                if !(scalars[j] == 0x2E && j + 1 < scalars.count && isDigit(scalars[j + 1])) { i = j + 1 }
            }
        }
        // Table number: 表3 表 13-1 附表2 公开05表 表一
        var number: String? = nil
        // A year written after the number (`表2⇥2025年…`, `表2 2025年…`, `附表2　2025年度…`: review 13,
        // finding 534): the key has lost the separator, so the number ends four digits before a
        // `19NN年`/`20NN年` its digits run into (`22025年` is table 2 of 2025).
        func yearAfterNumber(_ digits: inout String, _ m: inout Int) {
            guard m < scalars.count, scalars[m] == 0x5E74 else { return }  // 年
            var run = 0
            while run < digits.unicodeScalars.count, isDigit(scalars[m - run - 1]) { run += 1 }
            // Four year digits with a number before them: more digits (`22025年`) or a Chinese numeral
            // (`表二2024年`, review 19 finding 1003), but not a range dash (`13-2024年` keeps its digits).
            guard run >= 4, digits.unicodeScalars.count > 4, run >= 5 || isChineseNumeral(scalars[m - 5]),
                  scalars[m - 4] == 0x31 && scalars[m - 3] == 0x39 || scalars[m - 4] == 0x32 && scalars[m - 3] == 0x30 else { return }
            digits.unicodeScalars.removeLast(4)
            m -= 4
        }
        var t = i
        if t < scalars.count, scalars[t] == 0x9644 { t += 1 }  // 附
        if t + 1 < scalars.count, scalars[t] == 0x516C, scalars[t + 1] == 0x5F00 {  // 公开
            var m = t + 2, digits = ""
            while m < scalars.count, isDigit(scalars[m]) { digits.unicodeScalars.append(Unicode.Scalar(scalars[m])!); m += 1 }
            yearAfterNumber(&digits, &m)
            if !digits.isEmpty {
                if m < scalars.count, scalars[m] == 0x8868 { m += 1 }  // 表
                number = String(Int(digits) ?? 0); i = m
            }
        } else if t < scalars.count, scalars[t] == 0x8868 || (scalars[t] == 0x4EF6 && t > i && scalars[t - 1] == 0x9644) {  // 表, 附件
            var m = t + 1, digits = ""
            while m < scalars.count, isDigit(scalars[m]) || (scalars[m] == 0x2D && !digits.isEmpty) || isChineseNumeral(scalars[m]) {
                digits.unicodeScalars.append(Unicode.Scalar(scalars[m])!); m += 1
            }
            yearAfterNumber(&digits, &m)
            if !digits.isEmpty {
                if m < scalars.count, [0x2E, 0x2C, 0x3001, 0x3A].contains(scalars[m]) { m += 1 }
                number = digits; i = m
            }
        }
        // A numbering of its own: 01 收支总表, A1 收支总表 (not a year: those do not start with 0).
        if number == nil, i < scalars.count {
            var m = i
            if (scalars[m] >= 0x41 && scalars[m] <= 0x5A), m + 1 < scalars.count, isDigit(scalars[m + 1]) { m += 1 }
            else if scalars[m] != 0x30 { m = -1 }
            if m >= 0 {
                var e = m, digits = ""
                while e < scalars.count, isDigit(scalars[e]) { digits.unicodeScalars.append(Unicode.Scalar(scalars[e])!); e += 1 }
                if e > m, e - m <= 3, e == scalars.count || scalars[e] > 0x7F {
                    number = String(Int(digits) ?? 0); i = e
                }
            }
        }
        var rest: [UInt8] = []
        for v in scalars[i...] { Bytes.append(v, to: &rest) }
        return (number, rest)
    }

    static let nian = Array("年".utf8), du = Array("度".utf8)

    /// The byte index just past a `NNNN年` or `NNNN年度` in `k` (the last one), or `nil`.
    static func yearEnd(in k: [UInt8]) -> Int? {
        let nian = TitleIndex.nian, du = TitleIndex.du
        var found: Int? = nil
        var i = 4
        while i + nian.count <= k.count {
            if Bytes.matches(k, nian, at: i), Bytes.isDigit(k[i - 1]), Bytes.isDigit(k[i - 2]),
               Bytes.isDigit(k[i - 3]), Bytes.isDigit(k[i - 4]), !(i >= 5 && Bytes.isDigit(k[i - 5])) {
                var end = i + nian.count
                if Bytes.matches(k, du, at: end) { end += du.count }
                found = end
            }
            i += 1
        }
        return found
    }
}
