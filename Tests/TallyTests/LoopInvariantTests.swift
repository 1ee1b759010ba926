import Testing
import TallyTestSupport
@testable import Tally

/// Loop-invariant parts of loops (``Evaluator/evalInvariant(_:)``) are evaluated once per
/// evaluation of their loop, lazily: the outcomes, the steps and the faults must be exactly those
/// of evaluating them on every iteration, and a part no iteration reaches is never evaluated.
@Suite struct LoopInvariantTests {
    static let model = EvaluatorTests.model

    /// Joins whose filter or body reads an outer variable through a call, in comprehensions and
    /// quantifiers, nested, with the invariant part inside an inner loop, and over facts.
    static let expressions = [
        "[count([r for r in rows(公开05) where prefix(r.name, 1) == prefix(s.name, 1)]) for s in rows(公开05)]",
        "[[first([r.小计 for r in rows(公开05) where prefix(r.name, 2) == prefix(s.name, 2) and r.line + 0 >= t.line + 0]) for t in rows(公开05)] for s in rows(公开05)]",
        "[(any r in rows(公开05) where r.level == s.level: r.line > s.line + 1) for s in rows(公开05)]",
        "[(all r in rows(公开05): count([q for q in rows(公开05) where q.line > s.line + 0]) >= 0) for s in rows(公开05)]",
        "[count([g for g in facts(占比) where g.金额 > f.金额 + 0 and length(g.text) >= length(f.text)]) for f in facts(占比)]",
        // Not applicable in the part, reached: the same outcome as evaluating it each time.
        "[count([r for r in rows(公开05) where r.line == first([q.line for q in rows(公开05) where q.level == s.level + 99])]) for s in rows(公开05)]",
    ]

    /// Evaluates with remembering on or off: what is shown, the steps, and whether the loops'
    /// memory is empty afterwards.
    func run(_ text: String, remembering: Bool, stepLimit: Int = Limits.maxSteps) throws -> (String, Int, Bool) {
        let r = try RememberingRun(text, remembering: remembering, stepLimit: stepLimit)
        let ev = r.evaluator
        return (r.shown, r.steps, ev.loopMarks.isEmpty && ev.invariants.isEmpty && ev.hoistFloor == 0)
    }

    @Test(arguments: expressions)
    func invariantPartsGiveTheSameValuesAndSteps(_ text: String) throws {
        let plain = try run(text, remembering: false), kept = try run(text, remembering: true)
        #expect(kept.0 == plain.0)
        #expect(kept.1 == plain.1)
        #expect(kept.2 && plain.2)
        #expect(!plain.0.contains("fault"))
    }

    @Test(arguments: expressions)
    func stepBudgetsRunOutAtTheSamePlace(_ text: String) throws {
        let total = try run(text, remembering: false).1
        for limit in [total / 7, total / 3, total / 2, total - 1] where limit > 0 {
            let plain = try run(text, remembering: false, stepLimit: limit)
            let kept = try run(text, remembering: true, stepLimit: limit)
            #expect(plain.0.contains("more than \(limit) steps"), "\(limit) \(plain.0)")
            #expect(kept.0 == plain.0, "\(limit)")
            #expect(kept.1 == plain.1, "\(limit)")
            #expect(kept.2, "\(limit)")
        }
    }

    /// A part that would fail is not evaluated by a loop over nothing, nor by iterations that
    /// never reach it; reached, it fails as it does without keeping.
    @Test(arguments: [
        ("count([r for r in [] where first([q for q in rows(公开05) where q.level == 99]).line > 0])", "0"),
        ("count([r for r in rows(公开05) where r.level == 99 and first([q for q in rows(公开05) where q.level == 99]).line > 0])", "0"),
        ("(all r in []: first([q for q in rows(公开05) where q.level == 99]).line > 0)", "true"),
        ("(any r in rows(公开05) where r.level == 99: r.line > first([q.line for q in rows(公开05) where q.level == 99]))", "false"),
        ("count([r for r in rows(公开05) where r.line > first([q.line for q in rows(公开05) where q.level == 99])])", "notApplicable"),
        ("count([r for r in rows(公开05) where r.line > 1 / (count([q for q in rows(公开05) where q.level == 99]) + 0)])", "fault"),
    ])
    func partsNotReachedAreNotEvaluated(_ text: String, _ expected: String) throws {
        let plain = try run(text, remembering: false), kept = try run(text, remembering: true)
        #expect(kept.0 == plain.0)
        #expect(kept.0.contains(expected), "\(kept.0)")
        #expect(kept.1 == plain.1)
        #expect(kept.2)
    }

    /// What the compiler marks: the call reading only the outer variable is kept by the inner
    /// loop; comparisons, the loop variable's own reads and cheap reads are not.
    @Test func theCompilerMarksInvariantParts() throws {
        let c = CompiledExpression.compile("[count([r for r in rows(公开05) where prefix(r.name, 1) == prefix(s.name, 1)]) for s in rows(公开05)]",
                                           environment: Environment(model: Self.model))
        let e = try #require(c.expression)
        guard case .comprehension(_, _, _, let body) = e.root.op, case .builtin(.count, let args) = body.op,
              case .comprehension(_, _, let filter?, _) = args[0].op, case .compare(_, let mine, let outer, _) = filter.op
        else { Issue.record("unexpected shape"); return }
        #expect(!e.root.hoists)
        #expect(args[0].hoists)
        #expect(outer.isHoistable && outer.freeSlots & args[0].loopSlots == 0)
        #expect(mine.freeSlots & args[0].loopSlots != 0)
        #expect(!filter.isHoistable)
        guard case .builtin(_, let parts) = outer.op else { Issue.record("unexpected shape"); return }
        #expect(!parts[0].isHoistable)
    }
}
