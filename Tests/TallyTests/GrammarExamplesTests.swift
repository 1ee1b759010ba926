import Testing
import TallyTestSupport
@testable import Tally

/// Every `(*> … *)` example in Grammar/tally.ebnf parses without a syntax error, so the
/// normative grammar and the parser stay in step.
@Suite struct GrammarExamplesTests {
    static let examples: [String] = {
        let text = TestPaths.read(TestPaths.repositoryRoot.appendingPathComponent("Grammar/tally.ebnf"))
        return text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("(*>"), line.hasSuffix("*)") else { return nil }
            return String(line.dropFirst(3).dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
    }()

    @Test func grammarHasExamples() { #expect(Self.examples.count >= 25) }

    @Test(arguments: examples)
    func exampleParses(_ source: String) {
        var p = Parser(source: source)
        let isDecl = ["table", "fact", "check", "let", "include", "on"].contains { source.hasPrefix($0 + " ") }
        if isDecl { _ = p.parseUnit() } else { _ = p.parseStandaloneExpression() }
        #expect(p.diagnostics.isEmpty, "\(source): \(p.diagnostics.map(\.message))")
    }
}
