/// Static checks of a pack (`tally lint`): a pure function over its sources.
///
/// Reports everything the compiler finds (names that resolve to nothing in the declared tables,
/// columns a row's table does not declare — with "did you mean" —, duplicate check ids, unused
/// `let`s), and in addition:
///
/// - fact patterns no check or `let` refers to (T0401, warning);
/// - checks that can never apply: a `when` precondition that is constantly false, a `for` over
///   `T.g` where table `T` declares side-by-side groups but none called `g` (T0402, warning);
/// - a quantifier whose body, reaching to the end of the expression, takes in a later
///   quantifier that does not use its variable: `any x in A: p or any y in B: q` is
///   `any x in A: (p or any y in B: q)`, false whenever `A` is empty (T0403, warning).
public enum Linter {
    /// Lints pack `sources`; `resolveInclude` reads included files as for ``Pack/compile``.
    /// Returns the findings sorted by file and position, and every source they may point into.
    public static func lint(sources: [SourceFile],
                            resolveInclude: ((_ path: String, _ from: String) -> Result<SourceFile, IncludeRefusal>)? = nil)
        -> (diagnostics: [Diagnostic], sources: [SourceFile]) {
        let compilation = Pack.compile(sources: sources, resolveInclude: resolveInclude)
        var findings = compilation.diagnostics
        var units: [SourceUnit] = []
        for s in compilation.sources {
            var p = Parser(file: s)
            units.append(p.parseUnit())
        }
        let declarations = units.flatMap(\.declarations)
        var tables: [String: TableSpec] = [:]
        var facts: [FactDeclaration] = []
        for d in declarations {
            switch d {
            case .table(let t): tables[t.spec.name] = tables[t.spec.name] ?? t.spec
            case .fact(let f): facts.append(f)
            default: break
            }
        }
        // Fact patterns nobody uses.
        var used: Set<String> = []
        for d in declarations {
            switch d {
            case .check(let c):
                for b in c.bindings { collectNames(b.domain, into: &used); b.filter.map { collectNames($0, into: &used) } }
                for p in c.preconditions { collectNames(p, into: &used) }
                for l in c.lets { collectNames(l.value, into: &used) }
                collectNames(c.assertion, into: &used)
                for case .expr(let e) in c.message { collectNames(e, into: &used) }
            case .let(let l): collectNames(l.value, into: &used)
            default: break
            }
        }
        var reported: Set<String> = []
        for f in facts where !used.contains(f.spec.name) && reported.insert(f.spec.name).inserted {
            findings.append(Diagnostic(.unusedFact, "fact pattern '\(f.spec.name)' is used by no check", at: f.nameSpan, severity: .warning,
                                       help: "refer to it with facts(\(f.spec.name)) or remove it"))
        }
        // Checks that can never apply.
        for case .check(let c) in declarations {
            for p in c.preconditions where isConstant(p) {
                if let file = compilation.sources.first(where: { $0.path == p.span.file }) ?? compilation.sources.first,
                   constantValue(p, in: file) == false {
                    findings.append(Diagnostic(.neverApplies, "check '\(c.id)' never applies: its 'when' is always false", at: p.span,
                                               severity: .warning))
                }
            }
            for b in c.bindings {
                guard case .member(let base, .name(let g)) = b.domain.kind, case .name(let t) = base.kind,
                      let spec = tables[t], !spec.groups.isEmpty, !c.bindings.contains(where: { $0.variable == t }) else { continue }
                let known = spec.groups.map(\.name) + spec.rowKeys.map(\.rawValue) + spec.groups.flatMap { $0.rowKeys.map(\.rawValue) } + ["rows"]
                if !known.contains(where: { NameFolding.key($0) == NameFolding.key(g) }) {
                    findings.append(Diagnostic(.neverApplies, "check '\(c.id)' iterates '\(t).\(g)', but table '\(t)' declares no group '\(g)'",
                                               at: b.domain.span, severity: .warning,
                                               help: Suggestions.help(for: g, among: spec.groups.map(\.name))
                                                   ?? "its groups are " + spec.groups.map { "'\($0.name)'" }.joined(separator: ", ")))
                }
            }
        }
        // Quantifiers whose body swallows an unrelated later quantifier.
        for d in declarations {
            var roots: [Expr] = []
            switch d {
            case .check(let c):
                for b in c.bindings { roots.append(b.domain); if let f = b.filter { roots.append(f) } }
                roots += c.preconditions
                roots += c.lets.map(\.value)
                roots.append(c.assertion)
                for case .expr(let e) in c.message { roots.append(e) }
            case .let(let l): roots.append(l.value)
            default: continue
            }
            for root in roots {
                for (outer, variable, op, inner) in swallowedQuantifiers(in: root) {
                    findings.append(Diagnostic(
                        .swallowedQuantifier,
                        "the body of '\(outer) \(variable)' reaches over a later quantifier that does not use '\(variable)'",
                        at: inner.span, severity: .warning,
                        notes: ["a quantifier's body extends to the end of the expression: this quantifier is part of the body above, and is not evaluated at all when that one's list is empty"],
                        help: "put the first quantifier in parentheses: '(\(outer) \(variable) in …: …) \(op.rawValue) …'"))
                }
            }
        }
        findings.sort { ($0.span?.file ?? "", $0.span?.start ?? 0, $0.id.rawValue) < ($1.span?.file ?? "", $1.span?.start ?? 0, $1.id.rawValue) }
        return (findings, compilation.sources)
    }

    /// Quantifiers in `e` whose unparenthesised body goes on, after an `or` (under `any`) or an
    /// `and` (under `all`), into another quantifier that does not use the first one's variable:
    /// `any r in A: p or any s in B: q` is false when `A` is empty whatever `B` holds, which
    /// `(any r in A: p) or any s in B: q` is not. (`any … and any …` and `all … or all …` mean
    /// the same either way and are left alone.) Returns the outer quantifier, its variable, the
    /// joining operator and the swallowed quantifier.
    static func swallowedQuantifiers(in e: Expr) -> [(Quantifier, String, BinaryOperator, Expr)] {
        var out: [(Quantifier, String, BinaryOperator, Expr)] = []
        forEachSubexpression(of: e) { x in
            guard case .quantifier(let q, let b, let body) = x.kind else { return }
            let harmful: BinaryOperator = q == .any ? .or : .and
            var joined: BinaryOperator?
            var tail = body
            // Down the right-hand parts the body reaches over, as far as no parenthesis ends it.
            while !tail.parenthesized {
                switch tail.kind {
                case .binary(let op, _, let r) where op == .or || op == .and:
                    if joined == nil { joined = op }
                    tail = r
                    continue
                case .unary(.not, let a):
                    tail = a
                    continue
                case .conditional(_, _, let otherwise):
                    tail = otherwise
                    continue
                default: break
                }
                break
            }
            guard joined == harmful, !tail.parenthesized, case .quantifier(_, let inner, let innerBody) = tail.kind else { return }
            // Whether the later quantifier reads the first one's variable (its domain is read
            // outside its own binding; its filter and body only if it binds another name).
            var names: Set<String> = []
            collectNames(inner.domain, into: &names)
            if inner.variable != b.variable {
                if let f = inner.filter { collectNames(f, into: &names) }
                collectNames(innerBody, into: &names)
            }
            if !names.contains(b.variable) { out.append((q, b.variable, harmful, tail)) }
        }
        return out
    }

    /// Every name and `facts(K)` argument in an expression.
    static func collectNames(_ e: Expr, into names: inout Set<String>) {
        forEachSubexpression(of: e) { x in
            if case .name(let n) = x.kind { names.insert(n) }
        }
    }

    /// Calls `visit` on `e` and every expression inside it (operands, arguments, a binding's
    /// domain and filter, a body).
    static func forEachSubexpression(of e: Expr, _ visit: (Expr) -> Void) {
        var stack = [e]
        while let x = stack.popLast() {
            visit(x)
            switch x.kind {
            case .member(let a, _), .unary(_, let a): stack.append(a)
            case .index(let a, let i): stack += [a, i]
            case .call(_, let args): stack += args
            case .binary(_, let a, let b): stack += [a, b]
            case .compare(_, let a, let b, let m):
                stack += [a, b]
                if case .within(let t) = m { stack.append(t) }
            case .conditional(let a, let b, let c): stack += [a, b, c]
            case .quantifier(_, let b, let body), .comprehension(let body, let b):
                stack += [b.domain, body]
                if let f = b.filter { stack.append(f) }
            case .list(let xs): stack += xs
            case .number, .percent, .string, .bool, .name, .invalid: break
            }
        }
    }

    /// Whether an expression reads nothing from a report (literals and operators only).
    static func isConstant(_ e: Expr) -> Bool {
        var stack = [e]
        while let x = stack.popLast() {
            switch x.kind {
            case .number, .percent, .string, .bool: break
            case .unary(_, let a): stack.append(a)
            case .binary(_, let a, let b): stack += [a, b]
            case .compare(_, let a, let b, let m):
                stack += [a, b]
                if case .within(let t) = m { stack.append(t) }
            case .conditional(let a, let b, let c): stack += [a, b, c]
            default: return false
            }
        }
        return true
    }

    /// The boolean a constant expression evaluates to, if any.
    static func constantValue(_ e: Expr, in file: SourceFile) -> Bool? {
        let bytes = file.bytes
        guard e.span.start >= 0, e.span.end <= bytes.count, e.span.start <= e.span.end else { return nil }
        let text = String(decoding: bytes[e.span.start..<e.span.end], as: UTF8.self)
        guard let compiled = CompiledExpression.compile(text, environment: Environment()).expression else { return nil }
        if case .bool(let b)? = compiled.evaluate(on: InMemoryModel()).value { return b }
        return nil
    }
}

extension DiagnosticID {
    /// Lint: a fact pattern no check refers to.
    public static let unusedFact = DiagnosticID(rawValue: "T0401")
    /// Lint: a check that can never apply (a constantly false `when`, a group the table lacks).
    public static let neverApplies = DiagnosticID(rawValue: "T0402")
    /// Lint: a quantifier's body takes in a later quantifier that does not use its variable.
    public static let swallowedQuantifier = DiagnosticID(rawValue: "T0403")
}
