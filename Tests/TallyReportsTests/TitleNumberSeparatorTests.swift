import Testing
import Tally
@testable import TallyReports

/// A table number and a year-first title separated by a tab or a space (`表2⇥2025年一般公共预算支出情况表`,
/// review finding 534): the key drops the separator, and the number ran on into the year (`表22025`).
@Suite struct TitleNumberSeparatorTests {
    /// The number ends where the year begins, whatever stood between them.
    @Test(arguments: [("表2\t2025年部门支出总表", "2"), ("表2 2025年部门支出总表", "2"), ("表2　2025年部门支出总表", "2"),
                      ("附表2\t2025年度部门支出总表", "2"), ("表13-1  2025年项目支出表", "13-1"), ("公开05 2024年度支出决算表", "5"),
                      ("表12 部门支出总表", "12"),
                      // Review 19, finding 1003: a Chinese-numeral number before the year.
                      ("表二　2024年一般公共预算支出表", "二"), ("表十二 2024年政府性基金预算支出表", "十二"),
                      ("表五\t2024年度部门支出总表", "五")])
    func theNumberStopsBeforeTheYear(_ title: String, _ number: String) {
        let lead = TitleIndex.stripLeader(Bytes.key(Array(title.utf8)[...]))
        #expect(lead.number == number)
        #expect(String(decoding: lead.rest, as: UTF8.self).hasSuffix("表"))
        #expect(!String(decoding: lead.rest, as: UTF8.self).hasPrefix("年"))
    }

    /// A city budget whose titles carry the year after the number (tab, spaces, an ideographic
    /// space, `附表`): every table is read under its number, and the 目录 listing finds it.
    @Test func yearFirstTitlesAreReadUnderTheirNumbers() throws {
        let r = try Support.fixture("city_budget_year_titles.txt")
        #expect(r.value("表2", code: "2130101", "合计")?.written == "501.50")
        #expect(r.value("表3", code: "30201", "公用经费")?.written == "81.50")
        #expect(r.value("表5", code: "2120803", "项目支出")?.written == "40.00")
        #expect(r.value("表8", code: "212", "合计")?.written == "40.00")
        #expect(r.diagnostics(LoadDiagnosticID.listedTableMissing).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.unrecognisedTitle).isEmpty)
    }
}
