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

    /// How many nodes a node with this op is computed from (see ``child(_:of:)``).
    static func childCount(of op: Op) -> Int {
        switch op {
        case .constant, .variable, .letValue, .table, .facts: return 0
        case .member, .negate, .not: return 1
        case .index, .arithmetic, .and, .or: return 2
        case .compare(_, _, _, let mode):
            if case .within = mode { return 3 }
            return 2
        case .conditional: return 3
        case .quantifier(_, _, _, let filter, _), .comprehension(_, _, let filter, _): return filter == nil ? 2 : 3
        case .builtin(_, let args), .host(_, let args), .list(let args): return args.count
        }
    }

    /// The `i`-th node a node with this op is computed from (`i` below ``childCount(of:)``), in
    /// the order of the shape: operands left to right, a comparison's tolerance last, a loop's
    /// domain, filter and body.
    static func child(_ i: Int, of op: Op) -> Node {
        switch op {
        case .member(let a, _), .negate(let a), .not(let a): return a
        case .index(let a, let b), .arithmetic(_, let a, let b), .and(let a, let b), .or(let a, let b): return i == 0 ? a : b
        case .compare(_, let a, let b, let mode):
            if i == 0 { return a }
            if i == 1 { return b }
            guard case .within(let t) = mode else { preconditionFailure("a comparison has no third operand") }
            return t
        case .conditional(let c, let a, let b): return i == 0 ? c : i == 1 ? a : b
        case .quantifier(_, _, let domain, let filter, let body), .comprehension(_, let domain, let filter, let body):
            if i == 0 { return domain }
            if i == 1, let f = filter { return f }
            return body
        case .builtin(_, let args), .host(_, let args), .list(let args): return args[i]
        case .constant, .variable, .letValue, .table, .facts: preconditionFailure("a leaf has no operands")
        }
    }

    /// The node's own part of its shape (without its children and without the slot of a loop
    /// or a variable, which ``shapeHash(label:op:_:)`` treats). The label holds the op's own
    /// names as they are (no text is built, except for constants).
    ///
    /// `labelHash`, when given, is the label's ``ShapeLabel/hash`` as worked out before (a node
    /// read from an archive): the label's texts are then not hashed again; so is a constant's
    /// ``shapeKey(_:)`` when `constantKey` is given.
    static func shapeLabel(of op: Op, labelHash: UInt64? = nil, constantKey: String? = nil) -> ShapeLabel {
        func label(_ kind: ShapeLabel.Kind, _ first: String = "", _ second: String = "", number: Int = 0) -> ShapeLabel {
            if let h = labelHash { return ShapeLabel(kind, first, second, number: number, hash: h) }
            return ShapeLabel(kind, first, second, number: number)
        }
        switch op {
        case .constant(let v): return label(.constant, constantKey ?? shapeKey(v))
        case .variable: return label(.variable)
        case .letValue(let i): return label(.letValue, number: i)
        case .table(let n): return label(.table, n)
        case .facts(let k): return label(.facts, k)
        case .member(_, let m):
            switch m {
            case .classification(let k): return label(.classification, k.rawValue)
            case .code(let c): return label(.code, c)
            case .children: return label(.children)
            case .descendants: return label(.descendants)
            case .property(let p): return label(.property, p.rawValue)
            case .named(let raw, let key): return label(.named, raw, key)
            }
        case .index: return label(.index)
        case .builtin(let b, _): return label(.builtin, b.rawValue)
        case .host(let h, _): return label(.host, h.name)
        case .negate: return label(.negate)
        case .not: return label(.not)
        case .arithmetic(let op, _, _): return label(.arithmetic, op.rawValue)
        case .and: return label(.and)
        case .or: return label(.or)
        case .compare(let op, _, _, let mode):
            switch mode {
            case .precision: return label(.comparePrecision, op.rawValue)
            case .exact: return label(.compareExact, op.rawValue)
            case .within: return label(.compareWithin, op.rawValue)
            }
        case .conditional: return label(.conditional)
        case .quantifier(let q, _, _, let filter, _):
            return label(.quantifier, q.rawValue, number: filter == nil ? 0 : 1)
        case .comprehension(_, _, let filter, _):
            return label(.comprehension, number: filter == nil ? 0 : 1)
        case .list: return label(.list)
        }
    }

    /// A constant as shape text: equal exactly when the constants are (kind, value and
    /// precision). Built by hand: `String(reflecting:)` walks the value with reflection and was
    /// half of compiling a pack.
    ///
    /// A number's rationals are written as the hexadecimal digits of their numerators and
    /// denominators, each behind a letter saying how many words it has and ended by a comma (a
    /// rational is kept in lowest terms with a positive denominator, so equal rationals have
    /// equal words): printing an `Int128` in decimal cost about 400 instructions, and a
    /// constant has six.
    static func shapeKey(_ v: Value) -> String {
        switch v {
        case .number(let f, _):
            // Written into a buffer on the stack: at most 2 + 7 × 34 + 2 = 242 bytes.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { key in
                var n = 0
                key[n] = UInt8(ascii: "#"); key[n + 1] = f.kind == .percent ? UInt8(ascii: "%") : UInt8(ascii: "="); n += 2
                appendWords(f.value.numerator, to: key, &n); appendWords(f.value.denominator, to: key, &n)
                appendWords(f.lower.numerator, to: key, &n); appendWords(f.lower.denominator, to: key, &n)
                appendWords(f.upper.numerator, to: key, &n); appendWords(f.upper.denominator, to: key, &n)
                appendWords(Int128(f.decimals ?? -1), to: key, &n)
                key[n] = f.isBlank ? UInt8(ascii: "b") : UInt8(ascii: "-")
                key[n + 1] = f.isUnbounded ? UInt8(ascii: "u") : UInt8(ascii: "-")
                n += 2
                return String(decoding: UnsafeBufferPointer(rebasing: key[0..<n]), as: UTF8.self)
            }
        case .text(let t): return "\"" + t
        case .bool(let b): return b ? "T" : "F"
        case .list(let items): return "[" + items.map(shapeKey).joined(separator: "\u{1}") + "]"
        default: return "?" + String(reflecting: v)
        }
    }

    /// Appends `x`'s two's complement bits: `L` and the hexadecimal digits of the low word,
    /// least significant first, when the high word is zero; else `H` and all 32 digits. A comma
    /// ends it.
    private static func appendWords(_ x: Int128, to key: UnsafeMutableBufferPointer<UInt8>, _ n: inout Int) {
        let bits = UInt128(bitPattern: x)
        let high = UInt64(truncatingIfNeeded: bits >> 64), low = UInt64(truncatingIfNeeded: bits)
        @inline(__always) func digit(_ d: UInt64) -> UInt8 {
            let n = UInt8(truncatingIfNeeded: d & 0xF)
            return n < 10 ? n + UInt8(ascii: "0") : n - 10 + UInt8(ascii: "a")
        }
        if high == 0 {
            key[n] = UInt8(ascii: "L"); n += 1
            var w = low
            while w != 0 { key[n] = digit(w); n += 1; w >>= 4 }
        } else {
            key[n] = UInt8(ascii: "H"); n += 1
            var w = low
            for _ in 0..<16 { key[n] = digit(w); n += 1; w >>= 4 }
            w = high
            for _ in 0..<16 { key[n] = digit(w); n += 1; w >>= 4 }
        }
        key[n] = UInt8(ascii: ","); n += 1
    }

    /// The slot a loop binds (quantifiers and comprehensions).
    static func boundSlot(of op: Op) -> Int? {
        switch op {
        case .quantifier(_, let slot, _, _, _), .comprehension(let slot, _, _, _): return slot
        default: return nil
        }
    }

    /// A hash of the shape of a node with this label, op and children. `bound` holds the
    /// slots bound by the loops around the node inside the node whose shape is being hashed,
    /// outermost first (a loop's domain lies outside its binding; its filter and body inside).
    /// A variable bound there is hashed by how many loops lie between it and its binding, a
    /// free one by its slot; so a child none of whose free slots is bound there hashes as it
    /// does alone, and its ``baseShapeHash`` is used instead of walking it again.
    static func shapeHash(label: ShapeLabel, op: Op, _ bound: inout [Int]) -> UInt64 {
        let h = label.hash
        if case .variable(let s) = op {
            // Bound: by the loops in between (odd); free: by the slot (even).
            let name = bound.lastIndex(of: s).map { UInt64(bound.count - 1 - $0) << 1 | 1 } ?? UInt64(UInt(bitPattern: s)) << 1
            return RunCaches.mix(h, name)
        }
        var out = h
        let slot = boundSlot(of: op)
        let count = childCount(of: op)
        for i in 0..<count {
            let c = child(i, of: op)
            let insideLoop = slot != nil && i > 0
            if insideLoop { bound.append(slot!) }
            let child: UInt64
            if bound.isEmpty || c.freeSlots & (Node.impure | Node.mask(of: bound)) == 0 {
                child = c.baseShapeHash
            } else {
                child = shapeHash(label: c.shapeLabel, op: c.op, &bound)
            }
            out = RunCaches.mix(out, child)
            if insideLoop { bound.removeLast() }
        }
        return RunCaches.mix(out, UInt64(count))
    }

    /// The ``freeSlots`` bits of these slots (``impure`` for a slot past 62).
    static func mask(of slots: [Int]) -> UInt64 {
        var m: UInt64 = 0
        for s in slots { m |= s >= 0 && s < 63 ? UInt64(1) << UInt64(s) : impure }
        return m
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
        guard a.shapeLabel == b.shapeLabel, a.childCount == b.childCount else { return false }
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
        for i in 0..<a.childCount {
            let insideLoop = slotA != nil && i > 0
            if !sameShape(a.child(i), b.child(i), insideLoop ? innerA : boundA, insideLoop ? innerB : boundB,
                          insideLoop ? level + 1 : level) { return false }
        }
        return true
    }
}

/// A node's own part of its shape: what kind of node it is and the names, operator or constant
/// it carries, compared by their bytes. Built from the strings the op already holds.
struct ShapeLabel: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        case constant, variable, letValue, table, facts
        case classification, code, children, descendants, property, named
        case index, builtin, host, negate, not, arithmetic, and, or
        case comparePrecision, compareExact, compareWithin, conditional, quantifier, comprehension, list
    }

    let kind: Kind
    let first: String
    let second: String
    let number: Int
    /// A hash of all of the above.
    let hash: UInt64

    init(_ kind: Kind, _ first: String = "", _ second: String = "", number: Int = 0) {
        self.kind = kind; self.first = first; self.second = second; self.number = number
        var h = RunCaches.mix(0xcbf2_9ce4_8422_2325, UInt64(kind.rawValue))
        if !first.isEmpty { h = RunCaches.mix(h, RunCaches.hash(first)) }
        if !second.isEmpty { h = RunCaches.mix(h, RunCaches.hash(second) &+ 1) }
        hash = RunCaches.mix(h, UInt64(UInt(bitPattern: number)))
    }

    /// A label whose ``hash`` was worked out before, by the other initialiser from the same parts.
    init(_ kind: Kind, _ first: String, _ second: String, number: Int, hash: UInt64) {
        self.kind = kind; self.first = first; self.second = second; self.number = number; self.hash = hash
    }

    static func == (a: ShapeLabel, b: ShapeLabel) -> Bool {
        a.hash == b.hash && a.kind == b.kind && a.number == b.number
            && RunCaches.sameBytes(a.first, b.first) && RunCaches.sameBytes(a.second, b.second)
    }
}
