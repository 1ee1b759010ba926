import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 14, finding 602: in a tab-separated table, the rest of a wrapped name printed on a line
/// without tabs is a piece of the row above, not the end of the table (every later row was
/// dropped without a word).
@Suite struct TablessPieceTests {
    /// A tab-separated 支出总体情况表 whose 2080505 and 2130311 names go on on lines without tabs.
    @Test func codedTableKeepsTheRowsAfterATablessPiece() throws {
        let r = try Support.load("""
        表8 支出总体情况表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \t合计\t1,521.94\t1,060.06\t461.88
        208\t社会保障和就业支出\t1,060.06\t1,060.06\t
        20805\t行政事业单位养老支出\t1,060.06\t1,060.06\t
        2080505\t机关事业单位基本养老保险缴\t560.12\t560.12\t
        费支出
        2080506\t机关事业单位职业年金缴费支出\t499.94\t499.94\t
        213\t农林水支出\t461.88\t\t461.88
        21303\t水利\t461.88\t\t461.88
        2130311\t水资源节约管理与\t461.88\t\t461.88
        保护
        \t\t\t\t

        """)
        let t = try #require(r.table(named: "表8"))
        #expect(t.rows(code: "2080505").map { t.rows[$0].name } == ["机关事业单位基本养老保险缴费支出"])
        #expect(t.rows(code: "2130311").map { t.rows[$0].name } == ["水资源节约管理与保护"])
        #expect(r.value("表8", code: "2080506", "合计")?.written == "499.94")
        #expect(r.value("表8", code: "2130311", "项目支出")?.written == "461.88")
        #expect(!t.rows.contains { $0.name == "费支出" || $0.name == "保护" })
        let d = r.diagnostics(LoadDiagnosticID.joinedNameLines)
        #expect(d.first?.message.contains("lines 7–8") == true)
        #expect(d.first?.message.contains("lines 12–13") == true)
    }

    /// A name-keyed table (a project list): the piece joins the project above it.
    @Test func nameKeyedTableJoinsATablessPiece() throws {
        let spec = TableSpec(name: "项目支出表", titles: ["项目支出表"], rowKeys: [.name],
                             columns: [ColumnSpec(name: "合计"), ColumnSpec(name: "一般公共预算"), ColumnSpec(name: "单位资金")])
        let loader = ReportLoader(tables: [spec], facts: [])
        let r = try Support.load("""
        表9 项目支出表
        单位：万元
        项目名称\t合计\t一般公共预算\t单位资金
        合计\t3,374.30\t3,054.30\t320.00
        城市管理综合执法专项经费\t860.00\t860.00\t
        城区道路清扫保洁及垃圾清运经\t2,105.60\t1,785.60\t320.00
        费
        数字城管平台运行维护费\t408.70\t408.70\t

        """, loader: loader)
        let t = try #require(r.table(named: "项目支出表"))
        #expect(t.rows.map(\.name) == ["合计", "城市管理综合执法专项经费", "城区道路清扫保洁及垃圾清运经费", "数字城管平台运行维护费"])
        #expect(r.value("项目支出表", name: "数字城管平台运行维护费", "合计")?.written == "408.70")
        #expect(r.diagnostics(LoadDiagnosticID.joinedNameLines).first?.message.contains("lines 6–7") == true)
    }

    /// A tabless line that is not a piece (a sentence) still ends the table, and the rows after
    /// it are reported as not read (L022), not dropped without a word.
    @Test func proseStillEndsATabbedTable() throws {
        let r = try Support.load("""
        表8 支出总体情况表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \t合计\t560.12\t560.12\t
        2080505\t机关事业单位基本养老保险缴费支出\t560.12\t560.12\t
        以上为本部门支出情况。
        2080506\t机关事业单位职业年金缴费支出\t499.94\t499.94\t

        """)
        let t = try #require(r.table(named: "表8"))
        #expect(t.rows(code: "2080506").isEmpty)
        let d = r.diagnostics(LoadDiagnosticID.rowsAfterTableEnd)
        #expect(d.count == 1)
        #expect(d.first?.line == 6)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.message.contains("from line 7") == true)
    }

    /// A table that ends before its notes says nothing more.
    @Test func notesAfterATableAreNoLostRows() throws {
        let r = try Support.load(Self.head + """
        注：本表反映部门本年度各项支出情况。

        """)
        #expect(r.diagnostics(LoadDiagnosticID.rowsAfterTableEnd).isEmpty)
        #expect(r.value("表8", code: "2080505", "合计")?.written == "560.12")
    }

    static let head = """
        表8 支出总体情况表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \t合计\t560.12\t560.12\t
        2080505\t机关事业单位基本养老保险缴费支出\t560.12\t560.12\t

        """
}
