/// "Did you mean …?" suggestions by edit distance over Unicode scalars.
enum Suggestions {
    /// The candidates closest to `name`, best first (at most three).
    static func closest(to name: String, among candidates: [String]) -> [String] {
        let target = Array(NameFolding.key(name).unicodeScalars)
        let limit = max(1, target.count / 2)
        var scored: [(Int, String)] = []
        for c in Set(candidates) {
            let d = distance(target, Array(NameFolding.key(c).unicodeScalars), limit: limit)
            if d <= limit { scored.append((d, c)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(3).map(\.1)
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// A help line for an unknown name, or `nil` when nothing is close.
    static func help(for name: String, among candidates: [String]) -> String? {
        let c = closest(to: name, among: candidates)
        guard !c.isEmpty else { return nil }
        return "did you mean " + c.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }
}
