/// Where the number at each position of one load's folded text ends
/// (``FactMatcher/numberEnd(at:)``), remembered as positions are asked about: the templates that
/// share an anchor and a number placeholder beside it (`…{本年}万元，比上年…` opens dozens of
/// them) scan the same number at the same position again — about 38,000 scans of a few
/// thousand positions in a report of 45 KB.
///
/// Raw memory, one `Int32` per byte of the text, allocated on the first question (a class's
/// array would be checked for exclusive access at every look-up). One memo serves one load on
/// one thread, like the other memos of ``FactMatcher``.
final class NumberEndMemo {
    /// By position: 0 not asked yet, 1 no number starts there, `end + 2` the number ends at `end`.
    private var ends: UnsafeMutablePointer<Int32>?
    private var count = 0

    init() {}

    deinit { ends?.deallocate() }

    /// The remembered answer for `pos`: `.some(nil)` when no number starts there, `nil` when
    /// `pos` was not asked about yet.
    @inline(__always)
    func find(_ pos: Int) -> Int?? {
        guard let ends, pos >= 0, pos < count else { return nil }
        switch ends[pos] {
        case 0: return nil
        case 1: return .some(nil)
        case let e: return .some(Int(e) - 2)
        }
    }

    /// Remembers the answer for `pos` (`nil`: no number starts there).
    @inline(__always)
    func insert(_ pos: Int, _ end: Int?, textCount: Int) {
        if ends == nil {
            // The text of a load is at most ``ReportLoader/maxFileBytes`` decoded (far below
            // Int32.max), so an end fits.
            count = textCount
            ends = .allocate(capacity: max(1, textCount))
            ends!.initialize(repeating: 0, count: max(1, textCount))
        }
        guard pos >= 0, pos < count else { return }
        ends![pos] = end.map { Int32(truncatingIfNeeded: $0 + 2) } ?? 1
    }
}
