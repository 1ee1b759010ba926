/// Resolves names and compiles expressions to ``Node`` trees.
///
/// Names resolve at compile time against the ``Environment``: variables, `let`s, tables, fact
/// kinds and — inside a table context — classification keys, columns and row names. A name that
/// resolves to nothing is error T0201 with "did you mean" candidates. Row names cannot be known
/// before a report is loaded, so in a table context an unknown bare name is a row looked up at
/// run time (its absence makes the check *not applicable*), unless the environment knows every
/// row (a concrete model), in which case it is checked now.
struct Compiler {
    let environment: Environment
    var diagnostics: [Diagnostic] = []
    /// Names of `let`s and their indexes.
    var lets: [String: Int] = [:] { didSet { nameMeanings = [:] } }
    var letTypes: [Int: StaticType] = [:]
    var usedLets: Set<Int> = []
    /// `let name(params) = body` functions by name; a call compiles a copy of the body with
    /// the arguments in place of the parameters (``compileFunctionCall(_:_:_:)``).
    var functions: [String: LetDeclaration] = [:]
    /// The functions called anywhere (the others are reported unused).
    var calledFunctions: Set<String> = []
    /// The functions being expanded, outermost first: a function calling itself is refused.
    var expanding: [String] = []
    /// For each argument of a function call, by its expression's id, the functions being
    /// expanded where it was written: an argument is compiled there, not inside the function it
    /// is passed to (`g(f(x))` where `f` calls `g` is no call of `g` by itself).
    var argumentContexts: [Int: [String]] = [:]
    /// Ids for the copies of function bodies, above any a parser gives, so that explanations
    /// (which attach values to node ids) keep every copy apart.
    var nextCopyID = Compiler.copyIDBase
    /// The loop and check variables in scope, innermost last; `plain` tells whether comparing
    /// the name's bytes is comparing it as a String (``RunCaches/isPlain(_:)``).
    var scopes: [(name: String, slot: Int, type: StaticType, plain: Bool)] = []
    var slotCount = 0
    var context: String?
    /// The table names by folded key (the first name of each key in the environment's order):
    /// folded once per compilation instead of for every table at each lookup.
    private let tableKeys: [String: String]
    /// The folded names and aliases of each table's columns, worked out on first use.
    private var columnKeys: [String: Set<String>] = [:]
    /// What each bare name means apart from loop variables (see ``meaning(of:)``).
    private var nameMeanings: [ExactText: NameMeaning] = [:]
    /// What each name after a dot can be (see ``segment(_:)``).
    private var segments: [ExactText: Segment] = [:]
    /// The environment's tables by the bytes of a name looked up (see ``schema(_:)``).
    private var schemas: [ExactText: TableSchema?] = [:]
    /// Whether a table has a column, by the bytes of the table and folded name (``hasColumn``).
    private var columnHits: [NamePair: Bool] = [:]
    /// Whether a fact kind has a field, by the bytes of kind and field (``factField(_:_:)``);
    /// `nil` when there is no such kind.
    private var factFieldHits: [NamePair: Bool?] = [:]

    /// Two names as a memo key, compared by their bytes.
    struct NamePair: Hashable {
        let a: ExactText, b: ExactText
        init(_ a: String, _ b: String) { self.a = ExactText(a); self.b = ExactText(b) }
    }

    /// What a bare name means apart from loop variables: a let, a table, a fact kind (or
    /// several, which is an error). A pack names the same few things thousands of times, and
    /// each lookup hashes a Chinese name with normalisation: worked out once per name.
    struct NameMeaning {
        var letIndex: Int?
        var table: String?
        var isFactKind: Bool
    }

    /// What a name after a dot can be: a classification or 行次 key, a row property, and its
    /// folded key (for columns, rows and fact fields), worked out once per name.
    struct Segment {
        var rowKey: RowKey?
        var property: RowProperty?
        var key: String
    }

    init(environment: Environment) {
        self.environment = environment
        var keys: [String: String] = [:]
        for name in environment.tables.keys {
            let k = NameFolding.key(name)
            if keys[k] == nil { keys[k] = name }
        }
        tableKeys = keys
    }

    /// Static kinds for diagnostics; `unknown` defers the question to run time.
    enum StaticType: Equatable {
        case number, text, bool, unknown, list
        case table(String), classification(String), row(String?), rows(String?), fact(String?), facts(String?)
    }

    mutating func error(_ id: DiagnosticID, _ message: String, _ span: SourceSpan, help: String? = nil, notes: [String] = []) {
        diagnostics.append(Diagnostic(id, message, at: span, notes: notes, help: help))
    }

    /// The table `name` means: itself when declared so, else the table whose name folds the same.
    mutating func isKnownTable(_ name: String) -> String? {
        if schema(name) != nil { return name }
        return tableKeys[NameFolding.key(name)]
    }

    /// Whether table `table` (described by `schema`) has a column whose folded name is `key`,
    /// as ``TableSchema/hasColumn(_:)`` tells, with ``TableSchema/columnKeys`` folded once per table.
    mutating func hasColumn(_ table: String, _ schema: TableSchema, key: String) -> Bool {
        let query = NamePair(table, key)
        if let hit = columnHits[query] { return hit }
        let keys: Set<String>
        if let k = columnKeys[table] { keys = k } else {
            keys = schema.columnKeys
            columnKeys[table] = keys
        }
        let hit = keys.contains(key)
        columnHits[query] = hit
        return hit
    }

    /// `environment.tables[name]`, remembered by the name's bytes: a pack names the same few
    /// tables thousands of times, and a `String` key hashes Chinese text with normalisation.
    mutating func schema(_ name: String) -> TableSchema? {
        let key = ExactText(name)
        if let s = schemas[key] { return s }
        let s = environment.tables[name]
        schemas[key] = s
        return s
    }

    /// Whether fact kind `kind` has field `field` (`nil`: no such kind), remembered by bytes.
    mutating func factField(_ kind: String, _ field: String) -> Bool? {
        let query = NamePair(kind, field)
        if let hit = factFieldHits[query] { return hit }
        let hit = environment.factKinds[kind].map { $0.contains(field) }
        factFieldHits[query] = hit
        return hit
    }

    /// ``NameMeaning`` of `n`, remembered.
    mutating func meaning(of n: String) -> NameMeaning {
        let key = ExactText(n)
        if let m = nameMeanings[key] { return m }
        let m = NameMeaning(letIndex: lets[n], table: isKnownTable(n), isFactKind: environment.factKinds[n] != nil)
        nameMeanings[key] = m
        return m
    }

    /// ``Segment`` of `name`, remembered.
    mutating func segment(_ name: String) -> Segment {
        let key = ExactText(name)
        if let s = segments[key] { return s }
        let s = Segment(rowKey: RowKey(written: name), property: RowProperty.aliases[name], key: NameFolding.key(name))
        segments[key] = s
        return s
    }

    mutating func newSlot() -> Int { slotCount += 1; return slotCount - 1 }

    // MARK: Expressions

    mutating func compile(_ e: Expr) -> (Node, StaticType) {
        if let outer = argumentContexts[e.id], outer.count < expanding.count {
            let inner = expanding
            expanding = outer
            defer { expanding = inner }
            return compile(e)
        }
        switch e.kind {
        case .number(let v, let d):
            // Integer literals are exact (counts, multipliers); decimals carry their precision.
            let f = d == 0 ? Figure.exact(v) : Figure.amount(v, decimals: d)
            return (Node(e.id, e.span, .constant(.number(f, nil))), .number)
        case .percent(let v, let d):
            return (Node(e.id, e.span, .constant(.number(Figure.percent(v, decimals: d), nil))), .number)
        case .string(let s): return (Node(e.id, e.span, .constant(.text(s))), .text)
        case .bool(let b): return (Node(e.id, e.span, .constant(.bool(b))), .bool)
        case .name(let n): return compileName(n, e)
        case .member(let base, let seg): return compileMember(base, seg, e)
        case .index(let base, let i):
            let (b, bt) = compile(base)
            let (ix, _) = compile(i)
            let t: StaticType
            switch bt {
            case .table(let n), .classification(let n): t = .row(n)
            default: t = .unknown
            }
            return (Node(e.id, e.span, .index(b, ix)), t)
        case .call(let name, let args): return compileCall(name, args, e)
        case .unary(.negate, let a):
            let (n, t) = compile(a)
            expectNumeric(t, a.span, "'-'")
            return (Node(e.id, e.span, .negate(n)), .number)
        case .unary(.not, let a):
            let (n, _) = compile(a)
            return (Node(e.id, e.span, .not(n)), .bool)
        case .binary(let op, let a, let b):
            let (x, tx) = compile(a), (y, ty) = compile(b)
            switch op {
            case .and: return (Node(e.id, e.span, .and(x, y)), .bool)
            case .or: return (Node(e.id, e.span, .or(x, y)), .bool)
            case .add where tx == .text || ty == .text:
                // "…" + "…" joins texts (a fact's 科目 and a suffix, to name a row).
                return (Node(e.id, e.span, .arithmetic(op, x, y)), .text)
            case .add where isList(tx) || isList(ty):
                // [..] + [..] joins lists (the parts of two sentences, rows of two tables).
                if isNumeric(tx) || isNumeric(ty) || tx == .bool || ty == .bool {
                    error(.typeMismatch, "'+' joins two lists or adds two numbers, not a list and a \(isList(tx) ? describe(ty) : describe(tx))", e.span,
                          help: "put the item in brackets to add it to the list: xs + [x]")
                }
                return (Node(e.id, e.span, .arithmetic(op, x, y)), .list)
            default:
                expectNumeric(tx, a.span, "'\(op.rawValue)'"); expectNumeric(ty, b.span, "'\(op.rawValue)'")
                return (Node(e.id, e.span, .arithmetic(op, x, y)), .number)
            }
        case .compare(let op, let a, let b, let mode):
            let (x, tx) = compile(a), (y, ty) = compile(b)
            if (tx == .text && isNumeric(ty)) || (ty == .text && isNumeric(tx)) {
                error(.typeMismatch, "cannot compare text with a number", e.span)
            }
            let m: Node.Mode
            switch mode {
            case .precision: m = .precision
            case .exact: m = .exact
            case .within(let t):
                let (tn, tt) = compile(t)
                expectNumeric(tt, t.span, "'within'")
                m = .within(tn)
            }
            return (Node(e.id, e.span, .compare(op, x, y, m)), .bool)
        case .conditional(let c, let a, let b):
            let (cn, _) = compile(c), (an, at) = compile(a), (bn, bt) = compile(b)
            return (Node(e.id, e.span, .conditional(cn, an, bn)), at == bt ? at : .unknown)
        case .quantifier(let q, let binding, let body):
            let (slot, domain, filter) = compileBinding(binding)
            let (bn, _) = compile(body)
            scopes.removeLast()
            return (Node(e.id, e.span, .quantifier(q, slot: slot, domain: domain, filter: filter, body: bn)), .bool)
        case .comprehension(let body, let binding):
            let (slot, domain, filter) = compileBinding(binding)
            let (bn, bt) = compile(body)
            scopes.removeLast()
            let t: StaticType
            switch bt {
            case .row(let n): t = .rows(n)
            case .fact(let k): t = .facts(k)
            default: t = .list
            }
            return (Node(e.id, e.span, .comprehension(slot: slot, domain: domain, filter: filter, body: bn)), t)
        case .list(let items):
            return (Node(e.id, e.span, .list(items.map { compile($0).0 })), .list)
        case .invalid:
            return (Node(e.id, e.span, .constant(.bool(false))), .unknown)
        }
    }

    /// Whether `t` is known to be a list (of anything, rows or facts).
    func isList(_ t: StaticType) -> Bool {
        switch t {
        case .list, .rows, .facts: true
        default: false
        }
    }

    /// `t` in words, for messages.
    func describe(_ t: StaticType) -> String {
        switch t {
        case .number, .row: "number"
        case .text: "text"
        case .bool: "boolean"
        default: "value"
        }
    }

    func isNumeric(_ t: StaticType) -> Bool {
        switch t {
        case .number, .row: true
        default: false
        }
    }

    mutating func expectNumeric(_ t: StaticType, _ span: SourceSpan, _ what: String) {
        switch t {
        case .text: error(.typeMismatch, "\(what) needs a number, found text", span)
        case .bool: error(.typeMismatch, "\(what) needs a number, found a boolean", span)
        case .table(let n): error(.typeMismatch, "\(what) needs a number, found table '\(n)'", span,
                                  help: "name a row and a column, e.g. \(n).合计.<column>")
        default: break
        }
    }

    /// Compiles `for x in domain where filter`, pushing `x` onto the scope (the caller pops it).
    mutating func compileBinding(_ b: Binding) -> (Int, Node, Node?) {
        let (domain, dt) = compile(b.domain)
        let slot = newSlot()
        let elementType: StaticType
        switch dt {
        case .rows(let n): elementType = .row(n)
        case .facts(let k): elementType = .fact(k)
        case .table(let n): elementType = .row(n)
        case .classification(let n): elementType = .row(n)
        case .number, .text, .bool:
            error(.typeMismatch, "cannot iterate over a single value", b.domain.span); elementType = .unknown
        default: elementType = .unknown
        }
        scopes.append((b.variable, slot, elementType, RunCaches.isPlain(b.variable)))
        let filter = b.filter.map { compile($0).0 }
        return (slot, domain, filter)
    }

    mutating func compileName(_ n: String, _ e: Expr) -> (Node, StaticType) {
        let name = (key: n, plain: RunCaches.isPlain(n))
        if let s = scopes.last(where: { RunCaches.sameKey(($0.name, $0.plain), name) }) {
            return (Node(e.id, e.span, .variable(s.slot)), s.type)
        }
        // A name that is two things at once (a let and a table, a table and a fact kind) is
        // ambiguous: never a silent pick.
        var meanings: [String] = []
        let m = meaning(of: n)
        let letIndex = m.letIndex, table = m.table, isFactKind = m.isFactKind
        if letIndex != nil { meanings.append("the let '\(n)'") }
        if let t = table { meanings.append("the table '\(t)'") }
        if isFactKind { meanings.append("the fact pattern '\(n)'") }
        if meanings.count > 1 {
            error(.ambiguousName, "'\(n)' is ambiguous", e.span, help: "rename one of them",
                  notes: ["it could be " + meanings.joined(separator: " or ")])
            return (Node(e.id, e.span, .constant(.bool(false))), .unknown)
        }
        if let i = letIndex { usedLets.insert(i); return (Node(e.id, e.span, .letValue(i)), letTypes[i] ?? .unknown) }
        if let t = table { return (Node(e.id, e.span, .table(t)), .table(t)) }
        if isFactKind { return (Node(e.id, e.span, .facts(n)), .facts(n)) }
        if let ctx = context {
            let tableNode = Node(e.id, e.span, .table(ctx))
            let seg = segment(n)
            if let key = seg.rowKey, key.isClassification || key == .lineNumber {
                return (Node(e.id, e.span, .member(tableNode, .classification(key))), .classification(ctx))
            }
            // Rows are known only for a concrete model; then a name that is no row is an error
            // (a column name gets a hint). Otherwise the row is looked up in each report.
            if let schema = schema(ctx), let rows = schema.rowNames,
               !rows.contains(where: { NameFolding.key($0) == seg.key }) {
                if hasColumn(ctx, schema, key: seg.key) {
                    error(.typeMismatch, "'\(n)' is a column of '\(ctx)'; a column needs a row", e.span,
                          help: "write '<row>.\(n)', e.g. '合计.\(n)'")
                } else {
                    error(.unknownName, "no row named '\(n)' in table '\(ctx)'", e.span,
                          help: Suggestions.help(for: n, among: rows + candidates()))
                }
                return (tableNode, .unknown)
            }
            return (Node(e.id, e.span, .member(tableNode, .named(raw: n, key: seg.key))), .row(ctx))
        }
        error(.unknownName, "unknown name '\(n)'", e.span, help: Suggestions.help(for: n, among: candidates()),
              notes: environment.tables.isEmpty ? [] : ["outside a table context, start paths with a table name, e.g. '\(environment.tables.keys.sorted().first!).\(n)'"])
        return (Node(e.id, e.span, .constant(.bool(false))), .unknown)
    }

    func candidates() -> [String] {
        scopes.map(\.name) + Array(lets.keys) + Array(environment.tables.keys) + Array(environment.factKinds.keys)
            + Builtin.allCases.map(\.rawValue)
    }

    mutating func compileMember(_ base: Expr, _ seg: PathSegment, _ e: Expr) -> (Node, StaticType) {
        let (b, bt) = compile(base)
        switch seg {
        case .children, .descendants:
            let t: StaticType
            switch bt {
            case .row(let n), .rows(let n): t = .rows(n)
            case .classification(let n), .table(let n): t = .rows(n)
            default: t = .unknown
            }
            return (Node(e.id, e.span, .member(b, seg == .children ? .children : .descendants)), t)
        case .code(let c):
            switch bt {
            case .number, .text, .bool, .fact, .facts:
                error(.typeMismatch, "a code segment '.\(c)' needs a table, a classification or a row", e.span)
            default: break
            }
            let n: String?
            switch bt { case .table(let x), .classification(let x), .row(let x?): n = x; default: n = nil }
            return (Node(e.id, e.span, .member(b, .code(c))), .row(n))
        case .name(let name):
            // 功能分类 / 经济分类 / 行次 after a table (known now or only at run time) is its
            // classification, never a row name.
            let seg = segment(name)
            if let key = seg.rowKey, key != .name {
                switch bt {
                case .table(let t): return (Node(e.id, e.span, .member(b, .classification(key))), .classification(t))
                case .unknown: return (Node(e.id, e.span, .member(b, .classification(key))), .unknown)
                default: break
                }
            }
            if let p = seg.property {
                let t: StaticType
                switch p {
                case .code, .name, .group, .text, .kind: t = .text
                case .level, .line, .para: t = .number
                case .total: t = .bool
                case .parent: if case .row(let n) = bt { t = .row(n) } else { t = .unknown }
                case .rows: if case .table(let n) = bt { t = .rows(n) } else { t = .unknown }
                }
                if case .rows = bt { return (Node(e.id, e.span, .member(b, .property(p))), .list) }
                return (Node(e.id, e.span, .member(b, .property(p))), t)
            }
            let node = Node(e.id, e.span, .member(b, .named(raw: name, key: seg.key)))
            switch bt {
            case .row(let n?), .rows(let n?):
                if let schema = schema(n), !hasColumn(n, schema, key: seg.key) {
                    error(.unknownColumn, "table '\(n)' has no column '\(name)'", e.span,
                          help: Suggestions.help(for: name, among: schema.columns.flatMap { [$0.name] + $0.aliases }))
                }
                if case .rows = bt { return (node, .list) }
                return (node, .number)
            case .table(let n):
                if let schema = schema(n) {
                    if schema.groups.contains(name) { return (node, .rows(n)) }
                    if let rows = schema.rowNames, !rows.contains(where: { NameFolding.key($0) == seg.key }) {
                        if hasColumn(n, schema, key: seg.key) {
                            error(.typeMismatch, "'\(name)' is a column of '\(n)'; a column needs a row", e.span,
                                  help: "write '\(n).<row>.\(name)', e.g. '\(n).合计.\(name)'")
                        } else {
                            error(.unknownName, "no row named '\(name)' in table '\(n)'", e.span,
                                  help: Suggestions.help(for: name, among: rows))
                        }
                    }
                }
                return (node, .row(n))
            case .fact(let k?), .facts(let k?):
                if factField(k, name) == false, let fields = environment.factKinds[k] {
                    error(.unknownFact, "fact '\(k)' has no field '\(name)'", e.span,
                          help: Suggestions.help(for: name, among: fields) ?? "its fields are " + fields.map { "'\($0)'" }.joined(separator: ", "))
                }
                if case .facts = bt { return (node, .list) }
                // A repeating group's field: a list of item facts of kind `KIND.GROUP`.
                if environment.factKinds[k + "." + name] != nil { return (node, .facts(k + "." + name)) }
                return (node, .unknown)
            case .number, .text, .bool:
                error(.typeMismatch, "a \(bt == .text ? "text" : bt == .bool ? "boolean" : "number") has no member '\(name)'", e.span)
                return (node, .unknown)
            default:
                return (node, .unknown)
            }
        }
    }

    mutating func compileCall(_ name: String, _ args: [Expr], _ e: Expr) -> (Node, StaticType) {
        if let f = functions[name] { return compileFunctionCall(f, args, e) }
        if let h = environment.hostFunctions[name] {
            if !h.arity.contains(args.count) {
                error(.wrongArity, "'\(name)' takes \(arityText(h.arity)), not \(args.count)", e.span)
            }
            return (Node(e.id, e.span, .host(h, args.map { compile($0).0 })), .unknown)
        }
        guard let b = Builtin(rawValue: name) else {
            error(.unknownFunction, "unknown function '\(name)'", e.span,
                  help: Suggestions.help(for: name, among: Builtin.allCases.map(\.rawValue) + Array(environment.hostFunctions.keys)))
            return (Node(e.id, e.span, .constant(.bool(false))), .unknown)
        }
        if !b.arity.contains(args.count) {
            error(.wrongArity, "'\(name)' takes \(arityText(b.arity)), not \(args.count)", e.span)
            return (Node(e.id, e.span, .constant(.bool(false))), .unknown)
        }
        if b == .facts {
            // facts(kind): the argument is a fact kind name, not an expression.
            if case .name(let k) = args[0].kind {
                if environment.factKinds[k] == nil {
                    error(.unknownFact, "no fact pattern named '\(k)'", args[0].span,
                          help: Suggestions.help(for: k, among: Array(environment.factKinds.keys)))
                }
                return (Node(e.id, e.span, .facts(k)), .facts(k))
            }
            if case .string(let k) = args[0].kind { return (Node(e.id, e.span, .facts(k)), .facts(k)) }
            error(.typeMismatch, "'facts' takes the name of a fact pattern", args[0].span)
            return (Node(e.id, e.span, .constant(.list([]))), .list)
        }
        let compiled = args.map { compile($0) }
        let t: StaticType
        switch b {
        case .sum, .abs, .round, .min, .max, .count, .percent, .length, .number: t = .number
        case .blank, .exists, .contains, .same: t = .bool
        case .text, .prefix, .unbracketed: t = .text
        case .columns, .tables, .amounts: t = .list
        case .match:
            if case .table(let n) = compiled[0].1 { t = .row(n) } else { t = .unknown }
        case .total:
            if case .table(let n) = compiled[0].1 { t = .row(n) } else { t = .unknown }
        case .recent:
            switch compiled[0].1 { case .facts(let k): t = .facts(k); case .rows(let n): t = .rows(n); default: t = .list }
        case .previous, .next, .first, .last:
            switch compiled[0].1 { case .rows(let n): t = .row(n); case .facts(let k): t = .fact(k); default: t = .unknown }
        case .rows, .children, .descendants, .filled:
            switch compiled[0].1 {
            case .table(let n), .row(let n?), .rows(let n?), .classification(let n): t = .rows(n)
            default: t = compiled[0].1 == .list ? .list : .unknown
            }
        case .facts: t = .unknown
        }
        return (Node(e.id, e.span, .builtin(b, compiled.map(\.0))), t)
    }

    func arityText(_ r: ClosedRange<Int>) -> String {
        r.lowerBound == r.upperBound ? "\(r.lowerBound) argument\(r.lowerBound == 1 ? "" : "s")" : "\(r.lowerBound) to \(r.upperBound) arguments"
    }
}
