import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Review 11, finding 338: space-aligned tables whose amounts drift a column or two from their
/// header cells are cut by the header (``AnchoredColumns``), not read cell by cell.
@Suite struct DriftingColumnsTests {
    /// A 支出总体情况表 whose amounts drift from their header cells: `header` is the header line
    /// right above the data, `lastRow` the row of 2080506 (the rows before it are the same in
    /// every test).
    static func table(header: String = "科目编码  科目名称                        基本支出      项目支出            合计",
                      lastRow: String = "2080506   机关事业单位职业年金缴费支出         48.00                      48.00") -> String {
        (["表8 支出总体情况表", "单位：万元", header]
         + ["          合计                            1,626.32        428.68        2,055.00",
            "205       教育支出                         1,350.00      428.68          1,778.68",
            "20502     普通教育                       1,350.00          428.68      1,778.68",
            "2050203   初中教育                           800.00       203.68      1,003.68",
            "2050204   高中教育                         550.00           225.00         775.00",
            "208       社会保障和就业支出                 168.00                      168.00",
            "20805     行政事业单位养老支出             168.00                          168.00",
            "2080505   机关事业单位基本养老保险缴费支出  120.00                          120.00"]
         + [lastRow]).joined(separator: "\n") + "\n"
    }

    /// Rows with blank cells keep their amounts under their own headers although no two rows
    /// end their amounts at the same position.
    @Test func driftingAmountsStayUnderTheirHeaders() throws {
        let r = try Support.load(Self.table())
        #expect(r.value("表8", code: "208", "合计")?.written == "168.00")
        #expect(r.value("表8", code: "208", "基本支出")?.written == "168.00")
        #expect(r.value("表8", code: "208", "项目支出") == nil)
        #expect(r.value("表8", code: "2080506", "合计")?.written == "48.00")
        #expect(r.value("表8", code: "2050204", "项目支出")?.written == "225.00")
        #expect(r.value("表8", name: "合计", "合计")?.written == "2055.00")
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
    }

    /// A letter-spaced header (`科 目 编 码`, `合    计`: a centred header as pdftotext prints it)
    /// names one column per word, not one per character (review 12, finding 401).
    @Test func letterSpacedHeaderCellsNameOneColumn() throws {
        let r = try Support.load(Self.table(header: "科 目 编 码  科目名称                      基本支出      项目支出          合    计"))
        #expect(r.value("表8", code: "208", "合计")?.written == "168.00")
        #expect(r.value("表8", code: "208", "项目支出") == nil)
        #expect(r.value("表8", code: "2050204", "项目支出")?.written == "225.00")
        #expect(r.value("表8", code: "2080506", "基本支出")?.written == "48.00")
        #expect(r.value("表8", name: "合计", "合计")?.written == "2055.00")
    }

    /// An amount half-way between two header cells is not guessed into either: the row keeps
    /// its other amounts and the reader says which amount it left out.
    @Test func anAmountBetweenTwoHeadersIsReportedNotGuessed() throws {
        let r = try Support.load(Self.table(lastRow: "2080506   机关事业单位职业年金缴费支出              48.00                 48.00"))
        #expect(r.value("表8", code: "2080506", "合计")?.written == "48.00")
        #expect(r.value("表8", code: "2080506", "基本支出") == nil)
        #expect(r.value("表8", code: "2080506", "项目支出") == nil)
        #expect(r.value("表8", code: "208", "基本支出")?.written == "168.00")
        let d = r.diagnostics(LoadDiagnosticID.unplacedAmount)
        #expect(d.count == 1)
        #expect(d.first?.line == 12)
    }
}
