import Foundation
import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// What the loader met reading a report is there for checks too: facts of kind `载入问题`, one per
/// load diagnostic, which the shipped packs turn into findings where the table as printed is at fault
/// (codes shifted, damaged or duplicated, two amounts in one cell).
@Suite struct LoadProblemFactTests {
    let report: LoadedReport
    init() throws { report = try Support.fixture("final_accounts_tab.txt") }

    @Test func everyLoadDiagnosticIsAFact() {
        let facts = report.facts(kind: Fact.loadProblemKind)
        #expect(facts.count == report.diagnostics.count)
        for (f, d) in zip(facts, report.diagnostics) {
            #expect(f.line == d.line)
            #expect(f.fields["编号"].flatMap(Self.text) == d.id)
            #expect(f.fields["级别"].flatMap(Self.text) == d.severity.rawValue)
            #expect(f.fields["表"].flatMap(Self.text) == (d.table ?? ""))
            #expect(f.fields["说明"].flatMap(Self.text) == d.message)
        }
        // Other kinds are untouched: the narrative's facts are not load problems.
        #expect(!report.facts.contains { $0.kind == Fact.loadProblemKind })
    }

    @Test func theShippedLayoutCheckFindsTheTablesDefectsAndNothingElse() throws {
        let url = TestPaths.repositoryRoot.appendingPathComponent("Checks/部门决算/codes-cells-checks.tally")
        let source = SourceFile(path: url.path, text: TestPaths.read(url))
        let compiled = Pack.compile(sources: [source])
        let pack = try #require(compiled.pack, "\(compiled.diagnostics)")
        let failing = pack.run(on: report).filter { $0.status == .fail }.compactMap(\.location?.line)
        let defects: Set<String> = ["L003", "L004", "L005", "L006", "L008"]
        let expected = report.diagnostics.filter { defects.contains($0.id) }.map(\.line)
        #expect(!expected.isEmpty)
        #expect(failing == expected)
        // The fixture's amount printed outside the columns (L007, line 95) is not among them.
        #expect(report.diagnostics.contains { $0.id == LoadDiagnosticID.unplacedAmount && $0.line == 95 })
        #expect(!failing.contains(95))
    }

    @Test func theKindIsKnownWithoutADeclarationAndItsFieldsAreChecked() {
        let good = "check A \"t\" warning\n  for p in facts(载入问题) where p.编号 == \"L006\":\n    p.表 == \"公开03\"\n"
        #expect(Pack.compile(sources: [SourceFile(path: "a.tally", text: good)]).pack != nil)
        let bad = "check A \"t\" warning\n  for p in facts(载入问题):\n    p.页码 == 1\n"
        let compiled = Pack.compile(sources: [SourceFile(path: "b.tally", text: bad)])
        #expect(compiled.pack == nil)
        #expect(compiled.diagnostics.contains { $0.id == .unknownFact && $0.message.contains("页码") })
    }

    static func text(_ f: FactField) -> String? {
        if case .text(let s, _) = f { return s }
        return nil
    }
}
