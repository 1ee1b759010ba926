/// Finding the line of a byte offset in a text whose line starts are known: the one binary
/// search behind ``SourceFile/line(of:)`` and the report loader's line numbers.
public enum LineSearch {
    /// The 1-based line containing byte `offset`, given the ascending byte offsets where lines
    /// start (`starts[0]` is 0). Offsets before the first start are on line 1, offsets after the
    /// last start on the last line.
    @inlinable
    public static func line(containing offset: Int, starts: [Int]) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }
}
