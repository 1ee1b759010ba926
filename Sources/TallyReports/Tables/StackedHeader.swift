import Tally

/// A tabbed table whose header cells are printed one per line above the data (`合计` / `因公出国` /
/// `（境）费` / `公务用车购置及运行费` / `公务接待费`, then the tabbed sub-header `⇥⇥小计⇥购置费⇥运行费⇥`),
/// as PDF-to-text tools print a header whose cells wrap (review 13, finding 501): the labels
/// were read as prose or as an empty 合计 row, the data had no header above it and the table was
/// lost. The labels become one header line, in order.
enum StackedHeader {
    /// Whether line `index` may be one label of a stacked header: no tab, one short text cell,
    /// not a meta, footer or note line.
    static func isLabel(_ index: Int, text: ReportText, norm: NormalizedText) -> Bool {
        guard index < text.lineCount else { return false }
        let r = text.lineRange(index)
        guard !r.isEmpty, r.count <= 60, !text.bytes[r].contains(0x09) else { return false }
        let raw = RawLine(text, index: index)
        guard raw.filled == 1, let c = raw.cells.firstIndex(where: { !$0.isEmpty }), case .text = raw.contents[c] else { return false }
        let k = norm.lineKey(index)
        guard !k.isEmpty, k.count <= 36, !Bytes.containsAny(k, ["。", ":", ",", ";"]), !TableRegion.isMetaKey(k),
              !TableRegion.explainsEmpty(k),
              !TableRegion.isFooterKey(k), !TableRegion.notePrefixes.contains(where: { Bytes.hasPrefix(k, $0) }) else { return false }
        return true
    }

    /// The header line made of the stacked labels: a label that starts with a bracket (`（境）费`)
    /// ends the one before it. Over a sub-header (`⇥⇥小计⇥购置费⇥运行费⇥`) each label heads one column
    /// the sub-header leaves blank, or one run of columns it fills; without one, one column each.
    /// `nil` when the labels do not fill the columns exactly.
    static func header(labels: [RawLine], below: RawLine?, width: Int, text: ReportText) -> RawLine? {
        let b = text.bytes
        var cells: [RawCell] = []
        for l in labels {
            guard let c = l.cells.first(where: { !$0.isEmpty }) else { continue }
            if let last = cells.last, b[c.start] == UInt8(ascii: "(") || Bytes.hasPrefix(Array(b[c.start..<c.end]), "（") {
                cells[cells.count - 1] = RawCell(start: last.start, end: c.end)
            } else {
                cells.append(c)
            }
        }
        guard cells.count >= 2, let index = labels.last?.index else { return nil }
        let end = text.lineRange(index).upperBound
        let blank = RawCell(start: end, end: end)
        guard let below else {
            guard cells.count == width else { return nil }
            return RawLine(index: index, cells: cells, bytes: b)
        }
        var out: [RawCell] = [], next = 0
        for (k, c) in below.cells.enumerated() {
            let opens = c.isEmpty || k == 0 || below.cells[k - 1].isEmpty
            if opens {
                guard next < cells.count else { return nil }
                out.append(cells[next]); next += 1
            } else {
                out.append(blank)
            }
        }
        guard next == cells.count else { return nil }
        return RawLine(index: index, cells: out, bytes: b)
    }
}
