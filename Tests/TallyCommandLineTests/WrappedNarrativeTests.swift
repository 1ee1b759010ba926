import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// Pack samples whose narrative is wrapped as PDF extraction wraps it (Tests/Layouts/*_折行.txt:
/// every prose line cut at about 38 characters, a blank line between the pieces, as in reports 001
/// and 002) give the same results, check by check, as the samples they copy. The checks link
/// statements by their distance in logical lines (`x.para`), which wrapping does not change;
/// measured in report lines, the same sample gained false alarms (N-DECLINE, N-TOTAL-OUT,
/// Y-N-PUBLIC) and lost checks (N-THREE-ITEM-AMOUNT, N-THREE-PARTS-AMOUNT: review 8, finding 67).
@Suite(.serialized) struct WrappedNarrativeTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    static let suffix = "_折行.txt"

    static var wrapped: [String] { LayoutVariants.files(suffix: suffix) }

    /// The pack sample a wrapped report was made from.
    static func sample(for path: String) -> String? { LayoutVariants.sample(for: path, suffix: suffix) }

    /// Every result of `tally check --all --format json` as "check status", sorted (lines differ
    /// between a report and its wrapped copy; what each check concluded must not).
    static func outcomes(_ path: String) throws -> [String] {
        try LayoutVariants.results(path, all: true).map { r in (r["check"]?.stringValue ?? "") + " " + (r["status"]?.stringValue ?? "") }.sorted()
    }

    @Test func thereAreWrappedSamplesOfBothTypes() {
        #expect(Self.wrapped.count >= 2)
        #expect(Self.wrapped.contains { $0.contains("决算") } && Self.wrapped.contains { $0.contains("预算") })
        #expect(Self.wrapped.allSatisfy { Self.sample(for: $0) != nil }, "\(Self.wrapped)")
    }

    @Test(arguments: WrappedNarrativeTests.wrapped)
    func wrappedSampleGivesTheSameResults(_ path: String) throws {
        let sample = try #require(Self.sample(for: path))
        let expected = try Self.outcomes(sample), got = try Self.outcomes(path)
        #expect(expected.count >= 300)
        // The sample's planted narrative errors are among what both must find.
        #expect(expected.contains { $0.hasSuffix(" fail") && ($0.hasPrefix("N-") || $0.hasPrefix("Y-N-")) })
        var rest = got
        var missing: [String] = []
        for e in expected { if let k = rest.firstIndex(of: e) { rest.remove(at: k) } else { missing.append(e) } }
        #expect(missing.isEmpty && rest.isEmpty, "only in the sample: \(missing); only wrapped: \(rest)")
    }
}

/// The packs compare statements' positions by logical line: a `.line` that is compared or
/// subtracted (anything but the last member of a message's `{…}`) in a file that is not about
/// ordering table rows measures report lines, which wrapping stretches. A merge or a new check
/// that brings one back fails here; `Scripts/measure-distances-by-para.py` rewrites them.
@Suite struct PackDistanceTests {
    static let rowFiles: Set<String> = ["table-checks.tally", "totals-01-checks.tally", "totals-04-checks.tally",
                                         "grand-total-checks.tally", "district-sides-checks.tally", "city-sides-checks.tally"]

    @Test func packsMeasureDistancesByPara() throws {
        let checks = TestPaths.repositoryRoot.appendingPathComponent("Checks")
        let files = TestPaths.files(in: checks, withExtension: "tally").filter { !Self.rowFiles.contains($0.lastPathComponent) }
        #expect(files.count >= 20)
        let pattern = try Regex(#"\.line\b(?!\s*\})"#)
        var offenders: [String] = []
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                offenders.append("\(f.lastPathComponent):\(n + 1)")
            }
        }
        #expect(offenders.isEmpty, "compare .para, not .line: \(offenders.prefix(10))")
    }
}
