import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 12, finding 422: a space-aligned 经济分类 table whose code and name are one cell
/// (`301 工资福利支出`, one space between them) under the two header cells 科目编码 and 科目名称. The
/// rows whose 人员经费 is blank keep their 公用经费 amount in its column (it moved into 人员经费: 2
/// false Y-TOTAL-ECON), and a table elsewhere printed the same way does not change the reading.
@Suite struct CodeAndNameCellTests {
    static let table = """
    表3 一般公共预算基本支出情况表
    单位：万元
    科目编码   科目名称                                  合计        人员经费        公用经费
               合计                                  1,594.45        1,446.61          147.84
    301 工资福利支出                                 1,348.21        1,348.21
    30101 基本工资                                   1,348.21        1,348.21
    302 商品和服务支出                                 147.84                          147.84
    30201 办公费                                        17.40                           17.40
    30205 水费                                         130.44                          130.44
    303 对个人和家庭的补助                              98.40           98.40
    30302 退休费                                        98.40           98.40

    """

    /// The 功能分类 table before it, printed with one space between code and name too.
    static let before = """
    表2 一般公共预算支出情况表
    单位：万元
    科目编码   科目名称                                        合计        基本支出        项目支出
               合计                                        1,594.45        1,594.45
    208 社会保障和就业支出                                  1,594.45        1,594.45
    20805 行政事业单位养老支出                              1,594.45        1,594.45
    2080505 机关事业单位基本养老保险缴费支出                1,594.45        1,594.45

    """

    static func check(_ r: LoadedReport) {
        #expect(r.value("表3", code: "302", "合计")?.written == "147.84")
        #expect(r.value("表3", code: "302", "人员经费") == nil)
        #expect(r.value("表3", code: "302", "公用经费")?.written == "147.84")
        #expect(r.value("表3", code: "30205", "公用经费")?.written == "130.44")
        #expect(r.value("表3", code: "301", "人员经费")?.written == "1348.21")
        #expect(r.value("表3", name: "合计", "公用经费")?.written == "147.84")
        #expect(r.table(named: "表3")?.rows(code: "303").map { r.table(named: "表3")!.rows[$0].name } == ["对个人和家庭的补助"])
    }

    @Test func codeAndNameInOneCell() throws {
        Self.check(try Support.load(Self.table))
    }

    /// The header printed left of the amounts it names (`合计` ends ten columns before its
    /// amounts): not cut by the header, the columns come from the data, and the two labels
    /// 科目编码 and 科目名称 over the one code-and-name column made that reading give up; the
    /// amounts were then taken in order and 302's 公用经费 landed in 人员经费.
    @Test func labelsOverTheCodeAndNameColumnNameTheRightColumns() throws {
        Self.check(try Support.fixture("city_budget_code_name_offset_header.txt"))
    }

    @Test func anotherTablePrintedTheSameWayChangesNothing() throws {
        let r = try Support.load(Self.before + "\n" + Self.table)
        Self.check(r)
        #expect(r.value("表2", code: "2080505", "基本支出")?.written == "1594.45")
        #expect(r.value("表2", code: "2080505", "项目支出") == nil)
    }
}
