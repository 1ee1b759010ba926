import Tally

/// Table rows that a PDF or Word converter printed as markup (review 16, findings 803 and 804):
/// HTML (`<tr><td>205</td><td>教育支出</td><td>16,646.42</td></tr>`) and LaTeX
/// (`30101 & 基本工资 & 4,210.36 \\`). The loader cuts cells at tabs and aligned spaces, so such a
/// table was not read (L019), or its cells ran together and a thousands-separated amount was taken
/// for a code (L007, L005).
///
/// Before the lines are split, each markup row is rewritten as the tab-separated row it stands
/// for, line by line — a line that holds only markup (`<table>`, `</table>`, `\hline`,
/// `\begin{tabular}{llr}`) becomes blank — so line numbers stay those of the report. Other lines
/// are left as they are; a report without `<t`, `<T` or `\\` is returned untouched, without a copy.
enum MarkupRows {
    /// The report's UTF-8 bytes with its markup rows rewritten as tab rows.
    static func untangled(_ b: [UInt8]) -> [UInt8] {
        guard mayHaveMarkup(b) else { return b }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var start = 0
        var changed = false
        while start <= b.count {
            var end = start
            while end < b.count, b[end] != 0x0A { end += 1 }
            let line = b[start..<end]
            if let row = htmlRow(line) ?? latexRow(line) {
                out.append(contentsOf: row); changed = true
            } else {
                out.append(contentsOf: line)
            }
            if end < b.count { out.append(0x0A) }
            start = end + 1
        }
        return changed ? out : b
    }

    /// Whether the bytes hold `<t`/`<T` (an HTML table tag) or `\\` (a LaTeX row end) at all.
    static func mayHaveMarkup(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            guard p.count > 1 else { return false }
            for i in 0..<(p.count - 1) {
                let c = p[i]
                if c == 0x3C, p[i + 1] | 0x20 == 0x74 { return true }
                if c == 0x5C, p[i + 1] == 0x5C { return true }
            }
            return false
        }
    }

    /// The tags of an HTML table (lowercase, without `/`); `br` stands for a space.
    static let tableTags: Set<String> = ["table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "br", "colgroup", "col"]

    /// The tab row an HTML line stands for: every tag in it a table tag, at least one; a `<td>` or
    /// `<th>` after the first begins a new cell. `nil` for any other line.
    static func htmlRow(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        guard line.contains(0x3C), let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }), first == 0x3C else { return nil }
        var out: [UInt8] = []
        var cells = 0, tags = 0
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == 0x3C {
                guard let close = line[i...].firstIndex(of: 0x3E) else { return nil }
                var nameStart = i + 1
                if nameStart < close, line[nameStart] == 0x2F { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < close, case let l = line[nameEnd] | 0x20, l >= 0x61 && l <= 0x7A || Bytes.isDigit(line[nameEnd]) { nameEnd += 1 }
                let name = String(decoding: line[nameStart..<nameEnd].map { $0 | 0x20 }, as: UTF8.self)
                guard tableTags.contains(name) else { return nil }
                tags += 1
                let closing = line[i + 1] == 0x2F
                if !closing, name == "td" || name == "th" {
                    if cells > 0 { out.append(0x09) }
                    cells += 1
                } else if name == "br" {
                    out.append(0x20)
                }
                i = close + 1
                continue
            }
            if c == 0x26, let (v, len) = entity(line, at: i) {
                out.append(contentsOf: v); i += len; continue
            }
            if c != 0x09 { out.append(c) }
            i += 1
        }
        guard tags > 0 else { return nil }
        return out
    }

    /// An HTML entity at `i` (`&nbsp;`, `&amp;`, `&lt;`, `&gt;`): its text and length.
    static func entity(_ line: ArraySlice<UInt8>, at i: Int) -> ([UInt8], Int)? {
        for (name, value) in [("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] {
            let n = Array(name.utf8)
            if i + n.count <= line.endIndex, Array(line[i..<(i + n.count)]) == n { return (Array(value.utf8), n.count) }
        }
        return nil
    }

    /// The tab row a LaTeX tabular line stands for: cells split at `&` (not `\&`), ending with `\\`
    /// (an `\hline` after it dropped). A line of tabular markup alone (`\hline`, `\toprule`,
    /// `\begin{tabular}{…}`, `\end{tabular}`) is blank. `nil` for any other line.
    static func latexRow(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        var lo = line.startIndex, hi = line.endIndex
        while lo < hi, line[lo] == 0x20 || line[lo] == 0x09 { lo += 1 }
        while hi > lo, line[hi - 1] == 0x20 || line[hi - 1] == 0x09 || line[hi - 1] == 0x0D { hi -= 1 }
        guard hi > lo, line[lo] == 0x5C || line[lo..<hi].contains(0x26) else { return nil }
        let text = String(decoding: line[lo..<hi], as: UTF8.self)
        for rule in ["\\hline", "\\toprule", "\\midrule", "\\bottomrule", "\\cline"] where text.hasPrefix(rule) && !text.contains("&") {
            return []
        }
        if text.hasPrefix("\\begin{tabular") || text.hasPrefix("\\end{tabular") || text.hasPrefix("\\begin{table")
            || text.hasPrefix("\\end{table") { return [] }
        // The row's end: `\\`, maybe with a rule after it.
        var body = Array(line[lo..<hi])
        for rule in ["\\hline", "\\midrule", "\\bottomrule"] {
            let r = Array(rule.utf8)
            if body.count >= r.count, Array(body.suffix(r.count)) == r {
                body.removeLast(r.count)
                while let l = body.last, l == 0x20 { body.removeLast() }
            }
        }
        guard body.count >= 2, body[body.count - 1] == 0x5C, body[body.count - 2] == 0x5C, body.contains(0x26) else { return nil }
        body.removeLast(2)
        var out: [UInt8] = []
        var cell: [UInt8] = []
        func flush() {
            var a = 0, z = cell.count
            while a < z, cell[a] == 0x20 { a += 1 }
            while z > a, cell[z - 1] == 0x20 { z -= 1 }
            out.append(contentsOf: cell[a..<z])
            cell = []
        }
        var i = 0
        while i < body.count {
            let c = body[i]
            if c == 0x5C, i + 1 < body.count, body[i + 1] == 0x26 { cell.append(0x26); i += 2; continue }
            if c == 0x26 { flush(); out.append(0x09); i += 1; continue }
            cell.append(c); i += 1
        }
        flush()
        return out
    }
}
