import Testing
import Tally
@testable import TallyReports

/// Classification codes damaged in extraction (review 16, finding 806): a space inside the code,
/// a letter for a digit, a 项 code cut to its 款's digits. Each was read as something else — two
/// amounts in the code position (L007), a row without a code (L003), a second 款 (L004) — and the
/// 合计 and the parents no longer added up. Now each reads as the code it clearly is, with a
/// warning L030 saying what was read.
@Suite struct DamagedCodeTests {
    func expenses(_ damaged: String) -> String {
        """
        支出决算表
        公开03表
        单位：万元
        科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
        \t合计\t300.00\t200.00\t100.00
        205\t教育支出\t300.00\t200.00\t100.00
        20502\t普通教育\t300.00\t200.00\t100.00
        2050201\t学前教育\t100.00\t100.00\t
        \(damaged)\t小学教育\t200.00\t100.00\t100.00

        """
    }

    @Test(arguments: [("2050 202", "2050202"), ("205 0202", "2050202"), ("2O50202", "2050202"), ("2o5O2O2", "2050202")])
    func aDamagedCodeIsReadWithAWarning(_ damaged: String, _ code: String) throws {
        let r = try Support.load(expenses(damaged))
        let t = try #require(r.table(named: "公开03"))
        let row = try #require(t.rows.first { $0.name == "小学教育" })
        #expect(row.code == code)
        #expect(t.rows.first { $0.code == "20502" }?.children.contains { t.rows[$0].name == "小学教育" } == true)
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).count == 1)
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).first?.message.contains("'\(damaged)'") == true)
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.malformedCode).isEmpty)
        #expect(r.value("公开03", code: code, "项目支出")?.written == "100.00")
    }

    @Test func aRepairWhoseParentIsMissingIsUndone() throws {
        // `2060 202` joins to 2060202, whose 款 20602 the table does not list: not clearly a code.
        let r = try Support.load(expenses("2060 202"))
        let row = try #require(r.table(named: "公开03")?.rows.first { $0.name == "小学教育" })
        #expect(row.code == nil)
        let d = try #require(r.diagnostics(LoadDiagnosticID.repairedCode).first)
        #expect(d.message.contains("without a code"))
    }

    @Test(arguments: ["2050202", "205 02 02", "[2050202]"])
    func anIntactCodeIsNoRepair(_ code: String) throws {
        let r = try Support.load(expenses(code))
        #expect(r.table(named: "公开03")?.rows.first { $0.name == "小学教育" }?.code == "2050202")
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).isEmpty)
    }

    @Test func twoAmountsInTheCodePositionAreNoCode() throws {
        // Not a class of either classification: no code, as before.
        let r = try Support.load(expenses("1050 202"))
        #expect(r.table(named: "公开03")?.rows.first { $0.name == "小学教育" }?.code == nil)
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).isEmpty)
    }

    func report(truncated: Bool, other: Bool) -> String {
        let income = """
        收入决算表
        公开02表
        单位：万元
        科目编码\t科目名称\t本年收入合计\t财政拨款收入
        \t合计\t500.00\t500.00
        208\t社会保障和就业支出\t500.00\t500.00
        20805\t行政事业单位养老支出\t500.00\t500.00
        \(truncated ? "20805" : "2080505")\t机关事业单位基本养老保险缴费支出\t500.00\t500.00

        """
        let expense = """
        支出决算表
        公开03表
        单位：万元
        科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
        \t合计\t500.00\t500.00\t
        208\t社会保障和就业支出\t500.00\t500.00\t
        20805\t行政事业单位养老支出\t500.00\t500.00\t
        2080505\t机关事业单位基本养老保险缴费支出\t500.00\t500.00\t

        """
        return income + (other ? expense : "")
    }

    @Test func aCodeCutToItsKuanTakesTheCodeOfItsNameInAnotherTable() throws {
        let r = try Support.load(report(truncated: true, other: true))
        let t = try #require(r.table(named: "公开02"))
        #expect(t.rows.first { $0.name == "机关事业单位基本养老保险缴费支出" }?.code == "2080505")
        #expect(t.rows.filter { $0.code == "20805" }.count == 1)
        #expect(r.diagnostics(LoadDiagnosticID.duplicateCode).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).first?.message.contains("'2080505'") == true)
        // The 类 has one 款 child again.
        let cls = try #require(t.rows.firstIndex { $0.code == "208" })
        #expect(t.rows[cls].children.count == 1)
    }

    @Test func withoutAnotherTableNothingIsGuessed() throws {
        let r = try Support.load(report(truncated: true, other: false))
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).isEmpty)
        #expect(!r.diagnostics(LoadDiagnosticID.duplicateCode).isEmpty)
        let intact = try Support.load(report(truncated: false, other: true))
        #expect(intact.diagnostics(LoadDiagnosticID.repairedCode).isEmpty)
    }
}
