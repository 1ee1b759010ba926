/// A single expression compiled once and evaluated on any number of models — what `tally eval`,
/// the REPL and embedders use for ad-hoc questions.
public struct CompiledExpression: Sendable {
    /// The source the expression was compiled from.
    public let source: SourceFile
    let root: Node
    let lets: [Node]
    let slots: Int

    /// The result of compiling.
    public struct Compilation: Sendable {
        /// The expression, or `nil` when any diagnostic is an error.
        public var expression: CompiledExpression?
        /// All diagnostics.
        public var diagnostics: [Diagnostic]
        /// Whether the input ended in the middle of an expression (the REPL reads another line).
        public var isIncomplete: Bool
    }

    /// Compiles `text` in `environment`, inside the table context `table` when given; `pack`
    /// lets the expression use the pack's `let` names.
    public static func compile(_ text: String, environment: Environment, table: String? = nil,
                               pack: Pack? = nil, path: String = "<expr>") -> Compilation {
        let file = SourceFile(path: path, text: text)
        var parser = Parser(file: file)
        let expr = parser.parseStandaloneExpression()
        var diagnostics = parser.diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) {
            return Compilation(expression: nil, diagnostics: diagnostics, isIncomplete: parser.isIncomplete)
        }
        var compiler = Compiler(environment: environment)
        if let t = table {
            if let known = compiler.isKnownTable(t) { compiler.context = known } else {
                diagnostics.append(Diagnostic(.unknownTable, "unknown table '\(t)'", at: nil,
                                              help: Suggestions.help(for: t, among: Array(environment.tables.keys))))
                return Compilation(expression: nil, diagnostics: diagnostics, isIncomplete: false)
            }
        }
        var lets: [Node] = []
        if let p = pack {
            compiler.lets = p.letIndex
            compiler.functions = p.functions
            lets = p.lets
        }
        let (root, _) = compiler.compile(expr)
        diagnostics += compiler.diagnostics
        let ok = !diagnostics.contains { $0.severity == .error }
        // The pack's lets run in this expression's frame: it must hold their loop slots too.
        let slots = max(1, compiler.slotCount, pack?.maxSlots ?? 1)
        return Compilation(expression: ok ? CompiledExpression(source: file, root: root, lets: lets, slots: slots) : nil,
                           diagnostics: diagnostics, isIncomplete: false)
    }

    /// Evaluates on a model.
    /// - Parameters:
    ///   - model: The report model.
    ///   - explain: Record every sub-expression's value (``ExpressionResult/trace``).
    ///   - isCancelled: Polled during long evaluations.
    public func evaluate(on model: any ReportModel, explain: Bool = false,
                         isCancelled: (@Sendable () -> Bool)? = nil) -> ExpressionResult {
        let ev = Evaluator(model: model, lets: lets, slots: slots)
        ev.trace = explain ? [:] : nil
        ev.cancellation = isCancelled
        ev.decisiveNodes = root.decisiveComparisons.sorted()
        var result = ExpressionResult()
        do throws(EvaluationError) {
            let v = try ev.eval(root)
            result.value = v
            if case .compare = root.op, let d = ev.decisive {
                result.comparison = ExpressionResult.ComparisonDetail(
                    lhs: d.lhsFigure, rhs: d.rhsFigure, lhsValue: d.lhs, rhsValue: d.rhs,
                    difference: d.comparison.difference, allowance: d.comparison.allowance)
            }
        } catch {
            switch error {
            case .notApplicable(let why):
                result.notApplicable = why
            case .fault(let id, let msg, let span):
                result.error = Diagnostic(id, msg, at: span.file.isEmpty ? SourceSpan(start: span.start, end: span.end, file: source.path) : span)
            }
        }
        if let t = ev.trace {
            let sorted = t.values.sorted { ($0.0.start, -$0.0.end) < ($1.0.start, -$1.0.end) }
            result.trace = sorted.map { span, v in
                let b = source.bytes
                let text = span.start <= span.end && span.end <= b.count ? String(decoding: b[span.start..<span.end], as: UTF8.self) : ""
                return TraceEntry(span: span, source: text, value: v.display, origin: v.origin)
            }
        }
        return result
    }
}

/// What evaluating an expression produced.
public struct ExpressionResult: Sendable {
    /// The value, when evaluation succeeded.
    public var value: Value?
    /// For a comparison: both sides, the difference and the allowance applied.
    public var comparison: ComparisonDetail?
    /// Why the expression could not apply to this model (a missing table, row, column…).
    public var notApplicable: String?
    /// A run-time fault (division by zero, a budget exceeded…).
    public var error: Diagnostic?
    /// Every sub-expression's value, outermost first at each position, when explain was on.
    public var trace: [TraceEntry] = []

    /// The two sides of a top-level comparison.
    public struct ComparisonDetail: Sendable {
        public var lhs: Figure?
        public var rhs: Figure?
        public var lhsValue: Value
        public var rhsValue: Value
        public var difference: Rational
        public var allowance: Rational
    }
}
