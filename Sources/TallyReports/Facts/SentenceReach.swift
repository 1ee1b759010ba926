// Literals and choices a match must have within a few sentences of its anchor: a pre-filter
// that rules out an anchor position before the template is tried there. A position where one
// does not start in its stretch fails the forward match (whatever the step budget), so
// skipping it changes nothing; such a candidate cost dozens to thousands of steps of growing
// texts and gaps.

/// One literal or choice a match must reach within a few sentences of its anchor: one of its
/// words (``FactTemplate/sentenceLiterals``[`words`]) starts no later than the end of the
/// sentence `ahead` sentences after the anchor's (``FactMatcher/reachesSentenceLiterals(_:at:ids:)``).
struct SentenceRequirement: Sendable, Equatable {
    /// Indices of its words in ``FactTemplate/sentenceLiterals``.
    var words: [Int]
    /// The most sentence ends the literals and choices between the anchor and it can hold.
    var ahead: Int
}

extension FactTemplate {
    /// The most sentence ends a requirement may lie beyond (further ones are not looked for).
    static let maxAhead = 2
    /// Choices of more words than this are not looked for (they are tried where they are).
    static let maxRequiredWords = 4

    /// The sentence ends `word` can hold at most: every end ``SentenceEnds/isEnd(_:_:)`` finds in it,
    /// and every `.` (an end after a non-digit, which may be the byte before the word).
    static func endsHeld(_ word: [UInt8]) -> Int {
        word.withUnsafeBufferPointer { b in (0..<b.count).count { b[$0] == 0x2E || SentenceEnds.isEnd(b, $0) } }
    }

    /// What ``FactMatcher/reachesSentenceLiterals(_:at:ids:)`` looks for: the literals and
    /// choices (of at most ``maxRequiredWords`` words, none empty) that follow a text capture or
    /// a gap after the anchor (the others are tried at once where they are, or, right after the
    /// anchor, by ``FactMatcher/mayContinue(_:at:)``), each with the sentence ends the literals
    /// and choices between the anchor and it can hold (``endsHeld(_:)``), while those are at most
    /// ``maxAhead``; their words once each.
    ///
    /// Between the end of the anchor and such an element, the forward match passes only over
    /// text and gaps (which never grow across `。`, `；`, `;` or a `.` after a non-digit),
    /// numbers, counts and codes (digits, separators, signs, a point after a digit, `%`), and the
    /// literals and choices in between, which hold at most `ahead` sentence ends: so the element
    /// starts no later than the end of the sentence `ahead` sentences after the anchor's. A
    /// repeating group is passed over like the elements it holds when neither its body nor its
    /// separator holds a sentence end (whatever the number of repetitions, none is crossed in
    /// it); the elements inside a group are not looked for (a group may repeat no time).
    static func sentenceRequirements(_ elements: [Element], anchor: Int) -> (literals: [[UInt8]], requirements: [SentenceRequirement]) {
        var literals: [[UInt8]] = [], requirements: [SentenceRequirement] = []
        var grown = false, inGroup = false, ahead = 0
        // (Plain loops: this runs for every template each time a loader is built.)
        func require(_ words: [[UInt8]]) {
            guard words.count <= maxRequiredWords else { return }
            var indices: [Int] = []
            indices.reserveCapacity(words.count)
            for w in words {
                if w.isEmpty { return }
                var found = -1
                for (i, l) in literals.enumerated() where l == w { found = i; break }
                if found < 0 { literals.append(w); found = literals.count - 1 }
                indices.append(found)
            }
            let r = SentenceRequirement(words: indices, ahead: ahead)
            for q in requirements where q == r { return }
            requirements.append(r)
        }
        scan: for k in (anchor + 1)..<Swift.max(anchor + 1, elements.count) {
            switch elements[k] {
            case .literal(let l):
                let held = endsHeld(l)
                // In a group, an element that may hold an end may be crossed any number of times.
                if inGroup {
                    if held > 0 { break scan }
                } else {
                    if grown { require([l]) }
                    ahead += held
                }
            case .choice(_, let alts):
                var held = 0
                for w in alts { held = Swift.max(held, endsHeld(w)) }
                if inGroup {
                    if held > 0 { break scan }
                } else {
                    if grown && !alts.isEmpty { require(alts) }
                    ahead += held
                }
            case .text, .gap:
                grown = true
            case .number, .count, .code, .groupEnd:
                break
            case .groupOpen:
                inGroup = true
            case .groupLoop:
                inGroup = false
            }
            if ahead > maxAhead { break scan }
        }
        return (literals, requirements)
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

    /// The number of sentences (the last one may have no end).
    func sentenceCount(in b: UnsafeBufferPointer<UInt8>) -> Int {
        _ = list(b)
        return endCount + 1
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
    /// Whether each of `t`'s ``FactTemplate/sentenceRequirements`` has a word starting from the
    /// end of the anchor at `pos` to the end of the sentence its `ahead` sentences after the one
    /// holding that end (see ``SentenceEnds``). `false` means ``forward(_:_:_:_:_:)`` from the
    /// anchor fails.
    /// - Parameter ids: the ids of `t`'s ``FactTemplate/sentenceLiterals``
    ///   (``ReportLoader/sentenceLiteralIDs``), by which where they start in each sentence is
    ///   remembered for the load; empty: not remembered.
    func reachesSentenceLiterals(_ t: FactTemplate, at pos: Int, ids: [Int32] = []) -> Bool {
        let requirements = t.sentenceRequirements
        guard !requirements.isEmpty, case .literal(let anchor) = t.elements[t.anchor] else { return true }
        let literals = t.sentenceLiterals
        return norm.bytes.withUnsafeBufferPointer { b in
            let from = pos + anchor.count
            guard from <= b.count else { return false }
            // The stretch from `from` to the sentence end is the end of sentence `i`: a word
            // starts in it exactly when its last start in the sentence is at `from` or later, and
            // in a later sentence when it starts in it at all.
            let i = sentenceEnds.sentence(of: from, in: b)
            let lastSentence = sentenceEnds.sentenceCount(in: b) - 1
            for r in requirements {
                var reached = false
                for w in r.words where !reached {
                    let id = ids.count == literals.count ? ids[w] : -1
                    var j = i
                    while !reached && j <= Swift.min(i + r.ahead, lastSentence) {
                        reached = sentenceEnds.lastStart(of: literals[w], id: id, sentence: j, in: b) >= (j == i ? from : 0)
                        j += 1
                    }
                }
                if !reached { return false }
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
