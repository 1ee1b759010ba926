import Testing
import Tally
@testable import TallyReports

/// 表1 部门收支总表 printed stacked (review 16, finding 815): the 收入 rows down to 收入总计, then the
/// 支出 rows down to 支出总计, under one `项目 ⇥ 预算数` header. Every row was read into 收入, so the
/// 支出 half went unchecked. The 支出 block begins after the row closing the first group, or at a
/// line naming the group — also `支出` over a group declared as `经济支出`.
@Suite struct StackedSummaryTableTests {
    static func loader(_ second: String) -> ReportLoader {
        let col = [ColumnSpec(name: "预算数", aliases: ["金额"])]
        var groups = [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: col),
                      ColumnGroupSpec(name: second, rowKeys: [.name], columns: col)]
        if second != "支出" { groups.append(ColumnGroupSpec(name: "功能支出", rowKeys: [.name], columns: col)) }
        return ReportLoader(tables: [TableSpec(name: "收支总表", titles: ["部门收支总表"], rowKeys: [.name], columns: [],
                                               groups: groups)], facts: [])
    }

    func text(headed: Bool) -> String {
        """
        表1 部门收支总表
        单位：万元
        项目\t预算数
        \(headed ? "收入\t\n" : "")一、一般公共预算拨款收入\t900.00
        二、单位资金\t100.00
        本年收入合计\t1,000.00
        上年结转\t50.00
        收入总计\t1,050.00
        \(headed ? "支出\t\n" : "")一、社会保障和就业支出\t300.00
        二、卫生健康支出\t750.00
        本年支出合计\t1,050.00
        支出总计\t1,050.00

        """
    }

    @Test(arguments: [("支出", false), ("支出", true), ("经济支出", false), ("经济支出", true)])
    func theSecondHalfIsReadAsTheSecondGroup(_ second: String, _ headed: Bool) throws {
        let r = try Support.load(text(headed: headed), loader: Self.loader(second))
        let t = try #require(r.table(named: "收支总表"))
        #expect(t.rows.filter { $0.group == "收入" }.map(\.name).last == "收入总计")
        #expect(t.rows.filter { $0.group == second }.map(\.name) == ["一、社会保障和就业支出", "二、卫生健康支出", "本年支出合计", "支出总计"])
        #expect(r.value("收支总表", name: "本年支出合计", group: second, "预算数")?.written == "1050.00")
        // No heading line read as a row.
        #expect(!t.rows.contains { $0.name == "支出" || $0.name == "收入" })
    }

    @Test func aSideBySideTotalLineStaysOneLine() throws {
        let side = """
        表1 部门收支总表
        单位：万元
        收入\t\t支出\t
        项目\t预算数\t项目\t预算数
        一、一般公共预算拨款收入\t1,050.00\t一、卫生健康支出\t1,050.00
        收入总计\t1,050.00\t支出总计\t1,050.00

        """
        let r = try Support.load(side, loader: Self.loader("支出"))
        #expect(r.value("收支总表", name: "一、卫生健康支出", group: "支出", "预算数")?.written == "1050.00")
        #expect(r.value("收支总表", name: "支出总计", group: "支出", "预算数")?.written == "1050.00")
    }
}
