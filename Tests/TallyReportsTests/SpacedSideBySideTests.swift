import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 14, findings 603 and 604: space-aligned side-by-side tables (收入 | 支出) without a 行次
/// column. A group-label line letter-spaced wider than a word (`收        入 … 支        出`) was cut
/// into one cell per character, and rows after the blank 收入 cells lost their amounts without a
/// word (603); a letter-spaced total row (`收  入  总  计`) was cut into four cells, which lost the
/// 总计 row and moved the right-hand amounts of the rows above into the left column (604).
@Suite struct SpacedSideBySideTests {
    static func c(_ n: String, _ a: [String]) -> ColumnSpec { ColumnSpec(name: n, aliases: a) }
    static let overview = TableSpec(name: "收支总表", titles: ["部门收支总表"], rowKeys: [.name], columns: [],
        groups: ["收入", "经济支出", "功能支出"].map { ColumnGroupSpec(name: $0, rowKeys: [.name], columns: [c("预算数", ["金额"])]) })
    static let fiscal = TableSpec(name: "财政拨款收支总表", titles: ["财政拨款收支总表"], rowKeys: [.name], columns: [],
        groups: [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数", [])]),
                 ColumnGroupSpec(name: "支出", rowKeys: [.name], columns: [c("合计", []), c("一般公共预算", []), c("政府性基金预算", []),
                                                                           c("国有资本经营预算", [])])])
    static let loader = ReportLoader(tables: [overview, fiscal], facts: [])

    /// 表1 with its group labels letter-spaced over the wide columns and its 总计 labels too.
    static let overviewText = """
        表1
                                部门收支总表
        编制单位：某市园林绿化局                                            单位：万元
        收        入                                      支        出
        项    目                                  预算数  项    目                                  预算数
        一、一般公共预算拨款收入                3,816.20  一、一般公共服务支出                      212.40
        二、政府性基金预算拨款收入                        二、卫生健康支出                          106.30
        三、国有资本经营预算拨款收入                      三、城乡社区支出                        3,497.50
        四、财政专户管理资金收入                          四、住房保障支出                          180.00
        五、单位资金                              180.00
        本年收入合计                            3,996.20  本年支出合计                            3,996.20
        上年结转结余                                      年末结转结余
        收  入  总  计                          3,996.20  支  出  总  计                          3,996.20

        """

    /// 表4: blank 收入 cells beside 支出 rows, and a letter-spaced total row.
    static let fiscalText = """
        表4
                                财政拨款收支总表
        编制单位：某市园林绿化局                                            单位：万元
        收    入                                  支    出
        项    目                          预算数  项    目                            合计  一般公共预算  政府性基金预算  国有资本经营预算
        一、本年收入                    3,816.20  一、本年支出                    3,816.20      3,816.20
        （一）一般公共预算拨款          3,816.20  （一）一般公共服务支出            212.40        212.40
        （二）政府性基金预算拨款                  （二）卫生健康支出                106.30        106.30
        （三）国有资本经营预算拨款                （三）城乡社区支出              3,317.50      3,317.50
                                                  （四）住房保障支出                180.00        180.00
        二、上年结转                              二、年末结转结余
        收  入  总  计                  3,816.20  支  出  总  计                  3,816.20      3,816.20

        """

    /// The figure of `column` in the row named `name` of `group`.
    func figure(_ r: LoadedReport, _ table: String, _ group: String, _ name: String, _ column: String) -> String? {
        guard let t = r.table(named: table), let c = t.column(named: column) else { return nil }
        return t.rows.first { $0.group == group && $0.name == name }?.cells[c].figure?.written
    }

    @Test func rowsAfterBlankCellsKeepTheirAmounts() throws {
        let r = try Support.load(Self.overviewText, loader: Self.loader)
        #expect(figure(r, "收支总表", "收入", "五、单位资金", "预算数") == "180.00")
        #expect(figure(r, "收支总表", "收入", "本年收入合计", "预算数") == "3996.20")
        #expect(figure(r, "收支总表", "经济支出", "本年支出合计", "预算数") == "3996.20")
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }

    /// The same 表1 with its 总计 labels written without spaces: only the group labels are spaced.
    @Test func rowsAfterBlankCellsKeepTheirAmountsUnderSpacedGroupLabels() throws {
        let text = Self.overviewText.replacingOccurrences(of: "收  入  总  计", with: "收入总计      ")
            .replacingOccurrences(of: "支  出  总  计", with: "支出总计      ")
        let r = try Support.load(text, loader: Self.loader)
        #expect(figure(r, "收支总表", "收入", "五、单位资金", "预算数") == "180.00")
        #expect(figure(r, "收支总表", "收入", "本年收入合计", "预算数") == "3996.20")
        #expect(figure(r, "收支总表", "经济支出", "本年支出合计", "预算数") == "3996.20")
        #expect(figure(r, "收支总表", "收入", "收入总计", "预算数") == "3996.20")
    }

    @Test func letterSpacedTotalIsOneLabel() throws {
        let r = try Support.load(Self.overviewText, loader: Self.loader)
        #expect(figure(r, "收支总表", "收入", "收入总计", "预算数") == "3996.20")
        #expect(figure(r, "收支总表", "经济支出", "支出总计", "预算数") == "3996.20")
        #expect(r.table(named: "收支总表")?.rows.contains { $0.name == "收" || $0.name == "入" } == false)
    }

    @Test func letterSpacedTotalLeavesTheColumnsInPlace() throws {
        let r = try Support.load(Self.fiscalText, loader: Self.loader)
        #expect(figure(r, "财政拨款收支总表", "支出", "(二)卫生健康支出", "合计") == "106.30")
        #expect(figure(r, "财政拨款收支总表", "支出", "(三)城乡社区支出", "一般公共预算") == "3317.50")
        #expect(figure(r, "财政拨款收支总表", "收入", "(二)政府性基金预算拨款", "预算数") == nil)
        #expect(figure(r, "财政拨款收支总表", "支出", "支出总计", "合计") == "3816.20")
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }
}
