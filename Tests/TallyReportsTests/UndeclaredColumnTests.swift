import Testing
import Tally
@testable import TallyReports

/// Review 18, findings 901 and 906: header columns that no declared column names (上年预算数, 增减额,
/// 增减率 beside a declaration of this year's 合计 | 基本支出 | 项目支出) were dropped without a word.
/// One note per table (`L023`) now names them.
@Suite struct UndeclaredColumnTests {
    static let spec = TableSpec(name: "支出表", titles: ["一般公共预算支出表"], rowKeys: [.functional, .name],
        columns: [ColumnSpec(name: "合计", aliases: ["本年预算数"]), ColumnSpec(name: "基本支出"), ColumnSpec(name: "项目支出")])

    static func load(_ header: String, _ rows: [String]) throws -> LoadedReport {
        try Support.load("""
            表五
            一般公共预算支出表
            单位：万元
            \(header)
            \(rows.joined(separator: "\n"))

            """, loader: ReportLoader(tables: [spec], facts: []))
    }

    @Test func undeclaredHeaderColumnsAreNamedOnce() throws {
        let r = try Self.load("科目编码\t科目名称\t上年预算数\t本年预算数\t基本支出\t项目支出\t增减额\t增减率",
                              ["213\t农林水支出\t1,620.00\t1,710.00\t960.00\t750.00\t90.00\t5.56",
                               "21303\t水利\t1,620.00\t1,710.00\t960.00\t750.00\t90.00\t5.56"])
        // The declared columns are read as before.
        #expect(r.value("支出表", code: "21303", "合计")?.written == "1710.00")
        #expect(r.value("支出表", code: "21303", "项目支出")?.written == "750.00")
        let notes = r.diagnostics(LoadDiagnosticID.undeclaredColumns)
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        #expect(note.severity == .note)
        #expect(note.line == 4)
        for name in ["上年预算数", "增减额", "增减率"] { #expect(note.message.contains(name)) }
        #expect(!note.message.contains("基本支出"))
    }

    @Test func everyColumnDeclaredGivesNoNote() throws {
        let r = try Self.load("科目编码\t科目名称\t合计\t基本支出\t项目支出",
                              ["213\t农林水支出\t1,710.00\t960.00\t750.00"])
        #expect(r.diagnostics(LoadDiagnosticID.undeclaredColumns).isEmpty)
    }

    /// Side by side, one note names the column left out on each side under its band.
    @Test func aColumnLeftOutOnEachSideIsNamedUnderItsBand() throws {
        let r = try PriorYearColumnTests.load("项目\t上年预算数\t本年预算数\t项目\t上年预算数\t本年预算数")
        let notes = r.diagnostics(LoadDiagnosticID.undeclaredColumns)
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains("'收入/上年预算数', '支出/上年预算数'") == true)
        #expect(notes.first?.message.contains("本年") == false)
    }
}
