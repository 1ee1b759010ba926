/// Literals a match must have in the sentence of its anchor: a pre-filter that rules out an
/// anchor position before the template is tried there.
///
/// Between the end of the anchor and a later literal of the template, the forward match passes
/// only over text and gaps (which never grow across `。`, `；` or `;`), numbers, counts and codes
/// (digits, separators, signs and `%`), and the literals and choices in between. When none of
/// those literals and choices holds a sentence end either, the later literal starts no further
/// than the first sentence end after the anchor. A position where it does not start in that
/// stretch fails the forward match (whatever the step budget), so skipping it changes nothing;
/// such a candidate cost dozens to thousands of steps of growing texts and gaps.
extension FactTemplate {
    /// The literals after the anchor that ``FactMatcher/reachesSentenceLiterals(_:at:ids:)``
    /// looks for: the literal elements that follow a text capture or a gap after the anchor (the
    /// others are tried at once where they are, or, right after the anchor, by
    /// ``FactMatcher/mayContinue(_:at:)``), up to and including the first literal, and before the
    /// first choice, that holds a sentence end (`。`, `；` folded or not, `;`). Each once.
    ///
    /// A repeating group is passed over like the elements it holds: whatever the number of
    /// repetitions, the match goes from the anchor to a literal after the group only over the
    /// group's body and separator (each repetition) and the elements outside it, so when none of
    /// those holds a sentence end the literal still starts before the first one. Literals inside
    /// a group are not looked for (a group may repeat no time).
    static func sentenceLiterals(_ elements: [Element], anchor: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var grown = false, inGroup = false
        for k in (anchor + 1)..<Swift.max(anchor + 1, elements.count) {
            switch elements[k] {
            case .literal(let l):
                if grown && !inGroup && !out.contains(l) { out.append(l) }
                if SentenceEnds.holdsEnd(l) { return out }
            case .choice(_, let alts):
                if alts.contains(where: SentenceEnds.holdsEnd) { return out }
            case .text, .gap:
                grown = true
            case .number, .count, .code:
                break
            case .groupOpen:
                inGroup = true
            case .groupEnd:
                break
            case .groupLoop:
                inGroup = false
            }
        }
        return out
    }
}

/// The sentence ends of a load's folded text (`。` U+3002, `；` U+FF1B, `;`), found in one pass
/// when first asked for, and where each literal looked for last starts in each sentence.
///
/// Raw memory throughout, as in ``FactMatcher/GrowthMemo``: a class's arrays are checked for
/// exclusive access at every read and write, which cost as much as the binary search.
final class SentenceEnds {
    /// The positions of the sentence ends, in order (`endCount` of them); sentence `i` runs from
    /// after end `i - 1` (or the start) to end `i` inclusive (or the end of the text when
    /// `i == endCount`).
    private var ends: UnsafeMutablePointer<Int32>?
    private var endCount = 0
    /// For literal id `l` (``ReportLoader/sentenceLiteralIDs``), row `l` (made on first use, of
    /// `endCount + 1` entries): for sentence `i`, where the literal last starts in it, plus one
    /// (0: nowhere; -1: not looked for yet).
    private var rows: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>?
    private var rowCount = 0

    deinit {
        ends?.deallocate()
        if let rows {
            for l in 0..<rowCount { rows[l]?.deallocate() }
            rows.deallocate()
        }
    }

    /// Whether `bytes` hold a sentence end: the bytes of `。` or `；`, or `;`.
    static func holdsEnd(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in (0..<b.count).contains { isEnd(b, $0) } }
    }

    /// Whether a sentence end starts at `i`. Matching decodes `E3 80 82` as U+3002 and
    /// `EF BC 9B` as U+FF1B wherever it lands on their first byte (never a continuation byte,
    /// so a text or gap lands on every one it grows over), and stops there.
    @inline(__always)
    static func isEnd(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        if c == 0x3B { return true }
        // A half-width `.` after anything but a digit: the stop of a narrative typed half-width
        // (a decimal point and a list ordinal `1.` follow a digit).
        if c == 0x2E { return i > 0 && !Bytes.isDigit(b[i - 1]) }
        guard c == 0xE3 || c == 0xEF, i + 2 < b.count else { return false }
        return c == 0xE3 ? b[i + 1] == 0x80 && b[i + 2] == 0x82 : b[i + 1] == 0xBC && b[i + 2] == 0x9B
    }

    /// The sentence ends of `b`, found on first use.
    @inline(__always)
    private func list(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<Int32> {
        if let e = ends { return e }
        var found: [Int32] = []
        var i = 0
        while i < b.count {
            // Most bytes are none of the three an end starts with.
            let c = b[i]
            if (c == 0x3B || c == 0x2E || c == 0xE3 || c == 0xEF) && SentenceEnds.isEnd(b, i) { found.append(Int32(i)) }
            i += 1
        }
        let e = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, found.count))
        for (k, v) in found.enumerated() { e[k] = v }
        ends = e; endCount = found.count
        return e
    }

    /// The sentence ``sentence(of:in:)`` found last and its first and last positions: a
    /// template's anchor positions come in increasing order and several templates share an
    /// anchor, so the next position asked about is mostly in the same sentence.
    private var lastSentence = -1, lastFirst = 0, lastLast = -1

    /// The index of the sentence holding `pos` (whose end is the first at or after `pos`).
    func sentence(of pos: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        if pos >= lastFirst && pos <= lastLast { return lastSentence }
        let list = list(b)
        var lo = 0, hi = endCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(list[mid]) < pos { lo = mid + 1 } else { hi = mid }
        }
        // Sentence `lo` runs from after end `lo - 1` to end `lo` (or the end of the text).
        lastSentence = lo
        lastFirst = lo == 0 ? 0 : Int(list[lo - 1]) + 1
        lastLast = lo < endCount ? Int(list[lo]) : Int.max
        return lo
    }

    /// The first and last positions of sentence `i` (its end included, when it has one).
    func bounds(of i: Int, in b: UnsafeBufferPointer<UInt8>) -> (first: Int, last: Int) {
        let list = list(b)
        let first = i == 0 ? 0 : Int(list[i - 1]) + 1
        return (first, i < endCount ? Int(list[i]) : b.count)
    }

    /// Row `l` of the remembered starts, made (all -1) on first use.
    private func row(_ l: Int, _ b: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<Int32> {
        if l >= rowCount {
            let count = Swift.max(l + 1, 2 * rowCount, 16)
            let grown = UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>.allocate(capacity: count)
            grown.initialize(repeating: nil, count: count)
            if let rows {
                grown.update(from: rows, count: rowCount)
                rows.deallocate()
            }
            rows = grown; rowCount = count
        }
        if let r = rows![l] { return r }
        _ = list(b)
        let r = UnsafeMutablePointer<Int32>.allocate(capacity: endCount + 1)
        r.initialize(repeating: -1, count: endCount + 1)
        rows![l] = r
        return r
    }

    /// Where `l` (literal id `id`, or -1: not remembered) last starts in sentence `i`, or -1.
    func lastStart(of l: [UInt8], id: Int32, sentence i: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        let remembered = id >= 0 ? row(Int(id), b) : nil
        if let r = remembered, r[i] >= 0 { return Int(r[i]) - 1 }
        let (first, last) = bounds(of: i, in: b)
        let found = FactMatcher.lastStart(of: l, in: b, from: first, through: last)
        remembered?[i] = Int32(found + 1)
        return found
    }
}

extension FactMatcher {
    /// Whether every one of `t`'s ``FactTemplate/sentenceLiterals`` starts somewhere from the
    /// end of the anchor at `pos` to the first sentence end from there (see ``SentenceEnds``).
    /// `false` means ``forward(_:_:_:_:_:)`` from the anchor fails.
    /// - Parameter ids: the literals' ids (``ReportLoader/sentenceLiteralIDs``), by which where
    ///   they start in each sentence is remembered for the load; empty: not remembered.
    func reachesSentenceLiterals(_ t: FactTemplate, at pos: Int, ids: [Int32] = []) -> Bool {
        let literals = t.sentenceLiterals
        guard !literals.isEmpty, case .literal(let anchor) = t.elements[t.anchor] else { return true }
        return norm.bytes.withUnsafeBufferPointer { b in
            let from = pos + anchor.count
            guard from <= b.count else { return false }
            // The stretch from `from` to the sentence end is the end of sentence `i`: a literal
            // starts in it exactly when its last start in the sentence is at `from` or later.
            let i = sentenceEnds.sentence(of: from, in: b)
            for k in literals.indices {
                let id = ids.count == literals.count ? ids[k] : -1
                if sentenceEnds.lastStart(of: literals[k], id: id, sentence: i, in: b) < from { return false }
            }
            return true
        }
    }

    /// The last start of `l` in `b` in `from...through`, or -1: the last bytes of `l` are
    /// looked for eight at a time (the last byte of a Chinese character is one of 64 values,
    /// its first one of few), and each found is tried as the end of `l`.
    static func lastStart(of l: [UInt8], in b: UnsafeBufferPointer<UInt8>, from: Int, through: Int) -> Int {
        guard let last = l.last, let base = b.baseAddress else { return l.isEmpty ? through : -1 }
        let n = l.count
        // Where the last byte of `l` may be.
        let lo = from + n - 1
        var q = Swift.min(through, b.count - n) + n - 1
        return l.withUnsafeBufferPointer { lb in
            while let z = lastIndex(of: last, in: base, lo, q) {
                let p = z - n + 1
                var j = 0
                while j < n - 1, b[p + j] == lb[j] { j += 1 }
                if j == n - 1 { return p }
                q = z - 1
            }
            return -1
        }
    }

    /// The last index of `byte` in `base[lo...hi]`, or `nil`.
    @inline(__always)
    static func lastIndex(of byte: UInt8, in base: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let pattern = ones &* UInt64(byte)
        var q = hi
        while q - 7 >= lo {
            // A zero byte in `w ^ pattern` is a byte equal to `byte` (the test is exact about
            // whether there is one); the eight are then looked at one by one.
            let x = UnsafeRawPointer(base + q - 7).loadUnaligned(as: UInt64.self) ^ pattern
            if (x &- ones) & ~x & highs != 0 { break }
            q -= 8
        }
        while q >= lo {
            if base[q] == byte { return q }
            q -= 1
        }
        return nil
    }
}
