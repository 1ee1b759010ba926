import Testing
import Tally
@testable import TallyReports

/// Review 18, finding 916: a 部门收支总表 printing `上年预算数 | 本年预算数` on each side, its
/// declaration naming `预算数` only. Both header labels contain `预算数`; the side whose declaration
/// lacked the exact `本年预算数` took the first, last year's figures (seven false errors on a
/// consistent report). Last year's column names a declared column only when that column says 上年.
@Suite struct PriorYearColumnTests {
    static func c(_ n: String, _ a: [String] = []) -> ColumnSpec { ColumnSpec(name: n, aliases: a) }
    static let spec = TableSpec(name: "收支总表", titles: ["部门收支总表"], rowKeys: [.name], columns: [],
        groups: [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数", ["金额"])]),
                 ColumnGroupSpec(name: "支出", rowKeys: [.name], columns: [c("预算数", ["金额"])])])

    static func load(_ header: String, spec: TableSpec = Self.spec) throws -> LoadedReport {
        try Support.load("""
            表一
            某市水利局2025年部门收支总表
            单位：万元
            收入\t\t\t支出\t\t
            \(header)
            一、一般公共预算拨款收入\t4,210.60\t4,512.30\t一、农林水支出\t3,905.10\t4,180.20
            二、事业收入\t150.00\t120.00\t二、住房保障支出\t455.50\t452.10
            本年收入合计\t4,360.60\t4,632.30\t本年支出合计\t4,360.60\t4,632.30

            """, loader: ReportLoader(tables: [spec], facts: []))
    }

    func figure(_ r: LoadedReport, _ group: String, _ name: String, _ column: String = "预算数") -> String? {
        guard let t = r.table(named: "收支总表"), let c = t.column(named: column) else { return nil }
        return t.rows.first { $0.group == group && $0.name == name }?.cells[c].figure?.written
    }

    @Test(arguments: ["项目\t上年预算数\t本年预算数\t项目\t上年预算数\t本年预算数",
                      "项目\t2024年预算数\t2025年预算数\t项目\t2024年预算数\t2025年预算数"])
    func eachSideTakesThisYear(_ header: String) throws {
        let r = try Self.load(header)
        #expect(figure(r, "收入", "一、一般公共预算拨款收入") == "4512.30")
        #expect(figure(r, "收入", "本年收入合计") == "4632.30")
        #expect(figure(r, "支出", "一、农林水支出") == "4180.20")
        #expect(figure(r, "支出", "本年支出合计") == "4632.30")
    }

    /// A column declared as last year's still takes it.
    @Test func aDeclaredPriorYearColumnTakesIt() throws {
        let prior = TableSpec(name: "收支总表", titles: ["部门收支总表"], rowKeys: [.name], columns: [],
            groups: ["收入", "支出"].map { ColumnGroupSpec(name: $0, rowKeys: [.name], columns: [Self.c("预算数"), Self.c("上年预算数")]) })
        let r = try Self.load("项目\t上年预算数\t本年预算数\t项目\t上年预算数\t本年预算数", spec: prior)
        #expect(figure(r, "支出", "一、农林水支出") == "4180.20")
        #expect(figure(r, "支出", "一、农林水支出", "上年预算数") == "3905.10")
        #expect(figure(r, "收入", "二、事业收入", "上年预算数") == "150.00")
    }

    @Test func priorYearLabelsNameOnlyPriorYearColumns() {
        #expect(ColumnLayout.priorYearOnly(Array("上年预算数".utf8), for: Array("预算数".utf8)))
        #expect(!ColumnLayout.priorYearOnly(Array("上年预算数".utf8), for: Array("上年预算数".utf8)))
        #expect(!ColumnLayout.priorYearOnly(Array("本年预算数".utf8), for: Array("预算数".utf8)))
    }
}
