import Testing
import Tally
@testable import TallyReports

/// Title lines that carry more than the title, and titles printed again on a new page (review 13).
@Suite struct TitleLineAndContinuationTests {
    /// The split 公开03 of ``Support/splitExpenseTable(_:title:unit:)`` under `title`, without a unit line
    /// (some titles here carry the unit), `continuation` between its two pages.
    func report(title: String, continuation: String = "") -> String {
        Support.splitExpenseTable(continuation, title: title, unit: nil)
    }

    /// The number and the title in two tab cells, or the unit after the title on its line
    /// (finding 534): the line was skipped as a table row, or its last byte (`元`) was no title's,
    /// and every table of the report was lost.
    @Test(arguments: ["附表3\t支出决算表", "支出决算表\t\t\t单位：万元", "支出决算表                    单位：万元",
                      "附表3\t支出决算表\t\t\t金额单位：万元", "附表3  支出决算表      单位：元"])
    func aTitleLineWithNumberOrUnitIsATitle(_ title: String) throws {
        let r = try Support.load(report(title: title))
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(r.value("公开03", code: "22102", "项目支出")?.written == "100.00")
        // The unit on the title line is the table's.
        #expect(r.metadata.unit == (title.hasSuffix("单位：元") ? "元" : title.hasSuffix("单位：万元") ? "万元" : nil))
    }

    /// A tabbed line of a header or a row is still no title.
    @Test func aHeaderLineIsNoTitle() throws {
        #expect(!ReportBuilder.isTitleCells(RawLine(ReportText(bytes: Array("项目\t支出决算表".utf8)), index: 0), Array("项目\t支出决算表".utf8)))
        let row = "221\t住房保障支出\t100.00"
        #expect(!ReportBuilder.isTitleCells(RawLine(ReportText(bytes: Array(row.utf8)), index: 0), Array(row.utf8)))
    }

    /// The title printed again after the page footer, without `(续)` (finding 516): the second
    /// page was read as the table again and dropped, and the 合计 no longer added up.
    @Test(arguments: ["支出决算表", "附表3\n支出决算表", "支出决算表\t\t\t单位：万元"])
    func theTitleAgainAfterAPageFooterContinuesTheTable(_ again: String) throws {
        let r = try Support.load(report(title: "附表3  支出决算表\n单位：万元",
                                        continuation: "\n— 8 —\n\(again)\n单位：万元\n项目\t\t本年支出合计\t基本支出\t项目支出\n科目编码\t科目名称"))
        #expect(r.value("公开03", code: "221", "本年支出合计")?.written == "100.00")
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(r.diagnostics(LoadDiagnosticID.repeatedTable).isEmpty)
    }

    /// A table printed twice (its 合计 first again, or a code of the first part again) stays a repeat.
    @Test(arguments: ["\t合计\t300.00\t200.00\t100.00", "208\t社会保障和就业支出\t200.00\t200.00\t"])
    func aTableRepeatedAfterAPageFooterIsNoContinuation(_ firstRow: String) throws {
        let r = try Support.load(report(title: "附表3  支出决算表\n单位：万元",
                                        continuation: "\n— 8 —\n支出决算表\n单位：万元\n项目\t\t本年支出合计\t基本支出\t项目支出\n\(firstRow)"))
        #expect(r.diagnostics(LoadDiagnosticID.repeatedTable).count == 1)
    }

    /// A table printed with its header and row labels but no amount (finding 514) is absent for
    /// the checks: its blank cells were read as zeros, and the narrative-only checks were off.
    @Test func aTableWithoutAmountsIsAnnouncedEmpty() throws {
        let text = """
        附表3  支出决算表
        单位：万元
        项目\t\t本年支出合计\t基本支出\t项目支出
        科目编码\t科目名称
        \t合计\t\t\t
        208\t社会保障和就业支出\t\t\t
        20805\t行政事业单位养老支出\t\t\t

        """
        let r = try Support.load(text)
        #expect(r.table(named: "公开03") == nil)
        #expect(r.diagnostics(LoadDiagnosticID.tableWithoutRows).count == 1)
        // When the report says the table is empty, its blank cells are zeros.
        let said = try Support.load(text + "注：本部门本年度无此项支出，故本表为空表。\n")
        #expect(said.table(named: "公开03") != nil)
    }

    /// A space-aligned table continued on a new page whose repeated header stands at other
    /// offsets (finding 502): the second page was cut by the first page's grid, its amounts
    /// moved a column. Each page's part is cut by its own header.
    @Test func aRepeatedHeaderStartsANewColumnGrid() throws {
        let shift = String(repeating: " ", count: 13)
        let text = """
        附表3  支出决算表
        单位：万元
        科目编码  科目名称              本年支出合计    基本支出    项目支出
                  合计                        300.00      200.00      100.00
        208       社会保障和就业支出          200.00      200.00
        20805     行政事业单位养老支出        200.00      200.00

        — 8 —
        科目编码  \(shift)科目名称              本年支出合计    基本支出    项目支出
        221       \(shift)住房保障支出                100.00                  100.00
        22102     \(shift)住房改革支出                100.00                  100.00

        注：本表反映部门本年度各项支出情况。

        """
        let r = try Support.load(text)
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(r.value("公开03", code: "221", "本年支出合计")?.written == "100.00")
        #expect(r.value("公开03", code: "22102", "项目支出")?.written == "100.00")
        #expect(r.value("公开03", code: "22102", "基本支出")?.written == nil)
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(r.table(named: "公开03")?.rows.contains { $0.name == "科目名称" } == false)
    }

    /// Header cells printed one per line above a tabbed table (finding 501): the labels were read
    /// as prose or an empty 合计 row, and the table was lost.
    @Test func headerCellsOnePerLineMakeOneHeader() throws {
        let r = try Support.load("""
        表4
        “三公”经费支出情况表
        编制单位：某区教育局\t\t单位：万元
        合计
        因公出国
        （境）费
        公务用车购置及运行费
        公务接待费
        \t\t小计\t购置费\t运行费\t
        13.00\t0.00\t9.80\t0.00\t9.80\t3.20

        """)
        let t = try #require(r.table(named: "表4"))
        #expect(t.rows.count == 1)
        func value(_ column: String) -> String? { t.column(named: column).flatMap { t.rows.first?.cells[$0].figure?.written } }
        #expect(value("合计") == "13.00")
        #expect(value("公务用车购置及运行费") == "9.80")
        #expect(value("公务用车运行费") == "9.80")
        #expect(value("公务接待费") == "3.20")
        #expect(r.diagnostics(LoadDiagnosticID.tableWithoutRows).isEmpty)

        let codes = try Support.load("""
        附表3  支出决算表
        单位：万元
        科目编码
        科目名称
        本年支出合计
        基本支出
        项目支出
        \t合计\t300.00\t200.00\t100.00
        208\t社会保障和就业支出\t200.00\t200.00\t
        221\t住房保障支出\t100.00\t\t100.00
        22102\t住房改革支出\t100.00\t\t100.00

        """)
        #expect(codes.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(codes.value("公开03", code: "22102", "项目支出")?.written == "100.00")
    }
}
