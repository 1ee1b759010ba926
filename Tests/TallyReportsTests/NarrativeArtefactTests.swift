import Testing
import Tally
@testable import TallyReports

/// Extraction artefacts in the narrative that the fact view (``NormalizedText``) smooths over
/// (review 13): a space beside the point or thousands comma of an amount (finding 522), a page
/// footer between the halves of a sentence (511), LaTeX `$…$` around a figure (512).
@Suite struct NarrativeArtefactTests: FactProbe {
    @Test func aSpaceBesideThePointOrCommaJoinsTheAmount() throws {
        #expect(figure(try facts("占{x}", "事业收入186.40万元，占2. 24%；").first, "x") == "2.24%")
        #expect(figure(try facts("基本支出{x}万元", "基本支出2,190. 18万元，").first, "x") == "2190.18")
        #expect(figure(try facts("合计{x}万元", "本年收入合计8, 320.93万元，").first, "x") == "8320.93")
        #expect(figure(try facts("合计{x}万元", "本年收入合计2,190 .18万元，").first, "x") == "2190.18")
    }

    @Test func numbersThatOnlyLookJoinedStayApart() throws {
        // An ordinal before a year, two table cells, two spaces, a comma before other than three digits.
        #expect(figure(try facts("{x}年", "1. 2024年收入").first, "x") != "1.2024")
        #expect(figure(try facts("数{x}万元", "数 3,885.24 5,225.87 万元").first, "x") == nil)
        #expect(figure(try facts("占{x}", "占2.  24%").first, "x") != "2.24%")
        #expect(figure(try facts("为{x}万元", "为8, 32万元").first, "x") != "832")
        // No unit after the amount: not joined.
        #expect(figure(try facts("是{x}个", "是2. 24个").first, "x") != "2.24")
    }

    @Test func aPageFooterInsideASentenceIsLeftOut() throws {
        for footer in ["— 16 —", "- 16 -", "－16－", "第 3 页", "第3页 共10页", "16"] {
            let text = "一、说明\n一般公共预算支出18,976.57万元，比上年增加174.66万元，\n\(footer)\n增长0.39%。主要原因是…\n"
            let f = try facts("增加{a}万元，增长{b}", text)
            #expect(figure(f.first, "b") == "0.39%", "footer \(footer)")
        }
        // With a blank line on either side.
        let spaced = "一、说明\n支出增加174.66万元，\n\n- 8 -\n\n增长0.39%。\n"
        #expect(figure(try facts("增加{a}万元，增长{b}", spaced).first, "b") == "0.39%")
    }

    @Test func linesThatAreNoFooterOrEndNoSentenceStay() throws {
        // The sentence ended before the footer: the next line is no continuation, the footer stays.
        let ended = "一、说明\n支出增加174.66万元。\n- 8 -\n增长0.39%。\n"
        #expect(PageFooter.midSentenceLines(in: ReportText(bytes: Array(ended.utf8))).isEmpty)
        // A number broken onto its own line before its unit is part of the sentence.
        let broken = "一、说明\n本年收入合计，比上年增加\n16\n万元，增长3%。\n"
        #expect(PageFooter.midSentenceLines(in: ReportText(bytes: Array(broken.utf8))).isEmpty)
        // A table row before a footer.
        let table = "项目\t金额\n合计\t16.00\n- 8 -\n增长0.39%。\n"
        #expect(PageFooter.midSentenceLines(in: ReportText(bytes: Array(table.utf8))).isEmpty)
        let mid = "一、说明\n支出增加174.66万元，\n— 16 —\n增长0.39%。\n"
        #expect(PageFooter.midSentenceLines(in: ReportText(bytes: Array(mid.utf8))) == [2])
    }

    @Test func latexDollarsAroundAFigureAreLeftOut() throws {
        #expect(figure(try facts("总额{x}万元", "政府采购预算总额$1,092.30$万元，").first, "x") == "1092.30")
        #expect(figure(try facts("占{x}", "占$2.24\\%$，").first, "x") == "2.24%")
        // A dollar sign in words stays.
        #expect(figure(try facts("US{x}元", "US$ 美元").first, "x") == nil)
    }
}
