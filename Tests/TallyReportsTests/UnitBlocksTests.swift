import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// 部门预算 layouts review 11 found read wrongly: a 功能分类 table printed by unit (finding 307)
/// and a 项目支出表 with the 功能分类 code and name before the project's name (finding 355).
@Suite struct UnitBlocksTests {
    /// Two units, each with its own tree: codes are summed over the units, the unit rows kept in
    /// group 单位 after the 合计, and no code diagnostics for the 单位编码 or the repeated tree.
    static let byUnit = """
    一般公共预算支出情况表(分单位)
    单位：万元
    单位编码/科目编码\t单位名称（科目）\t合计\t基本支出\t项目支出
    \t合计\t300.00\t200.00\t100.00
    101001\t某区卫生健康委员会本级\t180.00\t120.00\t60.00
    208\t社会保障和就业支出\t80.00\t80.00\t
    20805\t行政事业单位养老支出\t80.00\t80.00\t
    2080505\t机关事业单位基本养老保险缴费支出\t80.00\t80.00\t
    210\t卫生健康支出\t100.00\t40.00\t60.00
    21001\t卫生健康管理事务\t100.00\t40.00\t60.00
    2100101\t行政运行\t100.00\t40.00\t60.00
    101002\t某区疾病预防控制中心\t120.00\t80.00\t40.00
    208\t社会保障和就业支出\t30.00\t30.00\t
    20805\t行政事业单位养老支出\t30.00\t30.00\t
    2080505\t机关事业单位基本养老保险缴费支出\t30.00\t30.00\t
    210\t卫生健康支出\t90.00\t50.00\t40.00
    21004\t公共卫生\t90.00\t50.00\t40.00
    2100401\t疾病预防控制机构\t90.00\t50.00\t40.00

    """

    @Test func unitTreesAreSummedByCode() throws {
        let r = try Support.load(UnitBlocksTests.byUnit)
        let t = try #require(r.table(named: "表2"))
        #expect(r.value("表2", code: "208", "合计")?.written == "110.00")
        #expect(r.value("表2", code: "2080505", "基本支出")?.written == "110.00")
        #expect(r.value("表2", code: "210", "合计")?.written == "190.00")
        #expect(r.value("表2", code: "2100401", "项目支出")?.written == "40.00")
        #expect(t.rows(code: "208").count == 1)
        #expect(t.rows.first?.name == "合计")
        #expect(t.rows.filter { $0.group == UnitBlocks.unitGroup }.map(\.name) == ["某区卫生健康委员会本级", "某区疾病预防控制中心"])
        #expect(t.rows.filter { $0.group == UnitBlocks.unitGroup }.allSatisfy { $0.code == nil && $0.isTotal })
        // The merged tree links as one: 210's children are its two 款.
        let cls = try #require(t.rows.firstIndex { $0.code == "210" })
        #expect(t.rows[cls].children.map { t.rows[$0].code } == ["21001", "21004"])
        #expect(r.diagnostics(LoadDiagnosticID.malformedCode).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.duplicateCode).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.codeParentMismatch).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.unitBlocks).map(\.severity) == [.note])
    }

    /// A unit row that is not the sum of its block is reported (the fold stands: the other unit
    /// and the 合计 confirm the layout).
    @Test func aUnitRowThatIsNotItsBlocksSumIsReported() throws {
        let text = UnitBlocksTests.byUnit.replacingOccurrences(of: "某区疾病预防控制中心\t120.00", with: "某区疾病预防控制中心\t102.00")
        let r = try Support.load(text)
        let warnings = r.diagnostics(LoadDiagnosticID.unitBlocks).filter { $0.severity == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.line == 12)
        #expect(r.value("表2", code: "208", "合计")?.written == "110.00")
    }

    /// Without unit rows nothing changes: a code printed twice stays two rows.
    @Test func aTableWithoutUnitsIsNotFolded() throws {
        let r = try Support.load("""
        一般公共预算支出情况表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \t合计\t30.00\t30.00\t
        208\t社会保障和就业支出\t30.00\t30.00\t
        20805\t行政事业单位养老支出\t30.00\t30.00\t
        2080505\t机关事业单位基本养老保险缴费支出\t30.00\t30.00\t
        2080505\t机关事业单位基本养老保险缴费支出\t30.00\t30.00\t

        """)
        #expect(r.table(named: "表2")?.rows(code: "2080505").count == 2)
        #expect(r.diagnostics(LoadDiagnosticID.unitBlocks).isEmpty)
        #expect(!r.diagnostics(LoadDiagnosticID.duplicateCode).isEmpty)
    }

    /// A unit-qualified title names a 功能分类 table only.
    @Test func unitQualifiedTitles() throws {
        let specs = SampleSpecs.allTables
        let index = TitleIndex(specs: specs)
        for title in ["一般公共预算支出情况表(分单位)", "表5-2.一般公共预算支出情况表（按单位）", "一般公共预算支出情况表（分部门）"] {
            let m = index.match(Bytes.key(title, dropQuotes: true))
            #expect(m?.spec.map { specs[$0].name } == "表2", "\(title)")
        }
        // 项目支出情况表 is keyed by name: printed by unit it is another layout.
        #expect(index.match(Bytes.key("项目支出情况表(分单位)", dropQuotes: true))?.spec == nil)
    }

    /// Finding 355: the 项目名称 column names the rows even after a 功能分类 code and name.
    @Test func projectNameColumnAfterClassificationColumns() throws {
        let r = try Support.load("""
        项目支出情况表
        单位：万元
        功能分类科目编码\t功能分类科目名称\t项目名称\t合计
        \t\t合计\t186.50
        2100408\t基本公共卫生服务\t基本公共卫生服务项目\t50.00
        2100401\t疾病预防控制机构\t疾控中心实验室能力建设\t136.50

        """)
        let t = try #require(r.table(named: "表9"))
        #expect(t.rows.map(\.name) == ["合计", "基本公共卫生服务项目", "疾控中心实验室能力建设"])
        #expect(r.value("表9", name: "疾控中心实验室能力建设", "合计")?.written == "136.50")
        #expect(t.rows.last?.code == "2100401")
    }

    /// A 收入总体情况表 printed by unit alone (review 12, finding 426): header 单位编码/单位名称, six-digit
    /// unit codes and no 功能分类 row. The units are unit rows added up to the 合计, and one note
    /// says so, instead of an L003 and an L005 warning per unit.
    @Test func aTableOfUnitsAloneSaysSoOnce() throws {
        let r = try Support.load("""
        表7 收入总体情况表
        单位：万元
        单位编码\t单位名称\t合计\t一般公共预算拨款收入\t上年结转
        \t合计\t3663.71\t3323.95\t339.76
        101001\t昆明市生态环境局本级\t2893.95\t2858.19\t35.76
        101002\t昆明市生态环境监测站\t769.76\t465.76\t304.00

        """)
        let t = try #require(r.table(named: "表7"))
        #expect(r.diagnostics(LoadDiagnosticID.malformedCode).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.codeParentMismatch).isEmpty)
        let notes = r.diagnostics(LoadDiagnosticID.unitBlocks)
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .note)
        #expect(notes.first?.line == 5)
        #expect(notes.first?.message.contains("101001") == true)
        #expect(t.rows.filter { $0.group == UnitBlocks.unitGroup }.map(\.name) == ["昆明市生态环境局本级", "昆明市生态环境监测站"])
        #expect(t.rows.allSatisfy { $0.code == nil })
        #expect(t.rows.first?.isTotal == true)
    }

    /// A table with 功能分类 rows besides a 单位编码 header keeps its code diagnostics: only a table
    /// none of whose codes is a 功能分类 code is read as units.
    @Test func aTableWithClassCodesIsNotReadAsUnits() throws {
        let r = try Support.load("""
        表7 收入总体情况表
        单位：万元
        单位编码\t单位名称\t合计\t一般公共预算拨款收入\t上年结转
        \t合计\t100.00\t100.00\t
        208\t社会保障和就业支出\t100.00\t100.00\t
        208050\t行政事业单位养老支出\t100.00\t100.00\t

        """)
        #expect(r.diagnostics(LoadDiagnosticID.unitBlocks).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.malformedCode).count == 1)
        #expect(r.value("表7", code: "208", "合计")?.written == "100.00")
    }
}

/// Findings 220 and 317: codes in a form the loader does not read leave a classification table
/// without codes; a warning says so instead of every check by code going quiet.
@Suite struct UncodedRowsTests {
    @Test func unreadCodesAreReported() throws {
        let text = """
        一般公共预算支出情况表
        单位：万元
        科目名称\t合计\t基本支出\t项目支出
        合计\t30.00\t30.00\t
        {208}社会保障和就业支出\t30.00\t30.00\t
        {20805}行政事业单位养老支出\t30.00\t30.00\t

        """
        let r = try Support.load(text)
        let d = r.diagnostics(LoadDiagnosticID.malformedCode)
        #expect(d.count == 1)
        #expect(d.first?.line == 5)

        let bracketed = text.replacingOccurrences(of: "{", with: "[").replacingOccurrences(of: "}", with: "]")
        let b = try Support.load(bracketed)
        #expect(b.diagnostics(LoadDiagnosticID.malformedCode).isEmpty)
        #expect(b.table(named: "表2")?.rows(code: "20805").count == 1)
    }
}
