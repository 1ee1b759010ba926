import Testing
import Tally
@testable import TallyReports

/// A table without groups printed as blocks side by side, each block one of its columns under a
/// band (`人员经费 ⇥ ⇥ ⇥ 公用经费` over `科目编码 科目名称 金额` twice: the national 一般公共预算基本支出表,
/// review 11, finding 331). The right block's codes were read as amounts (16 false alarms); each
/// block's rows now carry their figure in the band's column and in the total, and the line of block
/// totals is the table's 合计.
@Suite struct ColumnBlocksTests {
    static let spec = TableSpec(name: "基本支出经济分类表", titles: ["一般公共预算财政拨款基本支出表"], rowKeys: [.economic, .name],
                                columns: [ColumnSpec(name: "总计", aliases: ["合计"]), ColumnSpec(name: "人员经费"),
                                          ColumnSpec(name: "公用经费")])

    @Test func blocksAreColumns() throws {
        let text = """
            表8
            一般公共预算财政拨款基本支出表
            单位：万元
            人员经费\t\t\t公用经费\t\t
            科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额
            301\t工资福利支出\t100.00\t302\t商品和服务支出\t30.00
            30101\t基本工资\t100.00\t30201\t办公费\t10.00
            \t\t\t30299\t其他商品和服务支出\t20.00
            人员经费合计\t\t100.00\t公用经费合计\t\t30.00

            """
        let r = try ReportLoader(tables: [Self.spec], facts: []).load(bytes: Array(text.utf8), path: "t.txt")
        #expect(r.diagnostics.isEmpty)
        #expect(r.value("基本支出经济分类表", code: "302", "公用经费")?.written == "30.00")
        #expect(r.value("基本支出经济分类表", code: "302", "总计")?.written == "30.00")
        #expect(r.value("基本支出经济分类表", code: "302", "人员经费") == nil)
        #expect(r.value("基本支出经济分类表", code: "30101", "人员经费")?.written == "100.00")
        #expect(r.value("基本支出经济分类表", code: "30299", "公用经费")?.written == "20.00")
        #expect(r.value("基本支出经济分类表", name: "合计", "总计")?.written == "130.00")
        #expect(r.value("基本支出经济分类表", name: "合计", "人员经费")?.written == "100.00")
        #expect(r.value("基本支出经济分类表", name: "合计", "公用经费")?.written == "30.00")
    }
}
