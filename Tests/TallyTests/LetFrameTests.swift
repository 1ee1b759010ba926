import Testing
@testable import Tally

/// Lets evaluate in frames the evaluator keeps for the run, one per depth of lets being
/// evaluated (``Evaluator/letFrames``), not in a fresh frame each: a let first read inside
/// another let's loop, and a let after one that failed inside its loop, give what they give
/// in a run of their own.
@Suite struct LetFrameTests {
    static let source = """
    let NUMS = [1, 2, 3, 4]
    let BIG = [n for n in NUMS where n > 2]
    let OUTER = [m + count(BIG) for m in NUMS where m > 1]
    let BAD = [k for k in NUMS where first([j for j in NUMS where j > k + 10]) > 0]
    let AFTER = [p * 2 for p in NUMS where p < 3]
    let DEEP = [q for q in OUTER where q > count(AFTER) + count([r for r in BIG where r < q]) + 1]
    check L-1 "a let read first in another let's loop" error: sum(OUTER) == 15
    check L-2 "a let failing inside its loop" error: count(BAD) == 0
    check L-3 "a let after the failure" error: sum(AFTER) == 6
    check L-4 "lets three deep" error: sum(DEEP) == 6
    check L-5 "the failed let again" error: exists(BAD) or sum(AFTER) == 6
    """

    @Test func letsGiveWhatTheyGiveInARunOfTheirOwn() throws {
        let pack = try #require(Pack.compile(sources: [SourceFile(path: "lets.tally", text: Self.source)],
                                             model: EvaluatorTests.model).pack)
        func shown(_ r: [CheckResult]) -> [String] { r.map { "\($0.checkID) \($0.status) \($0.message)" } }
        let together = shown(pack.run(on: EvaluatorTests.model))
        #expect(together.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
            == ["L-1 pass", "L-2 notApplicable", "L-3 pass", "L-4 pass", "L-5 pass"], "\(together)")
        // Each check alone runs with a fresh evaluator, so every let in a fresh frame.
        var alone: [String] = []
        for id in ["L-1", "L-2", "L-3", "L-4", "L-5"] {
            alone += shown(pack.run(on: EvaluatorTests.model, options: RunOptions(onlyChecks: [id])))
        }
        #expect(together == alone)
        // In the reverse order the lets are evaluated first by other checks, at other depths.
        var reversed: [String] = []
        for id in ["L-5", "L-4", "L-3", "L-2", "L-1"] {
            reversed += shown(pack.run(on: EvaluatorTests.model, options: RunOptions(onlyChecks: [id])))
        }
        #expect(Set(reversed) == Set(together))
        #expect(shown(pack.run(on: EvaluatorTests.model, options: RunOptions(threads: 2))) == together)
    }

    @Test func theFramesAreKeptForTheRunAndFreeAgainAfterEachLet() throws {
        let c = CompiledExpression.compile("sum(DEEP) + count(OUTER)", environment: Environment(model: EvaluatorTests.model),
                                           pack: try #require(Pack.compile(sources: [SourceFile(path: "lets.tally", text: Self.source)],
                                                                           model: EvaluatorTests.model).pack))
        let e = try #require(c.expression, "\(c.diagnostics.map(\.message))")
        let run = RememberingRun(e, remembering: true)
        #expect(run.shown == "9")
        // DEEP reads OUTER, which reads BIG: three lets under way at once at the deepest.
        #expect(run.evaluator.letFrames.count == 3)
        #expect(run.evaluator.letNesting == 0)
        #expect(run.evaluator.letFrames.allSatisfy { $0.count == run.evaluator.frame.count })
    }
}
