import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// End-to-end tests of the commands through `TallyMain.run` with captured stdout and stderr.
@Suite(.serialized) struct CommandTests {
    init() { setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1) }

    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let c = Console.capturing()
        let s = TallyMain.run(args, console: c)
        return (s, c.captured.out, c.captured.err)
    }

    var example: String { TestPaths.repositoryRoot.appendingPathComponent("Examples/reports/决算示例.txt").path }
    var model: String { TestPaths.repositoryRoot.appendingPathComponent("Examples/公开05.json").path }

    @Test(arguments: [
        ("3% == 270.89 / 9111.11", "true"), ("4.8% == 442.56 / 9111.11", "false"), ("0.1 + 0.2 == 0.3", "true"),
        ("51.33 == 51.32", "false"), ("120.07 == 80.03 + 40.05", "true"),
        ("12.8% == 1030.29 / (9111.11 - 1030.29)", "false"), ("250.00 == 50.01 + 49.99 + 50.03 + 50.02 + 50.05", "false"),
    ])
    func evalVerdicts(_ expr: String, _ verdict: String) {
        let r = run(["eval", expr])
        #expect(r.status == 0)
        #expect(r.out.split(separator: "\n").first.map(String.init) == verdict)
        #expect(r.out.contains("difference") && r.out.contains("allowance"))
    }

    @Test func evalJSONShowsBothSidesOfTheBriefsExample() throws {
        let r = run(["eval", "--model", model, "--table", "公开05", "--format", "json", "sum(功能分类.210.*) == 卫生健康支出"])
        #expect(r.status == 0, "\(r.err)")
        let j = try JSONValue.parse(r.out)
        #expect(j["value"] == .bool(true))
        #expect(j["lhs"]?.stringValue == "8397.66")
        #expect(j["rhs"]?.stringValue == "8397.66")
        #expect(j["difference"]?.stringValue == "0")
        #expect(j["allowance"]?.stringValue == "0.015")
    }

    @Test func evalSyntaxErrorsAreAllPrintedWithCaretsAndExit2() {
        let r = run(["eval", "(1 + ) * (2 + )"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.components(separatedBy: "error[T0101]").count - 1 == 2)
        #expect(r.err.contains("<expr>:1:6") && r.err.contains("<expr>:1:15"))
        #expect(r.err.contains("     ^"))
    }

    @Test func evalRuntimeErrorExits2() {
        let r = run(["eval", "1 / (2 - 2)"])
        #expect(r.status == 2)
        #expect(r.err.contains("T0301"))
    }

    @Test func checkExampleReportFindsThePlantedErrors() throws {
        let r = run(["check", "--format", "json", example])
        #expect(r.status == 1, "\(r.err)")
        let j = try JSONValue.parse(r.out)
        guard case .array(let reports)? = j["reports"], case .array(let results)? = reports.first?["results"] else {
            Issue.record("no results"); return
        }
        let failed = Set(results.filter { $0["status"]?.stringValue == "fail" }.compactMap { $0["check"]?.stringValue })
        #expect(failed.isSuperset(of: ["N-GROWTH", "N-SHARE", "N-ITEM", "J-HIER", "N-DIRECTION"]))
        let growth = try #require(results.first { $0["check"]?.stringValue == "N-GROWTH" })
        #expect(growth["lhs"]?.stringValue == "12.8")
        #expect(growth["rhs"]?.stringValue == "12.7498")
        #expect(growth["percent"] == .bool(true))
        #expect(growth["location"]?["line"] != nil)
    }

    @Test func checkTextNamesFiguresLinesAndAllowance() {
        let r = run(["check", example])
        #expect(r.status == 1)
        #expect(r.out.contains("N-ITEM"))
        #expect(r.out.contains("51.33"))
        #expect(r.out.contains("51.32"))
        #expect(r.out.contains("beyond the rounding allowance"))
        #expect(r.out.contains("(line "))
    }

    /// A folder run: the closing line adds up every report's errors and warnings, and the output
    /// (rendered by the workers) is the same whatever the number of jobs.
    @Test func folderRunTotalsEveryReportAndDoesNotDependOnJobs() throws {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Examples/reports").path
        let text = run(["check", "--jobs", "2", folder])
        #expect(text.status == 1)
        func count(_ word: String, in line: Substring) -> Int {
            let parts = line.split(separator: " ")
            guard let k = parts.firstIndex(where: { $0.hasPrefix(word) }), k > 0 else { return 0 }
            return Int(parts[k - 1]) ?? 0
        }
        let lines = text.out.split(separator: "\n")
        let perReport = lines.filter { $0.hasPrefix("   ") && $0.contains(" passed") }
        let total = try #require(lines.first { $0.hasPrefix("2 reports: ") })
        #expect(perReport.count == 2)
        for word in ["error", "warning"] {
            let sum = perReport.map { count(word, in: $0) }.reduce(0, +)
            #expect(count(word, in: total) == sum, "\(word): \(total) vs \(perReport)")
        }
        #expect(perReport.map { count("warning", in: $0) }.reduce(0, +) > 0, "the examples carry warnings")
        let one = run(["check", "--jobs", "1", "--format", "json", folder])
        let two = run(["check", "--jobs", "2", "--format", "json", folder])
        #expect(one.out == two.out)
        #expect(one.out.contains("决算示例.txt") && one.out.contains("预算示例.txt"))
    }

    @Test func checkOfAMissingFileExits2() {
        let r = run(["check", "/nonexistent/report.txt"])
        #expect(r.status == 2)
        #expect(r.err.contains("no such file"))
    }

    @Test func checkOfAnEmptyFileSaysWhyAndExits2() throws {
        let scratch = try ScratchDirectory("tally-empty")
        defer { withExtendedLifetime(scratch) {} }
        let f = scratch.file("empty.txt")
        try Data().write(to: f)
        let r = run(["check", f.path])
        #expect(r.status == 2)
        #expect(r.err.contains("L0901") || r.err.contains("empty"))
    }

    @Test func packSamplesPass() {
        for pack in ["部门决算", "部门预算"] {
            let r = run(["test", pack])
            #expect(r.status == 0, "\(pack): \(r.out) \(r.err)")
        }
    }

    @Test func dumpJSONCarriesLinesAndDecimalStrings() throws {
        let r = run(["dump", "--format", "json", example])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\"value\": \"9111.11\""))
        // Amounts are decimal strings without thousands separators (only quoted text keeps them).
        #expect(!r.out.contains("\"value\": \"9,111.11\""))
        #expect(r.out.contains("\"line\""))
    }

    /// Issue 4: 公开05's `optional` 年初预算数 | 调整预算数 are shown by `tally dump` where the report
    /// prints them and left out of the grid where it does not (no `L009` note either); the JSON
    /// model keeps every declared column.
    @Test func dumpShowsOptionalColumnsOnlyWherePrinted() {
        let without = run(["dump", example])
        #expect(without.status == 0, "\(without.err)")
        let headers = without.out.split(separator: "\n").filter { $0.contains("基本支出") && $0.contains("项目支出") }
        #expect(!headers.isEmpty)
        #expect(headers.allSatisfy { !$0.contains("年初预算数") && !$0.contains("调整预算数") })
        #expect(!without.out.contains("L009"))
        let json = run(["dump", "--format", "json", example])
        #expect(json.out.contains("年初预算数"))
        let path = TestPaths.repositoryRoot.appendingPathComponent("Checks/部门决算/samples/决算_年初调整预算栏示例.txt").path
        let with = run(["dump", path])
        #expect(with.status == 0, "\(with.err)")
        #expect(with.out.split(separator: "\n").contains { $0.contains("项目支出") && $0.contains("年初预算数") && $0.contains("调整预算数") })
    }

    /// A short 决算 whose narrative says 预算 more often than 决算 (年初预算…) is dumped with the
    /// 部门决算 pack, as `tally check` checks it — not with the pack the opening bytes suggest.
    @Test func dumpUsesThePackOfTheReportsOwnType() {
        let path = TestPaths.repositoryRoot.appendingPathComponent("Tests/FalseAlarms/决算_叙述_无误.txt").path
        let r = run(["dump", path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("type: 决算"))
        #expect(r.out.contains("完成率  line"), "the 部门决算 pack's facts")
        #expect(!r.out.contains("类金额  line"), "no 部门预算 pack facts")
    }

    /// The load diagnostics of session 11 (L019 a table announced but not placed, L020 a page whose
    /// column grid does not match the first's) are shown by `tally dump`, as text and as JSON objects.
    @Test(arguments: [("city_budget_unplaced_tables.txt", "L019"), ("final_accounts_page_grid_mismatch.txt", "L020")])
    func dumpShowsTheNewLoadDiagnostics(_ fixture: String, _ id: String) throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("Tests/TallyReportsTests/Fixtures/\(fixture)").path
        let text = run(["dump", path])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("\(id) "))
        let json = run(["dump", "--format", "json", path])
        #expect(json.out.contains("\"id\": \"\(id)\""))
    }

    @Test func unknownCommandAndHelp() {
        let bad = run(["chekc"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("did you mean 'check'"))
        let help = run(["--help"])
        #expect(help.status == 0)
        for c in ["check", "dump", "eval", "test"] { #expect(help.out.contains(c)) }
        let h = run(["check", "--help"])
        #expect(h.out.contains("Example:"))
    }

    @Test func outputFileIsWrittenAtomically() throws {
        let scratch = try ScratchDirectory("tally-out")
        defer { withExtendedLifetime(scratch) {} }
        let out = scratch.file("out.sarif")
        let r = run(["check", "--format", "sarif", "--output", out.path, example])
        #expect(r.status == 1)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("\"version\": \"2.1.0\"") || text.contains("\"version\":\"2.1.0\""))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(out.lastPathComponent).tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func waiversMarkFindingsAsWaivedNotSilent() throws {
        let scratch = try ScratchDirectory("tally-waivers")
        defer { withExtendedLifetime(scratch) {} }
        let w = scratch.file("tally-waivers.json")
        try Data(#"{"waivers":[{"check":"N-GROWTH","report":"决算示例.txt","reason":"口径调整","by":"张三","until":"2999-12-31"}]}"#.utf8).write(to: w)
        let r = run(["check", "--format", "json", "--waivers", w.path, example])
        let j = try JSONValue.parse(r.out)
        guard case .array(let reports)? = j["reports"], case .array(let results)? = reports.first?["results"] else { Issue.record("no results"); return }
        let growth = try #require(results.first { $0["check"]?.stringValue == "N-GROWTH" })
        #expect(growth["status"]?.stringValue == "waived")
        #expect(growth["waiver"]?.stringValue?.contains("张三") == true)
    }

    @Test func shippedPacksAreCanonicalAndLintClean() {
        let checks = TestPaths.repositoryRoot.appendingPathComponent("Checks").path
        let fmt = run(["fmt", "--check", checks])
        #expect(fmt.status == 0, "\(fmt.out) \(fmt.err)")
        for pack in ["部门决算", "部门预算"] {
            let lint = run(["lint", (checks as NSString).appendingPathComponent(pack)])
            #expect(lint.status == 0, "\(pack): \(lint.out) \(lint.err)")
        }
    }
}
