/// The shape of a compiled node: what it computes, regardless of where it was written. Two
/// nodes of the same shape have the same value whenever their free slots hold the same values
/// (`if exists(first([x for x in …])) then first([x for x in …])` in a message computes one list
/// twice, though the compiler gave each `x` a slot of its own), so the evaluator remembers
/// outcomes by shape (see ``Evaluator/evalRemembered(_:)``). Variables bound inside the node
/// are named by their loop's nesting in it, free ones by their slot.
extension Node {
    /// Nodes higher than this get no shape of their own (``hasShape``): working a shape out
    /// walks the node's whole tree.
    static let maxShapeHeight = 64

    /// The node's own part of its shape (without its children and without the slot of a loop
    /// or a variable, which ``shapeHash(_:_:_:)`` treats), and its children in order.
    static func shapeParts(of op: Op) -> (label: String, children: [Node]) {
        switch op {
        case .constant(let v): return ("k" + shapeKey(v), [])
        case .variable: return ("v", [])
        case .letValue(let i): return ("l\(i)", [])
        case .table(let n): return ("t" + n, [])
        case .facts(let k): return ("f" + k, [])
        case .member(let a, let m): return ("m" + shapeKey(m), [a])
        case .index(let a, let b): return ("i", [a, b])
        case .builtin(let b, let args): return ("b" + b.rawValue, args)
        case .host(let h, let args): return ("h" + h.name, args)
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
        case .quantifier(let q, _, let domain, let filter, let body):
            return ("q" + q.rawValue + (filter == nil ? "-" : "+"), [domain] + (filter.map { [$0] } ?? []) + [body])
        case .comprehension(_, let domain, let filter, let body):
            return ("C" + (filter == nil ? "-" : "+"), [domain] + (filter.map { [$0] } ?? []) + [body])
        case .list(let items): return ("L", items)
        }
    }

    /// A constant as shape text: equal exactly when the constants are (kind, value and
    /// precision). Built by hand: `String(reflecting:)` walks the value with reflection and was
    /// half of compiling a pack.
    static func shapeKey(_ v: Value) -> String {
        switch v {
        case .number(let f, _):
            func r(_ x: Rational) -> String { "\(x.numerator)/\(x.denominator)" }
            return "#\(f.kind == .percent ? "%" : "")\(r(f.value)),\(r(f.lower)),\(r(f.upper)),\(f.decimals ?? -1)\(f.isBlank ? "b" : "")\(f.isUnbounded ? "u" : "")"
        case .text(let t): return "\"" + t
        case .bool(let b): return b ? "T" : "F"
        case .list(let items): return "[" + items.map(shapeKey).joined(separator: "\u{1}") + "]"
        default: return "?" + String(reflecting: v)
        }
    }

    /// A member access as shape text.
    static func shapeKey(_ m: Member) -> String {
        switch m {
        case .classification(let k): return "c" + k.rawValue
        case .code(let c): return "d" + c
        case .children: return "*"
        case .descendants: return "**"
        case .property(let p): return "p" + p.rawValue
        case .named(let raw, let key): return "n" + raw + "\u{1}" + key
        }
    }

    /// The slot a loop binds (quantifiers and comprehensions).
    static func boundSlot(of op: Op) -> Int? {
        switch op {
        case .quantifier(_, let slot, _, _, _), .comprehension(let slot, _, _, _): return slot
        default: return nil
        }
    }

    /// A hash of the shape of a node with this label, op and children; `bound` names the slots
    /// bound by loops around it inside the node whose shape is being hashed (slot → the loop's
    /// nesting, from 0), `level` is that nesting. A loop's domain lies outside its binding; its
    /// filter and body inside.
    static func shapeHash(label: String, op: Op, children: [Node], _ bound: [Int: Int], _ level: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        if case .variable(let s) = op {
            // Bound: by the loop's nesting (odd); free: by the slot (even).
            let name = bound[s].map { UInt64($0) << 1 | 1 } ?? UInt64(UInt(bitPattern: s)) << 1
            return RunCaches.mix(h, name)
        }
        let slot = boundSlot(of: op)
        var inner = bound
        if let s = slot { inner[s] = level }
        for (i, c) in children.enumerated() {
            let insideLoop = slot != nil && i > 0
            h = RunCaches.mix(h, shapeHash(label: c.shapeLabel, op: c.op, children: c.children,
                                           insideLoop ? inner : bound, insideLoop ? level + 1 : level))
        }
        return RunCaches.mix(h, UInt64(children.count))
    }

    /// Whether `other` computes the same as this node: the same labels (compared by bytes),
    /// children of the same shapes in the same order, variables bound by the loops at the same
    /// places or free in the same slots.
    func sameShape(as other: Node) -> Bool {
        if self === other { return true }
        guard hasShape, other.hasShape, shapeHash == other.shapeHash else { return false }
        return Node.sameShape(self, other, [:], [:], 0)
    }

    private static func sameShape(_ a: Node, _ b: Node, _ boundA: [Int: Int], _ boundB: [Int: Int], _ level: Int) -> Bool {
        guard RunCaches.sameBytes(a.shapeLabel, b.shapeLabel), a.children.count == b.children.count else { return false }
        if case .variable(let s) = a.op, case .variable(let t) = b.op {
            switch (boundA[s], boundB[t]) {
            case (nil, nil): return s == t
            case (let x?, let y?): return x == y
            default: return false
            }
        }
        let slotA = boundSlot(of: a.op), slotB = boundSlot(of: b.op)
        var innerA = boundA, innerB = boundB
        if let s = slotA, let t = slotB { innerA[s] = level; innerB[t] = level }
        for i in a.children.indices {
            let insideLoop = slotA != nil && i > 0
            if !sameShape(a.children[i], b.children[i], insideLoop ? innerA : boundA, insideLoop ? innerB : boundB,
                          insideLoop ? level + 1 : level) { return false }
        }
        return true
    }
}
