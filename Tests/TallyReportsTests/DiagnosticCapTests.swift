import Testing
import Tally
@testable import TallyReports

/// Repeated diagnostics of one table are capped (a damaged row must not yield one diagnostic
/// per cell).
@Suite struct DiagnosticCapTests {
    static let spec = TableSpec(name: "项目明细", titles: ["部门预算项目资金明细表"], rowKeys: [.name],
                                columns: [ColumnSpec(name: "本年预算"), ColumnSpec(name: "上年预算"), ColumnSpec(name: "增减")])

    func load(extraAmounts: Int) throws -> LoadedReport {
        let row = (["河道保洁", "财政拨款", "12.00", "10.00", "2.00"] + Array(repeating: "1.00", count: extraAmounts))
            .joined(separator: "\t")
        let text = """
            2024 年部门预算项目资金明细表
            单位：万元
            项目名称\t资金来源\t本年预算\t上年预算\t增减
            \(row)
            水质监测\t财政拨款\t8.50\t8.50\t0.00
            """
        return try ReportLoader(tables: [Self.spec], facts: []).load(bytes: Array(text.utf8), path: "t.txt")
    }

    @Test func aRowWithHundredsOfExtraAmountsGivesTwentyAndASummary() throws {
        let report = try load(extraAmounts: 500)
        let l007 = report.diagnostics(LoadDiagnosticID.unplacedAmount)
        #expect(l007.count == DiagnosticCap.perTable + 1)
        #expect(l007.allSatisfy { $0.line == 4 && $0.table == "项目明细" })
        #expect(l007.last?.message.hasPrefix("480 more L007 diagnostics") == true)
        // The table still loads with its rows.
        #expect(report.value("项目明细", name: "水质监测", "本年预算")?.written == "8.50")
    }

    @Test func fewDiagnosticsAreLeftAlone() throws {
        let report = try load(extraAmounts: DiagnosticCap.perTable)
        let l007 = report.diagnostics(LoadDiagnosticID.unplacedAmount)
        #expect(l007.count == DiagnosticCap.perTable)
        #expect(!l007.contains { $0.message.contains("more L007") })
    }

    @Test func capKeepsOrderPerIdAndCountsEachId() {
        let ds = (0..<25).map { LoadDiagnostic(LoadDiagnosticID.unplacedAmount, line: $0 + 1, "a\($0)", table: "t") }
            + [LoadDiagnostic(LoadDiagnosticID.duplicateCode, line: 99, "d", table: "t")]
        let c = DiagnosticCap.capped(ds, table: "t")
        #expect(c.count == 22)
        #expect(c.prefix(20).map(\.line) == Array(1...20))
        #expect(c[20].id == LoadDiagnosticID.duplicateCode)
        #expect(c[21].id == LoadDiagnosticID.unplacedAmount && c[21].line == 21 && c[21].message.hasPrefix("5 more L007 diagnostics"))
    }
}
