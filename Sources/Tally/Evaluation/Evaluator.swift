/// Evaluates compiled nodes against a model.
///
/// One evaluator serves one run over one report; it is cheap to create. It counts steps against
/// ``Limits/maxSteps``, nesting against ``Limits/maxEvaluationDepth`` and list sizes against
/// ``Limits/maxCollectionSize``; every fault becomes an ``EvaluationError``, never a trap.
final class Evaluator {
    let model: any ReportModel
    /// The model's ``ReportModel/logicalLines``, read once: what `x.para` maps a line through.
    let logicalLines: [Int32]
    let lets: [Node]
    /// Each `let`'s outcome, by index, once evaluated.
    @exclusivity(unchecked) var letCache: [Result<Value, EvaluationError>?]
    /// `facts(kind)` lists by node, built on first use.
    @exclusivity(unchecked) var factLists: [ObjectIdentifier: Value] = [:]
    @exclusivity(unchecked) var frame: [Value?]
    @exclusivity(unchecked) var steps = 0
    /// The nesting of ``eval(_:)`` calls, against ``Limits/maxRecursionDepth``.
    @exclusivity(unchecked) var recursion = 0
    @exclusivity(unchecked) var stepLimit = Limits.maxSteps
    @exclusivity(unchecked) var depth = 0
    /// With explain on: each node's last value, by node id.
    @exclusivity(unchecked) var trace: [Int: (SourceSpan, Value)]? = nil
    /// With recording on (and explain off): the values of the assertion-level nodes in the order
    /// evaluated, later ones superseding earlier ones of the same node. A check's binding is
    /// evaluated once with recording on, and the recording becomes the explanation if it fails —
    /// the same trace that evaluating it again with explain on gives, without a second run.
    @exclusivity(unchecked) var record: [Recorded]? = nil
    /// The storage of the last binding's ``record``, emptied and used again by the next binding
    /// (growing a fresh array took several allocations per result).
    @exclusivity(unchecked) var spareRecord: [Recorded] = []

    /// A value recorded for an explanation: the node (its id and span are read only when the
    /// binding fails) and its value. A struct of a reference and a value, copied by specialised
    /// code: an entry was a tuple with a span (a path String) whose copies and destruction went
    /// through the runtime's generic tuple witnesses, on every binding.
    struct Recorded {
        /// Not retained: the node belongs to the pack being run, which outlives the recording.
        unowned(unsafe) let node: Node
        let value: Value
    }
    /// The comparison that decided the last assertion: the first failing one, else the last one.
    @exclusivity(unchecked) var decisive: ComparisonRecord?
    /// Small exact integers made so far (see ``integer(_:)``).
    @exclusivity(unchecked) var integers: [Value?] = []
    /// The source texts of nodes shown in explanations, by node (see `Pack.sourceText(of:_:)`;
    /// nodes belong to the pack being run, which outlives the evaluator's use).
    @exclusivity(unchecked) var sourceTexts: [ObjectIdentifier: String] = [:]
    /// Texts of values shown in explanations, by the value's bytes (see ``display(_:)``).
    @exclusivity(unchecked) var displays: [ValueBits: (value: Value, text: String)] = [:]
    /// The pack source the last explanation entry was found in (see `Pack.source(_:_:)`), by
    /// its index in the pack's sources (-1: none).
    @exclusivity(unchecked) var lastSourceFile: (path: String, index: Int)?
    @exclusivity(unchecked) var cancellation: (@Sendable () -> Bool)?
    /// The comparisons that may decide the current assertion (see ``Node/decisiveComparisons``).
    /// Sorted, and searched by halving: a comparison asks on every evaluation, and hashing
    /// an identifier (SipHash) cost more than the few steps of a search among a handful.
    @exclusivity(unchecked) var decisiveNodes: [ObjectIdentifier] = []

    /// Whether `node` is one of ``decisiveNodes``.
    @inline(__always)
    func isDecisive(_ node: Node) -> Bool {
        let id = ObjectIdentifier(node)
        var lo = 0, hi = decisiveNodes.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let x = decisiveNodes[mid]
            if x == id { return true }
            if x < id { lo = mid + 1 } else { hi = mid }
        }
        return false
    }
    /// The frames lets are evaluated in, by how many let evaluations are under way around
    /// them (see ``letNesting``): a let evaluates in a frame of its own, and allocating a fresh
    /// one (as many slots as the pack's largest frame, hundreds) and destroying it again cost
    /// more than most lets. A slot may still hold the item of a loop that an earlier let left
    /// by a failure (as the check frame does between checks): compiled code binds a slot before
    /// it reads it, so no evaluation sees what another left.
    @exclusivity(unchecked) var letFrames: [[Value?]] = []
    /// How many let evaluations are under way (see ``letFrames``).
    @exclusivity(unchecked) var letNesting = 0

    /// The lines of the items of lists that line-guarded loops run over, by the list's storage
    /// (see ``lines(of:)``).
    @exclusivity(unchecked) var itemLines: [RememberKey: (kept: Value, lines: [Int])] = [:]

    /// `.table` nodes' outcomes (a node lives as long as the pack that runs it).
    @exclusivity(unchecked) var tablesByNode: [ObjectIdentifier: Result<Value, EvaluationError>] = [:]
    /// Field values of facts by (node, fact); see ``factMember(_:_:_:)``.
    @exclusivity(unchecked) var factFields = FactFieldCache()

    /// Folded texts used as names (`r[c]`, `same`, `contains`).
    @exclusivity(unchecked) var names = NameCache()
    /// Columns named by text values (`r[c]`), see ``ColumnByText``.
    @exclusivity(unchecked) var columnByText = ColumnByText()
    /// Texts of figures shown in explanations and messages (see ``NumberTexts``).
    @exclusivity(unchecked) var numberTexts = NumberTexts()
    /// Whether two nodes have the same shape, by pair (see ``ShapePairCache``).
    @exclusivity(unchecked) var shapePairs = ShapePairCache()
    /// Columns found by folded name.
    @exclusivity(unchecked) var columns = ColumnCache()
    /// The values of the cells read so far (see ``rowCell(_:_:_:)``).
    @exclusivity(unchecked) var cellValues = CellValues()
    /// The rows of a table's classification (`t.功能分类.*`, `.**`, iteration), built once each.
    @exclusivity(unchecked) var classificationRows: [ClassificationKey: [Value]] = [:]

    /// A table's groups by folded name and the rows of those used (see ``groupRows(_:_:)``).
    struct TableGroups {
        /// Kept so that the table's identifier is not reused while the entry lives.
        let table: Table
        /// The index in `table.groups` of the first group of each folded name.
        let firstGroup: [String: Int]
        /// The rows of each group asked for, by its index.
        var rows: [Int: [Value]] = [:]
    }
    @exclusivity(unchecked) var tableGroups: [ObjectIdentifier: TableGroups] = [:]

    /// Groups and rows of tables named by member nodes (`t.经济支出`), by node and table.
    @exclusivity(unchecked) var namedMembers: [RowMemoKey: (table: Table, outcome: Result<Value, EvaluationError>)] = [:]
    /// `match(t, r)` outcomes, with the two tables they belong to (which keeps the identifiers
    /// from being reused while an entry lives).
    @exclusivity(unchecked) var matches: [RowMemoKey: (Table, Table, Result<Value, EvaluationError>)] = [:]

    /// A row (its table and index) with what an outcome about it depends on besides: the table
    /// `match()` looks in, or the loop filter applied to it.
    struct RowMemoKey: Hashable {
        var by: ObjectIdentifier
        var table: ObjectIdentifier
        var row: Int

        /// The words mixed into one (see ``RunCaches/mix(_:_:)``).
        var word: UInt64 { RunCaches.mix(RunCaches.mix(RunCaches.word(by), RunCaches.word(table)), UInt64(UInt(bitPattern: row))) }

        func hash(into hasher: inout Hasher) { hasher.combine(word) }

        /// The hash dictionaries use: ``word`` mixed with their seed (see ``RunCaches/seeded(_:_:)``).
        func _rawHashValue(seed: Int) -> Int { RunCaches.seeded(word, seed) }
    }

    /// Outcomes of loop filters that read nothing but their row (`where count(r.*) == 0`), by
    /// filter and row, with the steps the evaluation took. See ``filterHolds(_:slot:item:)``.
    @exclusivity(unchecked) var filterMemo: [RowMemoKey: (table: Table, holds: Bool, steps: Int)] = [:]
    /// Whether outcomes may be remembered: loop filters (``filterHolds(_:slot:item:)``,
    /// ``forEachPassing(_:slot:filter:_:)``) and remembered nodes (``evalRemembered(_:)``).
    /// Tests compare with it off.
    @exclusivity(unchecked) var remembersFilters = true
    /// Outcomes of ``Node/isRemembered`` nodes by node and the values of their free slots.
    @exclusivity(unchecked) var remembered: [RememberKey: Remembered] = [:]
    /// How remembering has paid per remembered node (by shape) and per loop filter, to stop
    /// where it does not (see ``MemoUses``).
    @exclusivity(unchecked) var nodeUses = MemoUses(), filterUses = MemoUses()
    /// How keeping loop-invariant parts has paid, per node (see ``evalInvariant(_:)``).
    @exclusivity(unchecked) var invariantUses = MemoUses()
    /// Join filters' item sides over a list, by filter and list (see ``joinPlan(_:slot:items:)``),
    /// and how often a filter's lists came again.
    @exclusivity(unchecked) var joins: [RememberKey: JoinIndex] = [:]
    @exclusivity(unchecked) var joinUses = MemoUses()
    /// What loop filters gave over a domain, by filter, domain and the filter's other free slots.
    @exclusivity(unchecked) var sweeps: [RememberKey: FilterSweep] = [:]
    /// The deepest ``recursion`` and ``depth`` reached since the innermost remembered evaluation
    /// began (see ``evalRemembered(_:)``).
    @exclusivity(unchecked) var peakRecursion = 0, peakDepth = 0
    /// How many lets have been evaluated (not taken from ``letCache``) so far.
    @exclusivity(unchecked) var letEvaluations = 0
    /// The loops being evaluated whose loop-invariant parts are kept, innermost last, and those
    /// parts' outcomes (see ``evalInvariant(_:)``).
    @exclusivity(unchecked) var loopMarks: [LoopMark] = [], invariants: [Invariant] = []
    /// The first of ``loopMarks`` whose outcomes a node may use: a let runs in a frame of its own
    /// and the parts of a kept node are evaluated once with it.
    @exclusivity(unchecked) var hoistFloor = 0

    struct ClassificationKey: Hashable {
        var table: ObjectIdentifier
        /// `nil`: every row of the table.
        var kind: RowKey?
        /// 0: iteration (`for r in t.功能分类`), 1: `.*`, 2: `.**`.
        var which: Int

        /// The table, the classification's place among ``RowKey/allCases`` and `which` mixed
        /// into one word (a `RowKey` hashes as its raw text).
        var word: UInt64 {
            let k = kind.flatMap { RowKey.allCases.firstIndex(of: $0) } ?? -1
            return RunCaches.mix(RunCaches.mix(RunCaches.word(table), UInt64(bitPattern: Int64(k))), UInt64(UInt(bitPattern: which)))
        }

        func hash(into hasher: inout Hasher) { hasher.combine(word) }

        /// The hash dictionaries use: ``word`` mixed with their seed (see ``RunCaches/seeded(_:_:)``).
        func _rawHashValue(seed: Int) -> Int { RunCaches.seeded(word, seed) }
    }

    struct ComparisonRecord {
        var lhs: Value, rhs: Value, comparison: Comparison, span: SourceSpan, holds: Bool
        var lhsFigure: Figure?, rhsFigure: Figure?
    }

    init(model: any ReportModel, lets: [Node], slots: Int) {
        self.model = model; self.lets = lets
        logicalLines = model.logicalLines
        letCache = Array(repeating: nil, count: lets.count)
        frame = Array(repeating: nil, count: max(slots, 1))
    }

    func fault(_ id: DiagnosticID, _ message: String, _ node: Node) -> EvaluationError {
        .fault(id, message, node.span)
    }

    func eval(_ node: Node) throws(EvaluationError) -> Value {
        // One test of the node on the way to ``evalPlain(_:)``: `eval` is inlined everywhere.
        if node.mayBeKept && remembersFilters { return try evalKept(node) }
        return try evalPlain(node)
    }

    /// ``eval(_:)`` of a node whose outcome may be kept: loop-invariant in a loop being run
    /// (``evalInvariant(_:)``), or remembered (``evalRemembered(_:)``).
    func evalKept(_ node: Node) throws(EvaluationError) -> Value {
        if node.isHoistable && loopMarks.count > hoistFloor { return try evalInvariant(node) }
        if node.isRemembered { return try evalRemembered(node) }
        return try evalPlain(node)
    }

    /// ``eval(_:)`` without remembering the node's outcome.
    func evalPlain(_ node: Node) throws(EvaluationError) -> Value {
        try begin(node)
        defer { recursion -= 1 }
        let v = try evalInner(node)
        // Values inside a loop change every iteration; an explanation shows the values at the
        // level of the assertion only.
        if depth == 0 {
            if trace != nil { trace![node.id] = (node.span, v) } else if record != nil { record!.append(Recorded(node: node, value: v)) }
        }
        return v
    }

    /// What every evaluation of a node starts with: a step, a level of nesting (undone by the
    /// caller when this returns), the limits and the cancellation check.
    @inline(__always)
    func begin(_ node: Node) throws(EvaluationError) {
        steps += 1
        if steps > stepLimit {
            throw fault(.stepBudgetExceeded, "evaluation took more than \(stepLimit) steps", node)
        }
        // A let evaluates inside the expression that first uses it, so lets built on lets nest
        // deeper than any one expression: a chain of them overflowed the stack (issue 8).
        if recursion + 1 > Limits.maxRecursionDepth {
            throw fault(.evaluationTooDeep, "evaluation nested more than \(Limits.maxRecursionDepth) levels deep (lets built on lets?)", node)
        }
        if steps & 0xFFF == 0, let c = cancellation, c() { throw fault(.cancelled, "evaluation was cancelled", node) }
        recursion += 1
        if recursion > peakRecursion { peakRecursion = recursion }
    }

    private func evalInner(_ node: Node) throws(EvaluationError) -> Value {
        switch node.op {
        case .constant(let v): return v
        case .variable(let s):
            guard let v = frame[s] else { throw fault(.runtimeTypeError, "variable used outside its loop", node) }
            return v
        case .letValue(let i):
            if let cached = letCache[i] { return try cached.get() }
            // The first use evaluates the let; its insides are not part of the explanation
            // (they were not when failures were explained by evaluating them again).
            letEvaluations += 1
            // Nor of a trace: a let's insides would show in the explanation of whichever check
            // happened to use it first, and with threads sharing a report's checks that is not
            // always the same check.
            let recording = record, tracing = trace
            record = nil
            trace = nil
            // A let is compiled on its own, so its loops may use the slots of the loop it is first
            // read in: it runs in a frame of its own and the loop's variables are put back after.
            // The frame is the one kept for this depth of lets being evaluated (see
            // ``letFrames``), swapped in and out, not copied.
            let level = letNesting
            if level == letFrames.count { letFrames.append([Value?](repeating: nil, count: frame.count)) }
            var outer: [Value?] = []
            swap(&outer, &letFrames[level])
            swap(&outer, &frame)
            letNesting += 1
            // A let has a step budget of its own and its steps are not the check's: charged to
            // whichever check used it first, a costly let could put that check over its budget
            // and not another, so a check's outcome depended on the order checks ran in (and on
            // how many threads shared them).
            let outerSteps = steps
            steps = 0
            // Nor do the loops it is read in hold for it.
            let floor = hoistFloor
            hoistFloor = loopMarks.count
            defer {
                if let r = recording { record = r }
                if let t = tracing { trace = t }
                swap(&outer, &frame)
                swap(&outer, &letFrames[level])
                letNesting -= 1
                steps = outerSteps
                hoistFloor = floor
            }
            do throws(EvaluationError) {
                let v = try eval(lets[i])
                letCache[i] = .success(v)
                return v
            } catch {
                letCache[i] = .failure(error)
                throw error
            }
        case .table(let name):
            // A model never changes during a run: look each table name up once.
            if let found = tablesByNode[ObjectIdentifier(node)] { return try found.get() }
            let found: Result<Value, EvaluationError>
            if let t = model.table(named: name) { found = .success(.table(t)) } else {
                found = .failure(.notApplicable(model.absenceReason(table: name) ?? "the report has no table '\(name)'"))
            }
            tablesByNode[ObjectIdentifier(node)] = found
            return try found.get()
        case .facts(let kind):
            // A model's facts never change during a run: build each kind's list once.
            if let cached = factLists[ObjectIdentifier(node)] { return cached }
            let v = Value.list(model.facts(kind: kind).map { .fact($0) })
            factLists[ObjectIdentifier(node)] = v
            return v
        case .member(let base, let m):
            return try member(try eval(base), m, node)
        case .index(let base, let ix):
            let b = try eval(base), i = try eval(ix)
            if case .list(let xs) = b, case .number(let f, _) = i {
                // list[n]: the n-th item, from 0.
                guard f.value.isInteger, let n = Evaluator.whole(f.value), n >= 0, n < xs.count else {
                    throw .notApplicable("index \(f.display) is outside a list of \(xs.count)")
                }
                return xs[n]
            }
            let key: PathSegmentKey
            switch i {
            case .text(let s):
                // `r[c]`: the column `c` names in the row's table, remembered by the text's bytes.
                if case .row(let r) = b, Evaluator.valueFitsBits {
                    let bits = ValueBits(i)
                    if let c = columnByText.column(r.table, bits) { return rowCell(r.table, r.index, c) }
                    let n = names.entry(s)
                    if n.isCode { return try member(b, .code(s), node) }
                    guard let c = columns.column(r.table, n.key) else { return try member(b, .named(raw: s, key: n.key), node) }
                    columnByText.store(r.table, i, bits, column: c)
                    return rowCell(r.table, r.index, c)
                }
                let n = names.entry(s)
                if n.isCode { return try member(b, .code(s), node) }
                return try member(b, .named(raw: s, key: n.key), node)
            case .number(let f, _): key = .code(f.value.shortString(maxDecimals: 0))
            default: throw fault(.runtimeTypeError, "an index must be a code or a name, found \(i.typeName)", node)
            }
            switch key {
            case .code(let c): return try member(b, .code(c), node)
            case .name(let n): return try member(b, .named(raw: n, key: NameFolding.key(n)), node)
            }
        case .builtin(let b, let args): return try builtin(b, args, node)
        case .host(let h, let args):
            var values: [Value] = []
            values.reserveCapacity(args.count)
            for a in args { values.append(try eval(a)) }
            do { return try h.body(values) } catch {
                throw fault(.hostFunctionFailed, "host function '\(h.name)' failed: \(error)", node)
            }
        case .negate(let a):
            let f = try figure(try eval(a), a)
            return .number(try arith { try f.negated() }, nil)
        case .not(let a): return .bool(!(try truth(try eval(a), a)))
        case .arithmetic(let op, let a, let b):
            let va = try eval(a), vb = try eval(b)
            if op == .add, case .text(let s) = va, case .text(let t) = vb { return .text(try joined(s, t, node)) }
            if op == .add, case .list(let xs) = va {
                // Lists join: the items of the first, then those of the second.
                guard case .list(let ys) = vb else {
                    throw fault(.runtimeTypeError, "'+' joins two lists; the right side is a \(vb.typeName) (write xs + [x] to add one item)", node)
                }
                let out = xs + ys
                try checkSize(out, node)
                return .list(out)
            }
            if op == .add, case .list = vb {
                throw fault(.runtimeTypeError, "'+' joins two lists; the left side is a \(va.typeName) (write [x] + xs to add one item)", node)
            }
            let x = try figure(va, a), y = try figure(vb, b)
            let r: Figure
            switch op {
            case .add: r = try arith { try x.adding(y) }
            case .subtract: r = try arith { try x.subtracting(y) }
            case .multiply: r = try arith { try x.multiplied(by: y) }
            case .divide:
                if y.value.signum == 0 { throw fault(.divisionByZero, "division by zero (the divisor \(describe(b)) is 0)", node) }
                r = try arith { try x.divided(by: y) }
            default: throw fault(.runtimeTypeError, "bad operator", node)
            }
            return .number(r, nil)
        case .and(let a, let b):
            if !(try truth(try eval(a), a)) { return .bool(false) }
            return .bool(try truth(try eval(b), b))
        case .or(let a, let b):
            if try truth(try eval(a), a) { return .bool(true) }
            return .bool(try truth(try eval(b), b))
        case .compare(let op, let a, let b, let mode):
            return .bool(try compare(op, a, b, mode, node))
        case .conditional(let c, let a, let b):
            return try truth(try eval(c), c) ? try eval(a) : try eval(b)
        case .quantifier(let q, let slot, let domain, let filter, let body):
            let items = try elements(try eval(domain), domain)
            try enter(node); defer { depth -= 1 }
            let hoisting = node.hoists && remembersFilters && !items.isEmpty
            if hoisting { enterLoop(node.loopSlots) }
            defer { if hoisting { leaveLoop() } }
            var outcome = q == .all
            func visit() throws(EvaluationError) -> Bool {
                let t: Bool
                if body.lineGuard != nil, try lineGuardFails(body, slot: slot) { t = false } else { t = try truth(try eval(body), body) }
                if q == .all && !t { outcome = false; return false }
                if q == .any && t { outcome = true; return false }
                return true
            }
            // `any x in xs: x.line == f.line and …`: only the items on f's line can be true.
            if q == .any, filter == nil, body.lineGuard != nil, let skip = lineSkip(body, slot: slot, items: items) {
                try forEachLineCandidate(items, skip: skip, node: body) { (k) throws(EvaluationError) -> Bool in
                    frame[slot] = items[k]
                    return try visit()
                }
            } else {
                try forEachPassing(items, slot: slot, filter: filter, visit)
            }
            frame[slot] = nil
            return .bool(outcome)
        case .comprehension(let slot, let domain, let filter, let body):
            let items = try elements(try eval(domain), domain)
            try enter(node); defer { depth -= 1 }
            let hoisting = node.hoists && remembersFilters && !items.isEmpty
            if hoisting { enterLoop(node.loopSlots) }
            defer { if hoisting { leaveLoop() } }
            var out: [Value] = []
            // Without a filter every item gives one: one allocation instead of one per doubling.
            if filter == nil { out.reserveCapacity(Swift.min(items.count, Limits.maxCollectionSize + 1)) }
            try forEachPassing(items, slot: slot, filter: filter) { () throws(EvaluationError) -> Bool in
                out.append(try eval(body))
                if out.count > Limits.maxCollectionSize {
                    throw fault(.collectionTooLarge, "list longer than \(Limits.maxCollectionSize) items", node)
                }
                return true
            }
            frame[slot] = nil
            try checkSize(out, node)
            return .list(out)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for i in items { out.append(try eval(i)) }
            try checkSize(out, node)
            return .list(out)
        }
    }

    /// Whether a loop's filter holds for `item` (bound to `slot`). A filter that reads only its
    /// row and the report (``Node/dependsOnlyOn(slot:)``) has the same outcome and takes the same
    /// steps every time it sees that row — checks run such loops once per column — so its
    /// outcome is remembered and its steps charged again instead of evaluating it again. Not
    /// remembered: faults (they depend on the limits reached), and evaluations that evaluated a
    /// let for the first time (later ones take fewer steps). Filters sit inside a loop, so
    /// explanations never show their values.
    func filterHolds(_ f: Node, slot: Int, item: Value) throws(EvaluationError) -> Bool {
        if f.lineGuard != nil, try lineGuardFails(f, slot: slot) { return false }
        guard remembersFilters, case .row(let r) = item, f.dependsOnlyOn(slot: slot) else { return try truth(try eval(f), f) }
        let key = RowMemoKey(by: ObjectIdentifier(f), table: ObjectIdentifier(r.table), row: r.index)
        if let m = filterMemo[key], m.table === r.table, steps + m.steps <= stepLimit {
            let before = steps
            steps += m.steps
            if before >> 12 != steps >> 12, let c = cancellation, c() { throw fault(.cancelled, "evaluation was cancelled", f) }
            return m.holds
        }
        let before = steps, lets = letEvaluations
        let holds = try truth(try eval(f), f)
        if letEvaluations == lets { filterMemo[key] = (r.table, holds, steps - before) }
        return holds
    }

    /// Whether `node`, a loop's filter or a quantifier's body evaluated for the item in `slot`,
    /// is false because it begins with `x.line == y.line` (``Node/lineGuard``) and `x` and `y`
    /// are facts on different lines — then the work that evaluating it does is accounted for
    /// (its steps, the nesting it reaches) without doing it. Joins of facts by line (`any h in
    /// facts(k): h.line == f.line and …`) test every pair, and most pairs differ in their lines.
    ///
    /// Evaluating the node would evaluate the `and`s down to the comparison (a step each), the
    /// comparison and its two sides (`x.line`: a member of a variable, two steps each; a fact's
    /// line never fails), find the two exact lines unequal and give `false` up through the
    /// `and`s. It would record nothing (loops run below the level of the assertion) unless the
    /// comparison may decide the assertion; then, or when the steps or the nesting would reach
    /// a limit, or a side is not a fact, this answers `false` and the node is evaluated.
    func lineGuardFails(_ node: Node, slot: Int) throws(EvaluationError) -> Bool {
        guard let g = node.lineGuard, depth > 0 else { return false }
        let other: Int
        if g.left == slot { other = g.right } else if g.right == slot { other = g.left } else { return false }
        guard slot >= 0, slot < frame.count, other >= 0, other < frame.count,
              var x = Evaluator.factLine(frame[slot]), var y = Evaluator.factLine(frame[other]) else { return false }
        if g.byPara { x = logicalLine(x); y = logicalLine(y) }
        guard x != y else { return false }
        let n = g.spine + 5, deepest = recursion + g.spine + 3
        guard steps + n <= stepLimit, deepest <= Limits.maxRecursionDepth, !isDecisive(g.compare ?? node) else { return false }
        try chargeRemembered(n, node)
        reached(deepest, depth)
        return true
    }

    /// The line of a fact, `nil` for anything else.
    @inline(__always)
    static func factLine(_ v: Value?) -> Int? {
        if case .fact(let f)? = v { return f.line }
        return nil
    }

    /// The logical line of the 1-based report line `line` (``ReportModel/logicalLines``).
    @inline(__always)
    func logicalLine(_ line: Int) -> Int {
        line > 0 && line < logicalLines.count ? Int(logicalLines[line]) : line
    }

    /// Joins two texts of at most ``Limits/maxCollectionSize`` UTF-8 bytes together, charging a
    /// step per 64 bytes: `let`s are cached, so `let t2 = t1 + t1` doubles a text in one step and
    /// forty such lets would exhaust memory (a hostile pack, issue 8).
    func joined(_ s: String, _ t: String, _ node: Node) throws(EvaluationError) -> String {
        let n = s.utf8.count + t.utf8.count
        if n > Limits.maxCollectionSize {
            throw fault(.collectionTooLarge, "text longer than \(Limits.maxCollectionSize) bytes", node)
        }
        try charge(n / 64, node)
        return s + t
    }

    /// Checks a list built during evaluation against ``Limits/maxCollectionSize``, counting its
    /// items, the items of nested lists every time they occur and the bytes of texts, and charges
    /// a step per nested item visited. Lists that share their items (`let l2 = [l1, l1]`, cached)
    /// would otherwise grow exponentially in a few steps and displaying one would hang (issue 8).
    func checkSize(_ items: [Value], _ node: Node) throws(EvaluationError) {
        var size = 0, visited = 0
        var pending: [[Value]] = [items]
        while let list = pending.popLast() {
            size += list.count
            for item in list {
                switch item {
                case .list(let inner): pending.append(inner); visited += inner.count
                case .text(let s): size += s.utf8.count
                default: continue
                }
            }
            if size > Limits.maxCollectionSize {
                throw fault(.collectionTooLarge, "list larger than \(Limits.maxCollectionSize) items (nested lists and text bytes counted in full)", node)
            }
        }
        try charge(visited, node)
    }

    /// Adds `n` steps of work done outside ``eval(_:)``.
    func charge(_ n: Int, _ node: Node) throws(EvaluationError) {
        steps += n
        if steps > stepLimit {
            throw fault(.stepBudgetExceeded, "evaluation took more than \(stepLimit) steps", node)
        }
    }

    enum PathSegmentKey { case code(String), name(String) }

    func enter(_ node: Node) throws(EvaluationError) {
        depth += 1
        if depth > Limits.maxEvaluationDepth {
            depth -= 1
            throw fault(.evaluationTooDeep, "loops nested more than \(Limits.maxEvaluationDepth) deep", node)
        }
        if depth > peakDepth { peakDepth = depth }
    }

    /// `n` as an exact number. Lines, levels and counts are read again and again (joins compare
    /// `x.line == f.line` for every pair): small ones are made once per run and shared — a
    /// number is boxed, and making one was an allocation.
    @inline(__always)
    func integer(_ n: Int) -> Value {
        guard n >= 0, n < Evaluator.sharedIntegers else { return .number(.exact(Rational(n)), nil) }
        if n < integers.count, let v = integers[n] { return v }
        return makeInteger(n)
    }

    private func makeInteger(_ n: Int) -> Value {
        if integers.count <= n {
            integers.append(contentsOf: repeatElement(nil, count: Swift.min(Evaluator.sharedIntegers, Swift.max(n + 1, integers.count * 2, 64)) - integers.count))
        }
        let v = Value.number(.exact(Rational(n)), nil)
        integers[n] = v
        return v
    }

    /// `Int(r.shortString(maxDecimals: 0))` — `r` rounded to a whole number, `nil` outside
    /// `Int` — without writing and reading the text when `r` is a whole `Int` already.
    @inline(__always)
    static func whole(_ r: Rational) -> Int? {
        if r.denominator == 1, let n = Int(exactly: r.numerator) { return n }
        return Int(r.shortString(maxDecimals: 0))
    }

    /// Integers below this are shared (see ``integer(_:)``).
    static let sharedIntegers = 1 << 14

    /// ``Value/display`` of a value in an explanation. The texts of rows, tables, facts and
    /// lists are remembered by the value's bytes (its references; the entry keeps the value
    /// alive, so they are not reused): a check failing on several columns of a row shows the
    /// row, its table and their lists in every explanation.
    func display(_ v: Value) -> String {
        switch v {
        case .number(let f, _): return f.isBlank ? "(blank)" : numberTexts.display(f)
        case .text, .bool: return v.display
        case .row, .table, .classification, .fact, .list:
            guard Evaluator.valueFitsBits else { return v.display }
            let key = ValueBits(v)
            if let hit = displays[key] { return hit.text }
            let text = v.display
            if displays.count < Evaluator.maxRemembered { displays[key] = (v, text) }
            return text
        }
    }

    func describe(_ n: Node) -> String {
        if let v = trace?[n.id]?.1 { return v.display }
        return "expression"
    }

    func arith(_ f: () throws -> Figure) throws(EvaluationError) -> Figure {
        do { return try f() } catch let e as ArithmeticOverflow {
            throw .fault(e == .divisionByZero ? .divisionByZero : .arithmeticOverflow,
                         e == .divisionByZero ? "division by zero" : "arithmetic overflow: a value left the exact range",
                         SourceSpan(start: 0, end: 0))
        } catch {
            throw .fault(.arithmeticOverflow, "arithmetic failed", SourceSpan(start: 0, end: 0))
        }
    }

    // MARK: Coercions

    /// A value as a number: rows count as their first amount column.
    func figure(_ v: Value, _ node: Node) throws(EvaluationError) -> Figure {
        switch v {
        case .number(let f, _): return f
        case .row(let r):
            let t = r.table, i = r.index
            guard !t.rows[i].cells.isEmpty else { throw .notApplicable("row '\(t.rows[i].name)' of '\(t.name)' has no amount") }
            return t.rows[i].cells[0].figure ?? .blank
        case .bool: throw fault(.runtimeTypeError, "expected a number, found a boolean", node)
        default: throw fault(.runtimeTypeError, "expected a number, found \(v.typeName) \(v.display)", node)
        }
    }

    func numberWithOrigin(_ v: Value) -> (Figure, Origin?)? {
        switch v {
        case .number(let f, let o): return (f, o)
        case .row(let r):
            let t = r.table, i = r.index
            guard !t.rows[i].cells.isEmpty else { return nil }
            return (t.rows[i].cells[0].figure ?? .blank, .cell(t, row: i, column: 0))
        default: return nil
        }
    }

    func truth(_ v: Value, _ node: Node) throws(EvaluationError) -> Bool {
        switch v {
        case .bool(let b): return b
        case .list(let xs): return !xs.isEmpty
        case .number(let f, _): return f.value.signum != 0
        default: throw fault(.runtimeTypeError, "expected a condition, found \(v.typeName)", node)
        }
    }

    func elements(_ v: Value, _ node: Node) throws(EvaluationError) -> [Value] {
        switch v {
        case .list(let xs): return xs
        case .table(let t): return allRows(t)
        case .classification(let t, let k):
            return rows(t, k, 0) { t.rows[$0].codeKind == k || (k == .lineNumber && t.rows[$0].lineNumber != nil) }
        default: throw fault(.runtimeTypeError, "cannot iterate over \(v.typeName)", node)
        }
    }

    /// Every row of `t`, in order; built once per run.
    func allRows(_ t: Table) -> [Value] { rows(t, nil, 0) { _ in true } }

    /// The rows of `t` that `include` picks, remembered under (table, kind, which): a model
    /// never changes during a run, and checks iterate the same classification for every column.
    func rows(_ t: Table, _ kind: RowKey?, _ which: Int, _ include: (Int) -> Bool) -> [Value] {
        let key = ClassificationKey(table: ObjectIdentifier(t), kind: kind, which: which)
        if let cached = classificationRows[key] { return cached }
        var out: [Value] = []
        for i in t.rows.indices where include(i) { out.append(.row(RowRef(table: t, index: i))) }
        // The list holds the table, so its identifier cannot be reused while the entry lives —
        // except for an empty list; those are cheap to rebuild and not remembered.
        if !out.isEmpty { classificationRows[key] = out }
        return out
    }

    // MARK: Members

    func member(_ base: Value, _ m: Node.Member, _ node: Node) throws(EvaluationError) -> Value {
        switch base {
        case .list(let xs):
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            for x in xs {
                let v = try member(x, m, node)
                if case .list(let inner) = v, case .children = m { out.append(contentsOf: inner) }
                else if case .list(let inner) = v, case .descendants = m { out.append(contentsOf: inner) }
                else { out.append(v) }
            }
            return .list(out)
        case .table(let t):
            // `t.经济支出` names a group (or a row) of the table: the same list for the run, so
            // that loops over it find what they remembered about it by the list's storage.
            if case .named = m, case .member = node.op { return try namedTableMember(t, m, node) }
            return try tableMember(t, m, node)
        case .classification(let t, let k):
            switch m {
            case .code(let c): return try rowByCode(t, c, kind: k)
            case .children:
                return .list(rows(t, k, 1) { t.rows[$0].codeKind == k && t.rows[$0].parent == nil && t.rows[$0].code != nil })
            case .descendants:
                return .list(rows(t, k, 2) { t.rows[$0].codeKind == k && t.rows[$0].code != nil })
            default: return try tableMember(t, m, node)
            }
        case .row(let r): return try rowMember(r, m, node)
        case .fact: return try factMember(base, m, node)
        default:
            throw fault(.runtimeTypeError, "\(base.typeName) \(base.display) has no members", node)
        }
    }

    func rowByCode(_ t: Table, _ c: String, kind: RowKey?) throws(EvaluationError) -> Value {
        var hits = t.rows(code: c)
        if let k = kind, k != .lineNumber { hits = hits.filter { t.rows[$0].codeKind == k || t.rows[$0].codeKind == nil } }
        if hits.isEmpty, kind == nil || kind == .lineNumber, let n = Int(c), let i = t.row(lineNumber: n) { hits = [i] }
        guard let first = hits.first else { throw .notApplicable("'\(t.name)' has no row with code \(c)") }
        if hits.count > 1 {
            throw .notApplicable("'\(t.name)' has \(hits.count) rows with code \(c) (lines \(hits.map { String(t.rows[$0].line) }.joined(separator: ", ")))")
        }
        return .row(RowRef(table: t, index: first))
    }

    /// ``tableMember(_:_:_:)`` of a member node naming a group or row, remembered by node and
    /// table (the entry holds the table, so its identifier is not reused while it lives).
    func namedTableMember(_ t: Table, _ m: Node.Member, _ node: Node) throws(EvaluationError) -> Value {
        let key = RowMemoKey(by: ObjectIdentifier(node), table: ObjectIdentifier(t), row: 0)
        if let hit = namedMembers[key], hit.table === t { return try hit.outcome.get() }
        let outcome: Result<Value, EvaluationError>
        do throws(EvaluationError) { outcome = .success(try tableMember(t, m, node)) } catch { outcome = .failure(error) }
        if namedMembers.count < Evaluator.maxRemembered { namedMembers[key] = (t, outcome) }
        return try outcome.get()
    }

    func tableMember(_ t: Table, _ m: Node.Member, _ node: Node) throws(EvaluationError) -> Value {
        switch m {
        case .classification(let k): return .classification(t, k)
        case .code(let c): return try rowByCode(t, c, kind: nil)
        case .children, .descendants, .property(.rows):
            return .list(allRows(t))
        case .property(.name): return .text(t.name)
        case .property(.line): return integer(t.line)
        case .property(.para): return integer(logicalLine(t.line))
        case .property(let p): throw fault(.runtimeTypeError, "a table has no property '\(p.rawValue)'", node)
        case .named(let raw, let key):
            if let rows = groupRows(t, key) { return .list(rows) }
            let hits = t.rows(foldedName: key)
            guard let first = hits.first else { throw .notApplicable("'\(t.name)' has no row named '\(raw)'") }
            if hits.count > 1 {
                // The same name twice (e.g. 合计 in two groups): prefer a total row, else ambiguous.
                throw .notApplicable("'\(t.name)' has \(hits.count) rows named '\(raw)' (lines \(hits.map { String(t.rows[$0].line) }.joined(separator: ", ")))")
            }
            return .row(RowRef(table: t, index: first))
        }
    }

    /// The rows of the first group of `t` whose folded name is `key` (`t.经济支出`), `nil` when
    /// no group has that name. The groups' folded names are found once per table and each
    /// group's rows once per run (see ``TableGroups``): every member naming a group folded
    /// every group name of the table and compared every row's group again.
    func groupRows(_ t: Table, _ key: String) -> [Value]? {
        guard !t.groups.isEmpty else { return nil }
        let id = ObjectIdentifier(t)
        if tableGroups[id] == nil {
            var first: [String: Int] = [:]
            // The first group of each folded name, as a search in order finds it. A dictionary
            // finds keys by canonical equality, which is what `RunCaches.sameKey` decides (by
            // bytes only where bytes are canonical equality).
            for (i, g) in t.groups.enumerated() {
                let k = names.folded(g).key
                if first[k] == nil { first[k] = i }
            }
            tableGroups[id] = TableGroups(table: t, firstGroup: first)
        }
        guard let gi = tableGroups[id]!.firstGroup[key] else { return nil }
        if let rows = tableGroups[id]!.rows[gi] { return rows }
        let g = t.groups[gi]
        // `group == g`, by bytes first: Chinese texts compared as Strings went through
        // normalisation for every row. Plain texts (see `RunCaches.isPlain`) with other
        // bytes are other texts; anything else is left to `==`.
        let plain = RunCaches.isPlain(g)
        var out: [Value] = []
        for i in t.rows.indices {
            guard let rg = t.rows[i].group else { continue }
            if RunCaches.sameBytes(rg, g) || (!(plain && RunCaches.isPlain(rg)) && rg == g) {
                out.append(.row(RowRef(table: t, index: i)))
            }
        }
        tableGroups[id]!.rows[gi] = out
        return out
    }

    func rowMember(_ r: RowRef, _ m: Node.Member, _ node: Node) throws(EvaluationError) -> Value {
        // Fields are read through the table's array in place: `r.row` would copy the whole row
        // (its strings and arrays) for every member access.
        let t = r.table, i = r.index
        switch m {
        case .children: return .list(t.rows[i].children.map { .row(RowRef(table: t, index: $0)) })
        case .descendants:
            var out: [Value] = [], stack = Array(t.rows[i].children.reversed())
            while let k = stack.popLast() {
                out.append(.row(RowRef(table: t, index: k)))
                stack.append(contentsOf: t.rows[k].children.reversed())
            }
            return .list(out)
        case .code(let c):
            for k in t.rows[i].children where t.rows[k].code == c { return .row(RowRef(table: t, index: k)) }
            throw .notApplicable("row '\(t.rows[i].name)' has no child with code \(c)")
        // `x.line` where the compiler could not tell `x`'s type (a row of `t.收入` with `t` bound
        // by `for t in tables(…)`) reads as the 行次 classification of a table; of a row it is the line.
        case .classification(.lineNumber): return integer(t.rows[i].line)
        case .classification: throw fault(.runtimeTypeError, "a row has no classification", node)
        case .property(let p):
            switch p {
            case .code: return t.rows[i].code.map { .text($0) } ?? .text("")
            case .name: return .text(t.rows[i].name)
            case .level: return integer(Evaluator.level(t.rows[i].code, t.rows[i].codeKind))
            case .line: return integer(t.rows[i].line)
            case .para: return integer(logicalLine(t.rows[i].line))
            case .parent:
                guard let p = t.rows[i].parent else { throw .notApplicable("row '\(t.rows[i].name)' has no parent") }
                return .row(RowRef(table: t, index: p))
            case .group: return .text(t.rows[i].group ?? "")
            case .total: return .bool(t.rows[i].isTotal)
            case .rows, .text, .kind: throw fault(.runtimeTypeError, "a row has no property '\(p.rawValue)'", node)
            }
        case .named(let raw, let key):
            guard let c = columns.column(t, key) else {
                throw .notApplicable("'\(t.name)' has no column '\(raw)'")
            }
            return rowCell(t, i, c)
        }
    }

    /// ``Row/level`` or 0, without building the list of level lengths.
    static func level(_ code: String?, _ kind: RowKey?) -> Int {
        guard let c = code else { return 0 }
        let n = c.count
        switch kind {
        case .functional: return n == 3 ? 1 : n == 5 ? 2 : n == 7 ? 3 : 0
        case .economic: return n == 3 ? 1 : n == 5 ? 2 : 0
        default: return 0
        }
    }

    /// Column `c` of row `i` as a number, blank when the row is short; made once per run
    /// (see ``CellValues``).
    func rowCell(_ t: Table, _ i: Int, _ c: Int) -> Value {
        cellValues.value(t, i, c) {
            let fig = c < t.rows[i].cells.count ? (t.rows[i].cells[c].figure ?? .blank) : .blank
            return .number(fig, .cell(t, row: i, column: c))
        }
    }

    /// Member `m` of the fact `v` (a `.fact` value). Fields read by name or property are
    /// remembered by node and fact (see ``FactFieldCache``): narrative checks read the same
    /// fields of the same facts for every outer fact of a join.
    func factMember(_ v: Value, _ m: Node.Member, _ node: Node) throws(EvaluationError) -> Value {
        switch m {
        case .named, .code, .property(.code), .property(.name), .property(.level), .property(.parent),
             .property(.group), .property(.total), .property(.rows):
            break
        default:
            guard case .fact(let f) = v else { throw fault(.runtimeTypeError, "a fact has no such member", node) }
            return try factMemberUncached(f, m, node)
        }
        guard Evaluator.valueFitsBits else {
            guard case .fact(let f) = v else { throw fault(.runtimeTypeError, "a fact has no such member", node) }
            return try factMemberUncached(f, m, node)
        }
        let site = RunCaches.word(ObjectIdentifier(node)), bits = ValueBits(v)
        if let hit = factFields.value(site, bits) { return hit }
        guard case .fact(let f) = v else { throw fault(.runtimeTypeError, "a fact has no such member", node) }
        let out = try factMemberUncached(f, m, node)
        factFields.store(site, bits, fact: v, value: out)
        return out
    }

    /// `fields[name]`, found first by comparing bytes: a fact has a handful of fields, and
    /// hashing a name (which normalises it) costs more than comparing it with each. Keys are
    /// unique under canonical equality, so a key with the same bytes is the one the dictionary
    /// finds; otherwise the dictionary decides unless every text involved is plain.
    @inline(__always)
    static func field(_ fields: [String: FactField], _ name: String) -> FactField? {
        if fields.count <= 16 {
            var i = fields.startIndex
            while i != fields.endIndex {
                if RunCaches.sameBytes(fields.keys[i], name) { return fields.values[i] }
                fields.formIndex(after: &i)
            }
            // When the name and every key are plain (see `RunCaches.isPlain`), canonical
            // equality is byte equality and a miss here is a miss there (`exists(f.x)` of a field
            // that only some templates capture). Asked only on a miss: a hit needs no key's
            // spelling checked.
            if RunCaches.isPlain(name) && fields.keys.allSatisfy(RunCaches.isPlain) { return nil }
        }
        return fields[name]
    }

    func factMemberUncached(_ f: Fact, _ m: Node.Member, _ node: Node) throws(EvaluationError) -> Value {
        let candidates: [String]
        switch m {
        case .property(.line): return integer(f.line)
        case .property(.para): return integer(logicalLine(f.line))
        case .property(.text): return .text(f.text)
        case .property(.kind): return .text(f.kind)
        case .property(let p): candidates = RowProperty.factFieldNames[p] ?? [p.rawValue]
        case .named(let raw, _):
            guard let field = Evaluator.field(f.fields, raw) else {
                throw .notApplicable("the \(f.kind) statement on line \(f.line) has no '\(raw)'")
            }
            switch field {
            case .figure(let fig, _): return .number(fig, .field(f, raw))
            case .text(let s, _): return .text(s)
            case .list(let items, _): return .list(items.map { .fact($0) })
            }
        case .code(let c): candidates = [c]
        // `x.line` where the compiler could not tell `x`'s type (`first(xs)` of a list bound in
        // a loop) reads as the 行次 classification of a table; of a fact it is the line.
        case .classification(.lineNumber): return integer(f.line)
        default: throw fault(.runtimeTypeError, "a fact has no such member", node)
        }
        guard let name = candidates.first(where: { f.fields[$0] != nil }), let field = f.fields[name] else {
            throw .notApplicable("the \(f.kind) statement on line \(f.line) has no '\(candidates[0])'")
        }
        switch field {
        case .figure(let fig, _): return .number(fig, .field(f, name))
        case .text(let s, _): return .text(s)
        case .list(let items, _): return .list(items.map { .fact($0) })
        }
    }
}
