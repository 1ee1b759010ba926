import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// The shipped packs on reports in which every figure agrees (Tests/FalseAlarms): a reviewer
/// must get no noise, so any failing or broken check here is a false alarm.
@Suite(.serialized) struct FalseAlarmTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    static var reports: [String] {
        TestPaths.files(in: TestPaths.repositoryRoot.appendingPathComponent("Tests/FalseAlarms"), withExtension: "txt")
            .map(\.path).sorted()
    }

    @Test func thereAreConsistentReportsOfBothTypes() {
        let names = Self.reports.map { ($0 as NSString).lastPathComponent }
        #expect(names.contains { $0.hasPrefix("决算") } && names.contains { $0.hasPrefix("预算") }, "\(names)")
    }

    @Test(arguments: FalseAlarmTests.reports)
    func consistentReportRaisesNoFinding(_ path: String) throws {
        let console = Console.capturing()
        let status = TallyMain.run(["check", "--format", "json", "--all", path], console: console)
        #expect(status == ExitStatus.ok, "\(console.captured.err)")
        let out = try JSONValue.parse(console.captured.out)
        guard case .array(let reports)? = out["reports"], case .array(let results)? = reports.first?["results"] else {
            Issue.record("no results for \(path)"); return
        }
        let passed = results.filter { $0["status"]?.stringValue == "pass" }.count
        #expect(passed >= 20, "the packs should have recognised the report's tables and facts (\(passed) passes)")
        for r in results where r["status"]?.stringValue == "fail" || r["status"]?.stringValue == "error" {
            Issue.record("false alarm: \(r["check"]?.stringValue ?? "?") \(r["status"]?.stringValue ?? "") line \(r["location"]?["line"]?.serialized() ?? "-"): \(r["message"]?.stringValue ?? "")")
        }
    }
}
