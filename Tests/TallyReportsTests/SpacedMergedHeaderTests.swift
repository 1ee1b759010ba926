import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 14, finding 601: a space-aligned 三公 table under a two-line header with a merged cell
/// (`公务用车购置及运行维护费` over `小计 | 公务用车购置费 | 公务用车运行维护费`) and no 栏次 row. Its one
/// row of amounts, right-aligned in wide columns, lost two amounts (L007) and three columns.
@Suite struct SpacedMergedHeaderTests {
    static let spec = TableSpec(name: "三公", titles: ["一般公共预算“三公”经费支出表"], rowKeys: [.name],
        columns: [ColumnSpec(name: "本年预算数", aliases: ["合计"]), ColumnSpec(name: "因公出国费", aliases: ["因公出国(境)费"]),
                  ColumnSpec(name: "公务用车小计", aliases: ["公务用车购置及运行维护费"]), ColumnSpec(name: "公务用车购置费"),
                  ColumnSpec(name: "公务用车运行费", aliases: ["公务用车运行维护费"]), ColumnSpec(name: "公务接待费")])

    /// The table with `top` as the header's first line over the same second line and row.
    static func load(top: String) throws -> LoadedReport {
        try Support.load("""
        表7
                                一般公共预算“三公”经费支出表
        编制单位：某市园林绿化局                                            单位：万元
        \(top)
                                              小计  公务用车购置费  公务用车运行维护费
               31.60            2.40         24.50            0.00           24.50          4.70

        """, loader: ReportLoader(tables: [Self.spec], facts: []))
    }

    @Test func oneRowUnderATwoLineHeaderFillsEveryColumn() throws {
        let r = try Self.load(top: "合计          因公出国（境）费  公务用车购置及运行维护费                      公务接待费")
        let t = try #require(r.table(named: "三公"))
        #expect(t.rows.count == 1)
        #expect(t.rows.first?.cells.map { $0.figure?.display ?? "" } == ["31.60", "2.40", "24.50", "0.00", "24.50", "4.70"])
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
    }

    /// A header whose cells do not stand over the row's amounts (公务接待费 printed over the
    /// 运行维护费 column) is not read in order: the amounts it cannot place are reported.
    @Test func aHeaderOverOtherColumnsIsNotReadInOrder() throws {
        let r = try Self.load(top: "合计          因公出国（境）费  公务用车购置及运行维护费      公务接待费")
        #expect(!r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }

    /// Review 18, finding 917: the same kind of table with short sub-labels (`小计 | 购置费 | 运行费`
    /// under `公务用车购置及运行费`), followed by the report's next headings, which the reader takes
    /// in as rows of names. Counted in the columns, those lines made the row's amounts shift
    /// (购置及运行费 read as 0.00, 购置费 as the 小计, 公务接待费 lost: four false errors).
    static let shortSpec = TableSpec(name: "三公", titles: ["一般公共预算“三公”经费支出表"], rowKeys: [.name],
        columns: [ColumnSpec(name: "本年预算数", aliases: ["合计"]), ColumnSpec(name: "因公出国费", aliases: ["因公出国(境)费"]),
                  ColumnSpec(name: "公务用车小计", aliases: ["公务用车购置及运行费"]), ColumnSpec(name: "公务用车购置费", aliases: ["购置费"]),
                  ColumnSpec(name: "公务用车运行费", aliases: ["运行费"]), ColumnSpec(name: "公务接待费")])

    static func loadShort(after: String) throws -> LoadedReport {
        try Support.load("""
        表3  2025年一般公共预算“三公”经费支出表
        单位：万元
        合计    因公出国（境）费   公务用车购置及运行费                     公务接待费
                                   小计                   购置费   运行费
        22.50               3.00                  12.00     4.00     8.00         7.50
        \(after)
        """, loader: ReportLoader(tables: [Self.shortSpec], facts: []))
    }

    @Test func headingsAfterTheRowDoNotShiftItsAmounts() throws {
        let r = try Self.loadShort(after: "\n四、2025年部门预算情况说明\n\n（一）收支预算总体情况\n")
        let t = try #require(r.table(named: "三公"))
        let row = try #require(t.rows.first)
        #expect(row.cells.map { $0.figure?.display ?? "" } == ["22.50", "3.00", "12.00", "4.00", "8.00", "7.50"])
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
        // The heading lines are still there, as rows without amounts, as a tabbed table keeps them.
        #expect(t.rows.dropFirst().allSatisfy { $0.cells.allSatisfy { $0.figure == nil } })
    }

    /// Without lines after it the row reads the same (the reading the headings used to spoil).
    @Test func theRowAloneReadsTheSame() throws {
        let r = try Self.loadShort(after: "")
        let t = try #require(r.table(named: "三公"))
        #expect(t.rows.count == 1)
        #expect(t.rows.first?.cells.map { $0.figure?.display ?? "" } == ["22.50", "3.00", "12.00", "4.00", "8.00", "7.50"])
    }
}
