import Testing
import Tally
@testable import TallyReports

/// A one-row (`single`) table printed as rows — `项目 | 预算数 | 决算数` with one row per
/// declared column, as several provincial 决算 templates print the 三公 table. Each row was read
/// as a row of the one-row table, its two amounts placed in the first two declared columns
/// (seven false alarms on a consistent report). It is now read as the row it stands for.
@Suite struct TransposedSingleRowTests {
    static let loader: ReportLoader = {
        func c(_ n: String, _ a: String...) -> ColumnSpec { ColumnSpec(name: n, aliases: a) }
        let spec = TableSpec(name: "三公", titles: ["“三公”经费支出决算表"], rowKeys: [.name],
                             columns: [c("预算合计"), c("预算因公出国费", "因公出国（境）费"), c("预算公务用车小计", "公务用车购置及运行维护费"),
                                       c("预算公务接待费", "公务接待费"),
                                       c("决算合计"), c("决算因公出国费", "因公出国（境）费"), c("决算公务用车小计", "公务用车购置及运行维护费"),
                                       c("决算公务接待费", "公务接待费")],
                             isSingleRow: true)
        return ReportLoader(tables: [spec], facts: [])
    }()

    func load(_ body: String) throws -> LoadedReport {
        let text = "“三公”经费支出决算表\n单位：万元\n" + body + "\n说明：无。\n"
        return try Self.loader.load(bytes: Array(text.utf8), path: "t.txt")
    }

    func value(_ r: LoadedReport, _ column: String) -> String? {
        guard let t = r.table(named: "三公"), let c = t.column(named: column), t.rows.count == 1 else { return nil }
        return t.rows[0].cells[c].figure?.written
    }

    @Test func rowsPerColumnAreReadAsTheOneRow() throws {
        let r = try load("""
        项目\t预算数\t决算数
        合计\t12.00\t10.50
        1.因公出国（境）费\t0.00\t0.00
        2.公务用车购置及运行维护费\t9.00\t8.00
        3.公务接待费\t3.00\t2.50
        其中：国内公务接待费\t3.00\t2.50
        外事接待费\t0.00\t0.00
        公务用车保有量（辆）\t\t5
        """)
        #expect(value(r, "预算合计") == "12.00")
        #expect(value(r, "决算合计") == "10.50")
        #expect(value(r, "预算公务用车小计") == "9.00")
        #expect(value(r, "决算公务用车小计") == "8.00")
        #expect(value(r, "决算公务接待费") == "2.50")
        #expect(value(r, "预算公务接待费") == "3.00")
        #expect(value(r, "预算因公出国费") == "0.00")
    }

    /// Review 9: the labels in another order, a third label of no group (上年决算数, 年初预算数), and
    /// sub-rows of an item (（1）国内公务接待费 under 3.公务接待费): each label is known by its name.
    @Test(arguments: ["项目\t决算数\t预算数", "项目\t上年决算数\t预算数\t决算数", "项目\t年初预算数\t全年预算数\t决算数"])
    func labelsAreKnownByName(_ header: String) throws {
        let cols = header.split(separator: "\t").count - 1
        func row(_ name: String, _ budget: String, _ final: String) -> String {
            let values: [String]
            switch header {
            case "项目\t决算数\t预算数": values = [final, budget]
            case "项目\t上年决算数\t预算数\t决算数": values = ["9.99", budget, final]
            default: values = ["1.11", budget, final]
            }
            #expect(values.count == cols)
            return ([name] + values).joined(separator: "\t")
        }
        let r = try load([header, row("合计", "12.00", "10.50"), row("1.因公出国（境）费", "0.00", "0.00"),
                          row("2.公务用车购置及运行维护费", "9.00", "8.00"), row("3.公务接待费", "3.00", "2.50"),
                          row("（1）国内公务接待费", "3.00", "2.50")].joined(separator: "\n"))
        #expect(value(r, "预算合计") == "12.00")
        #expect(value(r, "决算合计") == "10.50")
        #expect(value(r, "决算公务接待费") == "2.50")
        #expect(value(r, "预算公务接待费") == "3.00")
    }

    @Test func theTablePrintedAcrossIsUnchanged() throws {
        let r = try load("""
        预算数\t\t\t\t决算数
        合计\t因公出国（境）费\t公务用车购置及运行维护费\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t公务接待费
        12.00\t0.00\t9.00\t3.00\t10.50\t0.00\t8.00\t2.50
        """)
        #expect(value(r, "预算合计") == "12.00")
        #expect(value(r, "决算公务接待费") == "2.50")
    }
}
