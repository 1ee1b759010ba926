import Testing
import Tally
@testable import TallyReports

/// Table rows printed as HTML or LaTeX by a converter (review 16, findings 803, 804) are read as
/// the tab rows they stand for: an HTML table was not read at all (L019), a LaTeX one's cells
/// ran together and a thousands-separated amount was taken for a code (L007, L005).
@Suite struct MarkupRowsTests {
    func untangled(_ s: String) -> String { String(decoding: MarkupRows.untangled(Array(s.utf8)), as: UTF8.self) }

    @Test func htmlRowsBecomeTabRowsLineForLine() {
        let html = "表\n<table>\n<tr><td></td><td>合计</td><td>1,820.40</td></tr>\n<TR><TD colspan=\"2\">a&nbsp;b</TD><th>c&amp;d</th></TR>\n</table>\n说明"
        #expect(untangled(html) == "表\n\n\t合计\t1,820.40\na b\tc&d\n\n说明")
    }

    @Test func latexRowsBecomeTabRowsLineForLine() {
        let tex = "\\begin{tabular}{lll}\n\\hline\n30101 & 基本工资 & 4,210.36 \\\\\nA \\& B &  & 1.00 \\\\ \\hline\n\\end{tabular}"
        #expect(untangled(tex) == "\n\n30101\t基本工资\t4,210.36\nA & B\t\t1.00\n")
    }

    @Test func otherLinesAreLeftAsTheyAre() {
        let prose = "收入<支出的部分 & 其他\n1 < 2 <tag>\n路径 C:\\\\temp\n<p>段落</p>"
        #expect(untangled(prose) == prose)
        let plain = Array("205\t教育支出\t16,646.42\n".utf8)
        #expect(MarkupRows.untangled(plain) == plain)
    }

    static let rows = [("205", "教育支出", "3,200.50", "3,200.50"), ("20502", "普通教育", "3,200.50", "3,200.50"),
                       ("2050201", "学前教育", "1,200.50", "1,200.50"), ("2050202", "小学教育", "2,000.00", "2,000.00")]

    func report(_ row: (String, String, String, String) -> String) -> String {
        "支出决算表\n公开03表\n单位：万元\n" + row("科目编码", "科目名称", "本年支出合计", "基本支出") + "\n"
            + row("", "合计", "3,200.50", "3,200.50") + "\n"
            + MarkupRowsTests.rows.map { row($0.0, $0.1, $0.2, $0.3) }.joined(separator: "\n") + "\n\n注：本表反映部门本年度各项支出情况。\n"
    }

    @Test func anHtmlTableIsRead() throws {
        let text = report { "<tr><td>\($0)</td><td>\($1)</td><td>\($2)</td><td>\($3)</td></tr>" }
        let r = try Support.load(text.replacingOccurrences(of: "单位：万元\n", with: "单位：万元\n<table>\n"))
        #expect(r.value("公开03", code: "2050202", "基本支出")?.written == "2000.00")
        #expect(r.value("公开03", name: "合计", "本年支出合计")?.written == "3200.50")
        #expect(r.diagnostics(LoadDiagnosticID.unreadTable).isEmpty)
    }

    @Test func aLatexTableIsRead() throws {
        let r = try Support.load(report { "\($0) & \($1) & \($2) & \($3) \\\\" })
        #expect(r.value("公开03", code: "2050201", "本年支出合计")?.written == "1200.50")
        #expect(r.diagnostics(LoadDiagnosticID.unplacedAmount).isEmpty)
        #expect(r.diagnostics(LoadDiagnosticID.codeParentMismatch).isEmpty)
        // Line numbers are the report's.
        #expect(r.table(named: "公开03")?.rows.first { $0.code == "205" }?.line == 6)
    }
}
