import Testing
import Tally
@testable import TallyReports

/// A table broken over a page: its rows, the page footer, then `续表` or the title again with
/// `(续)`, the unit line and the repeated header, then the rest of its rows. The `(续)` title
/// was read as a second occurrence of the table (its rows dropped as a repeat) and a bare `续表`
/// line ended the table: the rows after the break were lost and the 合计 no longer added up. So did
/// the page's running header (the report's title) or its unit line after the footer.
@Suite struct ContinuedTableTests {
    func report(_ marker: String) throws -> LoadedReport {
        // The footer, the marker, and the header again between the rows.
        try Support.load(Support.splitExpenseTable("\n第 5 页  共 12 页\n\n\(marker)\n\n\(Support.expenseTableHeader)",
                                                   title: "附表3  支出决算表"))
    }

    @Test(arguments: ["续表", "附表3  支出决算表（续）\n\n单位：万元", "支出决算表(续表)",
                      // The page's running header, or its unit line again, after the footer.
                      "示例县农业农村局2023年度部门决算", "2023年度部门决算公开", "单位：万元"])
    func rowsAfterThePageBreakBelongToTheTable(_ marker: String) throws {
        let r = try report(marker)
        #expect(r.value("公开03", code: "221", "本年支出合计")?.written == "100.00")
        #expect(r.value("公开03", code: "22102", "项目支出")?.written == "100.00")
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(r.diagnostics(LoadDiagnosticID.repeatedTable).isEmpty)
    }

    @Test func aContinuationOfAnotherTableStaysApart() throws {
        // `(续)` of a table other than the one before it is that table's title.
        let r = try report("一般公共预算财政拨款支出决算表（续）")
        #expect(r.value("公开03", code: "221", "本年支出合计") == nil)
        #expect(r.table(named: "公开05")?.rows.contains { $0.code == "221" } == true)
    }
}

/// A section heading after a page footer is no running header: the table ends there.
@Suite struct RunningHeaderTests {
    @Test func aSectionHeadingIsNoRunningHeader() {
        #expect(TableReader.isRunningHeader(Bytes.key("某县农业农村局2023年度部门决算", dropQuotes: true)))
        #expect(!TableReader.isRunningHeader(Bytes.key("三、支出决算情况说明", dropQuotes: true)))
        #expect(!TableReader.isRunningHeader(Bytes.key("本部门2023年度决算收入1250.00万元。", dropQuotes: true)))
        #expect(!TableReader.isRunningHeader(Bytes.key("附表4 财政拨款收入支出决算总表", dropQuotes: true)))
    }
}

/// A 目录 listing the tables by title with the department's name and no number, in a report
/// whose tables carry numbers (附表3): each listing was taken for a table that is missing (L002
/// nine times on a consistent report, review 9 finding 99).
@Suite struct UnnumberedListingTests {
    @Test func aListingWithoutNumberIsMatchedByItsTable() throws {
        let text = """
        目录

        示例县农业农村局支出决算表
        示例县农业农村局收入决算表说明

        附表3  支出决算表
        公开03表
        单位：万元
        项目\t\t本年支出合计\t基本支出\t项目支出
        科目编码\t科目名称
        \t合计\t200.00\t200.00\t
        208\t社会保障和就业支出\t200.00\t200.00\t

        注：本表反映部门本年度各项支出情况。

        """
        let r = try Support.load(text)
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(r.diagnostics(LoadDiagnosticID.listedTableMissing).isEmpty)
    }
}
