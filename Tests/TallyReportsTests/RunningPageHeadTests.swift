import Testing
import Tally
@testable import TallyReports

/// A table running onto a new page whose footer was lost: the page's running title, maybe the
/// title with `(续)`, and the header lines again stand between two of its rows (review 16,
/// finding 802). The running title ended the table and the rows after it were lost.
@Suite struct RunningPageHeadTests {
    func report(_ pageHead: String) throws -> LoadedReport {
        try Support.load(Support.splitExpenseTable(pageHead))
    }

    static let header = Support.expenseTableHeader

    @Test(arguments: ["示例县农业农村局2023年度部门决算\n\(header)",
                      "示例县农业农村局2023年度部门决算\n支出决算表（续）\n\(header)",
                      "示例县农业农村局2023年度部门决算\n\n单位：万元\n\(header)",
                      "— 4 —\n示例县农业农村局2023年度部门决算\n\(header)"])
    func theRowsAfterThePageHeadBelongToTheTable(_ pageHead: String) throws {
        let r = try report(pageHead)
        #expect(r.value("公开03", code: "22102", "项目支出")?.written == "100.00")
        #expect(r.value("公开03", code: "221", "本年支出合计")?.written == "100.00")
        #expect(r.diagnostics(LoadDiagnosticID.rowsAfterTableEnd).isEmpty)
        // The repeated header lines are no rows.
        let names = r.table(named: "公开03")?.rows.map(\.name) ?? []
        #expect(!names.contains("项目") && !names.contains("科目编码"), "\(names)")
    }

    @Test func aRunningTitleWithoutTheHeaderAfterItStillEndsTheTable() throws {
        // Prose after the report's title: a new part, not this table's next page.
        let r = try report("示例县农业农村局2023年度部门决算\n本部门2023年度支出合计300.00万元。")
        #expect(r.value("公开03", code: "221", "本年支出合计") == nil)
        #expect(!r.diagnostics(LoadDiagnosticID.rowsAfterTableEnd).isEmpty)
    }
}
