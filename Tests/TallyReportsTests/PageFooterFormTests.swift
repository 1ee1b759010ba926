import Testing
import Tally
@testable import TallyReports

/// One definition of a page footer for the table reader and the narrative (review 16, finding
/// 801): the table reader knew digits, `-`, `/`, 第, 页 and 共 only, so `第 4 页，共 14 页`,
/// `·4·` or `第4页（共14页）` between two rows ended the table and its tail was lost (L022, then the
/// 合计 no longer added up), while the narrative's footer test already read the comma.
@Suite struct PageFooterFormTests {
    static let footers = ["第 4 页，共 14 页", "第4页,共14页", "第4页/共14页", "第4页（共14页）", "第 4 页 (共 14 页)", "第4页 共14页",
                          "共14页 第4页", "·4·", "· 4 ·", "•4•", "— 4 —", "- 4 -", "－4－", "第 4 页", "4/14", "4"]

    @Test(arguments: PageFooterFormTests.footers)
    func everyFormIsAFooterForTablesAndNarrative(_ footer: String) {
        #expect(TableRegion.isFooterKey(Bytes.key(footer)), "table: \(footer)")
        let line = ReportText(bytes: Array(footer.utf8))
        let kind = line.bytes.withUnsafeBufferPointer { PageFooter.footerKind($0, line.lineRange(0)) }
        #expect(kind == .marked || kind == .bare, "narrative: \(footer)")
    }

    @Test func linesThatAreNoFooter() {
        for line in ["第一部分", "2024年", "共计3项", "第4页共", "第4章", "4/14页", "·支出·", "第4页，共", "（共14页）", "合计4"] {
            #expect(!TableRegion.isFooterKey(Bytes.key(line)), "\(line)")
        }
        // Digits alone of other than a page number's size: skipped between rows, kept in prose.
        #expect(TableRegion.isFooterKey(Bytes.key("2024")))
        let text = ReportText(bytes: Array("2024".utf8))
        #expect(text.bytes.withUnsafeBufferPointer { PageFooter.footerKind($0, text.lineRange(0)) } == .digits)
    }

    @Test(arguments: ["第 4 页，共 14 页", "·4·", "第4页（共14页）"])
    func aTableGoesOnAfterTheFooterAndTheRunningTitle(_ footer: String) throws {
        // The footer, then the page's running title, between the rows.
        let r = try Support.load(Support.splitExpenseTable("\n\(footer)\n\n示例县农业农村局2023年度部门决算"))
        #expect(r.value("公开03", code: "22102", "项目支出")?.written == "100.00")
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
        #expect(r.diagnostics(LoadDiagnosticID.rowsAfterTableEnd).isEmpty)
    }

    @Test(arguments: ["·9·", "第9页（共14页）", "第 9 页，共 14 页"])
    func aFooterInsideASentenceIsLeftOut(_ footer: String) {
        let text = "一、说明\n支出增加174.66万元，\n\(footer)\n增长0.39%。\n"
        #expect(PageFooter.midSentenceLines(in: ReportText(bytes: Array(text.utf8))) == [2])
    }
}
