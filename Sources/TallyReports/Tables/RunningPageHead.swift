import Tally

/// A table that runs onto a new page whose footer was lost in extraction: between two of its rows
/// stand the page's running title (`某县教育体育局2023年度部门决算`), maybe `支出决算表（续）`, and the
/// table's header lines again (review 16, finding 802). Without a footer before it the running
/// title ended the table, and every row after it was lost (L022, then the 合计 and the parents no
/// longer added up).
extension TableReader {
    /// How many lines after a running title the page head may run before the header is repeated.
    static let pageHeadReach = 6

    /// Whether line `i`, a running title after the table's rows, opens a new page of this table:
    /// within a few lines after it come the title again with or without `(续)`, `续表`, or one of
    /// the table's header lines (`headers`) as printed above its first rows, with only blank lines,
    /// meta lines (单位：万元) or continuation titles between.
    func opensPageAgain(at i: Int, headers: [RawLine]) -> Bool {
        guard !headers.isEmpty else { return false }
        var j = i + 1
        var seen = 0
        while j < region.upperBound, seen < TableReader.pageHeadReach {
            defer { j += 1 }
            let r = text.lineRange(j)
            guard !r.isEmpty, r.count <= 600 else { if r.isEmpty { continue }; return false }
            let k = norm.lineKey(j)
            if k.isEmpty { continue }
            seen += 1
            if isHeaderAgain(j, headers: headers) { return true }
            if TitleIndex.isContinuation(k) || isTitleAgain(k) || TableRegion.isMetaKey(k) { continue }
            return false
        }
        return false
    }

    /// Whether line `i` repeats one of the table's header lines (the same folded key).
    func isHeaderAgain(_ i: Int, headers: [RawLine]) -> Bool {
        let k = norm.lineKey(i)
        guard !k.isEmpty else { return false }
        return headers.contains { $0.index != i && norm.lineKey($0.index) == k }
    }
}
