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
    static func sentenceLiterals(_ elements: [Element], anchor: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var grown = false
        for k in (anchor + 1)..<Swift.max(anchor + 1, elements.count) {
            switch elements[k] {
            case .literal(let l):
                if grown && !out.contains(l) { out.append(l) }
                if SentenceEnds.holdsEnd(l) { return out }
            case .choice(_, let alts):
                if alts.contains(where: SentenceEnds.holdsEnd) { return out }
            case .text, .gap:
                grown = true
            case .number, .count, .code:
                break
            }
        }
        return out
    }
}

/// The sentence ends of a load's folded text (`。` U+3002, `；` U+FF1B, `;`), found in one pass
/// when first asked for, and where each literal looked for last starts in each sentence.
final class SentenceEnds {
    /// The positions of the sentence ends, in order; sentence `i` runs from after end `i - 1`
    /// (or the start) to end `i` inclusive (or the end of the text when `i == ends.count`).
    private var ends: [Int32] = []
    private var found = false
    /// For literal id `l` (``ReportLoader/sentenceLiteralIDs``) and sentence `i`, at
    /// `lastStarts[l][i]`: where the literal last starts in the sentence, plus one (0: nowhere;
    /// -1: not looked for yet). Arrays made on first use.
    private var lastStarts: [[Int32]] = []

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
        guard c == 0xE3 || c == 0xEF, i + 2 < b.count else { return false }
        return c == 0xE3 ? b[i + 1] == 0x80 && b[i + 2] == 0x82 : b[i + 1] == 0xBC && b[i + 2] == 0x9B
    }

    /// Finds the sentence ends of `b` on first use.
    @inline(__always)
    private func find(_ b: UnsafeBufferPointer<UInt8>) {
        if found { return }
        found = true
        var i = 0
        while i < b.count {
            // Most bytes are none of the three an end starts with.
            let c = b[i]
            if (c == 0x3B || c == 0xE3 || c == 0xEF) && SentenceEnds.isEnd(b, i) { ends.append(Int32(i)) }
            i += 1
        }
    }

    /// The index of the sentence holding `pos` (whose end is the first at or after `pos`).
    func sentence(of pos: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        find(b)
        return ends.withUnsafeBufferPointer { list in
            var lo = 0, hi = list.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(list[mid]) < pos { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// The first and last positions of sentence `i` (its end included, when it has one).
    func bounds(of i: Int, in b: UnsafeBufferPointer<UInt8>) -> (first: Int, last: Int) {
        find(b)
        let first = i == 0 ? 0 : Int(ends[i - 1]) + 1
        return (first, i < ends.count ? Int(ends[i]) : b.count)
    }

    /// Where `l` (literal id `id`, or -1: not remembered) last starts in sentence `i`, or -1.
    func lastStart(of l: [UInt8], id: Int32, sentence i: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        if id >= 0 {
            let l = Int(id)
            if l >= lastStarts.count { lastStarts += Array(repeating: [], count: l + 1 - lastStarts.count) }
            if lastStarts[l].isEmpty { find(b); lastStarts[l] = Array(repeating: -1, count: ends.count + 1) }
            let known = lastStarts[l][i]
            if known >= 0 { return Int(known) - 1 }
        }
        let (first, last) = bounds(of: i, in: b)
        let found = FactMatcher.lastStart(of: l, in: b, from: first, through: last)
        if id >= 0 { lastStarts[Int(id)][i] = Int32(found + 1) }
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
