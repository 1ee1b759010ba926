import Testing
@testable import Tally

/// Loops joining facts by line visit only the items on the outer fact's line and charge the
/// others in chunks (``Evaluator/forEachLineCandidate(_:skip:node:_:)``): the same values, the
/// same steps and the same place a step budget runs out as asking every item.
@Suite struct LineSkipTests {
    /// 甲 facts on lines 1…24 (two on line 9), 乙 facts on some of those lines and one on none.
    static let model: InMemoryModel = {
        func fact(_ kind: String, _ line: Int, _ amount: Int) -> Fact {
            Fact(kind: kind, fields: ["额": .figure(.exact(Rational(amount)), line: line)], line: line, offset: line * 100, text: "")
        }
        var facts = (1...24).map { fact("甲", $0, $0 * 3 % 7) }
        facts.append(fact("甲", 9, 5))
        facts += [fact("乙", 3, 2), fact("乙", 9, 5), fact("乙", 9, 1), fact("乙", 17, 3), fact("乙", 40, 1)]
        return InMemoryModel(facts: facts)
    }()

    static let expressions = [
        // A filter that begins with the guard.
        "[count([x for x in facts(甲) where x.line == f.line and x.额 > 0]) for f in facts(乙)]",
        "[sum(x.额 for x in facts(甲) where x.para == f.para) for f in facts(乙)]",
        // The body of an `any`, as a loop filter and as the checked expression.
        "[f.额 for f in facts(乙) where any g in facts(甲): g.line == f.line and exactly g.额 == f.额]",
        "[any g in facts(甲): g.para == f.para and g.额 > 4 for f in facts(乙)]",
        // `all` stops at the first item on another line: asked item by item.
        "[all g in facts(甲): g.line == f.line for f in facts(乙)]",
        // A list with items that are not facts: those are evaluated (and fault).
        "[count([x for x in facts(甲) + [1] where x.line == f.line]) for f in facts(乙)]",
    ]

    func run(_ text: String, remembering: Bool, stepLimit: Int = Limits.maxSteps) throws -> RememberingRun {
        let c = CompiledExpression.compile(text, environment: Environment(model: Self.model))
        let e = try #require(c.expression, "\(c.diagnostics.map(\.message))")
        return RememberingRun(e, remembering: remembering, stepLimit: stepLimit, model: Self.model)
    }

    @Test(arguments: expressions)
    func theSameValuesAndSteps(_ text: String) throws {
        let plain = try run(text, remembering: false), skipping = try run(text, remembering: true)
        #expect(skipping.shown == plain.shown)
        #expect(skipping.steps == plain.steps)
        #expect(plain.evaluator.itemLines.isEmpty)
        // The facts' lines were read once per list, not per run of the loop (`all` asks item by item).
        #expect(skipping.evaluator.itemLines.isEmpty == text.contains("all g"))
        #expect(plain.shown.hasPrefix("[") != text.contains("+ [1]"), "\(plain.shown)")
    }

    @Test func theValuesAreWhatTheReportSays() throws {
        #expect(try run(Self.expressions[0], remembering: true).shown == "[1, 2, 2, 1, 0]")
        #expect(try run(Self.expressions[2], remembering: true).shown == "[2, 5]")
    }

    @Test(arguments: expressions)
    func stepBudgetsRunOutAtTheSamePlace(_ text: String) throws {
        let full = try run(text, remembering: false).steps
        for limit in stride(from: 1, through: full + 2, by: Swift.max(1, full / 97)) {
            let plain = try run(text, remembering: false, stepLimit: limit)
            let skipping = try run(text, remembering: true, stepLimit: limit)
            #expect(skipping.shown == plain.shown, "limit \(limit)")
            #expect(skipping.steps == plain.steps, "limit \(limit)")
        }
    }
}
