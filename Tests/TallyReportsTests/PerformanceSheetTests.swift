import Testing
import Tally
@testable import TallyReports

/// Issue 5: rows of a 绩效 sheet out of line with their block or header (`L024`), found on tab rows
/// no pack declares as a table — and nothing on a sheet laid out consistently.
@Suite struct PerformanceSheetTests {
    static func diagnostics(_ lines: [String], title: String = "项目绩效目标申报表") -> [LoadDiagnostic] {
        let text = ([title, "", "单位：万元", ""] + lines).joined(separator: "\n") + "\n"
        return PerformanceSheets.diagnostics(ReportText(bytes: Array(text.utf8)))
    }

    static let detail = ["项目支出预算及测算依据\t项目支出明细预算\t项目支出明细\t\t金额",
                         "\t\t合计\t\t54.00", "\t\t会议桌椅\t\t3.00", "\t\t投影仪\t\t1.00", "\t\t学习桌椅\t\t3.00",
                         "\t\t扩音系统\t\t8.00", "\t\t显示屏\t\t9.42", ""]

    @Test func aConsistentDetailBlockGivesNothing() {
        #expect(Self.diagnostics(Self.detail + ["\t\t台式电脑\t\t6.16", "\t\t复印机\t\t3.00"]).isEmpty)
    }

    /// After a page break two rows put their amount one cell left: one warning on the first.
    @Test func rowsWithTheirAmountOneCellLeftAreFound() throws {
        let d = Self.diagnostics(Self.detail + ["\t\t沙发\t5.00\t\t", "\t\t复印机\t3.00\t\t"])
        #expect(d.count == 1)
        let first = try #require(d.first)
        #expect(first.id == LoadDiagnosticID.misalignedSheetRow)
        #expect(first.severity == .warning)
        #expect(first.line == 13)
        #expect(first.message.contains("lines 13–14"))
        #expect(first.message.contains("one cell left"))
        #expect(first.table == "项目绩效目标申报表")
    }

    /// A total row whose label spans a cell more than the items' (部门总体资金情况: `合计→→2549.18`)
    /// is not a shifted row.
    @Test func aTotalRowIsLeftAlone() {
        let rows = ["部门总体资金情况\t总体资金情况\t\t当年金额\t占比", "\t收入构成\t财政拨款\t2549.18\t",
                    "\t\t其他收入\t10.00\t", "\t支出构成\t基本支出\t659.40\t", "\t\t项目支出\t1889.78\t",
                    "\t\t其他支出\t10.00\t", "合计\t\t2559.18\t100%\t"]
        #expect(Self.diagnostics(rows, title: "部门整体支出绩效目标申报表").isEmpty)
    }

    /// The same rows under a title that is no 绩效 sheet's are not looked at.
    @Test func otherSheetsAreNotLookedAt() {
        #expect(Self.diagnostics(Self.detail + ["\t\t沙发\t5.00\t\t"], title: "一般公共预算支出表").isEmpty)
    }

    static let header = "年度绩效目标\t一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t目标分值\t得分"

    @Test func labelsUnderTheirHeaderGiveNothing() {
        let rows = [Self.header,
                    "\t产出指标 (40分)\t数量指标\t参保人数\t>1,065万\t1127.40万人\t5.00\t5.00",
                    "\t\t质量指标\t一次办比例\t≥95%\t100.00%\t5.00\t5.00",
                    "\t成本指标\t\t预算执行率\t≥95%\t100.00%\t5.00\t5.00",
                    "\t\t成本指标\t运行成本\t≤100万元\t98万元\t5.00\t5.00",
                    "\t时效指标\t\t按时办结率\t100%\t100.00%\t5.00\t5.00",
                    "\t效益指标 (20分)\t社会效益 指标\t续签服务协议率\t100%\t100.00%\t20.00\t20.00",
                    "\t满意度指标（20分）\t服务对象满意度指标\t参保对象满意度\t≥95%\t96%\t20.00\t20.00"]
        #expect(Self.diagnostics(rows, title: "项目自评表").isEmpty)
    }

    /// A 一级 label in the 年度绩效目标 column and a 二级 one in the 三级 column: consecutive rows,
    /// one warning naming both.
    @Test func labelsOutOfTheirColumnsAreFound() throws {
        let rows = [Self.header,
                    "\t产出指标 (40分)\t数量指标\t参保人数\t>1,065万\t1127.40万人\t5.00\t5.00",
                    "满意度指标 (20分)\t\t社会效益指标\t续签服务协议率\t100%\t100.00%\t20.00\t20.00",
                    "\t\t\t服务对象满意度指标\t参保对象满意度\t≥95%\t满意度100.00%\t19.00"]
        let d = Self.diagnostics(rows, title: "项目自评表")
        #expect(d.count == 1)
        let first = try #require(d.first)
        #expect(first.line == 7)
        #expect(first.message.contains("'满意度指标' in cell 1"))
        #expect(first.message.contains("'服务对象满意度指标' in cell 4"))
        #expect(first.message.contains("header (line 5)"))
    }

    @Test(arguments: ["3.00", "43.2万元", "1,234.50", "-2", "35.78 万元"])
    func plainAmounts(_ cell: String) {
        let b = Array(cell.utf8)
        #expect(PerformanceSheets.isPlainAmount(b, RawCell(start: 0, end: b.count)))
    }

    @Test(arguments: ["100%", "10 平方米", "1,23", "027-83096816", "≥95%", "3.", "合计"])
    func notPlainAmounts(_ cell: String) {
        let b = Array(cell.utf8)
        #expect(!PerformanceSheets.isPlainAmount(b, RawCell(start: 0, end: b.count)))
    }
}
