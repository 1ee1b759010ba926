import Testing
import Tally
@testable import TallyReports

/// Review 11, finding 341: a table whose amounts are all whole (published in whole 万元) stands
/// for ±0.5 per amount; one amount with decimals keeps the 0.01 reading.
@Suite struct WholeUnitTableTests {
    /// A row of amounts as written (`""` for a blank cell).
    func row(_ values: [String], line: Int) throws -> Row {
        let cells = try values.map { v -> Cell in
            guard !v.isEmpty else { return Cell.blank(line: line) }
            let decimals = v.split(separator: ".").dropFirst().first?.count ?? 0
            let mantissa = try #require(Int128(v.replacingOccurrences(of: ".", with: "")))
            return Cell(figure: Figure.amount(try Rational(mantissa, Rational.powerOfTen(decimals)), decimals: decimals), line: line)
        }
        return Row(name: "r\(line)", cells: cells, line: line)
    }

    func halfWidth(_ f: Figure?) throws -> Rational {
        let f = try #require(f)
        return try f.upper.subtracting(f.value)
    }

    @Test func wholeAmountsStandForHalfAUnit() throws {
        var rows = [try row(["138", "138", ""], line: 1), try row(["98", "98", ""], line: 2), try row(["39", "40", "0"], line: 3)]
        TableReader.wholeUnitPrecision(&rows)
        #expect(try halfWidth(rows[0].cells[0].figure) == (try Rational(1, 2)))
        #expect(try halfWidth(rows[2].cells[1].figure) == (try Rational(1, 2)))
        #expect(rows[0].cells[2].figure == nil)
    }

    @Test func oneAmountWithDecimalsKeepsTheCent() throws {
        var rows = [try row(["138", "138", ""], line: 1), try row(["98", "98", ""], line: 2), try row(["39", "40.36", "0"], line: 3)]
        TableReader.wholeUnitPrecision(&rows)
        #expect(try halfWidth(rows[0].cells[0].figure) == (try Rational(1, 200)))
    }

    @Test func aFewWholeAmountsAreNoEvidence() throws {
        // A 三公 table of 1, 0, 0, 1: whole by chance, not a table in whole units.
        var rows = [try row(["1", "0", "0", "1"], line: 1)]
        TableReader.wholeUnitPrecision(&rows)
        #expect(try halfWidth(rows[0].cells[0].figure) == (try Rational(1, 200)))
    }
}

/// Review 11, finding 221: `编制单位：某区卫生健康局  金额单位：元` named the department 某区卫生健康局金额.
@Suite struct DepartmentLineTests {
    @Test func theUnitsLabelIsNoPartOfTheName() throws {
        let text = "某区卫生健康局2024年度部门决算\n\n编制单位：某区卫生健康局\t\t金额单位：元\n"
        let report = try ReportLoader(tables: [], facts: []).load(bytes: Array(text.utf8), path: "t.txt")
        #expect(report.metadata.department == "某区卫生健康局")
    }
}
