/// The shape of a compiled node: what it computes, regardless of where it was written. Two
/// nodes of the same shape have the same value whenever their free slots hold the same values
/// (`if exists(first([…])) then first([…])` in a message computes one list twice), so the
/// evaluator remembers outcomes by shape (see ``Evaluator/evalRemembered(_:)``).
extension Node {
    /// The node's own part of its shape (without its children), and its children in order.
    static func shapeParts(of op: Op) -> (label: String, children: [Node]) {
        switch op {
        case .constant(let v): return ("k" + String(reflecting: v), [])
        case .variable(let s): return ("v\(s)", [])
        case .letValue(let i): return ("l\(i)", [])
        case .table(let n): return ("t" + String(reflecting: n), [])
        case .facts(let k): return ("f" + String(reflecting: k), [])
        case .member(let a, let m): return ("m" + String(reflecting: m), [a])
        case .index(let a, let b): return ("i", [a, b])
        case .builtin(let b, let args): return ("b" + b.rawValue, args)
        case .host(let h, let args): return ("h" + String(reflecting: h.name), args)
        case .negate(let a): return ("n", [a])
        case .not(let a): return ("!", [a])
        case .arithmetic(let op, let a, let b): return ("a" + op.rawValue, [a, b])
        case .and(let a, let b): return ("&", [a, b])
        case .or(let a, let b): return ("|", [a, b])
        case .compare(let op, let a, let b, let mode):
            switch mode {
            case .precision: return ("c" + op.rawValue + "p", [a, b])
            case .exact: return ("c" + op.rawValue + "e", [a, b])
            case .within(let t): return ("c" + op.rawValue + "w", [a, b, t])
            }
        case .conditional(let c, let a, let b): return ("?", [c, a, b])
        case .quantifier(let q, let slot, let domain, let filter, let body):
            return ("q" + q.rawValue + "\(slot)" + (filter == nil ? "-" : "+"), [domain] + (filter.map { [$0] } ?? []) + [body])
        case .comprehension(let slot, let domain, let filter, let body):
            return ("C\(slot)" + (filter == nil ? "-" : "+"), [domain] + (filter.map { [$0] } ?? []) + [body])
        case .list(let items): return ("L", items)
        }
    }

    /// A hash of the shape: of the label's bytes and the children's shape hashes.
    static func shapeHash(label: String, children: [Node]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        for c in children { h = (h ^ c.shapeHash) &* 0x9E37_79B9_7F4A_7C15; h ^= h >> 31 }
        return (h ^ UInt64(children.count)) &* 0x0000_0100_0000_01b3
    }

    /// Whether `other` computes the same as this node: the same labels (compared by bytes) and
    /// children of the same shapes, in the same order.
    func sameShape(as other: Node) -> Bool {
        if self === other { return true }
        guard shapeHash == other.shapeHash, RunCaches.sameBytes(shapeLabel, other.shapeLabel) else { return false }
        guard children.count == other.children.count else { return false }
        for (x, y) in zip(children, other.children) where !x.sameShape(as: y) { return false }
        return true
    }
}
