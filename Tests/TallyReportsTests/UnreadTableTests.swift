import Testing
import Tally
@testable import TallyReports

/// A table announced by its title whose lines are neither a header nor rows (cells run together)
/// is `L019` on its title line, naming the line (an HTML fragment was one too, until review 16,
/// finding 803: its rows are now read as tab rows); one announced with its
/// header and no row stays `L001` (empty), and one the report says is empty an `L001` note.
@Suite struct UnreadTableTests {
    @Test func anAnnouncedTableThatCouldNotBeReadIsNotReportedAsEmpty() throws {
        let r = try Support.fixture("city_budget_unplaced_tables.txt")
        #expect(r.value("表2", code: "21303", "合计")?.written == "761.50")
        let unread = r.diagnostics(LoadDiagnosticID.unreadTable)
        // 表10 (cells run together, line 19), on its title; 表5 (an HTML fragment) is read.
        #expect(unread.map(\.line) == [17])
        #expect(unread.allSatisfy { $0.severity == .warning })
        #expect(unread.last?.message.contains("line 19") == true)
        #expect(r.table(named: "表5")?.rows.contains { $0.code == "212" && $0.name == "城乡社区支出" } == true)
        // 表9: title, unit and header without rows; 表13: explained by its 备注.
        let empty = r.diagnostics(LoadDiagnosticID.tableWithoutRows)
        #expect(empty.map(\.table) == ["表9", "表13"])
        #expect(empty.map(\.severity) == [.warning, .note])
        // The checks on the unread tables are not applicable with that reason.
        #expect(r.absenceReasons["表10"]?.contains("could not be read") == true)
        #expect(r.table(named: "表10") == nil)
    }
}
