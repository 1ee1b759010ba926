import Testing
import Tally
@testable import TallyReports

/// Numbers whose thousands are set apart by single spaces (`1 260.00 万元`, `12 345.67` in a
/// cell), as some reports print them. They were read as two numbers: the narrative's
/// `1 260.00 万元` as 260.00 万元 (or no match), a table cell `12 600.00` as 12 and 600.00 in
/// two columns (dozens of false alarms on one report).
@Suite struct SpacedDigitGroupTests: FactProbe {
    /// What one cell holding `s` reads as.
    func content(_ s: String) -> CellContent {
        let b = Array(s.utf8)
        return CellContent.of(RawCell(start: 0, end: b.count), in: b)
    }

    /// The cell's one amount as written, or `nil` when it is not one amount.
    func amount(_ s: String) -> String? {
        if case .number(let n) = content(s) { return n.figure.written }
        return nil
    }

    /// How many amounts the cell holds when it holds several (0 otherwise).
    func count(_ s: String) -> Int {
        if case .numbers(let ns) = content(s) { return ns.count }
        return 0
    }

    @Test func narrativeNumbersWithSpacedThousands() throws {
        #expect(figure(try facts("支出总计{x}万元", "支出总计 1 260.00 万元。").first, "x") == "1260.00")
        #expect(figure(try facts("增加{a}万元，增长{b}", "增加 12 345 678.9 万元，增长 5.0%").first, "a") == "12345678.9")
        // Matched backwards from its unit too (the number placeholder first).
        #expect(figure(try facts("{x}万元", "经营收入为 2 100.00 万元").first, "x") == "2100.00")
        // A no-break space is a space.
        #expect(figure(try facts("合计{x}元", "合计 530\u{A0}800.00 元").first, "x") == "530800.00")
    }

    @Test func numbersSideBySideStayApart() throws {
        // A leading zero, a group of other than three digits, a comma before: not one number.
        #expect(figure(try facts("为{x}万元", "为 0 100.00 万元").first, "x") == nil)
        #expect(figure(try facts("共{x}万元", "共 1 2 万元").first, "x") == nil)
        #expect(figure(try facts("数{x}万元", "数 3,885.24 225.87 万元").first, "x") == nil)
        #expect(figure(try facts("数{x}万元", "数 1 2600 万元").first, "x") == nil)
        // Two spaces are two cells, not a separator.
        #expect(figure(try facts("数{x}万元", "数 1  260.00 万元").first, "x") == nil)
    }

    @Test func aLongRunOfGroupsIsReadInBoundedTime() throws {
        // 20,000 groups: no deep search back over them (this once recursed once per group), and
        // no number of more than six groups.
        let run = "1" + String(repeating: " 234", count: 20_000) + ".00 万元"
        let f = try facts("为{x}万元", "为 " + run)
        #expect(f.isEmpty)
        #expect(figure(try facts("为{x}万元", "为 1 234 567 891 234 567.00 万元").first, "x") == "1234567891234567.00")
    }

    @Test func cellsWithSpacedThousandsAreOneAmount() {
        #expect(amount("12 600.00") == "12600.00")
        #expect(amount("1 234 567.89") == "1234567.89")
        #expect(amount("-1 200.50") == "-1200.50")
        #expect(amount("1\u{A0}200.00") == "1200.00")
        // Two amounts in one cell, each with spaced thousands.
        #expect(count("12 600.00 11 686.52") == 2)
        // Not joined: a first group with a leading zero or four digits, a last group without
        // decimals, a comma-separated amount, a 栏次 row.
        #expect(count("0 100.00") == 2)
        #expect(count("1234 567.00") == 2)
        #expect(count("12 345") == 2)
        #expect(count("3,885.24 5,225.87") == 2)
        #expect(count("1 2 3") == 3)
    }

    /// Thin spaces (U+2009) and narrow no-break spaces (U+202F) between thousands, as typeset
    /// reports print them: read like commas in cells and like single spaces in sentences. They
    /// were read as text (a blank cell, an amount lost) and as a break in the narrative.
    @Test func thinSpacesBetweenThousands() throws {
        #expect(amount("12\u{2009}600.00") == "12600.00")
        #expect(amount("1\u{202F}234\u{202F}567.89") == "1234567.89")
        #expect(amount("-1\u{2009}200.50") == "-1200.50")
        // Where a comma could not stand, it is no number.
        #expect(amount("1\u{2009}20.00") == nil)
        #expect(amount("1\u{2009}2345.00") == nil)
        #expect(figure(try facts("支出总计{x}万元", "支出总计 1\u{2009}260.00 万元。").first, "x") == "1260.00")
        #expect(figure(try facts("增加{a}万元，增长{b}", "增加 12\u{202F}345\u{202F}678.9 万元，增长 5.0%").first, "a") == "12345678.9")
        #expect(figure(try facts("{x}万元", "经营收入为 2\u{2009}100.00 万元").first, "x") == "2100.00")
        // The same strict rule as for spaces: a leading zero or a short group keeps numbers apart.
        #expect(figure(try facts("为{x}万元", "为 0\u{2009}100.00 万元").first, "x") == nil)
        #expect(figure(try facts("共{x}万元", "共 1\u{2009}26 万元").first, "x") == nil)
    }
}

/// A 基本支出决算明细表 printed with two of its three groups (人员经费 | 公用经费, tab-separated), its
/// 合计 names in the code column and the name column left blank: the blank was read as an amount
/// cell, the total pushed past the group's one column (L007) and left blank — five false alarms
/// (人员经费合计 ≠ 301 + 303, 公开05 基本支出 ≠ 人员经费 + 公用经费, the narrative against both).
@Suite struct TwoGroupDetailTableTests {
    @Test func totalNamedInTheCodeColumnIsPlaced() throws {
        let text = """
        一般公共预算财政拨款基本支出决算明细表
        公开06表
        单位：万元
        人员经费\t\t\t公用经费
        经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数
        301\t工资福利支出\t3 951.00\t302\t商品和服务支出\t225.52
        30101\t基本工资\t980.00\t30201\t办公费\t80.00
        人员经费合计\t\t4 011.00\t公用经费合计\t\t225.52

        """
        let report = try Support.load(text)
        #expect(report.value("公开06", name: "人员经费合计", "决算数")?.written == "4011.00")
        #expect(report.value("公开06", name: "公用经费合计", "决算数")?.written == "225.52")
        #expect(report.value("公开06", code: "301", "决算数")?.written == "3951.00")
        #expect(report.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }
}
