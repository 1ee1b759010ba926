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

    static var aligned: [String] { LayoutVariants.files(suffix: suffix) }

    /// The tab-separated pack sample an aligned report was printed from.
    static func sample(for path: String) -> String? { LayoutVariants.sample(for: path, suffix: suffix) }

    /// The failing results of `tally check --format json`, as (check, line, lhs, rhs), sorted.
    static func failures(_ path: String) throws -> [String] {
        try LayoutVariants.results(path, all: false).filter { $0["status"]?.stringValue == "fail" }.map { r in
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
