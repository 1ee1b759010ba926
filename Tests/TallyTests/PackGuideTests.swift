import Foundation
import Testing
import TallyTestSupport
@testable import Tally

/// Docs/Writing-packs.md, the rule author's guide, stays true: every built-in function has a row
/// in its table, and every declaration it shows parses and is formatted as `tally fmt` would.
@Suite struct PackGuideTests {
    static let guide = TestPaths.read(TestPaths.repositoryRoot.appendingPathComponent("Docs/Writing-packs.md"))

    /// The guide's fenced code blocks that hold Tally declarations.
    static let declarationBlocks: [String] = {
        let parts = guide.components(separatedBy: "```")
        // Odd-numbered parts are inside fences.
        return stride(from: 1, to: parts.count, by: 2).map { parts[$0] }.filter { block in
            let first = block.split(separator: "\n").first.map(String.init) ?? ""
            return ["table ", "fact ", "check ", "let "].contains { first.hasPrefix($0) }
        }
    }()

    @Test func guideExists() { #expect(Self.guide.contains("# Writing check packs")) }

    @Test(arguments: Builtin.allCases)
    func everyFunctionIsDocumented(_ f: Builtin) {
        #expect(Self.guide.contains("`\(f.rawValue)("), "Docs/Writing-packs.md does not document \(f.rawValue)()")
    }

    @Test func guideShowsDeclarations() { #expect(Self.declarationBlocks.count >= 3) }

    @Test(arguments: declarationBlocks)
    func declarationParses(_ source: String) {
        var p = Parser(source: source)
        _ = p.parseUnit()
        #expect(p.diagnostics.isEmpty, "\(source): \(p.diagnostics.map(\.message))")
    }

    /// Examples are written the way `tally fmt` writes them, so authors can copy them as they are.
    @Test(arguments: declarationBlocks)
    func declarationIsFormatted(_ source: String) {
        let trimmed = source.trimmingCharacters(in: .newlines) + "\n"
        #expect(SourceFormatter.format(trimmed) == trimmed)
    }
}
