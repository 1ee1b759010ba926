/// A compiled check pack: table declarations, fact patterns, `let`s and checks. Compile once with
/// ``Pack/compile(sources:hostFunctions:model:)``, then ``Pack/run(on:options:)`` on every report;
/// a `Pack` is immutable and safe to share between threads.
public struct Pack: Sendable {
    /// The table declarations, for the report loader.
    public let tableSpecs: [TableSpec]
    /// The fact patterns, for the report loader.
    public let factSpecs: [FactSpec]
    /// The checks' ids, titles and severities, in declaration order (the pack's rule catalogue).
    public let catalogue: [CheckInfo]
    /// The source files the pack was compiled from.
    public let sources: [SourceFile]
    let checks: [CompiledCheck]
    let lets: [Node]
    /// The names of the pack's `let` declarations, in declaration order (for completion).
    public let letNames: [String]
    /// Each `let` name's index in ``lets``, as the compiler resolved them: an expression compiled
    /// against the pack (each REPL line) takes it whole instead of hashing every name again.
    let letIndex: [String: Int]
    let maxSlots: Int
    /// The pack's functions (`let f(x) = …`) by name, for expressions compiled against the pack
    /// (REPL lines). Its own checks have them expanded; an archived pack (``Pack/archived()``)
    /// keeps none.
    var functions: [String: LetDeclaration] = [:]

    /// A check's identity, for rule catalogues (SARIF, `:checks`).
    public struct CheckInfo: Sendable, Hashable {
        public var id: String
        public var title: String
        public var severity: CheckSeverity
        /// The table context, if any.
        public var context: String?
        /// The declaration's location.
        public var span: SourceSpan
    }

    /// The result of compiling: a pack when there were no errors, and every diagnostic.
    public struct Compilation: Sendable {
        /// The pack, or `nil` when any diagnostic is an error.
        public var pack: Pack?
        /// All diagnostics, errors and warnings.
        public var diagnostics: [Diagnostic]
        /// The parsed sources, for rendering diagnostics.
        public var sources: [SourceFile]
    }

    /// Compiles pack sources. `model`, when given, adds a concrete model's tables to the names
    /// the checks may use.
    ///
    /// `include "file.tally"` declarations are resolved by `resolveInclude`, which the host
    /// provides (confined to the pack's folder); without one every include is refused (T0212).
    public static func compile(sources: [SourceFile], hostFunctions: [HostFunction] = [],
                               model: (any ReportModel)? = nil,
                               resolveInclude: ((_ path: String, _ from: String) -> Result<SourceFile, IncludeRefusal>)? = nil) -> Compilation {
        compile(parse(sources: sources, resolveInclude: resolveInclude), hostFunctions: hostFunctions, model: model)
    }

    /// A pack's sources parsed, its declarations gathered, nothing compiled yet: the table and
    /// fact declarations a report loader needs are known at this point, so a host can start
    /// loading a report while ``Pack/compile(_:hostFunctions:model:)`` compiles the checks.
    public struct Parsed: Sendable {
        /// The table declarations (a table declared twice counts once), as ``Pack/tableSpecs``
        /// will have them.
        public let tableSpecs: [TableSpec]
        /// The fact declarations, as ``Pack/factSpecs`` will have them.
        public let factSpecs: [FactSpec]
        let checkDecls: [CheckDeclaration]
        let letDecls: [LetDeclaration]
        /// `let name(params) = …`: functions, expanded where they are called.
        var functionDecls: [LetDeclaration] = []
        let diagnostics: [Diagnostic]
        let sources: [SourceFile]
    }

    /// Parses pack sources and the files they include (see ``compile(sources:hostFunctions:model:resolveInclude:)``).
    public static func parse(sources: [SourceFile],
                             resolveInclude: ((_ path: String, _ from: String) -> Result<SourceFile, IncludeRefusal>)? = nil) -> Parsed {
        parse(files: sources.map(ParsedFile.init), resolveInclude: resolveInclude)
    }

    /// One source file parsed on its own: files do not depend on each other until their
    /// declarations are gathered, so a host may parse a pack's files on several threads and
    /// pass them to ``parse(files:resolveInclude:)``.
    public struct ParsedFile: Sendable {
        let unit: SourceUnit
        let diagnostics: [Diagnostic]

        /// Parses `file`.
        public init(_ file: SourceFile) {
            var p = Parser(file: file)
            unit = p.parseUnit()
            diagnostics = p.diagnostics
        }
    }

    /// ``parse(sources:resolveInclude:)`` of sources already parsed, in order; the files they
    /// include are parsed here.
    public static func parse(files: [ParsedFile],
                             resolveInclude: ((_ path: String, _ from: String) -> Result<SourceFile, IncludeRefusal>)? = nil) -> Parsed {
        var diagnostics: [Diagnostic] = []
        var units: [SourceUnit] = []
        let sources = files.map(\.unit.file)
        var queue = files, seen = Set(sources.map(\.path)), all = sources
        while !queue.isEmpty {
            let parsed = queue.removeFirst()
            let s = parsed.unit.file, unit = parsed.unit
            units.append(unit)
            diagnostics += parsed.diagnostics
            for case .include(let path, let span) in unit.declarations {
                guard let resolve = resolveInclude else {
                    diagnostics.append(Diagnostic(.includeRefused, "cannot include '\(path)': this host reads no files", at: span))
                    continue
                }
                switch resolve(path, s.path) {
                case .success(let f):
                    if seen.insert(f.path).inserted { queue.append(ParsedFile(f)); all.append(f) }
                case .failure(let why):
                    diagnostics.append(Diagnostic(.includeRefused, "cannot include '\(path)': \(why.reason)", at: span))
                }
            }
        }
        var tables: [TableSpec] = [], facts: [FactSpec] = [], checkDecls: [CheckDeclaration] = [], letDecls: [LetDeclaration] = []
        var functionDecls: [LetDeclaration] = []
        var tableSpans: [String: SourceSpan] = [:]
        for u in units {
            for d in u.declarations {
                switch d {
                case .table(let t):
                    if let prev = tableSpans[t.spec.name] {
                        diagnostics.append(Diagnostic(.duplicateDeclaration, "table '\(t.spec.name)' is declared twice", at: t.nameSpan,
                                                      notes: ["first declared at byte \(prev.start) of \(prev.file)"]))
                    } else { tableSpans[t.spec.name] = t.nameSpan; tables.append(t.spec) }
                case .fact(let f): facts.append(f.spec)
                case .check(let c): checkDecls.append(c)
                case .let(let l): if l.parameters.isEmpty { letDecls.append(l) } else { functionDecls.append(l) }
                case .include: break  // includes are resolved by the host's pack loader before compiling
                }
            }
        }
        return Parsed(tableSpecs: tables, factSpecs: facts, checkDecls: checkDecls, letDecls: letDecls,
                      functionDecls: functionDecls, diagnostics: diagnostics, sources: all)
    }

    /// Compiles parsed pack sources (see ``compile(sources:hostFunctions:model:resolveInclude:)``).
    public static func compile(_ parsed: Parsed, hostFunctions: [HostFunction] = [], model: (any ReportModel)? = nil) -> Compilation {
        var diagnostics = parsed.diagnostics
        let sources = parsed.sources, tables = parsed.tableSpecs, facts = parsed.factSpecs
        let checkDecls = parsed.checkDecls, letDecls = parsed.letDecls
        var env = Environment(tables: tables, facts: facts, hostFunctions: hostFunctions)
        if let m = model {
            let modelEnv = Environment(model: m)
            for (k, v) in modelEnv.tables where env.tables[k] == nil { env.tables[k] = v }
            for (k, v) in modelEnv.factKinds where env.factKinds[k] == nil { env.factKinds[k] = v }
        }
        var compiler = Compiler(environment: env)
        // Functions: known by name before anything is compiled; each call compiles a copy.
        for f in parsed.functionDecls {
            if compiler.functions[f.name] != nil || letDecls.contains(where: { $0.name == f.name }) {
                diagnostics.append(Diagnostic(.duplicateDeclaration, "'\(f.name)' is defined twice", at: f.nameSpan))
            } else if Builtin(rawValue: f.name) != nil || hostFunctions.contains(where: { $0.name == f.name }) {
                diagnostics.append(Diagnostic(.duplicateDeclaration, "'\(f.name)' is a built-in function", at: f.nameSpan,
                                              help: "give the function another name"))
            } else {
                compiler.functions[f.name] = f
            }
        }
        // Lets: declared names first, so checks and other lets can refer to them in any order.
        var letNodes: [Node] = []
        for (i, l) in letDecls.enumerated() {
            if compiler.lets[l.name] != nil {
                diagnostics.append(Diagnostic(.duplicateDeclaration, "'\(l.name)' is defined twice", at: l.nameSpan))
            }
            compiler.lets[l.name] = i
        }
        var letDeps: [Int: Set<Int>] = [:]
        for (i, l) in letDecls.enumerated() {
            compiler.context = l.context
            compiler.usedLets = []
            let (n, t) = compiler.compile(l.value)
            letNodes.append(n); compiler.letTypes[i] = t
            letDeps[i] = compiler.usedLets
        }
        // Lets take their loop slots from one running count (not reset per let), so the frame
        // must be at least that large, whatever the checks need.
        let letSlots = compiler.slotCount
        // Cycles among lets would never terminate: refuse them.
        for i in letDecls.indices {
            var seen: Set<Int> = [], stack = Array(letDeps[i] ?? [])
            while let j = stack.popLast() {
                if j == i {
                    diagnostics.append(Diagnostic(.cyclicLet, "'\(letDecls[i].name)' refers to itself", at: letDecls[i].nameSpan,
                                                  help: "a 'let' cannot depend on itself, directly or through other lets"))
                    break
                }
                if seen.insert(j).inserted { stack.append(contentsOf: letDeps[j] ?? []) }
            }
        }
        var used = Set(letDeps.values.flatMap { $0 })
        var checks: [CompiledCheck] = []
        var ids: [String: SourceSpan] = [:]
        var maxSlots = max(1, letSlots)
        for c in checkDecls {
            if ids[c.id] != nil {
                diagnostics.append(Diagnostic(.duplicateDeclaration, "check id '\(c.id)' is used twice", at: c.idSpan,
                                              help: "give every check a unique id"))
            }
            ids[c.id] = c.idSpan
            if let ctx = c.context, compiler.isKnownTable(ctx) == nil {
                diagnostics.append(Diagnostic(.unknownTable, "unknown table '\(ctx)'", at: c.span,
                                              help: Suggestions.help(for: ctx, among: Array(env.tables.keys))))
            }
            compiler.context = c.context.flatMap { compiler.isKnownTable($0) } ?? c.context
            compiler.scopes = []; compiler.slotCount = 0; compiler.usedLets = []
            var bindings: [CompiledCheck.CompiledBinding] = []
            for b in c.bindings {
                let (slot, domain, filter) = compiler.compileBinding(b)
                let hoisting = Node.loopHoisting(slot: slot, filter: filter, body: nil)
                bindings.append(.init(variable: b.variable, slot: slot, domain: domain, filter: filter,
                                      loopSlots: hoisting.slots, hoists: hoisting.hoists))
            }
            // The `when`s and `let`s in clause order: a let is in scope from its clause on.
            var pre: [Node] = [], lets: [CompiledCheck.CompiledLet] = []
            var nextLet = 0
            func compileLets(upTo n: Int) {
                while nextLet < c.lets.count && c.lets[nextLet].afterPreconditions <= n {
                    let l = c.lets[nextLet]
                    nextLet += 1
                    if compiler.scopes.contains(where: { RunCaches.sameKey(($0.name, $0.plain), (l.name, RunCaches.isPlain(l.name))) }) {
                        diagnostics.append(Diagnostic(.duplicateDeclaration, "'\(l.name)' is already a variable of check '\(c.id)'",
                                                      at: l.nameSpan, help: "give the let another name"))
                    }
                    let (node, type) = compiler.compile(l.value)
                    let slot = compiler.newSlot()
                    compiler.scopes.append((l.name, slot, type, RunCaches.isPlain(l.name)))
                    lets.append(.init(name: l.name, slot: slot, value: node, afterPreconditions: l.afterPreconditions))
                }
            }
            for (i, p) in c.preconditions.enumerated() {
                compileLets(upTo: i)
                pre.append(compiler.compile(p).0)
            }
            compileLets(upTo: c.preconditions.count)
            let assertion = compiler.compile(c.assertion).0
            let message: [CompiledMessagePart] = c.message.map {
                switch $0 {
                case .text(let t): return .text(t)
                case .expr(let e): return .node(compiler.compile(e).0)
                }
            }
            used.formUnion(compiler.usedLets)
            maxSlots = max(maxSlots, compiler.slotCount)
            checks.append(CompiledCheck(id: c.id, title: c.title, severity: c.severity, context: compiler.context,
                                        bindings: bindings, preconditions: pre, lets: lets, assertion: assertion, message: message,
                                        span: c.span, slots: compiler.slotCount, decisive: assertion.decisiveComparisons.sorted()))
        }
        for (i, l) in letDecls.enumerated() where !used.contains(i) {
            diagnostics.append(Diagnostic(.unusedLet, "'\(l.name)' is never used", at: l.nameSpan))
        }
        for f in parsed.functionDecls where compiler.functions[f.name] != nil && !compiler.calledFunctions.contains(f.name) {
            diagnostics.append(Diagnostic(.unusedLet, "'\(f.name)' is never used", at: f.nameSpan))
        }
        diagnostics += compiler.diagnostics
        diagnostics.sort { ($0.span?.file ?? "", $0.span?.start ?? 0) < ($1.span?.file ?? "", $1.span?.start ?? 0) }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let pack = hasErrors ? nil : Pack(
            tableSpecs: tables, factSpecs: facts,
            catalogue: checks.map { CheckInfo(id: $0.id, title: $0.title, severity: $0.severity, context: $0.context, span: $0.span) },
            sources: sources, checks: checks, lets: letNodes, letNames: letDecls.map(\.name), letIndex: compiler.lets, maxSlots: maxSlots,
            functions: compiler.functions)
        return Compilation(pack: pack, diagnostics: diagnostics, sources: sources)
    }
}

/// Why a host refused an include (outside the pack's folder, unreadable…).
public struct IncludeRefusal: Error, Sendable {
    /// The reason, a lowercase phrase.
    public var reason: String
    /// Creates a refusal.
    public init(_ reason: String) { self.reason = reason }
}

/// Options for running a pack.
public struct RunOptions: Sendable {
    /// Record every sub-expression's value for every result (failures are always explained).
    public var explainAll: Bool
    /// Include passing results (off: only failures, errors, not-applicable and waived).
    public var includePasses: Bool
    /// Only run these check ids (all when empty).
    public var onlyChecks: Set<String>
    /// Polled now and then; return `true` to stop (Ctrl-C in the REPL).
    public var isCancelled: (@Sendable () -> Bool)?
    /// How many threads share the checks of one report (1: the calling thread only). More than
    /// one shortens the wall time of checking a single report; a host checking many reports at
    /// once already keeps its cores busy with one report per thread and should leave it at 1.
    public var threads: Int
    /// The steps one binding (and one let) may take; lowered by tests.
    var stepLimit = Limits.maxSteps

    /// Creates options.
    public init(explainAll: Bool = false, includePasses: Bool = true, onlyChecks: Set<String> = [],
                isCancelled: (@Sendable () -> Bool)? = nil, threads: Int = 1) {
        self.explainAll = explainAll; self.includePasses = includePasses; self.onlyChecks = onlyChecks
        self.isCancelled = isCancelled; self.threads = threads
    }
}
