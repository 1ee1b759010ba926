import Foundation
import Testing
import Tally
@testable import TallyReports

/// Two declarations may share a title when regions print different layouts under it (the
/// 财政拨款收支预算总表 of the district template lists 经济分类 and 功能分类 side by side; the national
/// one gives each class under 合计 | 一般公共预算 | 政府性基金预算): the loader reads the region with
/// each and keeps the one whose columns the header names.
@Suite struct SharedTitleTests {
    static func c(_ name: String, _ aliases: String...) -> ColumnSpec { ColumnSpec(name: name, aliases: aliases) }

    static let sides = TableSpec(name: "财政拨款收支总表", titles: ["财政拨款收支预算总表"], rowKeys: [.name], columns: [],
                                 groups: [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数")]),
                                          ColumnGroupSpec(name: "经济支出", rowKeys: [.name], columns: [c("预算数")]),
                                          ColumnGroupSpec(name: "功能支出", rowKeys: [.name], columns: [c("预算数")])])
    static let funds = TableSpec(name: "市财政拨款收支总表", titles: ["财政拨款收支总表", "财政拨款收支预算总表"], rowKeys: [.name], columns: [],
                                 groups: [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数")]),
                                          ColumnGroupSpec(name: "支出", rowKeys: [.name],
                                                          columns: [c("合计"), c("一般公共预算"), c("政府性基金预算")])])

    static func load(_ text: String, _ specs: [TableSpec]) throws -> LoadedReport {
        try ReportLoader(tables: specs, facts: []).load(bytes: Array(text.utf8), path: "t.txt")
    }

    static let national = """
        表四
        财政拨款收支预算总表
        单位：万元
        收入\t\t支出\t\t\t
        项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算
        一、一般公共预算拨款\t2,200.00\t一、教育支出\t1,600.00\t1,600.00\t
        二、政府性基金预算拨款\t\t二、社会保障和就业支出\t300.00\t300.00\t
        \t\t三、卫生健康支出\t100.00\t100.00\t
        \t\t四、住房保障支出\t200.00\t200.00\t
        本年收入合计\t2,200.00\t本年支出合计\t2,200.00\t2,200.00\t
        收入总计\t2,200.00\t支出总计\t2,200.00\t2,200.00\t

        """

    static let district = """
        2025年财政拨款收支预算总表
        单位：万元
        收 入\t\t支 出\t\t\t
        项 目\t预算数\t项目（按经济分类）\t预算数\t项目（按功能分类）\t预算数
        一、财政拨款（补助）\t2,549.18\t一、经济分类\t2,549.18\t卫生健康\t2,549.18
        （一）财政指标拨款（补助）\t2,549.18\t工资福利性支出\t578.15\t\t
        \t\t商品和服务支出\t1,971.03\t\t
        本年收入合计\t2,549.18\t本年经济分类支出合计\t2,549.18\t本年功能科目支出合计\t2,549.18
        收 入 总 计\t2,549.18\t支 出 总 计\t2,549.18\t支出功能科目总计\t2,549.18

        """

    @Test func theDeclarationWhoseColumnsTheHeaderNamesReadsTheTable() throws {
        // Whichever declaration comes first.
        for specs in [[Self.sides, Self.funds], [Self.funds, Self.sides]] {
            let n = try Self.load(Self.national, specs)
            #expect(n.table(named: "财政拨款收支总表") == nil)
            let t = try #require(n.table(named: "市财政拨款收支总表"))
            #expect(t.rows.contains { $0.group == "支出" && $0.name == "三、卫生健康支出" })
            #expect(n.value("市财政拨款收支总表", name: "三、卫生健康支出", "一般公共预算")?.written == "100.00")
            #expect(n.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)

            let d = try Self.load(Self.district, specs)
            #expect(d.table(named: "市财政拨款收支总表") == nil)
            let s = try #require(d.table(named: "财政拨款收支总表"))
            #expect(s.rows.contains { $0.group == "经济支出" && $0.name == "商品和服务支出" })
        }
    }

    @Test func alternativesAreTheDeclarationsOfTheSameTitle() {
        let index = TitleIndex(specs: [Self.sides, Self.funds])
        func key(_ s: String) -> [UInt8] { Bytes.key(Array(s.utf8)[...], dropQuotes: true) }
        #expect(index.alternatives(key("表四 财政拨款收支预算总表"), of: 0) == [1])
        #expect(index.alternatives(key("2025年财政拨款收支预算总表"), of: 1) == [0])
        // A title only one declares has none.
        #expect(index.alternatives(key("财政拨款收支总表"), of: 1).isEmpty)
        #expect(TitleIndex(specs: [Self.sides]).alternatives(key("财政拨款收支预算总表"), of: 0).isEmpty)
    }
}
