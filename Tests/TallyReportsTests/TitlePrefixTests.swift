import Testing
import Tally
@testable import TallyReports

/// Table titles printed with the department's name before them (`2023年度某县农业农村局收入支出决算总表`,
/// `某市第二中学部门收支总表`, `部门收入决算表`), as many reports print them. Only an ordinal, a
/// table number or text ending in a year was accepted before a title, so such a table was not
/// found (a false "required table missing" and every check on it skipped).
@Suite struct TitlePrefixTests {
    let index = TitleIndex(specs: [
        TableSpec(name: "公开01", titles: ["收入支出决算总表"], rowKeys: [.name], columns: []),
        TableSpec(name: "公开04", titles: ["财政拨款收入支出决算总表"], rowKeys: [.name], columns: []),
        TableSpec(name: "公开02", titles: ["收入决算表"], rowKeys: [.name], columns: []),
    ])

    func spec(_ line: String) -> Int? { index.match(Bytes.key(line, dropQuotes: true))?.spec }

    @Test func aDepartmentNameMayStandBeforeTheTitle() {
        #expect(spec("2023年度某县农业农村局收入支出决算总表") == 0)
        #expect(spec("某县农业农村局收入支出决算总表") == 0)
        #expect(spec("附表2  部门收入决算表") == 2)
        #expect(spec("表1 示例市第二中学收入支出决算总表") == 0)
        // As before: a year, a number, nothing.
        #expect(spec("某县农业农村局2023年度收入支出决算总表") == 0)
        #expect(spec("财政拨款收入支出决算总表") == 1)
    }

    @Test func otherTextBeforeTheTitleIsStillNoTitle() {
        // Words that are not a name (财政拨款 is part of another title), a sentence, a reference.
        #expect(spec("一般公共预算财政拨款收入决算表") == nil)
        #expect(spec("详见附表收入支出决算总表") == nil)
        #expect(spec("本部门无数据，故收入支出决算总表") == nil)
    }
}
