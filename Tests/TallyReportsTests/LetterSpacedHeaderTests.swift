import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 12, finding 401 (second form): a letter-spaced header cell (`合    计`, `科 目 编 码`,
/// how pdftotext prints a centred header) on the header line right above the data is one
/// column's label for both readings of a space-aligned table, the header-anchored one and the
/// one from the data's own columns.
@Suite struct LetterSpacedHeaderTests {
    /// A 基本支出 table whose 合计 row has no code and whose 302 rows leave 人员经费 blank.
    static let lines = [
        "表3 一般公共预算基本支出情况表",
        "单位：万元",
        "科 目 编 码 科目名称                              合    计        人员经费        公用经费",
        "           合计                                  1,594.45        1,446.61          147.84",
        "301        工资福利支出                          1,348.21        1,348.21",
        "30101      基本工资                                312.60          312.60",
        "30102      津贴补贴                              1,035.61        1,035.61",
        "302        商品和服务支出                          147.84                          147.84",
        "30201      办公费                                   17.40                           17.40",
        "30205      水费                                    130.44                          130.44",
        "303        对个人和家庭的补助                       98.40           98.40",
        "30302      退休费                                   86.40           86.40",
        "30309      奖励金                                   12.00           12.00",
    ]

    static func text(_ lines: [String]) -> ReportText { ReportText(bytes: Array(lines.joined(separator: "\n").utf8)) }

    static func cellTexts(_ line: RawLine, _ text: ReportText) -> [String] {
        line.cells.map { String(decoding: text.bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    /// The 合计 row's amounts stay under 合计, 人员经费 and 公用经费 (they moved one column left: 4
    /// false errors in a_ls_heji_t6).
    @Test func codelessTotalRowKeepsItsColumns() throws {
        let r = try Support.load(Self.lines.joined(separator: "\n") + "\n")
        #expect(r.value("表3", name: "合计", "合计")?.written == "1594.45")
        #expect(r.value("表3", name: "合计", "人员经费")?.written == "1446.61")
        #expect(r.value("表3", name: "合计", "公用经费")?.written == "147.84")
        #expect(r.value("表3", code: "302", "人员经费") == nil)
        #expect(r.value("表3", code: "302", "公用经费")?.written == "147.84")
        #expect(r.value("表3", code: "303", "人员经费")?.written == "98.40")
    }

    /// The header line: `合    计` is one cell, `科 目 编 码 科目名称` two (the letter-spaced word and
    /// the word after it); a header without letter spacing is left as it is.
    @Test func headerCellsAreJoinedAndSplit() {
        let text = Self.text(Self.lines)
        let header = LetterSpacing.undone(RawLine(text, index: 2, mergeWords: false), text: text)
        #expect(Self.cellTexts(header, text) == ["科 目 编 码", "科目名称", "合    计", "人员经费", "公用经费"])
        let plain = ReportText(bytes: Array("科目编码   科目名称      合计    人员经费".utf8))
        #expect(Self.cellTexts(LetterSpacing.undone(RawLine(plain, index: 0, mergeWords: false), text: plain), plain)
                == ["科目编码", "科目名称", "合计", "人员经费"])
    }

    /// 类, 款 and 项 side by side are the headers of three code columns, not one word.
    @Test func codeColumnHeadersStayApart() {
        let text = ReportText(bytes: Array("类   款   项   科目名称        合计".utf8))
        #expect(Self.cellTexts(LetterSpacing.undone(RawLine(text, index: 0, mergeWords: false), text: text), text)
                == ["类", "款", "项", "科目名称", "合计"])
    }

    /// The data-derived reading no longer gives up on the table (two header cells, 合 and 计,
    /// over one column made it read cell by cell): the 302 row keeps a blank 人员经费 cell.
    @Test func dataDerivedReadingKeepsPositions() throws {
        let text = Self.text(Self.lines)
        let header = LetterSpacing.undone(RawLine(text, index: 2, mergeWords: false), text: text)
        let data = (3..<Self.lines.count).map { RawLine(text, index: $0) }
        let t = try #require(AlignedColumns.tabulate(headers: [header], numbers: nil, data: data, text: text))
        let row302 = Self.cellTexts(t.data[4], text)
        #expect(row302.suffix(3) == ["147.84", "", "147.84"])
        let total = Self.cellTexts(t.data[0], text)
        #expect(total.suffix(3) == ["1,594.45", "1,446.61", "147.84"])
        // The header-anchored reading gives the same cells.
        let a = try #require(AnchoredColumns.tabulate(headers: [header], numbers: nil, data: data, text: text))
        #expect(Self.cellTexts(a.data[4], text).suffix(3) == ["147.84", "", "147.84"])
        #expect(Self.cellTexts(a.data[0], text).suffix(3) == ["1,594.45", "1,446.61", "147.84"])
    }

    /// A side-by-side 收支总表 whose header letter-spaces every label (`项    目 … 预 算 数 …
    /// 项    目 … 预 算 数`; review 13, finding 520): rows with a blank income cell keep their
    /// 支出 name and amount in the 支出 group (they moved into the income column, and an amount
    /// into the name position: 5 × L007).
    @Test func sideBySideHeaderWithEveryLabelSpaced() throws {
        let r = try Support.load("""
        表6 收支总体情况表
        单位：万元
        收入                                                支出
        项    目                         预 算 数               项    目           预 算 数
        一、一般公共预算拨款收入       18,976.57   一、教育支出             15,469.96
        二、政府性基金预算拨款收入        150.00   二、社会保障和就业支出    2,251.52
        三、国有资本经营预算拨款收入               三、卫生健康支出            702.35
        四、财政专户管理资金收入                   四、住房保障支出          1,052.74
        五、单位资金                      500.00   五、其他支出                150.00
        本年收入合计                   19,626.57   本年支出合计             19,626.57

        """)
        #expect(r.value("表6", name: "三、卫生健康支出", group: "支出", "预算数")?.written == "702.35")
        #expect(r.value("表6", name: "四、住房保障支出", group: "支出", "预算数")?.written == "1052.74")
        #expect(r.value("表6", name: "三、国有资本经营预算拨款收入", group: "收入", "预算数") == nil)
        #expect(r.value("表6", name: "一、一般公共预算拨款收入", group: "收入", "预算数")?.written == "18976.57")
        #expect(r.value("表6", name: "本年支出合计", group: "支出", "预算数")?.written == "19626.57")
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }
}
