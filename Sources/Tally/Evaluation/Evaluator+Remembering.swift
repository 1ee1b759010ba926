/// Remembered outcomes: a node or a loop filter evaluated again with the same values in its free
/// slots gives the same outcome and takes the same steps (a model never changes during a run), so
/// checks that repeat a costly sub-expression per binding (`previous(facts(k), f)` four times,
/// `first([… for …])` in the condition and again in the message) or loop over the same filtered
/// list for every outer item (`any x in facts(k) where x.line … a.line: … b …` for every `b`) do
/// the work once. A remembered outcome charges its steps again, so step budgets, cancellation
/// and nesting limits are reached exactly where evaluating again would reach them; when a limit
/// would be crossed the work is done again instead, to fault at the same place.
///
/// Never remembered: faults (they depend on the limits), evaluations that evaluated a `let` for
/// the first time (later ones take fewer steps), nodes reading a host function. Not used while
/// the values at the level of the assertion are recorded for an explanation (depth 0 with a trace
/// or recording on), where every sub-expression must be evaluated to show in it.
extension Evaluator {
    /// The raw bytes of a value: equal bytes are the same value while both are alive (references
    /// to the same storage, or the same inline payload). Different bytes for equal values only
    /// cost a recomputation.
    struct ValueBits: Hashable {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0

        init() {}

        init(_ v: Value) {
            // Loaded word by word (a value is two words and a tag byte): copying the bytes
            // called memcpy for every value of every key.
            withUnsafeBytes(of: v) { src in
                let n = Swift.min(src.count, 24)
                if n == 24 {
                    w0 = src.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                    w1 = src.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    w2 = src.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                    return
                }
                var words = (UInt64(0), UInt64(0), UInt64(0))
                withUnsafeMutableBytes(of: &words) { dst in
                    for i in 0..<n { dst[i] = src[i] }
                }
                (w0, w1, w2) = words
            }
        }
    }

    /// Whether ``ValueBits`` holds a whole value (checked once; remembering is off otherwise).
    static let valueFitsBits = MemoryLayout<Value>.size <= MemoryLayout<ValueBits>.size

    /// A remembered outcome's key: a node's shape (``Node/shapeHash``) or a filter's identity,
    /// a loop's domain (for filters) and up to three values.
    struct RememberKey: Hashable {
        var site: UInt64
        var domain = ValueBits(), a = ValueBits(), b = ValueBits(), c = ValueBits()

        /// The words mixed into one (see ``RunCaches/mix(_:_:)``).
        var word: UInt64 {
            let mix = RunCaches.mix
            var x = mix(mix(mix(site, domain.w0), domain.w1), domain.w2)
            x = mix(mix(mix(x, a.w0), a.w1), a.w2)
            x = mix(mix(mix(x, b.w0), b.w1), b.w2)
            x = mix(mix(mix(x, c.w0), c.w1), c.w2)
            return x
        }

        func hash(into hasher: inout Hasher) { hasher.combine(word) }

        /// The hash dictionaries use: ``word`` mixed with their seed (see ``RunCaches/seeded(_:_:)``).
        func _rawHashValue(seed: Int) -> Int { RunCaches.seeded(word, seed) }
    }

    /// The values a key was made of, kept alive so that their bytes are not reused.
    ///
    /// A struct, not a tuple: the destruction of a tuple of optional values (and of the
    /// optional key and tuple ``rememberKey(_:mask:domain:)`` returned) went through the
    /// runtime's generic value witnesses, a few hundred instructions for every key made.
    struct Kept {
        var domain: Value? = nil, a: Value? = nil, b: Value? = nil, c: Value? = nil
    }

    /// A key and the values it was made of (see ``rememberKey(_:mask:domain:)``).
    struct KeyAndKept {
        var key: RememberKey
        var kept: Kept
    }

    /// A remembered node outcome.
    struct Remembered {
        /// The node evaluated (others of the same shape share the outcome).
        var node: Node
        var kept: Kept
        var outcome: Result<Value, EvaluationError>
        /// The steps the evaluation took.
        var steps: Int
        /// How much deeper than where it began the evaluation nested (``recursion``, ``depth``).
        var recursion: Int, depth: Int
    }

    /// What a loop filter gave for the first ``covered`` items of a domain.
    final class FilterSweep {
        let kept: Kept
        /// How many items (from the first) the filter has been evaluated for.
        var covered = 0
        /// The steps those evaluations took.
        var coveredSteps = 0
        /// The indices of the items that passed, and the steps taken up to and including each.
        var passing: [Int] = [], through: [Int] = []
        /// How much deeper than the loop those evaluations nested (``recursion``, ``depth``).
        var recursion = 0, depth = 0

        init(kept: Kept) { self.kept = kept }
    }

    /// Remembered entries of each kind at most: a hostile pack cannot grow them without bound.
    static let maxRemembered = 1 << 14

    /// How a remembering site (a shape or node, a loop filter) has fared in this run: outcomes
    /// stored, and found again. See ``MemoUses``.
    struct MemoUse {
        var site: UInt64 = 0
        var stores: Int32 = 0, hits: Int32 = 0
    }

    /// Sites that keep storing outcomes nobody asks for again give up remembering: a join's
    /// inner `count([g for g in … where g.line == f.line …])` is remembered by `f`, every `f`
    /// is new, and making the key and storing the outcome cost more than the loop. After
    /// ``giveUpAfter`` stores without a hit a site evaluates without remembering for the rest of
    /// the run — remembering never changes an outcome or its steps, only what is done again.
    /// A small direct-mapped table: a site that loses its slot starts counting again.
    ///
    /// 128, not 32: a node inside a loop nested in another (`previous([x for x in xs where
    /// x.para == w.para], w)` in the filter of N-SHARE's `[w for w in xs where …]`, run for
    /// every share `f`) finds its outcomes again only when the outer loop comes round, after
    /// one store per inner item — with 32 it gave up before that on 004 (64 stores, no hit) and
    /// evaluated the inner comprehension 530 times more per run.
    struct MemoUses {
        static let slots = 256
        static let giveUpAfter: Int32 = 128
        /// Allocated on first use (see ``NameCache``).
        private var table: [MemoUse] = []

        @inline(__always)
        private static func slot(_ site: UInt64) -> Int {
            Int(truncatingIfNeeded: RunCaches.mix(site, 0x5bd1_e995) & UInt64(slots - 1))
        }

        /// Whether `site` has given up remembering.
        @inline(__always)
        func gaveUp(_ site: UInt64) -> Bool {
            guard !table.isEmpty else { return false }
            let u = table[MemoUses.slot(site)]
            return u.site == site && u.hits == 0 && u.stores >= MemoUses.giveUpAfter
        }

        /// The slot of `site`, taken over (counts from zero) if another site held it.
        @inline(__always)
        private mutating func claim(_ site: UInt64) -> Int {
            if table.isEmpty { table = [MemoUse](repeating: MemoUse(), count: MemoUses.slots) }
            let k = MemoUses.slot(site)
            if table[k].site != site { table[k] = MemoUse(site: site) }
            return k
        }

        @inline(__always)
        mutating func stored(_ site: UInt64) { table[claim(site)].stores &+= 1 }

        @inline(__always)
        mutating func hit(_ site: UInt64) { table[claim(site)].hits &+= 1 }

        /// Makes `site` give up remembering now (its outcomes cannot be used).
        mutating func giveUp(_ site: UInt64) {
            let k = claim(site)
            table[k].stores = MemoUses.giveUpAfter
            table[k].hits = 0
        }
    }

    /// The key of `node` with the values of the free slots in `mask` (and `domain`), or `nil`
    /// when a slot is unbound or there are more than three.
    func rememberKey(_ site: UInt64, mask: UInt64, domain: Value?) -> KeyAndKept? {
        guard Evaluator.valueFitsBits, mask & Node.impure == 0 else { return nil }
        var key = RememberKey(site: site)
        var kept = Kept(domain: domain)
        if let d = domain { key.domain = ValueBits(d) }
        var m = mask, n = 0
        while m != 0 {
            let s = m.trailingZeroBitCount
            m &= m - 1
            guard s < frame.count, let v = frame[s] else { return nil }
            switch n {
            case 0: key.a = ValueBits(v); kept.a = v
            case 1: key.b = ValueBits(v); kept.b = v
            case 2: key.c = ValueBits(v); kept.c = v
            default: return nil
            }
            n += 1
        }
        return KeyAndKept(key: key, kept: kept)
    }

    /// Charges `n` steps that a remembered outcome took (the caller has checked the budget),
    /// polling for cancellation where evaluating would have.
    @inline(__always)
    func chargeRemembered(_ n: Int, _ node: Node) throws(EvaluationError) {
        let before = steps
        steps += n
        if before >> 12 != steps >> 12, let c = cancellation, c() { throw fault(.cancelled, "evaluation was cancelled", node) }
    }

    /// Notes nesting that a remembered outcome stands for (see ``peakRecursion``).
    @inline(__always)
    func reached(_ recursionLevel: Int, _ depthLevel: Int) {
        if recursionLevel > peakRecursion { peakRecursion = recursionLevel }
        if depthLevel > peakDepth { peakDepth = depthLevel }
    }

    /// ``eval(_:)`` of a ``Node/isRemembered`` node: its remembered outcome when it has one that
    /// fits in the limits, else evaluated (and remembered).
    func evalRemembered(_ node: Node) throws(EvaluationError) -> Value {
        let site = node.hasShape ? node.shapeHash : UInt64(UInt(bitPattern: Unmanaged.passUnretained(node).toOpaque()))
        if nodeUses.gaveUp(site) { return try evalPlain(node) }
        guard let made = rememberKey(site, mask: node.freeSlots, domain: nil) else { return try evalPlain(node) }
        let key = made.key
        if depth > 0 || (trace == nil && record == nil), let m = remembered[key], shapePairs.same(m.node, node), fits(m) {
            nodeUses.hit(site)
            return try replay(m, node)
        }
        let m = measured { () throws(EvaluationError) -> Value in try evalPlain(node) }
        if m.keep && remembered.count < Evaluator.maxRemembered {
            nodeUses.stored(site)
            remembered[key] = Remembered(node: node, kept: made.kept, outcome: m.outcome, steps: m.steps, recursion: m.recursion, depth: m.depth)
        }
        return try m.outcome.get()
    }

    /// What evaluating a node gave (see ``measured(_:)``).
    typealias Measured = (outcome: Result<Value, EvaluationError>, steps: Int, recursion: Int, depth: Int, keep: Bool)

    /// Evaluates a node with `evaluate` and measures it: its outcome, the steps it took and how
    /// much deeper it nested, and whether that may be remembered (not a fault, and no let
    /// evaluated for the first time).
    @inline(__always)
    func measured(_ evaluate: () throws(EvaluationError) -> Value) -> Measured {
        let before = steps, lets = letEvaluations
        let outerRecursion = peakRecursion, outerDepth = peakDepth
        peakRecursion = recursion; peakDepth = depth
        let outcome: Result<Value, EvaluationError>
        do throws(EvaluationError) { outcome = .success(try evaluate()) } catch { outcome = .failure(error) }
        let deeper = peakRecursion - recursion, loops = peakDepth - depth
        peakRecursion = Swift.max(outerRecursion, peakRecursion); peakDepth = Swift.max(outerDepth, peakDepth)
        var keep = letEvaluations == lets
        if case .failure(.fault) = outcome { keep = false }
        return (outcome, steps - before, deeper, loops, keep)
    }

    /// Whether a remembered outcome fits in the limits from here: its steps in the budget, its
    /// nesting under the limits. When it does not, the node is evaluated again, to fault where
    /// evaluating faults.
    @inline(__always)
    func fits(_ m: Remembered) -> Bool {
        steps + m.steps <= stepLimit && recursion + m.recursion <= Limits.maxRecursionDepth
            && depth + m.depth <= Limits.maxEvaluationDepth
    }

    /// The outcome of `m`, charging its steps and noting its nesting (the caller checked ``fits(_:)``).
    @inline(__always)
    func replay(_ m: Remembered, _ node: Node) throws(EvaluationError) -> Value {
        try chargeRemembered(m.steps, node)
        reached(recursion + m.recursion, depth + m.depth)
        return try m.outcome.get()
    }

    /// Binds `slot` to each item of `items` that `filter` lets through, in order, and calls
    /// `visit`, until it returns `false`. The filter's outcomes over a domain are remembered by
    /// the values of its other free slots: a loop run again over the same list with the same
    /// outer values visits only the items that passed (charging the filters' steps).
    func forEachPassing(_ items: [Value], slot: Int, filter: Node?,
                        _ visit: () throws(EvaluationError) -> Bool) throws(EvaluationError) {
        guard let f = filter else {
            for item in items {
                frame[slot] = item
                if !(try visit()) { return }
            }
            return
        }
        if f.lineGuard != nil, let skip = lineSkip(f, slot: slot, items: items) {
            try forEachLineCandidate(items, skip: skip, node: f) { (k) throws(EvaluationError) -> Bool in
                let item = items[k]
                frame[slot] = item
                return try filterHolds(f, slot: slot, item: item) ? try visit() : true
            }
            return
        }
        if f.equalityGuard != nil, let plan = joinPlan(f, slot: slot, items: items) {
            try forEachJoined(items, slot: slot, filter: f, plan: plan, visit)
            return
        }
        var sweep: FilterSweep? = nil
        let site = UInt64(UInt(bitPattern: Unmanaged.passUnretained(f).toOpaque()))
        if remembersFilters, slot >= 0, slot < 63, !filterUses.gaveUp(site),
           let made = rememberKey(site, mask: f.freeSlots & ~(UInt64(1) << UInt64(slot)), domain: .list(items)) {
            let key = made.key
            if let s = sweeps[key] {
                sweep = s
                if s.covered > 0 { filterUses.hit(site) }
            } else if sweeps.count < Evaluator.maxRemembered {
                let s = FilterSweep(kept: made.kept)
                sweeps[key] = s
                sweep = s
                filterUses.stored(site)
            }
        }
        // `charged`: the steps of the sweep's filter evaluations charged so far; `p`: the next
        // passing item of the sweep.
        var i = 0, p = 0, charged = 0
        if let s = sweep, s.covered > 0 {
            if recursion + s.recursion > Limits.maxRecursionDepth || depth + s.depth > Limits.maxEvaluationDepth {
                sweep = nil
            } else {
                reached(recursion + s.recursion, depth + s.depth)
            }
        }
        while i < items.count {
            if let s = sweep, i < s.covered {
                let target = p < s.passing.count ? s.through[p] : s.coveredSteps
                let chunk = target - charged
                guard steps + chunk <= stepLimit else {
                    // Evaluate the filters again from here, to fault where that faults.
                    sweep = nil
                    continue
                }
                try chargeRemembered(chunk, f)
                charged = target
                guard p < s.passing.count else { i = s.covered; continue }
                let k = s.passing[p]
                p += 1
                i = k + 1
                frame[slot] = items[k]
                if !(try visit()) { return }
                continue
            }
            let item = items[i]
            frame[slot] = item
            i += 1
            guard let s = sweep else {
                if try filterHolds(f, slot: slot, item: item), !(try visit()) { return }
                continue
            }
            let before = steps, lets = letEvaluations
            let outerRecursion = peakRecursion, outerDepth = peakDepth
            peakRecursion = recursion; peakDepth = depth
            let holds: Bool
            do throws(EvaluationError) { holds = try filterHolds(f, slot: slot, item: item) } catch {
                reached(outerRecursion, outerDepth)
                throw error
            }
            let deeper = peakRecursion - recursion, loops = peakDepth - depth
            reached(outerRecursion, outerDepth)
            if i - 1 == s.covered && letEvaluations == lets {
                s.recursion = Swift.max(s.recursion, deeper); s.depth = Swift.max(s.depth, loops)
                s.covered += 1
                s.coveredSteps += steps - before
                if holds { s.passing.append(i - 1); s.through.append(s.coveredSteps) }
                charged = s.coveredSteps
                p = s.passing.count
            } else {
                sweep = nil
            }
            if holds, !(try visit()) { return }
        }
    }
}
