import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// The pack samples printed as space-aligned text (Tests/Layouts) give the same findings as the
/// tab-separated samples: the loader reads a table by where its columns are printed, not by
/// which separator the extractor used.
@Suite(.serialized) struct SpaceAlignedLayoutTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    static let suffix = "_空格对齐.txt"

    static var aligned: [String] {
        TestPaths.files(in: TestPaths.repositoryRoot.appendingPathComponent("Tests/Layouts"), withExtension: "txt")
            .map(\.path).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// The tab-separated pack sample an aligned report was printed from.
    static func sample(for path: String) -> String? {
        let name = String((path as NSString).lastPathComponent.dropLast(suffix.count)) + ".txt"
        let checks = TestPaths.repositoryRoot.appendingPathComponent("Checks")
        return TestPaths.files(in: checks, withExtension: "txt").map(\.path).first { $0.hasSuffix("/samples/" + name) }
    }

    /// The failing results of `tally check --format json`, as (check, line, lhs, rhs), sorted.
    static func failures(_ path: String) throws -> [String] {
        let console = Console.capturing()
        _ = TallyMain.run(["check", "--format", "json", path], console: console)
        let out = try JSONValue.parse(console.captured.out)
        guard case .array(let reports)? = out["reports"], case .array(let results)? = reports.first?["results"] else { return [] }
        return results.filter { $0["status"]?.stringValue == "fail" }.map { r in
            [r["check"]?.stringValue ?? "", r["location"]?["line"]?.serialized() ?? "-",
             r["lhs"]?.stringValue ?? "-", r["rhs"]?.stringValue ?? "-"].joined(separator: " ")
        }.sorted()
    }

    @Test func thereAreAlignedSamplesOfBothTypes() {
        #expect(Self.aligned.count >= 2)
        #expect(Self.aligned.allSatisfy { Self.sample(for: $0) != nil }, "\(Self.aligned)")
    }

    @Test(arguments: SpaceAlignedLayoutTests.aligned)
    func alignedSampleGivesTheSameFindings(_ path: String) throws {
        let sample = try #require(Self.sample(for: path))
        let expected = try Self.failures(sample), got = try Self.failures(path)
        #expect(expected.count >= 10, "the sample should have planted errors")
        #expect(got == expected, "only aligned: \(got.filter { !expected.contains($0) }); only tabbed: \(expected.filter { !got.contains($0) })")
    }
}
