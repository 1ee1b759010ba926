import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// 部门决算 tables announced without rows (review 12, finding 415): the line under the title that
/// says the table is empty explains it whatever its prefix, and a closing note that the tables are
/// published as attachments explains those with no line of their own. A table with neither still
/// gives the warning.
@Suite struct Review12EmptyTableTests {
    func severity(_ r: LoadedReport, _ table: String) -> Diagnostic.Severity? {
        r.diagnostics(LoadDiagnosticID.tableWithoutRows).first { $0.table == table }?.severity
    }

    @Test func emptyLinesOfAnyPrefixExplainTheTable() throws {
        let r = try Support.load("""
        某镇人民政府2024年度部门决算公开

        二、收入决算表
        公开02表
        编制单位：某镇人民政府                                  单位：万元
        此表为空。

        八、国有资本经营预算财政拨款支出决算表
        公开08表
        编制单位：某镇人民政府                                  单位：万元
        本单位2024年度无国有资本经营预算财政拨款支出，故本表为空表。

        九、财政拨款“三公”经费支出决算表
        公开09表
        编制单位：某镇人民政府                                  单位：万元
        （无数据）

        五、一般公共预算财政拨款支出决算表
        公开05表
        编制单位：某镇人民政府                                  单位：万元

        第三部分  情况说明

        本单位2024年度一般公共预算财政拨款支出100.00万元。
        """)
        #expect(severity(r, "公开02") == .note)
        #expect(severity(r, "公开08") == .note)
        #expect(severity(r, "公开09") == .note)
        // Nothing under its title and no closing note: still a warning.
        #expect(severity(r, "公开05") == .warning)
    }

    @Test func aClosingAttachmentNoteExplainsTheTablesBeforeIt() throws {
        let r = try Support.load("""
        某镇人民政府2024年度部门决算公开

        五、一般公共预算财政拨款支出决算表
        公开05表
        编制单位：某镇人民政府                                  单位：万元

        六、一般公共预算财政拨款基本支出决算明细表
        公开06表
        编制单位：某镇人民政府                                  单位：万元

        注：以上表格以 PDF 附件形式另行公开，本文仅列示表名。

        第三部分  情况说明

        本单位2024年度一般公共预算财政拨款支出100.00万元。
        """)
        #expect(severity(r, "公开05") == .note)
        #expect(severity(r, "公开06") == .note)
        // The tables were found, empty: no "no declared table was found" warning.
        #expect(!r.diagnostics(LoadDiagnosticID.requiredTableMissing).contains { $0.message.contains("no declared table") })
    }
}
