import Tally

/// Power-assert style explanations: each sub-expression's value under the source, aligned by
/// display width so Chinese names line up.
///
///     sum(功能分类.210.*) == 卫生健康支出
///     │   │               │  │
///     │   │               │  8397.66
///     │   │               true
///     │   [公开05 21011 …]
///     8397.66
package enum ExplainRenderer {
    package static func render(source: String, trace: [TraceEntry], baseOffset: Int = 0) -> String {
        let line = source.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? source
        let bytes = Array(line.utf8)
        // One entry per start column: the outermost (longest) expression starting there.
        var byColumn: [Int: (col: Int, value: String)] = [:]
        for t in trace {
            let start = t.span.start - baseOffset
            guard start >= 0, start <= bytes.count else { continue }
            let col = Width.cells(String(decoding: bytes[0..<start], as: UTF8.self))
            if byColumn[col] == nil { byColumn[col] = (col, t.value + (t.origin.map { "  ← " + $0.summary } ?? "")) }
        }
        let entries = byColumn.values.sorted { $0.col < $1.col }
        guard !entries.isEmpty else { return "" }
        var out = line + "\n"
        func barLine(upTo n: Int) -> String {
            var s = "", used = 0
            for e in entries.prefix(n) {
                s += String(repeating: " ", count: max(0, e.col - used)) + "│"
                used = e.col + 1
            }
            return s
        }
        out += barLine(upTo: entries.count) + "\n"
        for k in stride(from: entries.count - 1, through: 0, by: -1) {
            let e = entries[k]
            let prefix = barLine(upTo: k)
            let used = k == 0 ? 0 : entries[k - 1].col + 1
            out += prefix + String(repeating: " ", count: max(0, e.col - used)) + e.value + "\n"
        }
        return out
    }
}
