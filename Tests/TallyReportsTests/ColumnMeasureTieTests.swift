import Testing
import Tally
@testable import TallyReports

/// A space-aligned table whose rows are amounts alone (no CJK text before them) lines up as well
/// counting a CJK character one column wide as two; the report's other lines break the tie, and
/// the header is cut one way or the other by that choice (review 12, finding 422). The choice
/// was silent: it is an `L021` note on the table's first row.
@Suite struct ColumnMeasureTieTests {
    @Test func theReportWideTieBreakIsNoted() throws {
        let r = try Support.fixture("city_budget_amount_rows.txt")
        let d = r.diagnostics(LoadDiagnosticID.columnMeasureTie)
        #expect(d.map(\.table) == ["表9"])
        #expect(d.first?.line == 48)
        #expect(d.first?.severity == .note)
    }

    /// Tables whose rows decide the measure themselves give no note.
    @Test func rowsThatDecideGiveNoNote() throws {
        let r = try Support.fixture("city_budget_space.txt")
        #expect(r.diagnostics(LoadDiagnosticID.columnMeasureTie).isEmpty)
    }
}
