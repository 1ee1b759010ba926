import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// 部门决算 table layouts review 11 (findings 202–232) found read wrongly or not at all: each test
/// loads the smallest text with the layout and reads back the cells a check would read.
@Suite struct Review11LayoutTests {
    /// Finding 205: 基本支出 printed only as a band over 人员经费 | 公用经费 is their sum.
    @Test func basicSpendingPrintedAsItsPartsIsTheirSum() throws {
        let r = try Support.load("""
        一般公共预算财政拨款支出决算表
        公开05表
        单位：万元
        功能分类科目编码\t\t科目名称\t合计\t基本支出\t\t项目支出
        \t\t\t\t人员经费\t公用经费\t
        \t\t合计\t8,765.43\t1,900.00\t245.43\t6,620.00
        210\t\t卫生健康支出\t8,035.43\t1,170.00\t245.43\t6,620.00
        208\t\t社会保障和就业支出\t730.00\t730.00\t\t

        """)
        #expect(r.value("公开05", name: "合计", "基本支出")?.written == "2145.43")
        #expect(r.value("公开05", code: "210", "基本支出")?.written == "1415.43")
        #expect(r.value("公开05", code: "208", "基本支出")?.written == "730.00")
        #expect(r.value("公开05", code: "210", "项目支出")?.written == "6620.00")
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
    }

    /// Findings 202 and 218: 公开06's groups are placed by the band of group names over the
    /// triples — a right-hand 公用经费 list longer than the 人员经费 one, and 公用经费 spanning the
    /// second and third triples with its total in the last cell.
    @Test func sideBySideGroupsFollowTheirBand() throws {
        let r = try Support.load("""
        一般公共预算财政拨款基本支出决算明细表
        公开06表
        单位：万元
        人员经费\t\t\t公用经费\t\t\t\t\t
        科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数
        301\t工资福利支出\t100.00\t302\t商品和服务支出\t45.00\t30229\t福利费\t20.00
        30101\t基本工资\t100.00\t30201\t办公费\t25.00\t\t\t
        人员经费合计\t\t100.00\t公用经费合计\t\t\t\t\t45.00

        """)
        let t = try #require(r.table(named: "公开06"))
        #expect(t.rows.first { $0.code == "30229" }?.group == "公用经费")
        #expect(r.value("公开06", name: "公用经费合计", "决算数")?.written == "45.00")
        #expect(!t.rows.contains { $0.group == "资本性支出" })
        #expect(r.diagnostics(LoadDiagnosticID.codeParentMismatch).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)

        let two = try Support.load("""
        一般公共预算财政拨款基本支出决算明细表
        单位：万元
        人员经费\t\t\t公用经费\t\t
        科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数
        301\t工资福利支出\t100.00\t302\t商品和服务支出\t45.00
        \t\t\t30299\t其他商品和服务支出\t45.00
        人员经费合计\t\t100.00\t公用经费合计\t\t45.00

        """)
        #expect(two.table(named: "公开06")?.rows.first { $0.code == "30299" }?.group == "公用经费")
        #expect(two.diagnostics(LoadDiagnosticID.codeParentMismatch).isEmpty)
    }

    /// Finding 230: 公开06 as one list with 人员经费 and 公用经费 as amount columns gives each
    /// group its rows and its total.
    @Test func groupsPrintedAsColumns() throws {
        let r = try Support.load("""
        一般公共预算财政拨款基本支出决算表
        单位：万元
        科目编码\t科目名称\t合计\t人员经费\t公用经费
        \t合计\t145.00\t100.00\t45.00
        301\t工资福利支出\t100.00\t100.00\t
        302\t商品和服务支出\t45.00\t\t45.00

        """)
        #expect(r.value("公开06", name: "人员经费合计", "决算数")?.written == "100.00")
        #expect(r.value("公开06", name: "公用经费合计", "决算数")?.written == "45.00")
        #expect(r.table(named: "公开06")?.rows.first { $0.code == "302" }?.group == "公用经费")
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
    }

    /// Finding 224: 公开01 printed as its 收入 block, then `支出` and the header again.
    @Test func stackedGroupsAreRead() throws {
        let r = try Support.load("""
        收入支出决算总表
        单位：万元
        收入
        项目\t行次\t决算数
        栏次\t\t1
        一、一般公共预算财政拨款收入\t1\t100.00
        本年收入合计\t27\t100.00
        支出
        项目\t行次\t决算数
        栏次\t\t2
        九、卫生健康支出\t40\t100.00
        本年支出合计\t58\t100.00

        """)
        let t = try #require(r.table(named: "公开01"))
        #expect(t.rows.first { $0.name == "九、卫生健康支出" }?.group == "支出")
        #expect(r.value("公开01", name: "本年支出合计", group: "支出", "决算数")?.written == "100.00")
        #expect(!t.rows.contains { $0.name == "项目" })
    }

    /// Finding 226: `编制单位：… ⇥ ⇥ 单位：万元` is a meta line, and `类 款 项 科目名称 1 2 …` a 栏次 row:
    /// the named header places the amounts (a blank first column stays blank).
    @Test func splitCodeColumnsUnderANamedHeader() throws {
        let r = try Support.load("""
        政府性基金预算财政拨款收入支出决算表
        编制单位：某区卫生健康局\t\t单位：万元
        项目\t\t\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余
        \t\t\t\t\t\t小计\t基本支出\t项目支出\t
        类\t款\t项\t科目名称\t1\t2\t3\t4\t5\t6
        \t\t\t合计\t\t120.00\t120.00\t\t120.00\t
        229\t60\t02\t用于社会福利的彩票公益金支出\t\t120.00\t120.00\t\t120.00\t

        """)
        #expect(r.value("公开07", name: "合计", "年初结转和结余") == nil)
        #expect(r.value("公开07", name: "合计", "本年收入")?.written == "120.00")
        #expect(r.value("公开07", name: "合计", "本年支出小计")?.written == "120.00")
        #expect(r.value("公开07", code: "2296002", "项目支出")?.written == "120.00")
        #expect(r.diagnostics(LoadDiagnosticID.headerMismatch).isEmpty)
    }

    /// Finding 220: codes in brackets before the name, or in a cell of their own (tortoise-shell
    /// brackets too: session 9).
    @Test(arguments: ["[2100409]重大公共卫生服务\t", "【2100409】重大公共卫生服务\t", "[2100409]\t重大公共卫生服务\t",
                      "〔2100409〕重大公共卫生服务\t", "〖2100409〗重大公共卫生服务\t", "〔2100409〕\t重大公共卫生服务\t"])
    func bracketedCodes(_ cells: String) throws {
        let r = try Support.load("""
        一般公共预算财政拨款支出决算表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \(cells)720.00\t\t720.00

        """)
        #expect(r.value("公开05", code: "2100409", "小计")?.written == "720.00")
        #expect(r.table(named: "公开05")?.rows.first?.name == "重大公共卫生服务")
    }

    /// Finding 227: a zero printed `—` in a space-aligned table is one column wide.
    @Test func emDashZerosInAlignedColumns() throws {
        let r = try Support.load("""
        政府性基金预算财政拨款收入支出决算表
        单位：万元
        项目                                              年初结转和结余  本年收入  本年支出                      年末结转和结余
                                                                                    小计      基本支出  项目支出
        功能分类科目编码    科目名称
                            合计                                       —    120.00    120.00         —    120.00               —
                     229    其他支出                                   —    120.00    120.00         —    120.00               —

        """)
        #expect(r.value("公开07", name: "合计", "年初结转和结余") == nil)
        #expect(r.value("公开07", name: "合计", "本年收入")?.written == "120.00")
        #expect(r.value("公开07", code: "229", "本年支出小计")?.written == "120.00")
        #expect(r.value("公开07", code: "229", "项目支出")?.written == "120.00")
    }

    /// Finding 219: continuation markers other than 续表 / （续）.
    @Test(arguments: ["续表5", "续表（公开05表）", "续上表", "接上页"])
    func continuationMarkers(_ marker: String) {
        #expect(TitleIndex.isContinuation(Bytes.key(marker, dropQuotes: true)))
    }

    /// Finding 232: a year or （决算） after the title; finding 209: a title variant recognised by
    /// the number line under it.
    @Test(arguments: ["收入支出决算总表（2024年度）", "收入支出决算总表 2024年度", "收入支出决算总表(2024年)", "收入支出决算总表（决算）"])
    func yearAfterTheTitle(_ title: String) {
        let index = TitleIndex(specs: SampleSpecs.finalAccounts)
        #expect(index.match(Bytes.key(title, dropQuotes: true))?.spec == 0)
    }

    @Test func titleVariantByItsNumberLine() throws {
        let r = try Support.load("""
        2024年度一般公共预算财政拨款支出决算功能分类明细表

        公开05表
        单位：万元
        科目编码\t科目名称\t合计\t基本支出\t项目支出
        \t合计\t720.00\t\t720.00

        """)
        #expect(r.value("公开05", name: "合计", "项目支出")?.written == "720.00")
        #expect(r.diagnostics(LoadDiagnosticID.unrecognisedTitle).first?.severity == .note)
        #expect(r.diagnostics(LoadDiagnosticID.unrecognisedTitle).first?.message.contains("公开05表") == true)
    }

    /// Finding 212: a code with a letter for a digit is named in a load warning (since review 16,
    /// finding 806, the warning that it was read as the code it stands for, L030); a 款 and its 项
    /// digits printed apart (`21001 01`) are one code.
    @Test func damagedAndSpacedCodes() throws {
        let r = try Support.load("""
        一般公共预算财政拨款支出决算表
        单位：万元
        科目编码\t\t科目名称\t合计\t基本支出\t项目支出
        21OO101\t\t行政运行\t100.00\t100.00\t
        21001 01\t\t行政运行\t100.00\t100.00\t

        """)
        #expect(r.diagnostics(LoadDiagnosticID.repairedCode).contains { $0.message.contains("21OO101") && $0.line == 4 })
        #expect(r.value("公开05", code: "2100101", "小计")?.written == "100.00")
    }
}
