/// Joins by equal names: a loop whose filter begins with `prefix(x.name, 3) == prefix(r.name, 3)`
/// or `same(x.name, r.name)` — one side reading only the loop's item, the other none of the
/// loop's slots — is run for every outer `r` over the same items, and nearly every item fails the
/// equality. The item side's values are worked out once per (filter, items) and grouped by their
/// folded name (``JoinIndex``); a run of the loop then evaluates the other side once, looks its
/// folded name up and evaluates the filter only for the items in that group. Every other item
/// fails the equality, and the work evaluating it would do is accounted for instead: its steps
/// (the `and`s down to the equality, the equality, the item side's steps remembered for that
/// item and the other side's steps), charged in order, and the nesting it reaches.
///
/// Texts compare equal exactly when their folded names are canonically equal (`==` on texts and
/// `same` both fold; equal bytes fold alike), which is what a `String` key of a dictionary tests.
/// Only when every item side and the other side are texts that evaluated without a fault or a
/// let evaluated for the first time; otherwise the loop runs as before (a non-text side faults
/// or compares as numbers there, at the place it does). When a chunk of charged steps would cross
/// the step budget, or the nesting would cross a limit, the items from there are evaluated, to
/// fault where evaluating faults. The equality sits inside a loop, below the level of the
/// assertion, so nothing it would record for an explanation is lost.
extension Evaluator {
    /// What a join filter's item side gave over one list of items.
    final class JoinIndex {
        /// The items (kept alive: the index is found by their storage).
        let kept: Value
        /// Runs of the loop seen over these items; the index is built on the second.
        var runs = 0
        /// Whether the item sides all gave texts (else the loop is always evaluated).
        var usable = false
        /// The items (their indices, ascending) by the folded name of their side.
        var groups: [String: [Int]] = [:]
        /// `cost[k]`: the steps that evaluating the filter for items `0..<k` up to and including
        /// the equality takes, without the other side's.
        var cost: [Int] = []
        /// The deepest nesting of an item side, below where it began (``recursion``, ``depth``).
        var recursion = 0, depth = 0
        /// Which side reads the item (0: the left).
        var itemSide = 0

        init(kept: Value) { self.kept = kept }
    }

    /// A join filter's plan for one run of its loop: the items that may pass and the costs of
    /// the others (see ``forEachJoined(_:slot:filter:plan:_:)``).
    struct JoinPlan {
        let index: JoinIndex
        /// The items whose side has the other side's folded name, ascending.
        let candidates: [Int]
        /// The other side's steps and nesting.
        let steps: Int, recursion: Int, depth: Int
        let spine: Int
    }

    /// Joins remembered at most (items lists by filter).
    static let maxJoins = 1 << 12

    /// The plan for running `filter` over `items` bound to `slot` as a join, or `nil` to
    /// evaluate the filter for every item.
    func joinPlan(_ filter: Node, slot: Int, items: [Value]) -> JoinPlan? {
        guard remembersFilters, let g = filter.equalityGuard, filter.lineGuard == nil, depth > 0,
              Evaluator.valueFitsBits, slot >= 0, slot < 63, items.count >= 4, !isDecisive(g.equality ?? filter)
        else { return nil }
        let bit = UInt64(1) << UInt64(slot)
        let itemSide: Int, item: Node, other: Node
        if g.left.dependsOnlyOn(slot: slot), g.right.freeSlots & (bit | Node.impure) == 0 {
            itemSide = 0; item = g.left; other = g.right
        } else if g.right.dependsOnlyOn(slot: slot), g.left.freeSlots & (bit | Node.impure) == 0 {
            itemSide = 1; item = g.right; other = g.left
        } else { return nil }
        let domain = Value.list(items)
        let site = UInt64(UInt(bitPattern: Unmanaged.passUnretained(filter).toOpaque()))
        // A filter whose loops run over a new list every time never finds an index again.
        if joinUses.gaveUp(site) { return nil }
        var key = RememberKey(site: site)
        key.domain = ValueBits(domain)
        let index: JoinIndex
        if let found = joins[key] { index = found } else {
            guard joins.count < Evaluator.maxJoins else { return nil }
            index = JoinIndex(kept: domain)
            joins[key] = index
            joinUses.stored(site)
        }
        index.runs += 1
        if index.runs < 2 { return nil }
        if index.runs == 2 {
            joinUses.hit(site)
            guard buildJoinIndex(index, item: item, slot: slot, items: items) else {
                // A let evaluated for the first time: try again on a later run.
                index.runs = 1
                return nil
            }
            index.itemSide = itemSide
        }
        guard index.usable else {
            // Item sides that are not all texts: the filter's other lists are not tried.
            joinUses.giveUp(site)
            return nil
        }
        // The other side, once for this run of the loop (as a loop-invariant part it is
        // evaluated once per run anyway); its steps are charged with each item's.
        guard let side = sideValue(other), case .text(let t) = side.value else {
            // Not a text (or it failed): evaluating it aside again on every run would double
            // its cost for nothing.
            index.usable = false
            joinUses.giveUp(site)
            return nil
        }
        let candidates = index.groups[names.folded(t).key] ?? []
        return JoinPlan(index: index, candidates: candidates, steps: side.steps, recursion: side.recursion,
                        depth: side.depth, spine: g.spine)
    }

    /// Evaluates `node` aside — its steps not charged and the nesting it reaches not noted —
    /// and says what it gave, the steps it took and how deep it nested; `nil` when it faulted,
    /// was not applicable or evaluated a let for the first time.
    func sideValue(_ node: Node) -> (value: Value, steps: Int, recursion: Int, depth: Int)? {
        let savedSteps = steps, lets = letEvaluations
        let outerRecursion = peakRecursion, outerDepth = peakDepth
        // Counted from zero against the budget: what the budget allows from here is checked
        // when the steps are charged.
        steps = 0
        peakRecursion = recursion; peakDepth = depth
        defer {
            steps = savedSteps
            peakRecursion = outerRecursion; peakDepth = outerDepth
        }
        do throws(EvaluationError) {
            let v = try eval(node)
            guard letEvaluations == lets else { return nil }
            return (v, steps, peakRecursion - recursion, peakDepth - depth)
        } catch { return nil }
    }

    /// Evaluates the item side of a join filter for every item and groups the items by its
    /// folded name. Returns `false` when a let was evaluated for the first time (the steps of
    /// such an evaluation are not those of later ones); the index is left unusable when a side
    /// faulted, was not applicable or gave something other than a text.
    func buildJoinIndex(_ index: JoinIndex, item: Node, slot: Int, items: [Value]) -> Bool {
        let saved = frame[slot]
        defer { frame[slot] = saved }
        var cost = [Int](repeating: 0, count: items.count + 1)
        var groups: [String: [Int]] = [:]
        var deepest = 0, loops = 0
        for k in items.indices {
            frame[slot] = items[k]
            let lets = letEvaluations
            guard let side = sideValue(item) else { return letEvaluations == lets }
            guard case .text(let s) = side.value else { return true }
            groups[names.folded(s).key, default: []].append(k)
            cost[k + 1] = cost[k] + side.steps
            deepest = Swift.max(deepest, side.recursion); loops = Swift.max(loops, side.depth)
        }
        index.groups = groups
        index.cost = cost
        index.recursion = deepest; index.depth = loops
        index.usable = true
        return true
    }

    /// ``forEachPassing(_:slot:filter:_:)`` of a join filter with its plan: the candidates are
    /// evaluated, the items between them are charged.
    func forEachJoined(_ items: [Value], slot: Int, filter f: Node, plan: JoinPlan,
                       _ visit: () throws(EvaluationError) -> Bool) throws(EvaluationError) {
        let index = plan.index
        // Each other item: the `and`s, the equality, its own side and the other side.
        let fixed = plan.spine + 1 + plan.steps
        let deepest = recursion + plan.spine + 1 + Swift.max(index.recursion, plan.recursion)
        let loops = depth + Swift.max(index.depth, plan.depth)
        var charging = deepest <= Limits.maxRecursionDepth && loops <= Limits.maxEvaluationDepth
        if charging { reached(deepest, loops) }
        var i = 0, c = 0
        let n = items.count
        while i < n {
            let next = c < plan.candidates.count ? plan.candidates[c] : n
            if i < next && charging {
                let chunk = index.cost[next] - index.cost[i] + (next - i) * fixed
                if steps + chunk <= stepLimit {
                    try chargeRemembered(chunk, f)
                    i = next
                    continue
                }
                // Evaluate from here, to fault where evaluating faults.
                charging = false
            }
            if i == next { c += 1 }
            let item = items[i]
            frame[slot] = item
            i += 1
            if try filterHolds(f, slot: slot, item: item), !(try visit()) { return }
        }
    }
}
