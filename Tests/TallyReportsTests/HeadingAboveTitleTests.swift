import Testing
import Tally
@testable import TallyReports

/// Review 18, finding 915: a numbered heading over a table's title (`二、2025年部门预算表`, a blank
/// line, `表1  2025年部门收支预算总表`) was read with the title as one two-line title
/// (`二、2025年部门预算表表12025年部门收支预算总表`, line of the heading). The title line is the title.
@Suite struct HeadingAboveTitleTests {
    static let spec = TableSpec(name: "收支总表", titles: ["部门收支总表", "收支预算总表"], rowKeys: [.name], columns: [],
        groups: ["收入", "支出"].map { ColumnGroupSpec(name: $0, rowKeys: [.name], columns: [ColumnSpec(name: "预算数")]) })

    static func load(heading: String) throws -> LoadedReport {
        try Support.load("""
            \(heading)

            表1\t2025年部门收支预算总表
            单位：万元
            项目\t预算数\t项目\t预算数
            一、一般公共预算拨款收入\t960.00\t一、一般公共服务支出\t700.00
            \t\t二、住房保障支出\t260.00
            收入合计\t960.00\t支出合计\t960.00

            """, loader: ReportLoader(tables: [spec], facts: []))
    }

    @Test func aNumberedHeadingIsNotPartOfTheTitle() throws {
        let r = try Self.load(heading: "二、2025年部门预算表")
        let t = try #require(r.table(named: "收支总表"))
        #expect(t.line == 3)
        #expect(!t.title.contains("部门预算表表"))
        #expect(t.title.contains("部门收支预算总表"))
        #expect(t.rows.contains { $0.name == "支出合计" })
    }

    /// A line that is only the table's number still heads the title on the next line.
    @Test func aNumberAloneStillJoinsTheTitle() throws {
        let r = try Support.load("""
            表1
            部门收支总表
            单位：万元
            项目\t预算数\t项目\t预算数
            一、一般公共预算拨款收入\t960.00\t一、一般公共服务支出\t960.00
            收入合计\t960.00\t支出合计\t960.00

            """, loader: ReportLoader(tables: [Self.spec], facts: []))
        let t = try #require(r.table(named: "收支总表"))
        #expect(t.line == 1)
    }
}
