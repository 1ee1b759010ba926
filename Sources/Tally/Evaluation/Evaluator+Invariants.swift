/// Loop-invariant parts of loops: a node inside a loop's filter or body that reads none of the
/// slots bound from that loop inward (`prefix(r.name, 3)` in `[x for x in t where prefix(x.name,
/// 3) == prefix(r.name, 3)]`) has the same outcome on every iteration — the language is pure and a
/// model never changes during a run — so it is evaluated once per evaluation of the loop and
/// its outcome taken again on later iterations. Joins written as comprehensions inside a check's
/// loop evaluated such parts once per pair.
///
/// Lazily: a part is evaluated the first time an iteration reaches it, so a loop over nothing,
/// or one whose iterations never reach it, never evaluates it, and an error it gives surfaces
/// where it did. Its outcome is kept like a remembered one (``Evaluator/Remembered``): the steps
/// it took are charged again and its nesting noted, so budgets and limits are reached where
/// evaluating again reaches them; faults and evaluations that evaluated a let for the first time
/// are not kept. Hoistable nodes (``Node/isHoistable``) never decide an assertion, and inside a
/// loop nothing is recorded for an explanation, so explanations are unchanged.
///
/// The outcomes live while the loop runs: ``loopMarks`` holds the loops being evaluated that
/// have such parts (``Node/hoists``), innermost last, and ``invariants`` their outcomes.
extension Evaluator {
    /// A loop being evaluated: the slots bound from it inward (``Node/loopSlots``) and where its
    /// outcomes begin in ``invariants``.
    struct LoopMark {
        var slots: UInt64
        var start: Int
    }

    /// An outcome kept while the loop at ``level`` in ``loopMarks`` runs.
    struct Invariant {
        var level: Int
        var remembered: Remembered
    }

    /// Notes that the loop `node` (with ``Node/hoists``) begins an evaluation; ``leaveLoop()``
    /// ends it.
    @inline(__always)
    func enterLoop(_ slots: UInt64) {
        loopMarks.append(LoopMark(slots: slots, start: invariants.count))
    }

    /// Forgets the outcomes kept for the innermost loop of ``loopMarks``, keeping those of the
    /// loops around it that were found while it ran.
    func leaveLoop() {
        let mark = loopMarks.removeLast()
        let level = loopMarks.count
        guard invariants.count > mark.start else { return }
        var w = mark.start
        for r in mark.start..<invariants.count where invariants[r].level < level {
            if w != r { invariants[w] = invariants[r] }
            w += 1
        }
        invariants.removeLast(invariants.count - w)
    }

    /// ``eval(_:)`` of an ``Node/isHoistable`` node while loops run: its outcome in the
    /// outermost loop (from ``hoistFloor``) that binds none of its free slots, evaluated the
    /// first time and taken again after.
    func evalInvariant(_ node: Node) throws(EvaluationError) -> Value {
        let free = node.freeSlots
        var level = hoistFloor
        while level < loopMarks.count && loopMarks[level].slots & free != 0 { level += 1 }
        guard level < loopMarks.count, depth > 0 || (trace == nil && record == nil) else { return try evalVarying(node) }
        var i = loopMarks[level].start
        while i < invariants.count {
            if invariants[i].level == level && invariants[i].remembered.node === node {
                if fits(invariants[i].remembered) {
                    invariantUses.hit(UInt64(UInt(bitPattern: Unmanaged.passUnretained(node).toOpaque())))
                    return try replay(invariants[i].remembered, node)
                }
                return try evalVarying(node)
            }
            i += 1
        }
        // A node that is never found again (one evaluation per run of its loop) stops being kept.
        let site = UInt64(UInt(bitPattern: Unmanaged.passUnretained(node).toOpaque()))
        if invariantUses.gaveUp(site) { return try evalVarying(node) }
        // The node's own parts are evaluated once with it: none of them is kept in these loops.
        let floor = hoistFloor
        hoistFloor = loopMarks.count
        let m = measured { () throws(EvaluationError) -> Value in try evalVarying(node) }
        hoistFloor = floor
        if m.keep {
            invariantUses.stored(site)
            invariants.append(Invariant(level: level, remembered: Remembered(
                node: node, kept: Kept(), outcome: m.outcome, steps: m.steps, recursion: m.recursion, depth: m.depth)))
        }
        return try m.outcome.get()
    }

    /// ``eval(_:)`` without taking the node's outcome from a loop around it.
    @inline(__always)
    func evalVarying(_ node: Node) throws(EvaluationError) -> Value {
        if node.isRemembered { return try evalRemembered(node) }
        return try evalPlain(node)
    }
}
