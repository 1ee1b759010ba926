import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 12, finding 423: a row name wrapped onto a line of its own inside a table is joined
/// back into its row, and the loader says which lines it joined (L018).
@Suite struct WrappedNameTests {
    /// The title, header, 合计 and 208 rows of the tab-separated 表8 the tests continue.
    static let tabbedHead = """
        表8 支出总体情况表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \t合计\t190.30\t190.30\t
        208\t社会保障和就业支出\t190.30\t190.30\t

        """

    /// A tab-separated 支出总体情况表 whose 2080505 name goes on on the next line.
    @Test func tabbedContinuationJoinsThePreviousRow() throws {
        let r = try Support.load(Self.tabbedHead + """
        20805\t行政事业单位养老支出\t190.30\t190.30\t
        2080505\t机关事业单位基本养老保险\t142.30\t142.30\t
        \t缴费支出\t\t\t
        2080506\t机关事业单位职业年金缴费支出\t48.00\t48.00\t

        """)
        let t = try #require(r.table(named: "表8"))
        #expect(t.rows(code: "2080505").map { t.rows[$0].name } == ["机关事业单位基本养老保险缴费支出"])
        #expect(!t.rows.contains { $0.name == "缴费支出" })
        #expect(r.value("表8", code: "2080506", "合计")?.written == "48.00")
        let d = r.diagnostics(LoadDiagnosticID.joinedNameLines)
        #expect(d.count == 1)
        #expect(d.first?.line == 7)
        #expect(d.first?.message.contains("lines 7–8") == true)
        #expect(d.first?.severity == .note)
    }

    /// Space-aligned, centred vertically: the head above the code and amounts, the tail below.
    @Test func headAndTailAroundANamelessRow() throws {
        let r = try Support.load("""
        表8 支出总体情况表
        单位：万元
        科目编码   科目名称                            合计        基本支出        项目支出
                   合计                              190.30          190.30
        208        社会保障和就业支出                190.30          190.30
        20805      行政事业单位养老支出              190.30          190.30
                   机关事业单位基本养老
        2080505                                      142.30          142.30
                   保险缴费支出
        2080506    机关事业单位职业年金缴费支出       48.00           48.00

        """)
        let t = try #require(r.table(named: "表8"))
        #expect(t.rows(code: "2080505").map { t.rows[$0].name } == ["机关事业单位基本养老保险缴费支出"])
        #expect(t.rows(code: "20805").map { t.rows[$0].name } == ["行政事业单位养老支出"])
        #expect(r.value("表8", code: "2080505", "基本支出")?.written == "142.30")
        #expect(t.rows.count == 5)
        #expect(r.diagnostics(LoadDiagnosticID.joinedNameLines).first?.message.contains("lines 7–9") == true)
    }

    /// A project table (rows by name): a project whose amounts stand between its name's two
    /// halves gets the whole name; the project rows around it keep theirs.
    @Test func projectNameAroundItsAmounts() throws {
        let r = try Support.load("""
        表9 项目支出情况表
        单位：万元
        项目名称                                    合计      一般公共预算      单位资金
        合计                                      533.00            438.50         94.50
        生态环境保护宣传教育经费                   82.50             82.50
        生态环境执法及行政
                                                  356.00            356.00
        管理工作经费
        生态环境监测运行经费                       94.50                           94.50

        """)
        let t = try #require(r.table(named: "表9"))
        #expect(t.rows.map(\.name) == ["合计", "生态环境保护宣传教育经费", "生态环境执法及行政管理工作经费", "生态环境监测运行经费"])
        #expect(r.value("表9", name: "生态环境执法及行政管理工作经费", "合计")?.written == "356.00")
    }

    /// Lines that are rows of their own stay rows: an ordinal heading, a `其中` line, header
    /// labels read among the rows (a column name, a key label), and a name-only line in a table
    /// keyed by names (which may be a row without amounts).
    @Test func rowsOfTheirOwnAreNotJoined() throws {
        let r = try Support.load(Self.tabbedHead + """
        \t其中：养老\t\t\t
        20805\t行政事业单位养老支出\t190.30\t190.30\t
        \t基本支出\t\t\t
        2080505\t机关事业单位基本养老保险缴费支出\t190.30\t190.30\t
        \t一、补充\t\t\t
        2080506\t机关事业单位职业年金缴费支出\t\t\t
        \t科目名称\t\t\t

        表9 项目支出情况表
        单位：万元
        项目名称\t合计
        合计\t82.50
        生态环境保护宣传教育经费\t82.50
        其他项目\t

        """)
        let t8 = try #require(r.table(named: "表8"))
        #expect(t8.rows(code: "208").map { t8.rows[$0].name } == ["社会保障和就业支出"])
        #expect(t8.rows(code: "20805").map { t8.rows[$0].name } == ["行政事业单位养老支出"])
        #expect(t8.rows(code: "2080505").map { t8.rows[$0].name } == ["机关事业单位基本养老保险缴费支出"])
        #expect(t8.rows(code: "2080506").map { t8.rows[$0].name } == ["机关事业单位职业年金缴费支出"])
        let t9 = try #require(r.table(named: "表9"))
        #expect(t9.rows.map(\.name).contains("其他项目"))
        #expect(t9.rows(named: "生态环境保护宣传教育经费").count == 1)
        #expect(r.diagnostics(LoadDiagnosticID.joinedNameLines).isEmpty)
    }
}
