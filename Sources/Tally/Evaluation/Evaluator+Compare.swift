extension Evaluator {
    func compare(_ op: ComparisonOperator, _ a: Node, _ b: Node, _ mode: Node.Mode, _ node: Node) throws(EvaluationError) -> Bool {
        let x = try eval(a), y = try eval(b)
        // Texts and booleans compare by value (texts under forgiving name folding).
        switch (x, y) {
        case (.text(let s), .text(let t)):
            let eq = s.utf8.elementsEqual(t.utf8) || RunCaches.sameKey(names.folded(s), names.folded(t))
            switch op {
            case .equal: return eq
            case .notEqual: return !eq
            default: return op == .less ? s < t : op == .lessEqual ? s <= t : op == .greater ? s > t : s >= t
            }
        case (.bool(let p), .bool(let q)):
            if op == .equal { return p == q }
            if op == .notEqual { return p != q }
            throw fault(.runtimeTypeError, "booleans cannot be ordered", node)
        default: break
        }
        let fx = try figure(x, a), fy = try figure(y, b)
        var comparison: Comparison
        var ordering = false
        switch op {
        case .equal, .notEqual:
            switch mode {
            case .precision: comparison = fx.meets(fy)
            case .exact: comparison = fx.exactlyEquals(fy)
            case .within(let t):
                let tol = try figure(try eval(t), t)
                comparison = fx.equals(fy, within: tol.value)
            }
        default:
            // The difference only matters when the comparison is recorded (below).
            ordering = true
            let holds: Bool
            switch op {
            case .less: holds = fx.value < fy.value
            case .lessEqual: holds = fx.value <= fy.value
            case .greater: holds = fx.value > fy.value
            default: holds = fx.value >= fy.value
            }
            comparison = Comparison(holds: holds, difference: .zero, allowance: .zero)
        }
        let holds = op == .notEqual ? !comparison.holds : comparison.holds
        if decisive == nil || decisive!.holds, isDecisive(node) {
            if ordering { comparison.difference = (try? fx.value.subtracting(fy.value)) ?? .zero }
            decisive = ComparisonRecord(lhs: x, rhs: y, comparison: comparison, span: node.span, holds: holds,
                                        lhsFigure: fx, rhsFigure: fy)
        }
        return holds
    }
}
