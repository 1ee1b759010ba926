import Foundation
import Testing
import TallyTestSupport
@testable import Tally

/// Every input that once crashed, hung or exhausted memory (`Tests/Regressions/*.tally`, issue 8),
/// run through the entry point the checker fuzz target uses: compile as a pack against the
/// conformance model, then run it. Each file states what must happen in `# expect-error: ID`
/// (a compile diagnostic) and `# expect-result: CHECK STATUS [ID]` lines.
@Suite struct RegressionTests {
    static let folder = TestPaths.repositoryRoot.appendingPathComponent("Tests/Regressions")
    static let model: InMemoryModel =
        (try? JSONModel.parse(TestPaths.read(TestPaths.conformance.appendingPathComponent("model.json")))) ?? InMemoryModel()
    static let files: [String] = TestPaths.files(in: folder, withExtension: "tally").map(\.lastPathComponent)

    @Test func thereAreRegressionInputs() {
        #expect(Self.files.count >= 5)
    }

    @Test(arguments: files)
    func regressionInputIsHandled(_ name: String) {
        let text = TestPaths.read(Self.folder.appendingPathComponent(name))
        let directives = text.split(separator: "\n").filter { $0.hasPrefix("# expect-") }.map { String($0.dropFirst(2)) }
        #expect(!directives.isEmpty, "\(name) states no expectation")
        let comp = Pack.compile(sources: [SourceFile(path: name, text: text)], model: Self.model)
        let ids = Set(comp.diagnostics.map(\.id.rawValue))
        var results: [CheckResult] = []
        if let pack = comp.pack { results = pack.run(on: Self.model) }
        for d in directives {
            let parts = d.split(separator: " ").map(String.init)
            switch parts.first {
            case "expect-error:":
                #expect(comp.pack == nil, "\(name)")
                #expect(ids.contains(parts[1]), "\(name): \(ids)")
            case "expect-result:":
                let r = results.first { $0.checkID == parts[1] }
                #expect(r?.status.rawValue == parts[2], "\(name): \(parts[1]) is \(r?.status.rawValue ?? "missing"), \(comp.diagnostics.map(\.message).prefix(3))")
                if parts.count > 3 { #expect(r?.message.contains(parts[3]) == true, "\(name): \(r?.message ?? "")") }
            default:
                Issue.record("\(name): unknown directive '\(d)'")
            }
        }
    }
}

/// An expression typed in `tally eval` or the REPL that uses a pack's looping `let` runs the let in
/// the expression's frame, which must hold the let's loop slots (it crashed: index out of range).
@Suite struct ExpressionFrameTests {
    @Test func anExpressionUsingALoopingLetRuns() throws {
        let text = TestPaths.read(RegressionTests.folder.appendingPathComponent("let-loop-slots.tally"))
        let pack = try #require(Pack.compile(sources: [SourceFile(path: "lets.tally", text: text)], model: RegressionTests.model).pack)
        let env = Environment(model: RegressionTests.model)
        let e = try #require(CompiledExpression.compile("count(c) <= count(a)", environment: env, pack: pack).expression)
        #expect(e.evaluate(on: RegressionTests.model).value?.display == "true")
    }
}
