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

    /// Review 11, findings 232 and 332: a year or a short note after the title (`（2024年度）`,
    /// `（按功能分类）`, `(部门经济分类)`, `（含上年结转）`) left the table unrecognised (a load error for a
    /// required table, the table's checks silently lost).
    @Test func aQualifierMayFollowTheTitle() {
        #expect(spec("收入支出决算总表（2024年度）") == 0)
        #expect(spec("收入支出决算总表 2024年度") == 0)
        #expect(spec("收入支出决算总表(2024年)") == 0)
        #expect(spec("收入支出决算总表（决算）") == 0)
        #expect(spec("2024年度收入决算表（按功能分类）") == 2)
        // A declared title with its own bracket still wins over the shorter one.
        #expect(spec("财政拨款收入支出决算总表（2024年度）") == 1)
    }

    /// Review 11, finding 351: 附件2-1 收支总表, 附件一 收支总表, 01 收支总表, A1 收支总表.
    @Test func otherTableNumbersBeforeTheTitle() {
        #expect(spec("附件2-1 收入决算表") == 2)
        #expect(spec("附件一 收入决算表") == 2)
        #expect(spec("01 收入决算表") == 2)
        #expect(spec("A1 收入决算表") == 2)
        // A year is no numbering.
        #expect(spec("2024年度收入决算表") == 2)
        #expect(spec("12345收入决算表") == nil)
    }

    @Test func referencesAndTablesByUnitAreNoQualifiers() {
        #expect(spec("收入支出决算总表（详见附件）") == nil)
        #expect(spec("收入支出决算总表（见附表1）") == nil)
        #expect(spec("收入支出决算总表（分单位）") == nil)
        #expect(spec("收入支出决算总表（按单位）") == nil)
    }

    /// Review 11, finding 219: a page break inside a table marked 续表5, 续表（公开05表）, 续上表 or
    /// 接上页 ended the table (its later rows lost, its totals then wrong).
    @Test func continuationMarkers() {
        for marker in ["续表5", "续表（公开05表）", "续上表", "接上页", "（续表）", "续"] {
            #expect(TitleIndex.isContinuation(Bytes.key(marker, dropQuotes: true)), "\(marker)")
        }
        #expect(!TitleIndex.isContinuation(Bytes.key("继续加强预算管理", dropQuotes: true)))
    }

    /// Review 11, finding 308: notes that say why a table is empty.
    @Test func notesExplainingAnEmptyTable() {
        for note in ["注：本部门2025年无政府性基金预算财政拨款支出，本表无数据。", "注：本表无数据。",
                     "注：本部门2025年无政府性基金预算财政拨款支出。", "本部门当年无政府性基金预算财政拨款收入支出"] {
            #expect(TableRegion.explainsEmpty(Bytes.key(note, dropQuotes: true)), "\(note)")
        }
        #expect(!TableRegion.explainsEmpty(Bytes.key("注：本表金额单位为万元。", dropQuotes: true)))
    }
}
