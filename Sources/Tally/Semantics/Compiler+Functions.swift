/// Functions declared with `let name(params) = body`: a call is compiled as a copy of the body
/// in which each parameter is the argument's expression. The language is pure, so this is what
/// calling means; an argument used twice is evaluated as often as it is used, which the
/// evaluator's remembered outcomes make cheap.
///
/// Names in the body other than its parameters mean what they mean at pack level (lets, tables,
/// fact kinds); a body that names a variable of the check it is called from, or a call whose
/// argument names a variable the body binds itself, is refused rather than silently captured.
extension Compiler {
    /// The first id of the nodes copied from function bodies (see ``isFunctionBodyCopy(_:)``).
    static let copyIDBase = 1 << 40

    /// Whether node id `id` is a part of a function body copied into a call: an explanation
    /// shows the call and its arguments, not the body's parts written with the parameters.
    static func isFunctionBodyCopy(_ id: Int) -> Bool { id >= copyIDBase }

    mutating func compileFunctionCall(_ f: LetDeclaration, _ args: [Expr], _ e: Expr) -> (Node, StaticType) {
        calledFunctions.insert(f.name)
        let nothing = (Node(e.id, e.span, .constant(.bool(false))), StaticType.unknown)
        guard args.count == f.parameters.count else {
            let n = f.parameters.count
            error(.wrongArity, "'\(f.name)' takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)", e.span)
            return nothing
        }
        guard !expanding.contains(f.name) else {
            error(.cyclicLet, "'\(f.name)' calls itself", e.span,
                  help: "a function cannot call itself, directly or through other functions")
            return nothing
        }
        var bound = Set<String>(), named = Set<String>()
        Compiler.names(in: f.value, bound: &bound, named: &named)
        var argumentNames = Set<String>(), unused = Set<String>()
        for a in args { Compiler.names(in: a, bound: &unused, named: &argumentNames) }
        if let clash = bound.intersection(argumentNames).sorted().first {
            error(.ambiguousName, "an argument of '\(f.name)' names '\(clash)', a variable the function binds", e.span,
                  help: "rename the variable in '\(f.name)' or in the argument")
            return nothing
        }
        let free = named.subtracting(bound).subtracting(f.parameters)
        if let local = free.sorted().first(where: { n in scopes.contains { $0.name == n } }) {
            error(.ambiguousName, "'\(f.name)' names '\(local)', which is no parameter of it but a variable where it is called", e.span,
                  help: "pass '\(local)' as an argument")
            return nothing
        }
        for a in args where argumentContexts[a.id] == nil { argumentContexts[a.id] = expanding }
        expanding.append(f.name)
        defer { expanding.removeLast() }
        var arguments: [String: Expr] = [:]
        for (p, a) in zip(f.parameters, args) { arguments[p] = a }
        var body = copy(f.value, replacing: arguments)
        // The call stands for the body: explanations and run-time errors quote the call, and
        // the body's own parts (written with the parameters) stay out of explanations.
        body.span = e.span
        body.id = e.id
        return compile(body)
    }

    /// `x` with fresh ids, each name in `replacing` (not bound again inside) replaced by its
    /// expression.
    mutating func copy(_ x: Expr, replacing map: [String: Expr]) -> Expr {
        if case .name(let n) = x.kind, let a = map[n] { return a }
        func binding(_ b: Binding, _ inner: inout [String: Expr]) -> Binding {
            var c = b
            c.domain = copy(b.domain, replacing: map)
            inner[b.variable] = nil
            c.filter = b.filter.map { copy($0, replacing: inner) }
            return c
        }
        let kind: ExprKind
        switch x.kind {
        case .number, .percent, .string, .bool, .name, .invalid: kind = x.kind
        case .member(let b, let s): kind = .member(copy(b, replacing: map), s)
        case .index(let b, let i): kind = .index(copy(b, replacing: map), copy(i, replacing: map))
        case .call(let n, let args): kind = .call(n, args.map { copy($0, replacing: map) })
        case .unary(let o, let a): kind = .unary(o, copy(a, replacing: map))
        case .binary(let o, let a, let b): kind = .binary(o, copy(a, replacing: map), copy(b, replacing: map))
        case .compare(let o, let a, let b, let m):
            let mode: ComparisonMode
            if case .within(let t) = m { mode = .within(copy(t, replacing: map)) } else { mode = m }
            kind = .compare(o, copy(a, replacing: map), copy(b, replacing: map), mode)
        case .conditional(let c, let a, let b):
            kind = .conditional(copy(c, replacing: map), copy(a, replacing: map), copy(b, replacing: map))
        case .quantifier(let q, let b, let body):
            var inner = map
            let nb = binding(b, &inner)
            kind = .quantifier(q, nb, copy(body, replacing: inner))
        case .comprehension(let body, let b):
            var inner = map
            let nb = binding(b, &inner)
            kind = .comprehension(copy(body, replacing: inner), nb)
        case .list(let xs): kind = .list(xs.map { copy($0, replacing: map) })
        }
        nextCopyID += 1
        var c = Expr(id: nextCopyID, span: x.span, kind: kind)
        c.parenthesized = x.parenthesized
        return c
    }

    /// The variables `x` binds (in quantifiers and comprehensions) and every bare name it uses.
    static func names(in x: Expr, bound: inout Set<String>, named: inout Set<String>) {
        func walk(_ x: Expr) {
            switch x.kind {
            case .number, .percent, .string, .bool, .invalid: break
            case .name(let n): named.insert(n)
            case .member(let b, _): walk(b)
            case .index(let b, let i): walk(b); walk(i)
            case .call(_, let args): args.forEach(walk)
            case .unary(_, let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .compare(_, let a, let b, let m):
                walk(a); walk(b)
                if case .within(let t) = m { walk(t) }
            case .conditional(let c, let a, let b): walk(c); walk(a); walk(b)
            case .quantifier(_, let b, let body), .comprehension(let body, let b):
                bound.insert(b.variable); walk(b.domain); b.filter.map(walk); walk(body)
            case .list(let xs): xs.forEach(walk)
            }
        }
        walk(x)
    }
}
