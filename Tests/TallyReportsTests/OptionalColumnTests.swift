import Testing
import Tally
@testable import TallyReports

/// Issue 4: a column declared `optional` (公开05's 年初预算数 | 调整预算数, the 上年预算数 | 增减额 |
/// 增减率 of a budget's 支出表) is read where the header names it; a header without it gives no
/// `L009` note, the column's cells are blank and it is marked as not printed.
@Suite struct OptionalColumnTests {
    static let spec = TableSpec(name: "支出表", titles: ["一般公共预算支出表"], rowKeys: [.functional, .name],
        columns: [ColumnSpec(name: "合计", aliases: ["本年预算数"]), ColumnSpec(name: "基本支出"), ColumnSpec(name: "项目支出"),
                  ColumnSpec(name: "上年预算数", isOptional: true), ColumnSpec(name: "增减额", isOptional: true)])

    static func load(_ header: String, _ rows: [String], spec: TableSpec = spec) throws -> LoadedReport {
        try Support.load("""
            表五
            一般公共预算支出表
            单位：万元
            \(header)
            \(rows.joined(separator: "\n"))

            """, loader: ReportLoader(tables: [spec], facts: []))
    }

    static func column(_ r: LoadedReport, _ name: String) -> Column? {
        r.table(named: "支出表")?.columns.first { $0.name == name }
    }

    @Test func aHeaderWithoutTheOptionalColumnsIsNoMismatch() throws {
        let r = try Self.load("科目编码\t科目名称\t合计\t基本支出\t项目支出",
                              ["213\t农林水支出\t1,710.00\t960.00\t750.00"])
        #expect(r.value("支出表", code: "213", "项目支出")?.written == "750.00")
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
        #expect(r.value("支出表", code: "213", "上年预算数") == nil)
        #expect(Self.column(r, "上年预算数")?.isPrinted == false)
        #expect(Self.column(r, "增减额")?.isPrinted == false)
        #expect(Self.column(r, "合计")?.isPrinted == true)
    }

    @Test func aHeaderNamingThemReadsThem() throws {
        let r = try Self.load("科目编码\t科目名称\t上年预算数\t本年预算数\t基本支出\t项目支出\t增减额",
                              ["213\t农林水支出\t1,620.00\t1,710.00\t960.00\t750.00\t90.00"])
        #expect(r.value("支出表", code: "213", "上年预算数")?.written == "1620.00")
        #expect(r.value("支出表", code: "213", "增减额")?.written == "90.00")
        #expect(r.value("支出表", code: "213", "合计")?.written == "1710.00")
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
        #expect(Self.column(r, "上年预算数")?.isPrinted == true)
    }

    /// An optional column is never given a cell by position: a 栏次 row numbering one column more
    /// than the header names places the required column left out, not the optional one.
    @Test func anOptionalColumnIsNotPlacedByPosition() throws {
        let r = try Self.load("科目编码\t科目名称\t合计\t基本支出\t项目支出\t\n\t栏次\t1\t2\t3\t4",
                              ["213\t农林水支出\t1,710.00\t960.00\t750.00\t5.00"])
        #expect(r.value("支出表", code: "213", "上年预算数") == nil)
        #expect(r.value("支出表", code: "213", "增减额") == nil)
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).allSatisfy { !$0.message.contains("上年预算数") })
    }

    /// The same column declared without `optional` is still reported missing (a note).
    @Test func aRequiredColumnMissingIsStillNoted() throws {
        var spec = Self.spec
        spec.columns[3].isOptional = false
        let r = try Self.load("科目编码\t科目名称\t合计\t基本支出\t项目支出",
                              ["213\t农林水支出\t1,710.00\t960.00\t750.00"], spec: spec)
        let notes = r.diagnostics(LoadDiagnosticID.headerMismatch)
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains("上年预算数") == true)
    }
}
