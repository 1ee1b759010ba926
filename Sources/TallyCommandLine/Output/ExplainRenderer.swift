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
        // One entry per column. An expression that starts where one of its parts starts
        // (`a == b` starts with `a`) is shown under the first character after that part: its operator.
        var byColumn: [Int: (col: Int, value: String)] = [:]
        let spans = trace.map { ($0.span.start - baseOffset, $0.span.end - baseOffset) }
        for (k, t) in trace.enumerated() {
            var start = spans[k].0
            guard start >= 0, start <= bytes.count else { continue }
            let inner = spans.enumerated().filter { $0.offset != k && $0.element.0 == start && $0.element.1 < spans[k].1 }
                .map(\.element.1).max()
            if let e = inner {
                start = e
                while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: ")") { start += 1 }
            }
            guard start <= bytes.count else { continue }
            let col = Width.cells(String(decoding: bytes[0..<start], as: UTF8.self))
            let originText = t.origin.map { o in t.value.hasPrefix(o.table ?? "\u{0}") ? "" : "  ← " + o.summary } ?? ""
            if byColumn[col] == nil { byColumn[col] = (col, t.value + originText) }
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
