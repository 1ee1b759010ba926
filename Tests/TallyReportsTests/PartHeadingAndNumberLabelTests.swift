import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 14, findings 617 and 618: a part heading that ends in 表 (`二、部门预算表`) is no table
/// title, and a table number alone on its line (`表10`) labels the next table, so it ends the
/// table above it instead of being read as its row.
@Suite struct PartHeadingAndNumberLabelTests {
    static let projects = TableSpec(name: "项目支出表", titles: ["项目支出表"], rowKeys: [.name],
                                    columns: [ColumnSpec(name: "合计"), ColumnSpec(name: "一般公共预算"), ColumnSpec(name: "单位资金")])
    static let loader = ReportLoader(tables: [projects], facts: [])

    static func report(heading: String) -> String {
        """
        \(heading)

        表9
                                项目支出表
        编制单位：某市园林绿化局                                            单位：万元
        项目名称                                    合计    一般公共预算      单位资金
        合计                                    1,278.00        1,098.00        180.00
        城市绿地养护管理经费                      786.00          606.00        180.00
        古树名木保护经费                          492.00          492.00

                                          — 13 —

        表10
                                项目支出绩效目标表
        编制单位：某市园林绿化局                                            单位：万元
        项目名称       城市绿地养护管理经费
        主管部门       某市园林绿化局              实施单位    某市园林绿化局

        """
    }

    @Test(arguments: ["二、部门预算表", "第二部分 部门决算表", "三、2025年部门预算公开表"])
    func aPartHeadingIsNoTableTitle(_ heading: String) throws {
        let r = try Support.load(Self.report(heading: heading), loader: Self.loader)
        #expect(!r.diagnostics(LoadDiagnosticID.unrecognisedTitle).contains { $0.line == 1 })
        #expect(r.value("项目支出表", name: "古树名木保护经费", "合计")?.written == "492.00")
    }

    @Test func aNumberLabelEndsTheTableAbove() throws {
        let r = try Support.load(Self.report(heading: "二、部门预算表"), loader: Self.loader)
        let t = try #require(r.table(named: "项目支出表"))
        #expect(t.rows.map(\.name) == ["合计", "城市绿地养护管理经费", "古树名木保护经费"])
    }

    /// The table's own number printed again over its continuation on the next page: its rows go on.
    @Test func theOwnNumberAgainContinuesTheTable() throws {
        let r = try Support.load("""
        表9 项目支出表
        单位：万元
        项目名称                                    合计    一般公共预算      单位资金
        合计                                    1,278.00        1,098.00        180.00
        城市绿地养护管理经费                      786.00          606.00        180.00

                                          — 13 —

        表9
        古树名木保护经费                          492.00          492.00

        """, loader: Self.loader)
        #expect(r.value("项目支出表", name: "古树名木保护经费", "合计")?.written == "492.00")
    }
}
