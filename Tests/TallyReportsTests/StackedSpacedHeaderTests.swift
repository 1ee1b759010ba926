import Testing
import Tally
@testable import TallyReports

/// A space-aligned table whose header labels are printed one per line above its rows
/// (`科目编码` / `科目名称` / `合计` / `基本支出` / `项目支出`, review 13, finding 501): read for a
/// tabbed table only, the space-aligned one took its `合计` … labels for rows (a blank 合计 row
/// first, false alarms on the totals).
@Suite struct StackedSpacedHeaderTests {
    @Test func stackedLabelsNameTheColumnsOfASpaceAlignedTable() throws {
        let r = try Support.fixture("city_budget_stacked_space.txt")
        let t2 = try #require(r.table(named: "表2"))
        // The labels are no rows: the total row is the one with amounts.
        #expect(t2.rows.count == 8)
        #expect(t2.rows.first.map { $0.cells.allSatisfy { $0.figure != nil } } == true)
        #expect(r.value("表2", code: "2130306", "合计")?.written == "260.00")
        #expect(r.value("表2", code: "2130306", "基本支出")?.written == "0.00")
        #expect(r.value("表2", code: "221", "项目支出")?.written == "0.00")
        #expect(r.value("表2", code: "22102", "基本支出")?.written == "60.00")
        let t3 = try #require(r.table(named: "表3"))
        #expect(t3.rows.count == 4)
        #expect(r.value("表3", code: "302", "公用经费")?.written == "81.50")
        #expect(r.value("表3", code: "30101", "人员经费")?.written == "480.00")
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
    }

    /// One-cell lines that are no header over the rows (a heading, then a header line of its own)
    /// are read as before.
    @Test func labelsFollowedByAHeaderLineStayHeaderLines() throws {
        let text = """
        表2  一般公共预算支出情况表
        单位：万元
        支出功能分类科目
        项目
        科目编码  科目名称  合计  基本支出  项目支出
        213  农林水支出  761.50  501.50  260.00
        21303  水利  761.50  501.50  260.00

        """
        let r = try Support.load(text)
        #expect(r.value("表2", code: "21303", "项目支出")?.written == "260.00")
        #expect(r.table(named: "表2")?.rows.count == 2)
    }
}
