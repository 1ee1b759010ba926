import Foundation
import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// The loader on small reports written for these tests, in the real formats, with the
/// extraction artefacts of the sample reports planted on purpose.
@Suite struct FinalAccountsFixtureTests {
    let report: LoadedReport
    init() throws { report = try Support.fixture("final_accounts_tab.txt") }

    @Test func metadata() {
        #expect(report.metadata.type == .finalAccounts)
        #expect(report.metadata.year == 2023)
        #expect(report.metadata.department == "示例市卫生服务中心")
        #expect(report.metadata.unit == "万元")
    }

    /// 千元, 亿元 and 百万元 are units (the packs scale a 万元 narrative to them); other units
    /// are unknown, said with a diagnostic.
    @Test func unitsInYuanAreKnown() {
        func unit(_ s: String) -> String? { TableReader.unit(in: Bytes.key(Array(s.utf8)[...], dropQuotes: false), next: nil) }
        #expect(unit("单位：千元") == "千元")
        #expect(unit("单位：亿元") == "亿元")
        #expect(unit("单位：百万元") == "百万元")
        #expect(unit("单位：万元") == "万元")
        #expect(unit("单位：万美元") == "?万美元")
        #expect(unit("单位：人") == "?人")
    }

    @Test func sideBySideGroupsBecomeTaggedRows() throws {
        let t = try #require(report.table(named: "公开01"))
        #expect(t.line == 18)
        let income = t.rows.filter { $0.group == "收入" }, spending = t.rows.filter { $0.group == "支出" }
        #expect(income.count == 4 && spending.count == 5)
        // 行次 is a key, never an amount.
        let health = try #require(spending.first { $0.name == "二、卫生健康支出" })
        #expect(health.lineNumber == 33)
        #expect(health.cells[0].figure?.written == "1180.10")
        #expect(health.cells[0].line == 30)
        #expect(t.row(lineNumber: 62).map { t.rows[$0].isTotal } == true)
        #expect(spending.first { $0.lineNumber == 32 }?.cells[0].figure == nil)
    }

    @Test func shiftedCodeColumnsAreRecovered() throws {
        let t = try #require(report.table(named: "公开03"))
        #expect(t.rows.compactMap(\.code) == ["210", "21004", "2100401", "221", "22102", "2210201"])
        #expect(report.value("公开03", code: "2100401", "项目支出")?.written == "610.10")
        #expect(report.value("公开03", name: "合计", "本年支出合计")?.written == "1250.40")
        let shifted = report.diagnostics(LoadDiagnosticID.shiftedCodeColumns)
        #expect(shifted.first?.line == 57)
        // The hierarchy is linked on the recovered codes.
        let i = try #require(t.rows(code: "2100401").first)
        #expect(t.rows[i].parent.map { t.rows[$0].code } == "21004")
    }

    @Test func twoAmountsInOneCellAreSplit() throws {
        #expect(report.value("公开05", name: "合计", "基本支出")?.written == "640.20")
        #expect(report.value("公开05", name: "合计", "项目支出")?.written == "610.20")
        #expect(report.value("公开05", code: "210", "项目支出")?.written == "610.10")
        let lines = report.diagnostics(LoadDiagnosticID.twoAmountsInCell).map(\.line)
        #expect(lines == [73, 74, 75, 76])
    }

    @Test func damagedCodesAreDiagnosedWithTheirLines() {
        #expect(report.diagnostics(LoadDiagnosticID.malformedCode).map(\.line) == [76])
        #expect(report.diagnostics(LoadDiagnosticID.duplicateCode).map(\.line) == [80])
        let parent = report.diagnostics(LoadDiagnosticID.codeParentMismatch)
        #expect(parent.contains { $0.line == 81 && $0.message.contains("'22103'") })
    }

    @Test func mergedTotalCellIsPlacedAndReported() throws {
        #expect(report.value("公开06", name: "公用经费合计", "决算数")?.written == "80.20")
        #expect(report.value("公开06", code: "30217", "决算数")?.written == "30.00")
        #expect(report.table(named: "公开06")?.rows(code: "30217").first.map { report.table(named: "公开06")!.rows[$0].group } == "公用经费")
        #expect(report.diagnostics(LoadDiagnosticID.unplacedAmount).map(\.line) == [95])
    }

    @Test func emptyAndMissingTables() throws {
        // 公开02: title, 单位 and 注 but no rows.
        let l001 = report.diagnostics(LoadDiagnosticID.tableWithoutRows)
        #expect(l001.contains { $0.line == 37 && $0.severity == .warning && $0.table == "公开02" })
        #expect(report.table(named: "公开02") == nil)
        #expect(report.absenceReason(table: "公开02")?.contains("no rows") == true)
        // 公开07: empty and explained — a note.
        #expect(l001.contains { $0.table == "公开07" && $0.severity == .note })
        // 公开08: listed in the table of contents, nowhere else.
        let l002 = report.diagnostics(LoadDiagnosticID.listedTableMissing)
        #expect(l002.map(\.line) == [13])
        #expect(report.absenceReason(table: "公开08")?.contains("listed on line 13") == true)
        // 公开04 is neither listed nor present: required, so an error.
        #expect(report.diagnostics(LoadDiagnosticID.requiredTableMissing).contains { $0.table == "公开04" && $0.severity == .error })
    }

    @Test func headerShiftedThreePublicExpenses() throws {
        let t = try #require(report.table(named: "公开09"))
        #expect(t.rows.map(\.name) == ["预算数", "决算数"])
        #expect(report.value("公开09", name: "决算数", "公务接待费")?.written == "1.70")
        #expect(report.value("公开09", name: "决算数", "公务用车运行维护费")?.written == "2.80")
        #expect(report.value("公开09", name: "决算数", "因公出国(境)费") == nil)
        #expect(report.diagnostics(LoadDiagnosticID.headerMismatch).contains { $0.table == "公开09" && $0.line == 119 })
    }

    @Test func facts() throws {
        let completion = report.facts(kind: "完成率")
        #expect(completion.count == 2)
        let first = try #require(completion.first)
        #expect(first.line == 140)
        if case .text(let s, _) = first.fields["科目"] { #expect(s.hasSuffix("疾病预防控制机构(项)2100401")) } else { Issue.record("no 科目") }
        if case .figure(let f, _) = first.fields["完成率"] { #expect(f.written == "107.3%") } else { Issue.record("no 完成率") }
        let shares = report.facts(kind: "占比")
        #expect(shares.count == 2)
        // A sentence broken across lines still matches; the field keeps its own line.
        if case .figure(let f, let line) = shares[1].fields["占比"] { #expect(f.written == "5.6%" && line == 136) }
        #expect(shares[1].line == 134)
        #expect(report.facts(kind: "增减").count == 1)
        #expect(report.facts(kind: "比较").count == 1)
    }

    @Test func pageFootersHTMLAndLaTeXAreHarmless() {
        #expect(!report.diagnostics.contains { $0.line == 35 || $0.line == 144 })
    }
}

@Suite struct CityBudgetFixtureTests {
    let report: LoadedReport
    init() throws { report = try Support.fixture("city_budget_space.txt") }

    @Test func spaceAlignedTables() throws {
        #expect(report.metadata.type == .budget && report.metadata.year == 2024)
        let t = try #require(report.table(named: "表2"))
        #expect(t.rows.count == 9)
        #expect(report.value("表2", code: "2070101", "基本支出")?.written == "500.50")
        #expect(report.value("表2", name: "合计", "项目支出")?.written == "260.00")
        #expect(report.value("表4", name: "表4", "公务接待费")?.written == "1.00")
        #expect(report.value("表3", code: "30201", "公用经费")?.written == "80.50")
    }

    @Test func diagnostics() {
        #expect(report.diagnostics(LoadDiagnosticID.malformedCode).map(\.line) == [17])
        #expect(report.diagnostics(LoadDiagnosticID.codeParentMismatch).contains { $0.line == 18 && $0.message.contains("'280'") })
        #expect(report.diagnostics(LoadDiagnosticID.unknownUnit).map(\.line) == [25])
        #expect(Set(report.diagnostics(LoadDiagnosticID.listedTableMissing).map(\.line)) == [4, 9])
        #expect(report.diagnostics(LoadDiagnosticID.tableWithoutRows).contains { $0.table == "表5" && $0.severity == .note })
        #expect(report.facts(kind: "增减").count == 1)
    }
}

@Suite struct NewLayoutTests {
    /// A layout no sample declaration knows loads after adding one `TableSpec`, no code.
    @Test func newLayoutNeedsOnlyADeclaration() throws {
        let before = try Support.fixture("new_layout.txt")
        #expect(before.tables.isEmpty)
        #expect(before.unrecognizedTables.map(\.line) == [3])
        let spec = TableSpec(name: "项目明细", titles: ["部门预算项目资金明细表"], rowKeys: [.name],
                             columns: [ColumnSpec(name: "本年预算"), ColumnSpec(name: "上年预算"), ColumnSpec(name: "增减", aliases: ["增减额"])])
        let loader = ReportLoader(tables: SampleSpecs.allTables + [spec], facts: [])
        let after = try Support.fixture("new_layout.txt", loader: loader)
        let t = try #require(after.table(named: "项目明细"))
        #expect(t.rows.map(\.name) == ["河道保洁", "水质监测", "合计"])
        #expect(t.columns.map(\.number) == [1, 2, 3])
        #expect(after.value("项目明细", name: "河道保洁", "增减")?.written == "2.00")
        #expect(after.value("项目明细", name: "合计", "上年预算")?.written == "18.50")
        #expect(after.table(named: "项目明细")?.rows.last?.isTotal == true)
        #expect(after.unrecognizedTables.isEmpty)
    }
}

/// A space-aligned table as a layout-preserving extractor prints it: headers centred over their
/// columns, amounts right-aligned, empty cells blank — aligned for a fixed-width display (a CJK
/// character two columns wide), by character count, with a footer line instead of a 注 after
/// the table, and with a name too long for its column.
@Suite struct AlignedColumnsFixtureTests {
    static let fixtures = ["final_accounts_aligned.txt", "final_accounts_aligned_chars.txt",
                           "final_accounts_aligned_footer.txt", "final_accounts_aligned_longname.txt"]

    @Test(arguments: fixtures)
    func amountsLandInTheColumnsTheyArePrintedUnder(_ name: String) throws {
        let report = try Support.fixture(name)
        let t = try #require(report.table(named: "公开03"))
        // 合计 and ten coded rows; a footer line after the table is not a row.
        #expect(t.rows.count == 11)
        #expect(t.rows.filter { $0.code != nil }.count == 10)
        #expect(report.value("公开03", name: "合计", "本年支出合计")?.written == "1530.40")
        #expect(report.value("公开03", name: "合计", "项目支出")?.written == "625.20")
        // A blank 基本支出 between two amounts: the 625.20 is 项目支出, not 基本支出.
        #expect(report.value("公开03", code: "2080109", "基本支出") == nil)
        #expect(report.value("公开03", code: "2080109", "项目支出")?.written == "625.20")
        #expect(report.value("公开03", code: "2080101", "基本支出")?.written == "455.10")
        #expect(report.value("公开03", code: "2080101", "项目支出") == nil)
        // A row whose amounts are all blank is still a row of the table.
        #expect(t.rows.contains { $0.code == "2080599" })
        #expect(report.value("公开03", code: "2210201", "本年支出合计")?.written == "290.10")
        #expect(report.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(report.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
    }
}

/// Left-aligned amounts under centred headers with a column blank in every row: the 栏次 number
/// over the blank column must not claim the next column's amounts.
@Suite struct AlignedBlankColumnTests {
    @Test func aColumnBlankInEveryRowKeepsItsPlace() throws {
        let report = try Support.fixture("final_accounts_aligned_blank_column.txt")
        #expect(report.value("公开03", code: "2080109", "上缴上级支出")?.written == "10.00")
        #expect(report.value("公开03", code: "2080109", "项目支出") == nil)
        #expect(report.value("公开03", code: "2080109", "基本支出")?.written == "20.00")
    }
}

/// The 三公 table as a layout-preserving extractor prints it: one row of amounts right-aligned in
/// wide columns under a 栏次 row `1 … 12` printed centred or at the columns' left. The amounts end
/// far from their numbers; each still lands under the number printed last before its right edge.
@Suite struct AlignedSingleRowTests {
    @Test(arguments: ["final_accounts_aligned_three_public_centred.txt", "final_accounts_aligned_three_public_left.txt"])
    func rightAlignedAmountsLandUnderTheirNumbers(_ name: String) throws {
        let report = try Support.fixture(name)
        let t = try #require(report.table(named: "公开09"))
        // The sample declaration reads the row as its 预算数 and 决算数 halves.
        func value(_ group: String, _ column: String) -> String? {
            guard let c = t.column(named: column), let r = t.rows.first(where: { $0.group == group }) else { return "no row or column" }
            return r.cells[c].figure?.written
        }
        #expect(value("预算数", "合计") == "10.50")
        #expect(value("预算数", "因公出国(境)费") == nil)
        #expect(value("预算数", "公务用车购置及运行维护费") == "7.00")
        #expect(value("预算数", "公务用车购置费") == nil)
        #expect(value("预算数", "公务用车运行维护费") == "7.00")
        #expect(value("预算数", "公务接待费") == "3.50")
        #expect(value("决算数", "合计") == "9.14")
        #expect(value("决算数", "公务用车购置及运行维护费") == "6.28")
        #expect(value("决算数", "公务用车运行维护费") == "6.28")
        #expect(value("决算数", "公务接待费") == "2.86")
        #expect(report.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }
}

/// A report whose last line, ended by a line feed, is a table row: its last cell is an amount,
/// not text ending in the line feed.
@Suite struct TableAtTheEndTests {
    @Test func theLastRowOfTheFileKeepsItsLastAmount() throws {
        let report = try Support.fixture("final_accounts_table_at_end.txt")
        let t = try #require(report.table(named: "公开09"))
        let row = try #require(t.rows.first { $0.group == "决算数" })
        let c = try #require(t.column(named: "公务接待费"))
        #expect(row.cells[c].figure?.written == "1.01")
        #expect(row.name == "决算数")
    }
}

/// Codes printed as a tree in 类/款/项 columns: the class code on its row, a 款 row with only its
/// two digits in the 款 column, a 项 row with only its two in the 项 column. Each row gets its
/// full code from the parents above it, so hierarchy and totals can be checked.
@Suite struct TreeCodeColumnsTests {
    @Test func partsTakeTheirParentsCodes() throws {
        let report = try Support.fixture("final_accounts_tree_codes.txt")
        let t = try #require(report.table(named: "公开05"))
        #expect(t.rows.compactMap(\.code) == ["208", "20805", "2080501", "2080505", "210", "21011", "2101101", "2101103",
                                             "21015", "2101501", "2101506", "2101599", "221", "22102", "2210201",
                                             "2210202", "2210203"])
        #expect(report.value("公开05", code: "2101599", "小计")?.written == "51.32")
        #expect(report.value("公开05", code: "21011", "基本支出")?.written == "467.71")
        #expect(report.diagnostics(LoadDiagnosticID.malformedCode).isEmpty)
        #expect(report.diagnostics(LoadDiagnosticID.duplicateCode).isEmpty)
    }

    /// A row may carry more than one part: `210 11 01` in three columns sets the 类 and the 款
    /// for the rows below it, and `→15→01` (a blank 类) is 项 01 of 款 15 of that 类, not of the
    /// 款 above (found by review: it became 2101101 and the 项 rows after it 21011xx).
    @Test func rowsWithSeveralPartsSetTheParentsBelowThem() throws {
        let report = try Support.fixture("final_accounts_tree_codes_merged.txt")
        let t = try #require(report.table(named: "公开05"))
        #expect(t.rows.compactMap(\.code) == ["2101101", "2101103", "2101501", "2101506", "2210201", "2210202"])
        #expect(report.value("公开05", code: "2101506", "小计")?.written == "5225.87")
    }
}

/// Codes written with their parts apart: `210 11 01` (spaces) or `210.15.01` / `210.15` (dots).
/// They were not read as codes (their parts were unplaced amounts, L007, or the name), so the
/// tables' hierarchy and totals went unchecked.
@Suite struct SeparatedCodeTests {
    @Test func spacedAndDottedCodesAreCodes() throws {
        let report = try Support.fixture("final_accounts_separated_codes.txt")
        let income = try #require(report.table(named: "公开02"))
        #expect(income.rows.compactMap(\.code) == ["210", "21011", "21015"])
        #expect(report.value("公开02", code: "21015", "本年收入合计")?.written == "7930.05")
        let spending = try #require(report.table(named: "公开03"))
        #expect(spending.rows.compactMap(\.code) == ["210", "21011", "2101101", "2101103", "21015", "2101501", "2101506",
                                                    "2101599"])
        #expect(report.value("公开03", code: "2101501", "基本支出")?.written == "2652.86")
        #expect(report.value("公开03", code: "2101101", "本年支出合计")?.written == "216.40")
        #expect(report.value("公开03", code: "21015", "项目支出")?.written == "5225.87")
        #expect(report.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        // The hierarchy is linked on them.
        let i = try #require(spending.rows(code: "2101599").first)
        #expect(spending.rows[i].parent.map { spending.rows[$0].code } == "21015")
    }

    @Test func onlyA3DigitClassWithTwoDigitPartsIsACode() {
        func code(_ s: String) -> String? {
            let b = Array(s.utf8)
            return TableReader.separatedCode(b, RawCell(start: 0, end: b.count))
        }
        #expect(code("201 01 01") == "2010101")
        #expect(code(" 201.01 ") == "20101")
        #expect(code("201  01") == "20101")
        #expect(code("201") == nil)
        #expect(code("201.01 01") == nil)
        #expect(code("2,652.86") == nil)
        #expect(code("52.08") == nil)
        #expect(code("201.011") == nil)
        #expect(code("201..01") == nil)
    }
}

/// Amounts printed the accountant's way.
@Suite struct ParenthesisedAmountTests {
    /// Accountants print a negative amount in parentheses, half- or full-width: `(0.50)` and
    /// `（1,200.00）` are −0.50 and −1,200.00 (they were read as blank cells, and every sum with
    /// a negative part was then off by it); `(1)` without a point or separator is not an amount.
    @Test func parenthesisedAmountsAreNegative() throws {
        let report = try Support.fixture("final_accounts_parenthesised_negative.txt")
        #expect(report.value("公开02", code: "2060302", "其他收入")?.written == "-0.50")
        #expect(report.value("公开02", name: "合计", "其他收入")?.written == "-0.50")
        #expect(report.value("公开02", code: "2060302", "事业收入")?.written == "301.00")
        #expect(report.value("公开02", code: "2060399", "其他收入")?.written == "-1200.00")
        // `(1)` is not read as −1, and the amounts around it keep their columns.
        #expect(report.value("公开02", code: "2060399", "财政拨款收入")?.written != "-1")
        #expect(report.value("公开02", code: "2060399", "本年收入合计")?.written == "1200.00")
    }

    /// Only what is written as an amount: two or more decimals or a thousands separator.
    /// `(1.1)` before a row name is a section number, `(2024)` a year.
    @Test(arguments: [("(0.50)", "-0.50"), ("（1,200.00）", "-1200.00"), ("(1,234)", "-1234"), ("(12.345)", "-12.345"),
                      ("(1.1)", nil), ("(1)", nil), ("(2024)", nil), ("(12.5%)", nil), ("((1.00))", nil), ("(-1.00)", nil)])
    func whatCountsAsAParenthesisedAmount(_ text: String, _ value: String?) {
        let b = Array(text.utf8)
        let n = NumberToken.parse(b, 0, b.count)
        #expect(n?.figure.written == value)
    }
}
