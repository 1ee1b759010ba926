import Testing
import Tally
@testable import TallyReports

/// Review 19, finding 1001: a header broken one word per line (`本年/支出/合计`) whose last line holds
/// only `合计` was read as a blank total row, which then won over the real total below the 栏次 row.
@Suite struct HeaderFragmentRowTests {
    static let spec = TableSpec(name: "支出表", titles: ["支出决算表"], rowKeys: [.functional, .name],
        columns: [ColumnSpec(name: "本年支出合计"), ColumnSpec(name: "基本支出"), ColumnSpec(name: "项目支出")])

    static func load(_ lines: [String]) throws -> LoadedReport {
        try Support.load("""
            支出决算表
            单位：万元
            \(lines.joined(separator: "\n"))

            """, loader: ReportLoader(tables: [spec], facts: []))
    }

    static let spaced = [
        "科目            科目                  本年        基本       项目",
        "编码            名称                  支出        支出       支出",
        "                                      合计",
        "栏次                                      1          2          3",
        "                合计                  1,720.95   1,534.75     186.20",
        "21001           卫生健康管理事务      1,720.95   1,534.75     186.20",
    ]
    static let tabbed = [
        "科目\t科目\t本年\t基本\t项目",
        "编码\t名称\t支出\t支出\t支出",
        "\t\t合计\t\t",
        "栏次\t\t1\t2\t3",
        "\t合计\t1,720.95\t1,534.75\t186.20",
        "21001\t卫生健康管理事务\t1,720.95\t1,534.75\t186.20",
    ]

    @Test(arguments: [spaced, tabbed])
    func aLoneTotalWordInTheHeaderIsNoRow(_ lines: [String]) throws {
        let r = try Self.load(lines)
        let t = try #require(r.table(named: "支出表"))
        let totals = t.rows.filter { $0.name == "合计" }
        #expect(totals.count == 1)
        #expect(r.value("支出表", name: "合计", "本年支出合计")?.written == "1720.95")
        #expect(r.value("支出表", code: "21001", "项目支出")?.written == "186.20")
    }

    /// Without the 栏次 row, the header's last piece is followed by the real total row.
    @Test func withoutColumnNumbersTheTotalRowBelowIsTheTotal() throws {
        var lines = Self.spaced
        lines.remove(at: 3)
        let r = try Self.load(lines)
        let t = try #require(r.table(named: "支出表"))
        #expect(t.rows.filter { $0.name == "合计" }.count == 1)
        #expect(r.value("支出表", name: "合计", "本年支出合计")?.written == "1720.95")
    }

    /// A blank total row with rows under it (no 栏次 row, no other total after it) stays a row.
    @Test func aBlankTotalRowBeforeCodedRowsStays() throws {
        let r = try Self.load([
            "科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出",
            "\t合计\t\t\t",
            "21001\t卫生健康管理事务\t12.00\t12.00\t",
        ])
        let t = try #require(r.table(named: "支出表"))
        #expect(t.rows.contains { $0.name == "合计" })
    }
}
