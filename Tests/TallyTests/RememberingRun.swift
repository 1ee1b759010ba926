import Testing
@testable import Tally

/// One evaluation of an expression against ``EvaluatorTests/model`` with the evaluator's
/// shortcuts (remembered filters and outcomes, hoisted invariants, join indexes) on or off: the
/// suites that prove a shortcut changes nothing compare two of these.
struct RememberingRun {
    /// The value as `show` writes it, or the error.
    let shown: String
    /// The steps the evaluation took.
    let steps: Int
    /// The evaluator afterwards, for what a suite asks of its memory.
    let evaluator: Evaluator

    /// Evaluates a compiled expression (against `model`).
    init(_ e: CompiledExpression, remembering: Bool, stepLimit: Int = Limits.maxSteps,
         show: (Value) -> String = { $0.display }, model: any ReportModel = EvaluatorTests.model) {
        let ev = Evaluator(model: model, lets: e.lets, slots: e.slots)
        ev.remembersFilters = remembering
        ev.stepLimit = stepLimit
        do throws(EvaluationError) { shown = show(try ev.eval(e.root)) } catch { shown = "\(error)" }
        steps = ev.steps
        evaluator = ev
    }

    /// Compiles `text` against ``EvaluatorTests/model`` and evaluates it.
    init(_ text: String, remembering: Bool, stepLimit: Int = Limits.maxSteps,
         show: (Value) -> String = { $0.display }) throws {
        let c = CompiledExpression.compile(text, environment: Environment(model: EvaluatorTests.model))
        let e = try #require(c.expression, "\(c.diagnostics.map(\.message))")
        self.init(e, remembering: remembering, stepLimit: stepLimit, show: show)
    }
}
