import Dispatch

/// A compiled pack as bytes, and back: what a host keeps in a cache so that a process checking
/// one report need not parse and compile the pack's sources again (most of the start-up of a
/// `tally check`).
///
/// The archive holds the declarations and the compiled nodes (each node's source id, span,
/// operation and ``Node/Derived`` properties: working those out again, the shape hashes above
/// all, was most of reading an archive). It does not hold the source texts: the host reads them
/// again (and checks that they are the same). Enumerations are written as the positions of
/// their cases in ``ArchivedCases``, not as their names: a name read back had to be compared
/// with every case's.
extension Pack {
    /// The version of the archive format; an archive of another version is not read.
    static let archiveVersion: UInt64 = 5

    /// The pack as bytes, or `nil` when it cannot be archived (a check calls a host function,
    /// which is code, not data).
    public func archived() -> [UInt8]? {
        var w = PackArchiveWriter()
        return w.write(self) ? w.out.finished() : nil
    }

    /// The pack archived as `bytes` by ``archived()``, compiled from `sources` (which must be the
    /// sources it was compiled from, in the same order); `nil` when the bytes are no such archive.
    public init?(archive bytes: [UInt8], sources: [SourceFile]) {
        guard let p = PackArchive(bytes, sources: sources)?.pack() else { return nil }
        self = p
    }
}

/// An archived pack (``Pack/archived()``) read in two steps: its table and fact declarations
/// at once (a host can build a report loader from them), its checks with ``pack()`` (on
/// another thread meanwhile).
public struct PackArchive: Sendable {
    /// The table declarations, as the pack's ``Pack/tableSpecs``.
    public let tableSpecs: [TableSpec]
    /// The fact declarations, as the pack's ``Pack/factSpecs``.
    public let factSpecs: [FactSpec]
    private let rest: ArchiveReader
    private let sources: [SourceFile]

    /// Reads the declarations of the archive `bytes` of a pack compiled from `sources`; `nil`
    /// when the bytes are no such archive (as far as the declarations go).
    public init?(_ bytes: [UInt8], sources: [SourceFile]) {
        self.init(ArchiveReader(ArchiveReader.Storage(bytes)), sources: sources)
    }

    /// Reads the declarations of the archive that `reader` is at (the rest of its bytes); `nil`
    /// when they are no such archive (as far as the declarations go). A host that read a file
    /// holding an archive after a header of its own reads the archive in place, uncopied.
    public init?(_ reader: ArchiveReader, sources: [SourceFile]) {
        do {
            var r = reader
            try r.readStringTable()
            (tableSpecs, factSpecs) = try PackArchiveReader.declarations(&r)
            rest = r
            self.sources = sources
        } catch {
            return nil
        }
    }

    /// The whole pack; `nil` when the rest of the bytes is no archive of it.
    public func pack() -> Pack? {
        var r = rest
        do {
            let p = try PackArchiveReader.read(&r, tables: tableSpecs, facts: factSpecs, sources: sources)
            return r.isAtEnd ? p : nil
        } catch {
            return nil
        }
    }
}

/// Writes a pack: nodes are numbered as they are written, children first, so that a reader
/// rebuilds each from nodes it already has (and a node shared by two parents stays one node).
private struct PackArchiveWriter {
    var out = ArchiveWriter()
    private var numbers = NodeNumbers()
    /// The nodes as written, after the declarations: written once all are numbered.
    private var nodes: ArchiveWriter
    private var nodeCount = 0
    private var ok = true
    /// Set while a node's record is written: every node it refers to must be numbered by then.
    private var inRecord = false

    init() {
        nodes = ArchiveWriter(sharing: out)
        nodes.reserve(1 << 20)
    }

    mutating func write(_ pack: Pack) -> Bool {
        out.word(Pack.archiveVersion)
        out.int(pack.tableSpecs.count)
        for t in pack.tableSpecs { table(t) }
        out.int(pack.factSpecs.count)
        for f in pack.factSpecs {
            out.string(f.name); out.strings(f.templates); out.strings(f.fields); out.optionalSpan(f.span)
        }
        // Nodes are numbered into their own buffer in three sections (see ``place(_:)``); the
        // declarations then find every node they refer to numbered.
        let sections = place(pack)
        guard ok else { return false }
        var refs = ArchiveWriter(sharing: out)
        refs.int(pack.lets.count)
        for l in pack.lets { refs.ref(node(l)) }
        refs.int(pack.checks.count)
        for c in pack.checks {
            refs.string(c.id); refs.string(c.title); refs.string(c.severity.rawValue); refs.optionalString(c.context)
            refs.int(c.bindings.count)
            for b in c.bindings {
                refs.string(b.variable); refs.int(b.slot); refs.ref(node(b.domain)); optionalNode(b.filter, &refs)
                refs.word(b.loopSlots); refs.bool(b.hoists)
            }
            refs.int(c.preconditions.count)
            for p in c.preconditions { refs.ref(node(p)) }
            refs.int(c.lets.count)
            for l in c.lets {
                refs.string(l.name); refs.int(l.slot); refs.ref(node(l.value)); refs.int(l.afterPreconditions)
            }
            refs.ref(node(c.assertion))
            refs.int(c.message.count)
            for m in c.message {
                switch m {
                case .text(let t): refs.byte(0); refs.string(t)
                case .node(let n): refs.byte(1); refs.ref(node(n))
                }
            }
            refs.span(c.span); refs.int(c.slots)
        }
        refs.strings(pack.letNames)
        refs.int(pack.maxSlots)
        // Every node was placed in a section before the declarations were written.
        guard ok, out.fits, nodeCount == sections.counts.reduce(0, +) else { return false }
        // The node table (its sections' node counts and lengths in bytes first), then the
        // declarations that refer to it. The strings of both were numbered in `out`'s table
        // as they were written through it.
        out.int(nodeCount)
        for c in sections.counts { out.int(c) }
        for b in sections.bytes { out.int(b) }
        out.append(nodes)
        out.append(refs)
        return ok && out.fits
    }

    /// Numbers every node in three sections, so that a reader can rebuild the last two on two
    /// threads at once: first the nodes the pack's lets reach and those both halves of the
    /// checks reach, then those only the first half reaches, then those only the second (the
    /// checks are split where the last two are closest in size). A node's children lie in its
    /// section or the first. Returns the sections' node counts and lengths in bytes.
    private mutating func place(_ pack: Pack) -> (counts: [Int], bytes: [Int]) {
        // The lets' nodes, then for every other node the first and last check reaching it
        // (`first << 32 | last`; the last also tells that a check's walk has been there).
        // Identity tables (``NodeNumbers``), not sets: sets of identifiers made archiving cost
        // twice as much.
        var lets = NodeNumbers()
        func markLet(_ n: Node) {
            guard lets[n] == nil else { return }
            lets.set(n, 0)
            for i in 0..<n.childCount { markLet(n.child(i)) }
        }
        for l in pack.lets { markLet(l) }
        var reach = NodeNumbers(), reached = 0
        func markReach(_ n: Node, _ check: Int) {
            guard lets[n] == nil else { return }
            if let v = reach[n] {
                guard v & 0xFFFF_FFFF != check else { return }
                reach.set(n, v & ~0xFFFF_FFFF | check)
            } else {
                reach.set(n, check << 32 | check)
                reached += 1
            }
            for i in 0..<n.childCount { markReach(n.child(i), check) }
        }
        let roots = pack.checks.map(\.archiveRoots)
        for (i, r) in roots.enumerated() { for n in r { markReach(n, i) } }
        // The split: where as many nodes are reached only by the checks before it as only by
        // those after it. How many nodes' last check is each check, and how many nodes' first:
        var lastAt = [Int](repeating: 0, count: roots.count + 1), firstAt = lastAt
        var counted = NodeNumbers()
        func count(_ n: Node) {
            guard counted[n] == nil, let v = reach[n] else { return }
            counted.set(n, 0)
            lastAt[v & 0xFFFF_FFFF] += 1; firstAt[v >> 32] += 1
            for i in 0..<n.childCount { count(n.child(i)) }
        }
        for r in roots { for n in r { count(n) } }
        var split = 0, best = Int.max, before = 0, after = reached
        for k in 0...roots.count {
            if k > 0 { before += lastAt[k - 1]; after -= firstAt[k - 1] }
            if abs(before - after) < best { best = abs(before - after); split = k }
        }
        // The first section: the lets' nodes, then the nodes of the second half that the first
        // half reaches too (whose children it reaches as well).
        for l in pack.lets { _ = node(l) }
        var visited = NodeNumbers()
        func placeShared(_ n: Node, _ w: inout PackArchiveWriter) {
            guard visited[n] == nil, let v = reach[n] else { return }
            visited.set(n, 0)
            if v >> 32 < split { _ = w.node(n); return }
            for i in 0..<n.childCount { placeShared(n.child(i), &w) }
        }
        for r in roots[split...] { for n in r { placeShared(n, &self) } }
        var counts = [nodeCount], bytes = [nodes.written.count]
        for r in roots[..<split] { for n in r { _ = node(n) } }
        counts.append(nodeCount - counts[0]); bytes.append(nodes.written.count - bytes[0])
        for r in roots[split...] { for n in r { _ = node(n) } }
        counts.append(nodeCount - counts[0] - counts[1]); bytes.append(nodes.written.count - bytes[0] - bytes[1])
        return (counts, bytes)
    }

    private mutating func table(_ t: TableSpec) {
        out.string(t.name); out.strings(t.titles); out.strings(t.numbers); out.strings(t.rowKeys.map(\.rawValue))
        columns(t.columns)
        out.int(t.groups.count)
        for g in t.groups { out.string(g.name); out.strings(g.rowKeys.map(\.rawValue)); columns(g.columns) }
        out.bool(t.isRequired); out.bool(t.isSingleRow); out.optionalSpan(t.span)
    }

    private mutating func columns(_ cs: [ColumnSpec]) {
        out.int(cs.count)
        for c in cs { out.string(c.name); out.strings(c.aliases); out.bool(c.isOptional) }
    }

    private mutating func optionalNode(_ n: Node?, _ w: inout ArchiveWriter) {
        w.bool(n != nil)
        if let n { w.ref(node(n)) }
    }

    /// The number of `n`, writing it (after its children) the first time.
    private mutating func node(_ n: Node) -> Int {
        if let k = numbers[n] { return k }
        // Children first (every node the op holds is a child): their numbers go into this
        // node's record, written straight into the node table.
        guard !inRecord else { ok = false; return 0 }
        for i in 0..<n.childCount { _ = node(n.child(i)) }
        var record = nodes
        nodes = ArchiveWriter(sharing: out)
        record.int32(NodeID.archived(n.id)); record.span(n.span)
        derived(n.derived, &record)
        inRecord = true
        op(n.op, &record)
        // A constant's label text (see ``Node/shapeKey(_:)``), so that it is not built again.
        if case .constant = n.op { record.string(n.shapeLabel.first) }
        inRecord = false
        nodes = record
        numbers.set(n, nodeCount)
        nodeCount += 1
        return nodeCount - 1
    }

    /// A node's ``Node/Derived`` properties: its flags with bits saying which slot masks are
    /// not 0 and whether the height takes a word (most masks are 0, most heights small), then
    /// those, then the two hashes.
    private func derived(_ d: Node.Derived, _ w: inout ArchiveWriter) {
        var flags = d.flags
        if d.freeSlots != 0 { flags |= DerivedBits.freeSlots }
        if d.boundSlots != 0 { flags |= DerivedBits.boundSlots }
        if d.loopSlots != 0 { flags |= DerivedBits.loopSlots }
        let smallHeight = d.height >= 0 && d.height < 256
        if !smallHeight { flags |= DerivedBits.wideHeight }
        w.byte(flags)
        if d.freeSlots != 0 { w.word(d.freeSlots) }
        if d.boundSlots != 0 { w.word(d.boundSlots) }
        if d.loopSlots != 0 { w.word(d.loopSlots) }
        if smallHeight { w.byte(UInt8(d.height)) } else { w.int(d.height) }
        w.word(d.baseShapeHash); w.word(d.labelHash)
    }

    private mutating func nodesList(_ list: [Node], _ w: inout ArchiveWriter) {
        let ks = list.map { node($0) }
        w.ref(ks.count)
        for k in ks { w.ref(k) }
    }

    private mutating func op(_ op: Node.Op, _ w: inout ArchiveWriter) {
        switch op {
        case .constant(let v): w.byte(0); value(v, &w)
        case .variable(let s): w.byte(1); w.int32(s)
        case .letValue(let i): w.byte(2); w.int32(i)
        case .table(let t): w.byte(3); w.string(t)
        case .facts(let k): w.byte(4); w.string(k)
        case .member(let a, let m):
            let ka = node(a)
            w.byte(5); w.ref(ka)
            switch m {
            case .classification(let k): w.byte(0); w.ordinal(k, ArchivedCases.rowKeys)
            case .code(let c): w.byte(1); w.string(c)
            case .children: w.byte(2)
            case .descendants: w.byte(3)
            case .property(let p): w.byte(4); w.ordinal(p, ArchivedCases.rowProperties)
            case .named(let raw, let key): w.byte(5); w.string(raw); w.string(key)
            }
        case .index(let a, let b):
            let ka = node(a), kb = node(b)
            w.byte(6); w.ref(ka); w.ref(kb)
        case .builtin(let b, let args):
            var inner = ArchiveWriter(sharing: out)
            nodesList(args, &inner)
            w.byte(7); w.ordinal(b, ArchivedCases.builtins); w.append(inner)
        case .host:
            ok = false
        case .negate(let a):
            let ka = node(a)
            w.byte(8); w.ref(ka)
        case .not(let a):
            let ka = node(a)
            w.byte(9); w.ref(ka)
        case .arithmetic(let o, let a, let b):
            let ka = node(a), kb = node(b)
            w.byte(10); w.ordinal(o, ArchivedCases.binaryOperators); w.ref(ka); w.ref(kb)
        case .and(let a, let b):
            let ka = node(a), kb = node(b)
            w.byte(11); w.ref(ka); w.ref(kb)
        case .or(let a, let b):
            let ka = node(a), kb = node(b)
            w.byte(12); w.ref(ka); w.ref(kb)
        case .compare(let o, let a, let b, let mode):
            let ka = node(a), kb = node(b)
            w.byte(13); w.ordinal(o, ArchivedCases.comparisons); w.ref(ka); w.ref(kb)
            switch mode {
            case .precision: w.byte(0)
            case .exact: w.byte(1)
            case .within(let t):
                let kt = node(t)
                w.byte(2); w.ref(kt)
            }
        case .conditional(let c, let a, let b):
            let kc = node(c), ka = node(a), kb = node(b)
            w.byte(14); w.ref(kc); w.ref(ka); w.ref(kb)
        case .quantifier(let q, let slot, let domain, let filter, let body):
            let kd = node(domain), kf = filter.map { node($0) }, kb = node(body)
            w.byte(15); w.ordinal(q, ArchivedCases.quantifiers); w.int32(slot); w.ref(kd); w.int32(kf ?? -1); w.ref(kb)
        case .comprehension(let slot, let domain, let filter, let body):
            let kd = node(domain), kf = filter.map { node($0) }, kb = node(body)
            w.byte(16); w.int32(slot); w.ref(kd); w.int32(kf ?? -1); w.ref(kb)
        case .list(let items):
            var inner = ArchiveWriter(sharing: out)
            nodesList(items, &inner)
            w.byte(17); w.append(inner)
        }
    }

    /// A constant: the compiler makes numbers (without an origin), texts, booleans and lists.
    private mutating func value(_ v: Value, _ w: inout ArchiveWriter) {
        switch v {
        case .number(let f, let origin):
            guard origin == nil else { ok = false; return }
            w.byte(0)
            for r in [f.value, f.lower, f.upper] { w.int128(r.numerator); w.int128(r.denominator) }
            w.byte(f.kind.rawValue)
            w.bool(f.decimals != nil); w.int(f.decimals ?? 0)
            w.bool(f.isBlank); w.bool(f.isUnbounded)
        case .text(let t): w.byte(1); w.string(t)
        case .bool(let b): w.byte(2); w.bool(b)
        case .list(let items):
            w.byte(3); w.int(items.count)
            for i in items { value(i, &w) }
        default: ok = false
        }
    }
}

/// Reads what ``PackArchiveWriter`` wrote, rebuilding each node with ``Node/init(_:_:_:)`` from
/// nodes already rebuilt.
enum PackArchiveReader {
    /// The version, the table and the fact declarations.
    static func declarations(_ r: inout ArchiveReader) throws(ArchiveError) -> ([TableSpec], [FactSpec]) {
        guard try r.word() == Pack.archiveVersion else { throw ArchiveError() }
        var tables: [TableSpec] = []
        for _ in 0..<(try r.count()) { tables.append(try table(&r)) }
        var facts: [FactSpec] = []
        for _ in 0..<(try r.count()) {
            let name = try r.string(), templates = try r.strings(), fields = try r.strings(), span = try r.optionalSpan()
            facts.append(FactSpec(name: name, templates: templates, fields: fields, span: span))
        }
        return (tables, facts)
    }

    /// The nodes, lets and checks after the ``declarations(_:)``.
    static func read(_ r: inout ArchiveReader, tables: [TableSpec], facts: [FactSpec],
                     sources: [SourceFile]) throws(ArchiveError) -> Pack {
        let count = try r.count()
        let counts = [try r.count(), try r.count(), try r.count()], lengths = [try r.count(), try r.count(), try r.count()]
        guard counts.reduce(0, +) == count, lengths.reduce(0, +) <= r.rest.count else { throw ArchiveError() }
        var nodes: [Node] = []
        nodes.reserveCapacity(count)
        try readNodes(&r, &nodes, counts[0], length: lengths[0], prefix: 0, shift: 0)
        // The other two sections on two threads: each refers to the first and to itself only.
        // The second's nodes are numbered after the first's and the third's after both; its
        // reader keeps the first section's nodes and its own, a reference past the first
        // section being shifted down by the second's count.
        let prefix = nodes.count, start = r, firstNodes = nodes
        let results = SectionResults()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            HeapAdvice.hugePagesForThisThread()
            var mine = firstNodes, reader = start
            if i == 0 {
                results.second = Result { () throws(ArchiveError) in
                    try readNodes(&reader, &mine, counts[1], length: lengths[1], prefix: prefix, shift: 0)
                    return mine
                }
            } else {
                mine.reserveCapacity(prefix + counts[2])
                results.third = Result { () throws(ArchiveError) in
                    try reader.skip(lengths[1])
                    try readNodes(&reader, &mine, counts[2], length: lengths[2], prefix: prefix, shift: counts[1])
                    return mine
                }
            }
        }
        nodes = try results.second.get()
        nodes.append(contentsOf: try results.third.get()[prefix...])
        try r.skip(lengths[1] + lengths[2])
        var lets: [Node] = []
        for _ in 0..<(try r.count()) { lets.append(try node(&r, nodes)) }
        var checks: [CompiledCheck] = []
        for _ in 0..<(try r.count()) {
            let id = try r.string(), title = try r.string(), severity = try r.raw(CheckSeverity.self), context = try r.optionalString()
            var bindings: [CompiledCheck.CompiledBinding] = []
            for _ in 0..<(try r.count()) {
                let variable = try r.string(), slot = try r.int(), domain = try node(&r, nodes)
                let filter = try r.bool() ? try node(&r, nodes) : nil
                let loopSlots = try r.word(), hoists = try r.bool()
                bindings.append(.init(variable: variable, slot: slot, domain: domain, filter: filter,
                                      loopSlots: loopSlots, hoists: hoists))
            }
            var pre: [Node] = []
            for _ in 0..<(try r.count()) { pre.append(try node(&r, nodes)) }
            var checkLets: [CompiledCheck.CompiledLet] = []
            for _ in 0..<(try r.count()) {
                let name = try r.string(), slot = try r.int(), value = try node(&r, nodes), after = try r.int()
                guard after >= 0, after <= pre.count else { throw ArchiveError() }
                checkLets.append(.init(name: name, slot: slot, value: value, afterPreconditions: after))
            }
            let assertion = try node(&r, nodes)
            var message: [CompiledMessagePart] = []
            for _ in 0..<(try r.count()) {
                switch try r.byte() {
                case 0: message.append(.text(try r.string()))
                case 1: message.append(.node(try node(&r, nodes)))
                default: throw ArchiveError()
                }
            }
            let span = try r.span(), slots = try r.int()
            checks.append(CompiledCheck(id: id, title: title, severity: severity, context: context, bindings: bindings,
                                        preconditions: pre, lets: checkLets, assertion: assertion, message: message, span: span,
                                        slots: slots, decisive: assertion.decisiveComparisons.sorted()))
        }
        let letNames = try r.strings(), maxSlots = try r.int()
        guard letNames.count == lets.count, maxSlots >= 1 else { throw ArchiveError() }
        return Pack(tableSpecs: tables, factSpecs: facts,
                    catalogue: checks.map { Pack.CheckInfo(id: $0.id, title: $0.title, severity: $0.severity, context: $0.context, span: $0.span) },
                    sources: sources, checks: checks, lets: lets, letNames: letNames,
                    letIndex: Dictionary(letNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }),
                    maxSlots: maxSlots)
    }

    /// Reads `count` node records taking `length` bytes onto `nodes`, which holds the nodes they
    /// may refer to: a reference past the first `prefix` nodes is shifted down by `shift`.
    private static func readNodes(_ r: inout ArchiveReader, _ nodes: inout [Node], _ count: Int, length: Int,
                                  prefix: Int, shift: Int) throws(ArchiveError) {
        let end = r.at + length
        for _ in 0..<count {
            let id = NodeID.read(try r.int32()), span = try r.span()
            let d = try derived(&r), o = try op(&r, NodeRefs(nodes: nodes, prefix: prefix, shift: shift))
            var key: String?
            if case .constant = o { key = try r.string() }
            nodes.append(Node(id, span, o, derived: d, constantKey: key))
        }
        guard r.at == end else { throw ArchiveError() }
    }

    private static func table(_ r: inout ArchiveReader) throws(ArchiveError) -> TableSpec {
        let name = try r.string(), titles = try r.strings(), numbers = try r.strings(), rowKeys = try keys(&r)
        let cols = try columns(&r)
        var groups: [ColumnGroupSpec] = []
        for _ in 0..<(try r.count()) {
            let g = try r.string(), k = try keys(&r)
            groups.append(ColumnGroupSpec(name: g, rowKeys: k, columns: try columns(&r)))
        }
        let required = try r.bool(), single = try r.bool(), span = try r.optionalSpan()
        return TableSpec(name: name, titles: titles, numbers: numbers, rowKeys: rowKeys, columns: cols, groups: groups,
                         isRequired: required, isSingleRow: single, span: span)
    }

    private static func keys(_ r: inout ArchiveReader) throws(ArchiveError) -> [RowKey] {
        var out: [RowKey] = []
        for _ in 0..<(try r.count()) { out.append(try r.raw(RowKey.self)) }
        return out
    }

    private static func columns(_ r: inout ArchiveReader) throws(ArchiveError) -> [ColumnSpec] {
        var out: [ColumnSpec] = []
        for _ in 0..<(try r.count()) {
            let name = try r.string()
            let aliases = try r.strings()
            out.append(ColumnSpec(name: name, aliases: aliases, isOptional: try r.bool()))
        }
        return out
    }

    /// What ``PackArchiveWriter`` wrote of a node's ``Node/Derived`` properties.
    @inline(__always)
    private static func derived(_ r: inout ArchiveReader) throws(ArchiveError) -> Node.Derived {
        let flags = try r.byte()
        var d = Node.Derived(freeSlots: 0, boundSlots: 0, loopSlots: 0, baseShapeHash: 0, labelHash: 0, height: 0,
                             flags: flags & DerivedBits.nodeFlags)
        if flags & DerivedBits.freeSlots != 0 { d.freeSlots = try r.word() }
        if flags & DerivedBits.boundSlots != 0 { d.boundSlots = try r.word() }
        if flags & DerivedBits.loopSlots != 0 { d.loopSlots = try r.word() }
        if flags & DerivedBits.wideHeight != 0 { d.height = try r.int() } else { d.height = Int(try r.byte()) }
        d.baseShapeHash = try r.word()
        d.labelHash = try r.word()
        return d
    }

    /// A node already read, by its number.
    @inline(__always)
    private static func node(_ r: inout ArchiveReader, _ nodes: [Node]) throws(ArchiveError) -> Node {
        let k = Int(try r.ref())
        guard k < nodes.count else { throw ArchiveError() }
        return nodes[k]
    }

    /// A node already read, by its number, in the section ``NodeRefs`` tells.
    @inline(__always)
    private static func node(_ r: inout ArchiveReader, _ t: NodeRefs) throws(ArchiveError) -> Node {
        try t.node(Int(try r.ref()))
    }

    private static func nodeList(_ r: inout ArchiveReader, _ nodes: NodeRefs) throws(ArchiveError) -> [Node] {
        let n = Int(try r.ref())
        guard n <= r.rest.count / 4 else { throw ArchiveError() }
        var out: [Node] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try node(&r, nodes)) }
        return out
    }

    private static func optionalNode(_ r: inout ArchiveReader, _ nodes: NodeRefs) throws(ArchiveError) -> Node? {
        let k = try r.int32()
        if k == -1 { return nil }
        guard k >= 0 else { throw ArchiveError() }
        return try nodes.node(k)
    }

    private static func op(_ r: inout ArchiveReader, _ nodes: NodeRefs) throws(ArchiveError) -> Node.Op {
        switch try r.byte() {
        case 0: return .constant(try value(&r, depth: 0))
        case 1: return .variable(try r.int32())
        case 2: return .letValue(try r.int32())
        case 3: return .table(try r.string())
        case 4: return .facts(try r.string())
        case 5:
            let a = try node(&r, nodes)
            let m: Node.Member
            switch try r.byte() {
            case 0: m = .classification(try r.ordinal(ArchivedCases.rowKeys))
            case 1: m = .code(try r.string())
            case 2: m = .children
            case 3: m = .descendants
            case 4: m = .property(try r.ordinal(ArchivedCases.rowProperties))
            case 5:
                let raw = try r.string()
                m = .named(raw: raw, key: try r.string())
            default: throw ArchiveError()
            }
            return .member(a, m)
        case 6:
            let a = try node(&r, nodes)
            return .index(a, try node(&r, nodes))
        case 7:
            let b = try r.ordinal(ArchivedCases.builtins)
            return .builtin(b, try nodeList(&r, nodes))
        case 8: return .negate(try node(&r, nodes))
        case 9: return .not(try node(&r, nodes))
        case 10:
            let o = try r.ordinal(ArchivedCases.binaryOperators), a = try node(&r, nodes)
            return .arithmetic(o, a, try node(&r, nodes))
        case 11:
            let a = try node(&r, nodes)
            return .and(a, try node(&r, nodes))
        case 12:
            let a = try node(&r, nodes)
            return .or(a, try node(&r, nodes))
        case 13:
            let o = try r.ordinal(ArchivedCases.comparisons), a = try node(&r, nodes), b = try node(&r, nodes)
            let mode: Node.Mode
            switch try r.byte() {
            case 0: mode = .precision
            case 1: mode = .exact
            case 2: mode = .within(try node(&r, nodes))
            default: throw ArchiveError()
            }
            return .compare(o, a, b, mode)
        case 14:
            let c = try node(&r, nodes), a = try node(&r, nodes)
            return .conditional(c, a, try node(&r, nodes))
        case 15:
            let q = try r.ordinal(ArchivedCases.quantifiers), slot = try r.int32(), domain = try node(&r, nodes)
            let filter = try optionalNode(&r, nodes)
            return .quantifier(q, slot: slot, domain: domain, filter: filter, body: try node(&r, nodes))
        case 16:
            let slot = try r.int32(), domain = try node(&r, nodes), filter = try optionalNode(&r, nodes)
            return .comprehension(slot: slot, domain: domain, filter: filter, body: try node(&r, nodes))
        case 17: return .list(try nodeList(&r, nodes))
        default: throw ArchiveError()
        }
    }

    /// A rational in lowest terms (as the writer took it from a figure).
    private static func rational(_ r: inout ArchiveReader) throws(ArchiveError) -> Rational {
        let n = try r.int128(), d = try r.int128()
        guard d > 0 else { throw ArchiveError() }
        return Rational(unchecked: n, d)
    }

    /// A constant (lists nest at most ``Limits/maxNestingDepth`` deep).
    private static func value(_ r: inout ArchiveReader, depth: Int) throws(ArchiveError) -> Value {
        guard depth < Limits.maxNestingDepth else { throw ArchiveError() }
        switch try r.byte() {
        case 0:
            let value = try rational(&r), lower = try rational(&r), upper = try rational(&r)
            guard let kind = Figure.Kind(rawValue: try r.byte()) else { throw ArchiveError() }
            let hasDecimals = try r.bool(), decimals = try r.int()
            let blank = try r.bool(), unbounded = try r.bool()
            return .number(Figure(value: value, lower: lower, upper: upper, kind: kind,
                                  decimals: hasDecimals ? decimals : nil, isBlank: blank, isUnbounded: unbounded), nil)
        case 1: return .text(try r.string())
        case 2: return .bool(try r.bool())
        case 3:
            var items: [Value] = []
            for _ in 0..<(try r.count()) { items.append(try value(&r, depth: depth + 1)) }
            return .list(items)
        default: throw ArchiveError()
        }
    }
}

/// The cases of the enumerations an archive holds, in the order their positions are written
/// (an archive is read only by the build that wrote it, so the order may change with the code).
enum ArchivedCases {
    static let builtins = Array(Builtin.allCases)
    static let rowKeys = Array(RowKey.allCases)
    static let rowProperties = Array(RowProperty.allCases)
    static let binaryOperators = Array(BinaryOperator.allCases)
    static let comparisons = Array(ComparisonOperator.allCases)
    static let quantifiers = Array(Quantifier.allCases)
}

/// The bits of the byte that starts a node's ``Node/Derived`` properties in an archive: the
/// node's own flags (the low four), then which of the rest are written.
enum DerivedBits {
    static let nodeFlags: UInt8 = 0x0F
    static let freeSlots: UInt8 = 0x10, boundSlots: UInt8 = 0x20, loopSlots: UInt8 = 0x40, wideHeight: UInt8 = 0x80
}

/// A node's id in 32 bits: a parsed expression's id as it is, the id of a node copied from a
/// function body (``Compiler/copyIDBase`` and up) as a negative number.
enum NodeID {
    /// The number written (`Int.min`, which fits no field, for a negative id).
    static func archived(_ id: Int) -> Int {
        id < 0 ? Int.min : id >= Compiler.copyIDBase ? -(id - Compiler.copyIDBase) - 1 : id
    }

    static func read(_ v: Int) -> Int { v < 0 ? Compiler.copyIDBase + (-v - 1) : v }
}

/// The nodes a section of an archive's node table may refer to (see ``PackArchiveReader``):
/// those of the first section, then those of its own, read into one array; a reference past
/// the first section's `prefix` nodes is shifted down by `shift` (the count of the sections
/// between), and one into those sections is refused.
private struct NodeRefs {
    let nodes: [Node]
    let prefix: Int
    let shift: Int

    @inline(__always)
    func node(_ k: Int) throws(ArchiveError) -> Node {
        let j = k < prefix ? k : k &- shift
        guard j >= 0, j < nodes.count, k < prefix || j >= prefix else { throw ArchiveError() }
        return nodes[j]
    }
}

/// What the two threads reading an archive's last two node sections found.
private final class SectionResults: @unchecked Sendable {
    var second: Result<[Node], ArchiveError> = .failure(ArchiveError())
    var third: Result<[Node], ArchiveError> = .failure(ArchiveError())
}

extension CompiledCheck {
    /// The nodes the check is compiled to refer to (what an archive's records of it name): its
    /// bindings' domains and filters, its preconditions, lets, assertion and message parts.
    var archiveRoots: [Node] {
        var out: [Node] = []
        for b in bindings { out.append(b.domain); if let f = b.filter { out.append(f) } }
        out += preconditions
        out += lets.map(\.value)
        out.append(assertion)
        for case .node(let n) in message { out.append(n) }
        return out
    }
}
