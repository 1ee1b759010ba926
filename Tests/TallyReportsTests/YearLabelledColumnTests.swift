import Foundation
import Testing
import Tally
@testable import TallyReports

/// Columns headed by year (`2025年预算数 | 2024年预算数 | 增减`) are this year's and last year's: the
/// latest year reads as 本年, the year before as 上年. Both went to the one column whose alias the
/// header contained (预算数), the second was dropped.
@Suite struct YearLabelledColumnTests {
    static let spec = TableSpec(name: "三公经费表", titles: ["一般公共预算“三公”经费支出表"], rowKeys: [.name],
                                columns: [ColumnSpec(name: "本年预算数", aliases: ["预算数"]), ColumnSpec(name: "上年预算数", aliases: ["上年数"]),
                                          ColumnSpec(name: "增减额", aliases: ["增减"])])

    static func load(_ header: String) throws -> LoadedReport {
        let text = """
            表七
            一般公共预算“三公”经费支出表
            单位：万元
            \(header)
            合计\t8.00\t9.00\t-1.00
            3.公务接待费\t3.00\t3.00\t0.00

            """
        return try ReportLoader(tables: [spec], facts: []).load(bytes: Array(text.utf8), path: "t.txt")
    }

    @Test(arguments: ["项目\t2025年预算数\t2024年预算数\t增减", "项目\t2025年度预算数\t2024年度预算数\t增减",
                      "项目\t本年预算数\t上年预算数\t增减"])
    func latestYearIsThisYear(_ header: String) throws {
        let r = try Self.load(header)
        #expect(r.value("三公经费表", name: "合计", "本年预算数")?.written == "8.00")
        #expect(r.value("三公经费表", name: "合计", "上年预算数")?.written == "9.00")
        #expect(r.value("三公经费表", name: "合计", "增减额")?.written == "-1.00")
    }

    /// One year alone says nothing of 本年 or 上年: the leaf keeps its words.
    @Test func oneYearAloneIsLeftAsWritten() {
        func leaf(_ s: String) -> ColumnLayout.Leaf {
            ColumnLayout.Leaf(line: 0, pos: 0, key: Bytes.key(Array(s.utf8)[...], dropQuotes: true), parents: [], text: s)
        }
        var one = [leaf("2025年预算数"), leaf("增减")]
        ColumnLayout.nameYears(&one)
        #expect(one.map { String(decoding: $0.key, as: UTF8.self) } == ["2025年预算数", "增减"])
        var three = [leaf("2025年预算数"), leaf("2024年执行数"), leaf("2023年决算数")]
        ColumnLayout.nameYears(&three)
        #expect(three.map { String(decoding: $0.key, as: UTF8.self) } == ["本年预算数", "上年执行数", "2023年决算数"])
    }

    /// Two year blocks side by side, each band over the same names (`2024年预算数 …… | 2025年预算数 ……`,
    /// the Beijing/national 三公 table: review 11, finding 301): the latest year's block is this
    /// year's; the earlier block's 合计 is 上年预算数 and its other cells name no column (they were
    /// read as this year's, the 2025 block dropped).
    @Test func yearBandsOverRepeatedNames() throws {
        let spec = TableSpec(name: "三公经费表", titles: ["财政拨款“三公”经费支出表"], rowKeys: [.name],
                             columns: [ColumnSpec(name: "本年预算数", aliases: ["预算数", "合计"]),
                                       ColumnSpec(name: "公务接待费"), ColumnSpec(name: "上年预算数", aliases: ["上年数"])])
        let text = """
            表11
            财政拨款“三公”经费支出表
            单位：万元
            2024年预算数\t\t2025年预算数\t
            合计\t公务接待费\t合计\t公务接待费
            12.00\t3.00\t10.50\t2.50

            """
        let r = try ReportLoader(tables: [spec], facts: []).load(bytes: Array(text.utf8), path: "t.txt")
        let t = try #require(r.table(named: "三公经费表"))
        try #require(t.rows.count == 1)
        func cell(_ c: String) -> String? { t.column(named: c).flatMap { t.rows[0].cells[$0].figure?.written } }
        #expect(cell("本年预算数") == "10.50")
        #expect(cell("公务接待费") == "2.50")
        #expect(cell("上年预算数") == "12.00")
    }
}
