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

    /// A second page whose rows line up neither with its own header nor with the first page's
    /// columns, nor with each other: no grid fits every page, the cells are read as printed, and
    /// the loader warns (the `L020` warning, not the note of a page read with one grid).
    @Test func noGridForEveryPageIsAWarning() throws {
        let text = try String(contentsOf: Support.fixtures.appendingPathComponent("final_accounts_page_grid_mismatch.txt"), encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let i221 = try #require(lines.firstIndex { $0.hasPrefix("221 ") })
        let i22102 = try #require(lines.firstIndex { $0.hasPrefix("22102 ") })
        lines[i221] = "221          住房保障支出   100.00                                  100.00"
        lines[i22102] = "22102                               住房改革支出                  100.00   100.00"
        let r = try Support.load(lines.joined(separator: "\n"))
        let d = r.diagnostics(LoadDiagnosticID.pageGridMismatch)
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.line == 9)
        #expect(d.first?.table == "公开03")
        #expect(d.first?.message.contains("no column grid fits every page") == true)
        // The first page is still read by its header.
        #expect(r.value("公开03", code: "208", "本年支出合计")?.written == "200.00")
    }
}
