import Testing
import Tally
@testable import TallyReports

/// A space-aligned table continued on a new page whose repeated header cannot be cut into the
/// first page's columns (`基本支出 项目支出` one cell on page 2, review 13, finding 502): the loader
/// fell back to one grid for the whole table, or to the cells as printed, without a word.
@Suite struct PageGridMismatchTests {
    @Test func aPageWhoseGridDoesNotMatchTheFirstIsReported() throws {
        let r = try Support.fixture("final_accounts_page_grid_mismatch.txt")
        let d = r.diagnostics(LoadDiagnosticID.pageGridMismatch)
        #expect(d.count == 1)
        // On the repeated header's line, naming the table.
        #expect(d.first?.line == 9)
        #expect(d.first?.table == "公开03")
        // The first page is read as before.
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
    }

    /// Pages whose grids match give no note (finding 502's own layout).
    @Test func matchingPagesGiveNoNote() throws {
        let text = try String(contentsOf: Support.fixtures.appendingPathComponent("final_accounts_page_grid_mismatch.txt"), encoding: .utf8)
            .replacingOccurrences(of: "基本支出 项目支出", with: "基本支出    项目支出")
        let r = try Support.load(text)
        #expect(r.diagnostics(LoadDiagnosticID.pageGridMismatch).isEmpty)
        #expect(r.value("公开03", code: "22102", "项目支出")?.written == "100.00")
    }
}
