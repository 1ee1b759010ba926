/// A compiled expression node: names are resolved, so evaluation never looks them up again.
/// Carries its source id and span for explanations.
final class Node: Sendable {
    let id: Int
    let span: SourceSpan
    let op: Op
    /// The frame slots the node reads without binding them itself, one bit per slot; bit 63
    /// (``Node/impure``) when its value may depend on anything but those slots and the report
    /// (a host function, or a slot past 62).
    let freeSlots: UInt64
    /// Whether the node is or contains a loop (a quantifier or a comprehension).
    let containsLoop: Bool
    /// Whether the evaluator remembers the node's outcome by the values of its free slots (see
    /// ``Evaluator/evalRemembered(_:)``): a comprehension, or a function call that loops or scans
    /// a list (`previous`, `recent`, `first([… for …])`), with no host function inside. Never a
    /// comparison, `and`/`or`/`not`, `if` or quantifier: those may decide an assertion, and
    /// deciding records the comparison as a side effect.
    let isRemembered: Bool
    /// The slots bound by the loops in the node (its own, if it is one, and those inside it), one
    /// bit per slot; ``Node/impure`` when one is past 62.
    let boundSlots: UInt64
    /// Whether the evaluator may take the node's outcome from an earlier evaluation in the same
    /// evaluation of a loop around it that binds none of its free slots (see
    /// ``Evaluator/evalInvariant(_:)``): a member, index, call, arithmetic, negation, list or
    /// comprehension at least three nodes high, with no host function inside. Never a
    /// comparison, `and`/`or`/`not`, `if` or quantifier, for the reason ``isRemembered`` gives.
    let isHoistable: Bool
    /// ``isHoistable`` or ``isRemembered``: what ``Evaluator/eval(_:)`` tests first.
    let mayBeKept: Bool
    /// For a loop (a quantifier or a comprehension): the slots bound from the loop inward (its
    /// own and those of the loops in its filter and body), which a node inside it must not read
    /// to be the same on every iteration; else 0.
    let loopSlots: UInt64
    /// Whether the node is a loop whose filter or body holds a ``isHoistable`` node reading none
    /// of ``loopSlots``: the evaluator then remembers such nodes' outcomes while it runs the loop.
    let hoists: Bool
    /// The node's own part of its shape (see ``sameShape(as:)``).
    let shapeLabel: ShapeLabel
    /// The nodes the node is computed from, in order (see ``child(_:)``): built on demand, for
    /// the few uses that want an array (every node held one, about 50,000 arrays to allocate
    /// as a shipped pack is compiled or read back).
    var children: [Node] { (0..<childCount).map { child($0) } }
    /// How many nodes the node is computed from.
    var childCount: Int { Node.childCount(of: op) }
    /// The `i`-th node the node is computed from (`i` below ``childCount``).
    func child(_ i: Int) -> Node { Node.child(i, of: op) }
    /// The longest path from the node down to a leaf, counting nodes.
    let height: Int
    /// Whether the node has a shape that others can share (``sameShape(as:)``): remembered
    /// nodes no higher than ``maxShapeHeight``.
    let hasShape: Bool
    /// A hash of the node's shape when it has one (nodes that compute the same have the same
    /// hash), else 0.
    let shapeHash: UInt64
    /// The hash of the node's shape whether or not it has one of its own (what a parent's
    /// shape hash is built from).
    let baseShapeHash: UInt64

    /// When the node is `x.line == y.line` or `x.para == y.para` (`==` by precision or exactly)
    /// or an `and` whose leftmost operand is: the slots of `x` and `y` (see
    /// ``Evaluator/lineGuardFails(_:slot:)``).
    let lineGuard: LineGuard?

    /// When the node is `a == b` (`==` by precision or exactly) or `same(a, b)`, or an `and` whose
    /// leftmost operand is: the two sides (see ``Evaluator/joinPlan(_:slot:items:)``).
    let equalityGuard: EqualityGuard?

    /// A leading equality of two expressions (see ``equalityGuard``).
    struct EqualityGuard: Sendable {
        /// The two sides, in the order they are evaluated.
        let left: Node, right: Node
        /// How many `and`s lie between the node and the equality.
        let spine: Int
        /// The comparison or `same` call, or `nil` when it is the node itself.
        let equality: Node?
    }

    /// A leading comparison of two variables' lines (see ``lineGuard``).
    struct LineGuard: Sendable {
        /// The two variables' slots.
        let left: Int, right: Int
        /// How many `and`s lie between the node and the comparison.
        let spine: Int
        /// The comparison, or `nil` when it is the node itself.
        let compare: Node?
        /// Whether the lines compared are logical lines (`para`).
        let byPara: Bool
    }

    /// The ``freeSlots`` bit of nodes whose value cannot be remembered.
    static let impure: UInt64 = 1 << 63

    init(_ id: Int, _ span: SourceSpan, _ op: Op) {
        self.id = id; self.span = span; self.op = op
        freeSlots = Node.freeSlots(of: op)
        containsLoop = Node.containsLoop(op)
        isRemembered = freeSlots & Node.impure == 0 && Node.isCostly(op)
        shapeLabel = Node.shapeLabel(of: op)
        var tallest = 0
        for i in 0..<Node.childCount(of: op) {
            let c = Node.child(i, of: op)
            if c.height > tallest { tallest = c.height }
        }
        height = 1 + tallest
        hasShape = isRemembered && height <= Node.maxShapeHeight
        var bound: [Int] = []
        baseShapeHash = Node.shapeHash(label: shapeLabel, op: op, &bound)
        shapeHash = hasShape ? baseShapeHash : 0
        lineGuard = Node.lineGuard(of: op)
        equalityGuard = Node.equalityGuard(of: op)
        boundSlots = Node.boundSlots(of: op)
        isHoistable = freeSlots & Node.impure == 0 && height >= 3 && Node.isHoistableKind(op)
        mayBeKept = isHoistable || isRemembered
        switch op {
        case .quantifier(_, let slot, _, let filter, let body), .comprehension(let slot, _, let filter, let body):
            (loopSlots, hoists) = Node.loopHoisting(slot: slot, filter: filter, body: body)
        default:
            loopSlots = 0
            hoists = false
        }
    }

    /// What ``init(_:_:_:)`` works out from a node's op and children and an archive keeps (see
    /// ``Pack/archived()``), so that a node read back need not work it out again: the shape
    /// hashes walk the node's tree inside loops, and the label's texts are hashed.
    struct Derived: Sendable, Equatable {
        var freeSlots: UInt64
        var boundSlots: UInt64
        var loopSlots: UInt64
        var baseShapeHash: UInt64
        /// The hash of ``Node/shapeLabel``.
        var labelHash: UInt64
        var height: Int
        /// ``containsLoop``, ``isRemembered``, ``isHoistable`` and ``hoists``, bits 0 to 3.
        var flags: UInt8

        static let containsLoop: UInt8 = 1, isRemembered: UInt8 = 2, isHoistable: UInt8 = 4, hoists: UInt8 = 8
    }

    /// The node's ``Derived`` properties.
    var derived: Derived {
        var flags: UInt8 = 0
        if containsLoop { flags |= Derived.containsLoop }
        if isRemembered { flags |= Derived.isRemembered }
        if isHoistable { flags |= Derived.isHoistable }
        if hoists { flags |= Derived.hoists }
        return Derived(freeSlots: freeSlots, boundSlots: boundSlots, loopSlots: loopSlots, baseShapeHash: baseShapeHash,
                       labelHash: shapeLabel.hash, height: height, flags: flags)
    }

    /// A node whose ``Derived`` properties were worked out before, by ``init(_:_:_:)`` for the
    /// same id, span and op (a node read from an archive), as was a constant's label text
    /// (`constantKey`, its ``shapeKey(_:)``); the rest is worked out as there.
    init(_ id: Int, _ span: SourceSpan, _ op: Op, derived d: Derived, constantKey: String? = nil) {
        self.id = id; self.span = span; self.op = op
        freeSlots = d.freeSlots
        containsLoop = d.flags & Derived.containsLoop != 0
        isRemembered = d.flags & Derived.isRemembered != 0
        shapeLabel = Node.shapeLabel(of: op, labelHash: d.labelHash, constantKey: constantKey)
        height = d.height
        hasShape = isRemembered && height <= Node.maxShapeHeight
        baseShapeHash = d.baseShapeHash
        shapeHash = hasShape ? baseShapeHash : 0
        lineGuard = Node.lineGuard(of: op)
        equalityGuard = Node.equalityGuard(of: op)
        boundSlots = d.boundSlots
        isHoistable = d.flags & Derived.isHoistable != 0
        mayBeKept = isHoistable || isRemembered
        loopSlots = d.loopSlots
        hoists = d.flags & Derived.hoists != 0
    }

    /// ``loopSlots`` and ``hoists`` of a loop binding `slot`, with this filter and body (a
    /// check's `for … where …` has no body).
    static func loopHoisting(slot: Int, filter: Node?, body: Node?) -> (slots: UInt64, hoists: Bool) {
        let inside = (slot >= 0 && slot < 63 ? UInt64(1) << UInt64(slot) : Node.impure)
            | (filter?.boundSlots ?? 0) | (body?.boundSlots ?? 0)
        let hoists = inside & Node.impure == 0
            && ((filter.map { holdsInvariant($0, inside) } ?? false) || (body.map { holdsInvariant($0, inside) } ?? false))
        return (inside, hoists)
    }

    /// The slots bound by loops in a node with this op.
    private static func boundSlots(of op: Op) -> UInt64 {
        var m: UInt64 = 0
        for i in 0..<childCount(of: op) { m |= child(i, of: op).boundSlots }
        if let s = boundSlot(of: op) { m |= s >= 0 && s < 63 ? UInt64(1) << UInt64(s) : impure }
        return m
    }

    /// The kinds of node ``isHoistable`` allows: none of them decides an assertion.
    private static func isHoistableKind(_ op: Op) -> Bool {
        switch op {
        case .member, .index, .builtin, .arithmetic, .negate, .comprehension, .list: return true
        default: return false
        }
    }

    /// Whether `node` is or holds an ``isHoistable`` node reading none of the slots in `mask`.
    private static func holdsInvariant(_ node: Node, _ mask: UInt64) -> Bool {
        if node.isHoistable && node.freeSlots & mask == 0 { return true }
        for i in 0..<node.childCount where holdsInvariant(node.child(i), mask) { return true }
        return false
    }

    private static func lineGuard(of op: Op) -> LineGuard? {
        switch op {
        case .and(let a, _):
            guard let g = a.lineGuard else { return nil }
            return LineGuard(left: g.left, right: g.right, spine: g.spine + 1, compare: g.compare ?? a, byPara: g.byPara)
        case .compare(.equal, let a, let b, let mode):
            if case .within = mode { return nil }
            guard let x = lineSlot(a), let y = lineSlot(b), x.slot != y.slot, x.para == y.para else { return nil }
            return LineGuard(left: x.slot, right: y.slot, spine: 0, compare: nil, byPara: x.para)
        default: return nil
        }
    }

    private static func equalityGuard(of op: Op) -> EqualityGuard? {
        switch op {
        case .and(let a, _):
            guard let g = a.equalityGuard else { return nil }
            return EqualityGuard(left: g.left, right: g.right, spine: g.spine + 1, equality: g.equality ?? a)
        case .compare(.equal, let a, let b, let mode):
            if case .within = mode { return nil }
            return EqualityGuard(left: a, right: b, spine: 0, equality: nil)
        case .builtin(.same, let args) where args.count == 2:
            return EqualityGuard(left: args[0], right: args[1], spine: 0, equality: nil)
        default: return nil
        }
    }

    /// The slot of `v` when `node` is `v.line` or `v.para` of a variable `v`, and which.
    private static func lineSlot(_ node: Node) -> (slot: Int, para: Bool)? {
        guard case .member(let base, let m) = node.op, case .variable(let s) = base.op else { return nil }
        switch m {
        case .property(.line), .classification(.lineNumber): return (s, false)
        case .property(.para): return (s, true)
        default: return nil
        }
    }

    private static func containsLoop(_ op: Op) -> Bool {
        switch op {
        case .quantifier, .comprehension: return true
        case .constant, .variable, .letValue, .table, .facts: return false
        case .member(let a, _), .negate(let a), .not(let a): return a.containsLoop
        case .index(let a, let b), .arithmetic(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return a.containsLoop || b.containsLoop
        case .builtin(_, let args), .host(_, let args), .list(let args): return args.contains { $0.containsLoop }
        case .compare(_, let a, let b, let mode):
            if case .within(let t) = mode, t.containsLoop { return true }
            return a.containsLoop || b.containsLoop
        case .conditional(let c, let a, let b): return c.containsLoop || a.containsLoop || b.containsLoop
        }
    }

    /// Comprehensions, and calls that scan a list or whose arguments loop.
    private static func isCostly(_ op: Op) -> Bool {
        switch op {
        case .comprehension: return true
        case .builtin(let b, let args):
            switch b {
            case .previous, .next, .recent, .total: return true
            default: return args.contains { $0.containsLoop }
            }
        default: return false
        }
    }

    /// Whether the node's value depends on nothing but the report, the lets and slot `slot`.
    func dependsOnlyOn(slot: Int) -> Bool {
        slot >= 0 && slot < 63 && freeSlots & ~(UInt64(1) << UInt64(slot)) == 0
    }

    private static func freeSlots(of op: Op) -> UInt64 {
        func bit(_ slot: Int) -> UInt64 { slot >= 0 && slot < 63 ? UInt64(1) << UInt64(slot) : impure }
        func all(_ nodes: [Node]) -> UInt64 { nodes.reduce(0) { $0 | $1.freeSlots } }
        func bound(_ slot: Int, _ inner: UInt64) -> UInt64 {
            slot >= 0 && slot < 63 ? inner & ~(UInt64(1) << UInt64(slot)) : inner | impure
        }
        switch op {
        case .constant, .letValue, .table, .facts: return 0
        case .variable(let s): return bit(s)
        case .member(let a, _), .negate(let a), .not(let a): return a.freeSlots
        case .index(let a, let b), .arithmetic(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return a.freeSlots | b.freeSlots
        case .builtin(_, let args): return all(args)
        case .host: return impure
        case .compare(_, let a, let b, let mode):
            if case .within(let t) = mode { return a.freeSlots | b.freeSlots | t.freeSlots }
            return a.freeSlots | b.freeSlots
        case .conditional(let c, let a, let b): return c.freeSlots | a.freeSlots | b.freeSlots
        case .quantifier(_, let slot, let domain, let filter, let body), .comprehension(let slot, let domain, let filter, let body):
            return domain.freeSlots | bound(slot, (filter?.freeSlots ?? 0) | body.freeSlots)
        case .list(let items): return all(items)
        }
    }

    indirect enum Op: Sendable {
        case constant(Value)
        /// A quantifier or check variable, by frame slot.
        case variable(Int)
        /// A `let`, by index; evaluated once per report and cached.
        case letValue(Int)
        /// A table by name; *not applicable* when the report lacks it.
        case table(String)
        /// The facts of one kind.
        case facts(String)
        case member(Node, Member)
        case index(Node, Node)
        case builtin(Builtin, [Node])
        case host(HostFunction, [Node])
        case negate(Node)
        case not(Node)
        case arithmetic(BinaryOperator, Node, Node)
        case and(Node, Node)
        case or(Node, Node)
        case compare(ComparisonOperator, Node, Node, Mode)
        case conditional(Node, Node, Node)
        case quantifier(Quantifier, slot: Int, domain: Node, filter: Node?, body: Node)
        case comprehension(slot: Int, domain: Node, filter: Node?, body: Node)
        case list([Node])
    }

    /// The comparisons whose outcome decides this node's truth: the node itself when it is a
    /// comparison, the operands of `and`/`or`/`not`, the branches of `if`, the body of a
    /// quantifier — never a comparison inside a filter or a function argument. A failing result
    /// reports the first of these that failed.
    var decisiveComparisons: Set<ObjectIdentifier> {
        var out = Set<ObjectIdentifier>()
        var stack: [Node] = [self]
        while let n = stack.popLast() {
            switch n.op {
            case .compare: out.insert(ObjectIdentifier(n))
            case .and(let a, let b), .or(let a, let b): stack += [a, b]
            case .not(let a): stack.append(a)
            case .conditional(_, let a, let b): stack += [a, b]
            case .quantifier(_, _, _, _, let body): stack.append(body)
            default: break
            }
        }
        return out
    }

    enum Mode: Sendable {
        case precision
        case exact
        case within(Node)
    }

    enum Member: Sendable {
        /// `table.功能分类`.
        case classification(RowKey)
        /// A numeric segment: a code (or a 行次 on tables keyed by 行次).
        case code(String)
        case children
        case descendants
        case property(RowProperty)
        /// A name resolved at run time by the value's kind: column of a row, field of a fact,
        /// group or row of a table. `key` is pre-folded.
        case named(raw: String, key: String)
    }
}

/// Properties every row (and fact) has.
enum RowProperty: String, Sendable, CaseIterable {
    case code, name, level, line, para, parent, group, total, rows, text, kind

    static let aliases: [String: RowProperty] = [
        "code": .code, "编码": .code, "科目编码": .code, "name": .name, "名称": .name, "科目名称": .name,
        "level": .level, "级次": .level, "line": .line, "para": .para, "逻辑行": .para, "parent": .parent, "上级": .parent,
        "group": .group, "total": .total, "is_total": .total, "rows": .rows, "text": .text, "kind": .kind,
    ]

    /// The field names a fact may hold each property under: the property's own name, then its
    /// aliases (in ``aliases``' order), worked out once instead of on every fact access.
    static let factFieldNames: [RowProperty: [String]] = Dictionary(uniqueKeysWithValues: allCases.map { p in
        (p, [p.rawValue] + aliases.filter { $0.value == p }.map(\.key))
    })
}
