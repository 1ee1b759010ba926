import Testing
import TallyTestSupport
@testable import Tally

/// Remembered outcomes (costly nodes by shape and free-slot values, loop filters by domain) must
/// give exactly what evaluating again gives: the same values, the same steps, the same faults.
@Suite struct RememberedOutcomeTests {
    static let model = EvaluatorTests.model

    /// Joins, a list computed twice by two nodes of one shape, a filter reading an outer
    /// variable, an empty `first` under `exists`, and facts.
    static let expressions = [
        "[[count([r for r in rows(公开05) where length(r.name) > length(s.name)]) for c in columns(公开05)] for s in rows(公开05)]",
        "[first([r for r in rows(公开05) where r.level == s.level]).line + first([r for r in rows(公开05) where r.level == s.level]).line for s in rows(公开05)]",
        "[[(any r in rows(公开05) where r.level == s.level: r.line > t.line) for t in rows(公开05)] for s in rows(公开05)]",
        "[if exists(first([r for r in rows(公开05) where r.level == 9])) then 1 else 0 for s in rows(公开05)]",
        "[[count([g for g in facts(占比) where g.金额 > f.金额]) for h in facts(增长)] for f in facts(占比)]",
    ]

    /// Evaluates with remembering on or off: what is shown, the steps, and how many outcomes
    /// were remembered.
    func run(_ text: String, remembering: Bool, stepLimit: Int = Limits.maxSteps) throws -> (String, Int, Int) {
        let r = try RememberingRun(text, remembering: remembering, stepLimit: stepLimit)
        return (r.shown, r.steps, r.evaluator.remembered.count + r.evaluator.sweeps.count)
    }

    @Test(arguments: expressions)
    func rememberedOutcomesGiveTheSameValuesAndSteps(_ text: String) throws {
        let plain = try run(text, remembering: false), remembered = try run(text, remembering: true)
        #expect(plain.2 == 0)
        #expect(remembered.2 > 0)
        #expect(remembered.0 == plain.0)
        #expect(remembered.1 == plain.1)
        #expect(!plain.0.contains("fault"))
    }

    @Test(arguments: expressions)
    func stepBudgetsRunOutAtTheSamePlace(_ text: String) throws {
        let total = try run(text, remembering: false).1
        for limit in [total / 7, total / 3, total / 2, total - 1] where limit > 0 {
            let plain = try run(text, remembering: false, stepLimit: limit)
            let remembered = try run(text, remembering: true, stepLimit: limit)
            #expect(plain.0.contains("more than \(limit) steps"), "\(limit) \(plain.0)")
            #expect(remembered.0 == plain.0, "\(limit)")
            #expect(remembered.1 == plain.1, "\(limit)")
        }
    }

    @Test func nodesOfOneShapeShareOutcomes() throws {
        let c = CompiledExpression.compile("[first([r for r in rows(公开05) where r.level == 1]), first([r for r in rows(公开05) where r.level == 1]), first([r for r in rows(公开05) where r.level == 2])]",
                                           environment: Environment(model: Self.model))
        let e = try #require(c.expression)
        guard case .list(let items) = e.root.op, items.count == 3 else { Issue.record("unexpected shape"); return }
        #expect(items[0] !== items[1])
        #expect(items[0].sameShape(as: items[1]))
        #expect(items[0].shapeHash == items[1].shapeHash)
        #expect(!items[0].sameShape(as: items[2]))
        #expect(items[0].isRemembered)
    }
}
