import Foundation
import Testing
import TallyTestSupport
@testable import TallyCommandLine

/// Snapshots of what people read: the command overview and the text findings on the example.
@Suite(.serialized) struct CheckSnapshotTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    @Test func overviewHelp() {
        let c = Console.capturing()
        _ = TallyMain.run(["--help"], console: c)
        assertSnapshot(c.captured.out, named: "help.txt")
    }

    @Test func checkTextOnTheExampleReport() {
        let c = Console.capturing()
        // Run from the repository so the report path in the output is stable.
        let path = "Examples/reports/决算示例.txt"
        FileManager.default.changeCurrentDirectoryPath(TestPaths.repositoryRoot.path)
        _ = TallyMain.run(["check", path], console: c)
        assertSnapshot(c.captured.out, named: "check.example.txt")
    }
}
