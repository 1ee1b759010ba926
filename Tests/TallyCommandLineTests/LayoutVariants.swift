import Foundation
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// Copies of the pack samples printed another way (Tests/Layouts/NAME<suffix>.txt: space-aligned,
/// wrapped …) and what `tally check --format json` concludes on them, for the suites that require
/// a copy to give the same results as its sample.
enum LayoutVariants {
    /// The copies whose names end with `suffix`, sorted.
    static func files(suffix: String) -> [String] {
        TestPaths.files(in: TestPaths.repositoryRoot.appendingPathComponent("Tests/Layouts"), withExtension: "txt")
            .map(\.path).filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// The pack sample (Checks/*/samples/NAME.txt) the copy at `path` was made from.
    static func sample(for path: String, suffix: String) -> String? {
        let name = String((path as NSString).lastPathComponent.dropLast(suffix.count)) + ".txt"
        let checks = TestPaths.repositoryRoot.appendingPathComponent("Checks")
        return TestPaths.files(in: checks, withExtension: "txt").map(\.path).first { $0.hasSuffix("/samples/" + name) }
    }

    /// The results of `tally check --format json` on one report (with `--all`, the passing and
    /// not-applicable ones too).
    static func results(_ path: String, all: Bool) throws -> [JSONValue] {
        let console = Console.capturing()
        _ = TallyMain.run(["check"] + (all ? ["--all"] : []) + ["--format", "json", path], console: console)
        let out = try JSONValue.parse(console.captured.out)
        guard case .array(let reports)? = out["reports"], case .array(let results)? = reports.first?["results"] else { return [] }
        return results
    }
}
