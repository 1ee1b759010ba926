import Testing
import Tally
@testable import TallyReports

/// A narrative wrapped by PDF extraction (pieces of about one width, a blank line between them,
/// as in reports 001 and 002) is numbered in logical lines: each paragraph counts as the line of
/// its first piece, and what follows it keeps the distance it has in the unwrapped text.
@Suite struct LogicalLinesTests {
    func numbers(_ lines: [String]) -> [Int32] {
        LogicalLines.numbers(of: ReportText(bytes: Array(lines.joined(separator: "\n").utf8)))
    }

    /// The logical line of each 1-based report line (the identity when nothing was joined).
    func logical(_ lines: [String]) -> [Int] {
        let n = numbers(lines)
        return (1...lines.count).map { n.isEmpty ? $0 : Int(n[$0]) }
    }

    @Test func piecesOfAWrappedParagraphShareItsLine() {
        let text = [
            "一、收入支出决算总体情况说明",                                    // 1
            "",
            "2023年度收入总计1300.00万元，支出总计1300.00万元。与2022年度相比，收、支",  // 3
            "",
            "总计各减少200.00万元，下降13.3%，主要原因是农业生产发展项目资",            // 5
            "",
            "金减少。",                                                       // 7
            "",
            "二、收入决算情况说明",                                            // 9
        ]
        #expect(logical(text) == [1, 2, 3, 3, 3, 3, 3, 4, 5])
    }

    @Test func aParagraphPerLineKeepsItsNumbering() {
        let text = [
            "一、收入支出决算总体情况说明",
            "",
            "2023年度收入总计1300.00万元，支出总计1300.00万元。与2022年度相比，收、支总计各减少200.00万元，下降13.3%。",
            "",
            "2023年度本年收入合计1250.00万元，其中：一般公共预算财政拨款收入1234.56万元，占98.8%；其他收入15.44万元，占1.2%。",
            "主要用于以下方面：",
            "1.社会保障和就业支出（类）80.00万元，占6.5%；",
            "2.卫生健康支出（类）30.00万元，占2.4%。",
            "部门：示例县农业农村局",
            "单位：万元",
        ]
        #expect(numbers(text).isEmpty)
    }

    @Test func headingsTablesAndLabelsEndNoParagraph() {
        // A wrapped piece before a heading, a tab-separated row, a space-aligned row: none joins.
        let text = [
            "2023年度本年收入合计1250.00万元，其中：一般公共预算财政拨款收入1234.56万",
            "",
            "（二）支出决算情况",
            "2023年度本年支出合计1250.00万元，其中：基本支出750.00万元，项目支出",
            "合计\t1250.00\t750.00",
            "单位名称：武汉市东西湖区医疗保障局局机关本级",
            "单位：万元",
            "20703  体育  4,123,500.00  3,304,000.00",
            "2070301  行政运行  4,123,500.00  0.00",
        ]
        #expect(numbers(text).isEmpty)
    }

    @Test func aLineStartingWithAClosingMarkContinuesTheLast() {
        // Typesetting never starts a line with 。 or ，: whatever the line before looks like.
        let text = ["2023年度“三公”经费财政拨款支出全年预算为12.00万元", "", "。决算数小于预算数的主要原因是厉行节约。", "下一段"]
        #expect(logical(text) == [1, 1, 1, 2])
    }

    @Test func evenlyWrappedPiecesEndingInPunctuationJoinToo() {
        // Pieces that end on a 。 start a new logical line; pieces of the wrap width that end on
        // a mark that does not end a sentence (：) continue when pieces around them show the width.
        let piece = "按照综合预算的原则，本部门所有收入和支出均纳入部门预算管理，收入包括一般公共预算："
        let text = [piece, "", piece, "", piece, "", piece, "", "拨款收入。"]
        #expect(logical(text) == [1, 1, 1, 1, 1, 1, 1, 1, 1])
    }
}
