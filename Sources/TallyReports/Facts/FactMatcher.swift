import Tally

/// Finds the matches of compiled ``FactTemplate``s in a report (see ``FactTemplate`` for the
/// syntax and the matching rules).
///
/// Matching only records byte ranges of the folded text; the values of the captures (figures,
/// strings) are built by ``value(of:)`` for the matches that are kept, so a candidate that
/// fails or overlaps an earlier match allocates nothing.
struct FactMatcher {
    let text: ReportText
    let norm: NormalizedText
    /// ``isHeadingLine(endingBefore:)`` by report line, filled as lines are asked about (one
    /// matcher serves one load on one thread).
    let headingMemo = LineMemo()

    /// ``textStart(before:)`` by the end it was asked for: templates that share an anchor and
    /// capture text before it (`{指标:text}≥…`) scan back from the same ends.
    let textStarts = TextStartMemo()

    /// ``numberEnd(at:)`` by position, filled as positions are asked about.
    let numberEnds = NumberEndMemo()

    /// The sentence ends of the text (``reachesSentenceLiterals(_:at:)``).
    let sentenceEnds = SentenceEnds()
    /// Whether anchor positions are ruled out by ``reachesSentenceLiterals(_:at:)`` (off only in
    /// the tests that prove it rules out no match).
    var checksSentences = true

    final class LineMemo {
        /// 0: not asked yet, 1: no, 2: yes; indexed by 1-based line.
        var values: [UInt8] = []
    }

    final class TextStartMemo {
        var starts: [Int: Int] = [:]
    }

    /// What a text capture or gap growing from a position meets, by the element after it
    /// (``GrowthMemo``): templates that share an anchor and their first elements
    /// (`{本年}万元[，|。|,][比|较|同比]…[增加了|增加]` opens ten templates) grow the same gaps
    /// from the same positions, and a gap's growth is walked again for every candidate end.
    let growths = GrowthMemo()

    /// The outcome of ``grow(_:_:limit:_:_:)`` from a position, by ``Precheck/id`` and position,
    /// scanned once per load with the longest limit (``GrowthMemo/span`` characters) and no
    /// step budget, so every later growth from there is answered by arithmetic
    /// (``growRemembered(_:_:limit:_:_:)``).
    final class GrowthMemo {
        /// The longest growth scanned: the larger of the text and gap limits.
        static let span = max(FactTemplate.maxTextCharacters, FactTemplate.maxGapCharacters)
        /// ``Precheck/id`` of each element of the template being matched (empty: none).
        var ids: [Int32] = []
        /// Open addressing over pairs: `table[2i]` is `id << 32 | position` with bit 63 set (0:
        /// empty), `table[2i + 1]` the outcome (bit 40: the element may start at the end; bits
        /// 32–39: the characters grown over; bits 0–31: the end). Raw memory: a class's array
        /// would be checked for exclusive access at every probe.
        private var table: UnsafeMutablePointer<UInt64>
        private var capacity: Int
        private var count = 0

        init() {
            // About 1,700 growths start at distinct positions in a report of 45 KB.
            capacity = 4096
            table = .allocate(capacity: 2 * capacity)
            table.initialize(repeating: 0, count: 2 * capacity)
        }

        deinit { table.deallocate() }

        @inline(__always)
        private func slot(_ key: UInt64) -> Int {
            let mask = capacity - 1
            var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while true {
                let k = table[2 * i]
                if k == key || k == 0 { return i }
                i = (i + 1) & mask
            }
        }

        /// The outcome remembered for `key`.
        @inline(__always)
        func find(_ key: UInt64) -> UInt64? {
            let i = slot(key)
            return table[2 * i] == key ? table[2 * i + 1] : nil
        }

        /// At most this many outcomes are remembered (8 MB of table): a report has a few
        /// thousand, and a hostile text of many megabytes does not grow the memory without bound
        /// (growths past the cap are scanned each time, as without the memo).
        static let maxCount = 1 << 18

        /// Remembers an outcome (the table doubles when half full; nothing past ``maxCount``).
        func insert(_ key: UInt64, _ value: UInt64) {
            guard count < GrowthMemo.maxCount else { return }
            if (count + 1) * 2 > capacity {
                let old = table, oldCapacity = capacity
                capacity *= 2
                table = .allocate(capacity: 2 * capacity)
                table.initialize(repeating: 0, count: 2 * capacity)
                for j in 0..<oldCapacity where old[2 * j] != 0 {
                    let i = slot(old[2 * j])
                    table[2 * i] = old[2 * j]; table[2 * i + 1] = old[2 * j + 1]
                }
                old.deallocate()
            }
            let i = slot(key)
            if table[2 * i] == 0 { count += 1 }
            table[2 * i] = key; table[2 * i + 1] = value
        }
    }

    struct Capture {
        /// How the capture's value is read from its range of folded bytes.
        enum Kind {
            /// A number as ``readNumber(at:)`` reads it (an amount or a percent).
            case number
            /// An integer (at most 18 digits) as an exact figure.
            case count
            /// The folded text of the range.
            case span
            /// Where a repetition of a repeating group starts (`start`; `element` is the group's
            /// `.groupOpen`): the captures after it, up to its ``itemEnd``, are the item's.
            case itemStart
            /// Where a repetition of a repeating group ends (`end`).
            case itemEnd
        }
        /// The template element that captured it (its name is the element's: a capture carries
        /// no string to retain and release as matching tries and undoes it).
        var element: Int
        var kind: Kind
        var start: Int
        var end: Int
    }

    /// A capture's value.
    enum Value { case figure(Figure), text(String) }

    struct Match {
        var start: Int
        var end: Int
        var captures: [Capture]
    }

    /// The value of a capture of a kept match (`nil` only if the text cannot be read again the
    /// way it matched, which does not happen).
    func value(of c: Capture) -> Value? {
        switch c.kind {
        case .number:
            guard let (figure, _) = readNumber(at: c.start) else { return nil }
            return .figure(figure)
        case .count:
            var v = 0
            for i in c.start..<c.end { v = v &* 10 &+ Int(norm.bytes[i] &- 48) }
            return .figure(.exact(Rational(v)))
        case .itemStart, .itemEnd:
            return nil
        case .span:
            return .text(String(decoding: norm.bytes[c.start..<c.end], as: UTF8.self))
        }
    }

    /// All non-overlapping matches of `t`, in report order, given the occurrences of its anchor.
    /// - Parameter precheckIDs: ``Precheck/id`` of each element of `t` (see
    ///   ``ReportLoader/precheckIDs``), so that growths are remembered across templates; empty:
    ///   none are.
    /// - Parameter sentenceLiteralIDs: ``ReportLoader/sentenceLiteralIDs`` of `t`, so that where
    ///   its later literals start is remembered across templates; empty: it is not.
    /// - Parameter filtered: whether `positions` are already those ``candidates(_:anchorAt:)``
    ///   keeps (they are not tested again).
    func matches(_ t: FactTemplate, anchorAt positions: [Int], precheckIDs: [Int32] = [], sentenceLiteralIDs: [Int32] = [],
                 filtered: Bool = false) -> [Match] {
        guard case .literal(let anchor) = t.elements[t.anchor] else { return [] }
        growths.ids = precheckIDs.count == t.elements.count ? precheckIDs : []
        var out: [Match] = []
        var lastEnd = 0
        var caps: [Capture] = [], after: [Capture] = []
        for p in positions where p >= lastEnd && (filtered || mayPrecede(t, at: p) && mayContinue(t, at: p + anchor.count))
            && (!checksSentences || reachesSentenceLiterals(t, at: p, ids: sentenceLiteralIDs)) {
            // The elements after the anchor first: they usually fail at once (`万元` not followed
            // by `，与`), while those before it read a number or scan back for text. Matching
            // both ways is deterministic and shares one step budget, so the order changes
            // nothing: backward starts with the steps forward used, as forward would have
            // started with those backward used.
            after.removeAll(keepingCapacity: true)
            var steps = 0
            guard let end = forward(t, t.anchor + 1, p + anchor.count, &after, &steps) else { continue }
            caps.removeAll(keepingCapacity: true)
            if let start = backward(t, t.anchor - 1, p, &caps, &steps), start >= lastEnd {
                out.append(Match(start: start, end: end, captures: caps.reversed() + after))
                lastEnd = end
            }
        }
        return out
    }

    /// The anchor positions among `positions` where `t` may match: those ``mayPrecede(_:at:)``
    /// and ``mayContinue(_:at:)`` allow (``matches(_:anchorAt:precheckIDs:)`` skips the others).
    func candidates(_ t: FactTemplate, anchorAt positions: [Int]) -> [Int] {
        guard case .literal(let anchor) = t.elements[t.anchor] else { return [] }
        return positions.filter { mayPrecede(t, at: $0) && mayContinue(t, at: $0 + anchor.count) }
    }

    /// Whether the elements after `t`'s anchor can start at `pos`: one of the template's
    /// ``FactTemplate/continuationStarts`` strings starts there, or (without them) the next
    /// element can start with the byte there. `false` means ``forward(_:_:_:_:_:)`` from the
    /// anchor would fail, so a position is ruled out without trying the template.
    @inline(__always)
    func mayContinue(_ t: FactTemplate, at pos: Int) -> Bool {
        guard let starts = t.continuationStarts else {
            var steps = 0
            return !failsAtOnce(Precheck(t, t.anchor + 1), pos, &steps)
        }
        return norm.bytes.withUnsafeBufferPointer { b in
            t.continuationBytes.withUnsafeBufferPointer { c in
                var i = 0
                while i + 1 < starts.count {
                    let lo = starts[i], len = starts[i + 1] - lo
                    if pos + len <= b.count {
                        var j = 0
                        while j < len, b[pos + j] == c[lo + j] { j += 1 }
                        if j == len { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether the element before `t`'s anchor can end right before `pos`
    /// (``FactTemplate/precedingBytes``). `false` means ``backward(_:_:_:_:_:)`` from the anchor
    /// would fail at once.
    @inline(__always)
    func mayPrecede(_ t: FactTemplate, at pos: Int) -> Bool {
        guard let set = t.precedingBytes else { return true }
        return pos > 0 && set.contains(norm.bytes[pos - 1])
    }

    /// All non-overlapping matches of `t`, in report order.
    func matches(_ t: FactTemplate) -> [Match] {
        guard case .literal(let anchor) = t.elements[t.anchor] else { return [] }
        return matches(t, anchorAt: norm.occurrences(of: anchor))
    }

    // MARK: Forward

    func forward(_ t: FactTemplate, _ k: Int, _ pos: Int, _ caps: inout [Capture], _ steps: inout Int) -> Int? {
        steps += 1
        if steps > FactTemplate.maxSteps { return nil }
        if k == t.elements.count { return pos }
        let b = norm.bytes
        switch t.elements[k] {
        case .literal(let l):
            guard Bytes.matches(b, l, at: pos) else { return nil }
            return forward(t, k + 1, pos + l.count, &caps, &steps)
        case .number:
            guard let end = numberEnd(at: pos) else { return nil }
            caps.append(Capture(element: k, kind: .number, start: pos, end: end))
            if let e = forward(t, k + 1, end, &caps, &steps) { return e }
            caps.removeLast(); return nil
        case .count:
            guard let end = digitsEnd(at: pos, max: 18), !continuesNumber(before: pos) else { return nil }
            if end < b.count, b[end] == UInt8(ascii: "."), end + 1 < b.count, Bytes.isDigit(b[end + 1]) { return nil }
            caps.append(Capture(element: k, kind: .count, start: pos, end: end))
            if let e = forward(t, k + 1, end, &caps, &steps) { return e }
            caps.removeLast(); return nil
        case .code:
            guard let end = digitsEnd(at: pos, max: 7), end - pos >= 3 else { return nil }
            caps.append(Capture(element: k, kind: .span, start: pos, end: end))
            if let e = forward(t, k + 1, end, &caps, &steps) { return e }
            caps.removeLast(); return nil
        case .choice(let name, let alts):
            for alt in alts where Bytes.matches(b, alt, at: pos) {
                if FactMatcher.isDecimalPoint(alt, alts, b, pos) { continue }
                if name != nil { caps.append(Capture(element: k, kind: .span, start: pos, end: pos + alt.count)) }
                if let e = forward(t, k + 1, pos + alt.count, &caps, &steps) { return e }
                if name != nil { caps.removeLast() }
            }
            return nil
        case .text:
            var end = pos, n = 0
            let check = Precheck(t, k + 1, growths.ids)
            while growRemembered(&end, &n, limit: FactTemplate.maxTextCharacters, check, &steps) {
                caps.append(Capture(element: k, kind: .span, start: pos, end: end))
                if let e = forward(t, k + 1, end, &caps, &steps) { return e }
                caps.removeLast()
                if steps > FactTemplate.maxSteps { return nil }
            }
            return nil
        case .groupOpen:
            // The first repetition (the next ones start at `.groupLoop`).
            caps.append(Capture(element: k, kind: .itemStart, start: pos, end: pos))
            if let e = forward(t, k + 1, pos, &caps, &steps) { return e }
            caps.removeLast(); return nil
        case .groupEnd(let g):
            // A repetition ends here: another one after the separator (greedy: as many as the
            // text holds, up to the group's most), else the elements after the group once it
            // has its fewest.
            let group = t.groups[g]
            var reps = 0, first = pos
            for c in caps.reversed() {
                if c.element < group.open { break }
                if c.kind == .itemStart, c.element == group.open { reps += 1; first = c.start }
            }
            guard pos - first <= FactTemplate.maxGroupBytes else { return nil }
            caps.append(Capture(element: group.open, kind: .itemEnd, start: pos, end: pos))
            if reps < group.max, let e = forward(t, k + 1, pos, &caps, &steps) { return e }
            if reps >= group.min, steps <= FactTemplate.maxSteps, let e = forward(t, group.loop + 1, pos, &caps, &steps) { return e }
            caps.removeLast(); return nil
        case .groupLoop(let g):
            let open = t.groups[g].open
            caps.append(Capture(element: open, kind: .itemStart, start: pos, end: pos))
            if let e = forward(t, open + 1, pos, &caps, &steps) { return e }
            caps.removeLast(); return nil
        case .gap:
            var end = pos, n = 0
            let check = Precheck(t, k + 1, growths.ids)
            while true {
                if !failsAtOnce(check, end, &steps), let e = forward(t, k + 1, end, &caps, &steps) { return e }
                if steps > FactTemplate.maxSteps || n >= FactTemplate.maxGapCharacters || end >= b.count { return nil }
                guard growRemembered(&end, &n, limit: FactTemplate.maxGapCharacters, check, &steps) else { return nil }
            }
        }
    }

    /// ``grow(_:_:limit:_:_:)`` answered from what the same growth from `end`, for an element
    /// with the same ``Precheck``, met earlier in the load (scanned now when it was not).
    ///
    /// A growth from `end` with no budget and the longest limit stops at the first end where the
    /// element may start (`true`, after Δ characters), or at a sentence end, the end of the text
    /// or the limit (`false`, after Δ characters all ruled out), and each character ruled out
    /// costs one step. The growth asked for — `limit - n` characters at most, from `steps` — is
    /// a prefix of that scan: it reaches the same end when Δ fits both the characters left and
    /// the budget, and otherwise fails after the characters it could rule out, so the ends,
    /// lengths and steps are those ``grow(_:_:limit:_:_:)`` gives.
    @inline(__always)
    func growRemembered(_ end: inout Int, _ n: inout Int, limit: Int, _ check: Precheck, _ steps: inout Int) -> Bool {
        guard check.id >= 0, check.lead != nil, limit <= GrowthMemo.span else { return grow(&end, &n, limit: limit, check, &steps) }
        let left = limit - n
        guard left > 0, end < norm.bytes.count else { return false }
        let key = UInt64(1) << 63 | UInt64(UInt32(bitPattern: check.id)) << 32 | UInt64(end)
        let value: UInt64
        if let v = growths.find(key) {
            value = v
        } else {
            var e = end, k = 0, s = 0
            let found = grow(&e, &k, limit: GrowthMemo.span, check, &s)
            // Found after k characters (k - 1 of them ruled out), or not after s ruled out.
            value = (found ? 1 << 40 | UInt64(k) << 32 : UInt64(s) << 32) | UInt64(e)
            growths.insert(key, value)
        }
        let found = value & (1 << 40) != 0
        let grown = Int((value >> 32) & 0xFF)
        if found && grown <= left {
            if steps + grown > FactTemplate.maxSteps { steps += grown; return false }
            end = Int(value & 0xFFFF_FFFF)
            n += grown
            steps += grown - 1
            return true
        }
        steps += Swift.min(grown, left)
        return false
    }

    /// Grows a text capture or gap ending at `end` (`n` characters long) by one character at a
    /// time while it may grow — fewer than `limit` characters, not at the end of the text, never
    /// across `。`, `；` or `;` — to the first end where the element `check` was made for does
    /// not fail at once. Each end passed over costs the step ``failsAtOnce(_:_:_:)`` would have
    /// counted for it, so this is the character-by-character loop of the text and gap cases,
    /// run on the buffer without a call per character. `false` when the capture cannot grow
    /// that far or the step budget is spent.
    @inline(__always)
    func grow(_ end: inout Int, _ n: inout Int, limit: Int, _ check: Precheck, _ steps: inout Int) -> Bool {
        norm.bytes.withUnsafeBufferPointer { b in
            // Locals in registers; written back once.
            let count = b.count
            var e = end, k = n, s = steps
            defer { end = e; n = k; steps = s }
            let checked = check.lead != nil
            while k < limit, e < count {
                // 。；; — not a lead byte E4–E9, which decodes to U+4000–U+9FFF (or U+FFFD).
                let c = b[e]
                if c < 0xE4 || c > 0xE9 {
                    let (v, _) = Bytes.scalar(b, e)
                    if v == 0x3002 || v == 0xFF1B || v == 0x3B { return false }
                    // A half-width `.` after anything but a digit ends a sentence too (review 11, 211).
                    if c == 0x2E, e > 0, !Bytes.isDigit(b[e - 1]) { return false }
                    e += 1
                } else if e + 2 < count, b[e + 1] & 0xC0 == 0x80, b[e + 2] & 0xC0 == 0x80 {
                    // A CJK ideograph: its two continuation bytes at once.
                    e += 3
                } else {
                    e += 1
                }
                while e < count, b[e] & 0xC0 == 0x80 { e += 1 }
                k += 1
                if checked, s + 1 > FactTemplate.maxSteps || check.rulesOut(b, e) {
                    s += 1
                    if s > FactTemplate.maxSteps { return false }
                    // A run of CJK ideographs that the check rules out: what the loop does for
                    // each (no sentence end to test, three bytes, one step), without its tests.
                    while k < limit, s + 1 <= FactTemplate.maxSteps, e + 3 < count {
                        let c0 = b[e]
                        guard c0 >= 0xE4, c0 <= 0xE9, b[e + 1] & 0xC0 == 0x80, b[e + 2] & 0xC0 == 0x80,
                              b[e + 3] & 0xC0 != 0x80, check.rulesOut(b, e + 3) else { break }
                        e += 3; k += 1; s += 1
                    }
                    continue
                }
                return true
            }
            return false
        }
    }

    /// What rules out positions for element `k` of a template without trying it: the bytes it
    /// can start with (none: anything) and, for a literal or a choice of words of two bytes or
    /// more, the second bytes it can have (none: any).
    struct Precheck {
        var lead: FactTemplate.LeadBytes?
        var second: FactTemplate.LeadBytes?
        /// Equal for elements with equal ``lead`` and ``second`` sets across a loader's templates
        /// (``ReportLoader/precheckIDs``), so growths are remembered by it; -1: not remembered.
        var id: Int32 = -1

        init(_ t: FactTemplate, _ k: Int, _ ids: [Int32] = []) {
            if k < t.leadBytes.count { lead = t.leadBytes[k]; second = t.secondBytes[k] } else { lead = nil; second = nil }
            if k < ids.count { id = ids[k] }
        }

        /// Whether the element cannot start at `pos` of `b`, by its lead byte and second byte
        /// (`false` when it can start with anything).
        @inline(__always)
        func rulesOut(_ b: UnsafeBufferPointer<UInt8>, _ pos: Int) -> Bool {
            guard let lead else { return false }
            if pos >= b.count || !lead.contains(b[pos]) { return true }
            // A literal or choice fails too when no second byte it can have is there (or the
            // text ends before it).
            guard let second else { return false }
            return pos + 1 >= b.count || !second.contains(b[pos + 1])
        }
    }

    /// Whether ``forward(_:_:_:_:_:)`` at the element `check` was made for and `pos` would fail
    /// on its first step (a literal, choice, number, count or code that cannot start at `pos`,
    /// or the step budget spent). When it would, the step that call takes is counted here, so
    /// skipping the call changes nothing. Text and gap loops make the check once, before they
    /// try their positions.
    @inline(__always)
    func failsAtOnce(_ check: Precheck, _ pos: Int, _ steps: inout Int) -> Bool {
        guard check.lead != nil else { return false }
        if steps + 1 > FactTemplate.maxSteps || norm.bytes.withUnsafeBufferPointer({ check.rulesOut($0, pos) }) {
            steps += 1
            return true
        }
        return false
    }

    // MARK: Backward (elements before the first literal)

    /// Whether digits starting at `pos` continue a number written before them (`2,033.50`: the
    /// `033` after the group comma, the `50` after the point), so that no count begins there.
    @inline(__always)
    func continuesNumber(before pos: Int) -> Bool {
        let b = norm.bytes
        guard pos >= 2, b[pos - 1] == UInt8(ascii: ",") || b[pos - 1] == UInt8(ascii: ".") else { return false }
        return Bytes.isDigit(b[pos - 2])
    }

    func backward(_ t: FactTemplate, _ k: Int, _ end: Int, _ caps: inout [Capture], _ steps: inout Int) -> Int? {
        steps += 1
        if steps > FactTemplate.maxSteps { return nil }
        if k < 0 { return end }
        let b = norm.bytes
        switch t.elements[k] {
        case .literal(let l):
            guard end - l.count >= 0, Bytes.matches(b, l, at: end - l.count) else { return nil }
            return backward(t, k - 1, end - l.count, &caps, &steps)
        case .number:
            guard let start = numberStart(before: end), let e = numberEnd(at: start), e == end else { return nil }
            caps.append(Capture(element: k, kind: .number, start: start, end: end))
            if let s = backward(t, k - 1, start, &caps, &steps) { return s }
            caps.removeLast(); return nil
        case .count, .code:
            var s = end
            while s > 0, Bytes.isDigit(b[s - 1]), end - s < 18 { s -= 1 }
            guard s < end, !continuesNumber(before: s) else { return nil }
            let kind: Capture.Kind
            if case .code = t.elements[k] {
                guard (3...7).contains(end - s) else { return nil }
                kind = .span
            } else {
                kind = .count
            }
            caps.append(Capture(element: k, kind: kind, start: s, end: end))
            if let r = backward(t, k - 1, s, &caps, &steps) { return r }
            caps.removeLast(); return nil
        case .choice(let name, let alts):
            for alt in alts where end - alt.count >= 0 && Bytes.matches(b, alt, at: end - alt.count) {
                if FactMatcher.isDecimalPoint(alt, alts, b, end - alt.count) { continue }
                if name != nil { caps.append(Capture(element: k, kind: .span, start: end - alt.count, end: end)) }
                if let s = backward(t, k - 1, end - alt.count, &caps, &steps) { return s }
                if name != nil { caps.removeLast() }
            }
            return nil
        case .text:
            var s = textStart(before: end)
            // Before a code or number placeholder the text begins right after its digits
            // (`2101599 其他…科目支出`: the code is not part of the name).
            if k > 0 {
                switch t.elements[k - 1] {
                case .code, .count, .number:
                    if let lastDigit = (s..<end).last(where: { Bytes.isDigit(b[$0]) }) { s = lastDigit + 1 }
                default: break
                }
            }
            // Trim a leading ordinal.
            let start = s + ordinalLength(s, end)
            guard start < end else { return nil }
            caps.append(Capture(element: k, kind: .span, start: start, end: end))
            if let r = backward(t, k - 1, start, &caps, &steps) { return r }
            caps.removeLast(); return nil
        case .groupOpen, .groupEnd, .groupLoop:
            // Refused at compile time: a group comes after the anchor.
            return nil
        case .gap:
            var s = end, n = 0
            while true {
                if let r = backward(t, k - 1, s, &caps, &steps) { return r }
                if steps > FactTemplate.maxSteps || n >= FactTemplate.maxGapCharacters || s <= 0 { return nil }
                s = norm.previousScalarStart(s); n += 1
                let (v, _) = scalar(at: s)
                if v == 0x3002 || v == 0xFF1B || v == 0x3B { return nil }
                if v == 0x2E, s > 0, !Bytes.isDigit(norm.bytes[s - 1]) { return nil }
            }
        }
    }

    /// Whether `alt`, the half-width `.` a choice with `。` takes for a sentence stop (see
    /// ``FactTemplate``), stands at `at` right after a digit: a decimal point or a list ordinal
    /// (`150.82`, `1.`), no stop.
    @inline(__always)
    static func isDecimalPoint(_ alt: [UInt8], _ alts: [[UInt8]], _ b: [UInt8], _ at: Int) -> Bool {
        alt.count == 1 && alt[0] == 0x2E && at > 0 && Bytes.isDigit(b[at - 1]) && alts.contains { $0 == [0xE3, 0x80, 0x82] }
    }

    // MARK: Pieces

    @inline(__always)
    func scalar(at i: Int) -> (UInt32, Int) {
        norm.bytes.withUnsafeBufferPointer { Bytes.scalar($0, i) }
    }

    /// Reads a number at `pos`: sign, digits with thousands separators, decimals, `%`. Stops at
    /// a space in the report (two numbers side by side), continues across a line break.
    func readNumber(at pos: Int) -> (Figure, Int)? {
        // The value as Rational.parseDecimal reads the digits: an Int128 mantissa (nil on
        // overflow or more than 31 decimals) over a power of ten.
        var overflow = false
        var mantissa: Int128 = 0, decimals = 0
        let scanned = scanNumber(at: pos) { digit, afterPoint in
            let (m, o1) = mantissa.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m.addingReportingOverflow(Int128(digit))
            if o1 || o2 || decimals > 30 { overflow = true }
            mantissa = m2
            if afterPoint { decimals += 1 }
        }
        guard let (end, negative, percent) = scanned, !overflow,
              let value = try? Rational(negative ? -mantissa : mantissa, Rational.powerOfTen(decimals)) else { return nil }
        return (percent ? Figure.percent(value, decimals: decimals) : Figure.amount(value, decimals: decimals), end)
    }

    /// The number at `pos` as ``readNumber(at:)`` reads it, without its value: where it ends
    /// (after a `%`), its sign and whether it is a percent; `digit` is given each digit's value
    /// and whether it follows the decimal point. `nil` when no number starts at `pos`.
    @inline(__always)
    private func scanNumber(at pos: Int, _ digit: (UInt8, Bool) -> Void) -> (end: Int, negative: Bool, percent: Bool)? {
        let b = norm.bytes
        var i = pos
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+"), i + 1 < b.count, Bytes.isDigit(b[i + 1]) {
            negative = b[i] == UInt8(ascii: "-"); i += 1
        }
        guard i < b.count, Bytes.isDigit(b[i]) else { return nil }
        if pos > 0, Bytes.isDigit(b[pos - 1]) || b[pos - 1] == UInt8(ascii: ".") , norm.gap(before: pos, in: text) == nil { return nil }
        // The second group of `1 260.00` is no number of its own.
        if pos > 0, Bytes.isDigit(b[pos - 1]), continuesSpacedGroup(at: pos) { return nil }
        var sawPoint = false, sawComma = false
        while i < b.count {
            if i > pos, norm.gap(before: i, in: text) == false {
                guard !sawPoint, !sawComma, continuesSpacedGroup(at: i) else { break }
            }
            let c = b[i]
            if Bytes.isDigit(c) {
                digit(c - UInt8(ascii: "0"), sawPoint)
                i += 1; continue
            }
            if c == UInt8(ascii: ","), !sawPoint {
                sawComma = true
                if Bytes.isThousandsSeparator(b, at: i, end: b.count) { i += 1; continue }
                break
            }
            if c == UInt8(ascii: "."), !sawPoint, i + 1 < b.count, Bytes.isDigit(b[i + 1]) {
                sawPoint = true; i += 1; continue
            }
            break
        }
        var percent = false
        if i < b.count, b[i] == UInt8(ascii: "%") { percent = true; i += 1 }
        return (i, negative, percent)
    }

    /// Whether the digits at `i` continue a number whose thousands are set apart by single
    /// spaces (`1 260.00`, `12 345 678.90`): one space (or no-break space) in the report between
    /// the digit before `i` and `i`, exactly three digits from `i` (then no digit, or another such
    /// space), and before the space a group of three digits or a first group of one to three
    /// digits not starting with `0` (`0 100.00` stays two numbers, as do `1 2 3` and `210 11 01`).
    func continuesSpacedGroup(at i: Int) -> Bool {
        let b = norm.bytes
        guard i > 0, i + 2 < b.count, Bytes.isDigit(b[i - 1]), singleSpace(before: i) else { return false }
        for k in i..<(i + 3) {
            guard Bytes.isDigit(b[k]) else { return false }
            if k > i, norm.gap(before: k, in: text) != nil { return false }
        }
        if i + 3 < b.count, Bytes.isDigit(b[i + 3]), !singleSpace(before: i + 3) { return false }
        // The groups before the space, back to the first (at most six: an amount has no more than
        // eighteen digits, and a long run of groups is no number — nor a deep search).
        var end = i
        for _ in 0..<6 {
            var s = end - 1, n = 1
            while s > 0, Bytes.isDigit(b[s - 1]), norm.gap(before: s, in: text) == nil, n <= 3 { s -= 1; n += 1 }
            guard n <= 3 else { return false }
            if s > 0, Bytes.isDigit(b[s - 1]), singleSpace(before: s) {
                guard n == 3 else { return false }
                end = s
                continue
            }
            if s > 0, b[s - 1] == UInt8(ascii: ".") || b[s - 1] == UInt8(ascii: ",") || Bytes.isDigit(b[s - 1]) { return false }
            return b[s] != UInt8(ascii: "0")
        }
        return false
    }

    /// Whether exactly one space (` `, U+00A0, or a thin space U+2009 / U+202F) stands in the report between folded bytes
    /// `i - 1` and `i`.
    @inline(__always)
    func singleSpace(before i: Int) -> Bool {
        guard i > 0, i < norm.origin.count else { return false }
        let a = Int(norm.origin[i - 1]) + 1, z = Int(norm.origin[i])
        let r = text.bytes
        if z - a == 1 { return r[a] == 0x20 }
        if z - a == 2 { return r[a] == 0xC2 && r[a + 1] == 0xA0 }
        if z - a == 3 { return Bytes.isThinSpace(r, at: a, end: z) }
        return false
    }

    /// The end of the run of digits at `pos` (stopping at a space or line break in the
    /// report), or `nil` when there is none, it is longer than `max`, or a digit follows.
    func digitsEnd(at pos: Int, max: Int) -> Int? {
        let b = norm.bytes
        var i = pos
        while i < b.count, Bytes.isDigit(b[i]) {
            if i > pos, norm.gap(before: i, in: text) != nil { break }
            i += 1
        }
        guard i > pos, i - pos <= max else { return nil }
        if i < b.count, Bytes.isDigit(b[i]) { return nil }
        return i
    }

    /// Where the number ``readNumber(at:)`` reads at `pos` ends, without building its value
    /// (``scanNumberEnd(at:)``, remembered by position in ``numberEnds``).
    @inline(__always)
    func numberEnd(at pos: Int) -> Int? {
        if let known = numberEnds.find(pos) { return known }
        let end = scanNumberEnd(at: pos)
        numberEnds.insert(pos, end, textCount: norm.bytes.count)
        return end
    }

    /// Where the number ``readNumber(at:)`` reads at `pos` ends, scanned (see ``numberEnd(at:)``).
    func scanNumberEnd(at pos: Int) -> Int? {
        var digits = 0
        guard let (end, _, _) = scanNumber(at: pos, { _, _ in digits += 1 }) else { return nil }
        // Very long digit runs may not fit a rational: let the full reader decide.
        if digits > 30 { return readNumber(at: pos)?.1 }
        return end
    }

    /// The byte length of a leading ordinal (`一、`, `(一)`, `1.`, `1、`, `(1)`) of the folded
    /// text `[s, end)`: what ``NameFolding/stripOrdinal(_:)`` removes, computed on bytes. Falls
    /// back to that function when a scalar it looks at could join the next one into a single
    /// `Character` (a combining mark and the like), where bytes and characters could disagree.
    func ordinalLength(_ s: Int, _ end: Int) -> Int {
        let b = norm.bytes
        guard s < end else { return 0 }
        func slow() -> Int {
            let raw = String(decoding: b[s..<end], as: UTF8.self)
            return raw.utf8.count - NameFolding.stripOrdinal(raw).utf8.count
        }
        /// Whether the scalar at `i` (or the end) starts a new `Character` for sure.
        func startsCharacter(_ i: Int) -> Bool {
            guard i < end else { return true }
            let (v, _) = scalar(at: i)
            return FactMatcher.isSimple(v)
        }
        func isNumeral(_ v: UInt32) -> Bool { (v >= 0x30 && v <= 0x39) || NameFolding.isChineseNumeral(v) }
        let (first, n0) = scalar(at: s)
        if first == 0x28 {  // (
            guard startsCharacter(s + n0) else { return slow() }
            var i = s + n0, inner = 0, allNumerals = true
            while i < end {
                let (v, n) = scalar(at: i)
                guard startsCharacter(i + n) else { return slow() }
                if v == 0x29 {
                    return inner > 0 && allNumerals ? i + n - s : 0
                }
                if !isNumeral(v) { allNumerals = false }
                inner += 1
                i += n
            }
            return 0
        }
        var i = s
        while i < end {
            let (v, n) = scalar(at: i)
            guard isNumeral(v) else { break }
            guard startsCharacter(i + n) else { return slow() }
            i += n
        }
        guard i > s, i < end else { return 0 }
        let (v, n) = scalar(at: i)
        guard v == 0x3001 || v == 0x2C || v == 0x2E || v == 0xFF0E else { return 0 }
        guard startsCharacter(i + n) else { return slow() }
        return i + n - s
    }

    /// Whether a scalar is always a `Character` boundary before and after it when it is
    /// followed by another such scalar: printable ASCII, CJK punctuation without the combining
    /// tone marks, CJK ideographs, full-width forms.
    @inline(__always)
    static func isSimple(_ v: UInt32) -> Bool {
        (v >= 0x20 && v < 0x7F) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3000 && v <= 0x3029)
            || (v >= 0x3030 && v <= 0x303F) || (v >= 0xFF01 && v <= 0xFF5E)
    }

    /// Where a number ending at `end` starts.
    func numberStart(before end: Int) -> Int? {
        let b = norm.bytes
        var s = end
        if s > 0, b[s - 1] == UInt8(ascii: "%") { s -= 1 }
        let digitsEnd = s
        while s > 0, Bytes.isDigit(b[s - 1]) || b[s - 1] == UInt8(ascii: ",") || b[s - 1] == UInt8(ascii: ".") { s -= 1 }
        while s < digitsEnd, !Bytes.isDigit(b[s]) { s += 1 }
        if s > 0, b[s - 1] == UInt8(ascii: "-") { s -= 1 }
        return s < digitsEnd ? s : nil
    }

    /// Whether a scalar ends the text before a capture: `,;:!?%` and `。、；，：`.
    @inline(__always)
    static func isDelimiter(_ v: UInt32) -> Bool {
        switch v {
        case 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x3002, 0x3001, 0xFF1B, 0xFF0C, 0xFF1A, 0x25: true
        default: false
        }
    }

    /// Where a text capture ending at `end` starts, scanning back to a delimiter (remembered
    /// per end for the load).
    func textStart(before end: Int) -> Int {
        if let s = textStarts.starts[end] { return s }
        let s = scanTextStart(before: end)
        textStarts.starts[end] = s
        return s
    }

    /// ``textStart(before:)`` without the memo.
    func scanTextStart(before end: Int) -> Int {
        let b = norm.bytes
        var i = end, n = 0
        while i > 0, n < FactTemplate.maxTextCharacters {
            let p = norm.previousScalarStart(i)
            let (v, _) = scalar(at: p)
            if FactMatcher.isDelimiter(v) { break }
            if v == 0x2E {  // '.': an ordinal `1.` or a decimal point
                if p > 0, Bytes.isDigit(b[p - 1]) { break }
            }
            if v == 0x29 {  // ')': an ordinal (一) (1)
                var q = p, inner = 0
                while q > 0 {
                    let pp = norm.previousScalarStart(q)
                    let (w, _) = scalar(at: pp)
                    if w == 0x28 { break }
                    if !(TitleIndex.isChineseNumeral(w) || (w >= 0x30 && w <= 0x39)) { inner = -1; break }
                    inner += 1; q = pp
                }
                if inner > 0, q > 0 { break }
            }
            if norm.gap(before: i, in: text) == true, isHeadingLine(endingBefore: i) { break }
            i = p; n += 1
        }
        return i
    }

    /// Whether the report line holding folded byte `i - 1` is a short heading (an ordinal
    /// first, no sentence punctuation), so a capture does not run back into it.
    func isHeadingLine(endingBefore i: Int) -> Bool {
        let offset = Int(norm.origin[i - 1])
        let lineNo = text.lineNumber(at: offset)
        if headingMemo.values.isEmpty { headingMemo.values = Array(repeating: 0, count: text.lineCount + 2) }
        if lineNo < headingMemo.values.count, headingMemo.values[lineNo] != 0 { return headingMemo.values[lineNo] == 2 }
        let answer = isHeadingLine(lineNo)
        if lineNo < headingMemo.values.count { headingMemo.values[lineNo] = answer ? 2 : 1 }
        return answer
    }

    /// Whether the 1-based report line `lineNo` is a short heading.
    func isHeadingLine(_ lineNo: Int) -> Bool {
        // The folded line drops what the key below drops (whitespace) and more (quotes, ASCII
        // controls), folding the rest alike: when it is already too long, or has `。` or `,`,
        // so has the key (most lines asked about are paragraphs, whose key was built for this).
        if norm.isWellFormed, lineNo - 1 < text.lineCount {
            let i = lineNo - 1
            if norm.lineKeyCount(i) > 160 || norm.lineKeyContains(i, "。") || norm.lineKeyContains(i, ",") { return false }
        }
        let r = text.lineRange(lineNo - 1)
        let k = Bytes.key(text.bytes[r])
        guard Bytes.scalarCount(k[...]) <= 40, !Bytes.contains(k, "。"), !Bytes.contains(k, ",") else { return false }
        let first = k.withUnsafeBufferPointer { $0.isEmpty ? 0 : Bytes.scalar($0, 0).0 }
        if TitleIndex.mayHaveLeader(first: first), TitleIndex.stripLeader(k).rest.count < k.count { return true }
        return Bytes.hasPrefix(k, Array("第".utf8)) && Bytes.contains(k, "部分")
    }
}
