/// Joins of facts by line: a loop over facts whose filter (`[x for x in xs where x.para ==
/// w.para …]`), or the body of whose `any` (`any g in facts(k): g.para == f.para and …`), begins
/// with a comparison of the item's line with an outer fact's (``Node/lineGuard``) is false for
/// every item on another line, and ``Evaluator/lineGuardFails(_:slot:)`` already accounts for such
/// an item without evaluating it. Asked item by item, that still read every item's fact and
/// the guard for each, on every run of the loop — most of what narrative checks cost. Here the
/// items' lines are read once per list (``ItemLines``, by the list's storage, which the entry
/// keeps alive) and a run of the loop visits only the items on the outer fact's line; the items
/// between are charged in one step each chunk: the same steps, in order, and the same nesting as
/// `lineGuardFails` charges them one by one. Where a chunk would cross the step budget the
/// items from there are visited one by one, to fault where that faults.
extension Evaluator {
    /// What one run of a line-guarded loop needs (see ``lineSkip(_:slot:items:)``).
    struct LineSkip {
        /// The items' lines (``Int/min``: not a fact, always visited).
        let lines: [Int]
        /// The outer fact's line (logical with ``byPara``).
        let line: Int
        let byPara: Bool
        /// The steps `lineGuardFails` charges an item it rules out, and how deep it notes.
        let steps: Int, deepest: Int
    }

    /// Site of the ``itemLines`` entries' keys.
    static let itemLinesSite: UInt64 = 0x4C49_4E45_5300_0001

    /// The lines of the facts in `items` (``Int/min`` for other items), remembered by the list's
    /// storage for the run.
    func lines(of items: [Value]) -> [Int] {
        let list = Value.list(items)
        var key = RememberKey(site: Evaluator.itemLinesSite)
        key.domain = ValueBits(list)
        if let hit = itemLines[key] { return hit.lines }
        var lines: [Int] = []
        lines.reserveCapacity(items.count)
        for v in items { lines.append(Evaluator.factLine(v) ?? Int.min) }
        if itemLines.count < Evaluator.maxRemembered { itemLines[key] = (list, lines) }
        return lines
    }

    /// The plan for running a loop over `items` bound to `slot` whose filter or `any` body
    /// `node` has a line guard, or `nil` to ask ``lineGuardFails(_:slot:)`` item by item: when
    /// what it asks of the guard that is not about the item holds for the whole loop (the other
    /// variable holds a fact, the nesting stays under the limit, the comparison does not decide
    /// the assertion).
    func lineSkip(_ node: Node, slot: Int, items: [Value]) -> LineSkip? {
        guard remembersFilters, Evaluator.valueFitsBits, items.count >= 4, depth > 0, let g = node.lineGuard else { return nil }
        let other: Int
        if g.left == slot { other = g.right } else if g.right == slot { other = g.left } else { return nil }
        guard slot >= 0, slot < frame.count, other >= 0, other < frame.count, var y = Evaluator.factLine(frame[other]) else { return nil }
        if g.byPara { y = logicalLine(y) }
        let deepest = recursion + g.spine + 3
        guard deepest <= Limits.maxRecursionDepth, !isDecisive(g.compare ?? node) else { return nil }
        return LineSkip(lines: lines(of: items), line: y, byPara: g.byPara, steps: g.spine + 5, deepest: deepest)
    }

    /// Calls `visit` with the index of each item of `items` that the guard of `node` does not
    /// rule out, in order, until it returns `false`; the items it rules out are charged as
    /// ``lineGuardFails(_:slot:)`` charges them. `visit` binds the item and does what the loop
    /// does with it (asking `lineGuardFails` itself, which lets it through).
    func forEachLineCandidate(_ items: [Value], skip: LineSkip, node: Node,
                              _ visit: (Int) throws(EvaluationError) -> Bool) throws(EvaluationError) {
        let n = items.count
        var i = 0, pending = 0
        while true {
            if i < n {
                let x = skip.lines[i]
                if x != Int.min && (skip.byPara ? logicalLine(x) : x) != skip.line {
                    pending += 1
                    i += 1
                    continue
                }
            }
            if pending > 0 {
                // Items `i - pending ..< i` are ruled out: each fits when its steps do.
                let room = stepLimit - steps
                let k = room < 0 ? 0 : Swift.min(pending, room / skip.steps)
                if k > 0 {
                    try chargeRemembered(k * skip.steps, node)
                    reached(skip.deepest, depth)
                }
                if k < pending {
                    // The budget runs out among them: from there item by item, as evaluating goes.
                    var j = i - pending + k
                    while j < n {
                        if !(try visit(j)) { return }
                        j += 1
                    }
                    return
                }
                pending = 0
            }
            if i >= n { return }
            if !(try visit(i)) { return }
            i += 1
        }
    }
}
