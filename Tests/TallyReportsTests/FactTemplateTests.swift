import Testing
import Tally
@testable import TallyReports

/// The fact template syntax (see ``FactTemplate``).
@Suite struct FactTemplateTests: FactProbe {
    func text(_ f: Fact?, _ name: String) -> String? {
        if case .text(let s, _)? = f?.fields[name] { return s }
        return nil
    }

    @Test func numbersWithSeparatorsDecimalsAndPercent() throws {
        let f = try facts("支出决算为{决算}万元，完成年初预算的{完成率}", "支出决算为 9,111.11 万元，完成年初预算的 103.2%。")
        #expect(f.count == 1)
        #expect(figure(f.first, "决算") == "9111.11")
        #expect(figure(f.first, "完成率") == "103.2%")
        // Prose drops trailing zeros; the amount keeps 0.01 precision.
        let g = try facts("为{x}万元", "住房公积金为 287.8 万元")
        if case .figure(let x, _)? = g.first?.fields["x"] {
            #expect(x.decimals == 1 && x.upper.decimalString(decimals: 3) == "287.805")
        }
    }

    /// Review 11, finding 211: a narrative typed with half-width punctuation ends its sentences
    /// with “.”; a template's “。” (literal or in a choice) takes it, a “、” still does not take “,”.
    @Test func halfWidthStopIsASentenceStop() throws {
        let f = try facts("{本年}万元[，|。]与…相比，…增加{a}万元，增长{b}", "收支总计 9,300.00 万元.与 2023 年度相比,收支总计增加 800.00 万元,增长 8.6%.")
        #expect(figure(f.first, "本年") == "9300.00" && figure(f.first, "b") == "8.6%")
        let g = try facts("{x}万元。其中", "合计 100.00 万元.其中：A 60.00 万元")
        #expect(figure(g.first, "x") == "100.00")
        #expect(try facts("{x}万元。其中", "合计 100.00 万元，其中：A 60.00 万元").isEmpty)
        #expect(try facts("甲、乙{x}", "甲,乙 5").isEmpty)
    }

    @Test func toleratesLineBreaksSpacesAndWidth() throws {
        let f = try facts("增加{a}万元，增长{b}", "增 加 1030.29 万\n\n元 ，增长\n12.8 %")
        #expect(figure(f.first, "a") == "1030.29" && figure(f.first, "b") == "12.8%")
        #expect(f.first?.line == 1)
        if case .figure(_, let line)? = f.first?.fields["b"] { #expect(line == 4) }
        // Full-width digits and punctuation.
        let g = try facts("占{p}", "占（全部）占９２．２％")
        #expect(figure(g.first, "p") == "92.2%")
    }

    @Test func leadingTextCapturesBackToADelimiter() throws {
        let report = "（二）结构情况\n1. 社会保障和就业支出（类）支出 270.89 万元，占 3%；2. 卫生健康支出（类）支出 8,397.66 万元，占 92.2%。"
        let f = try facts("{科目:text}支出{金额}万元，占{占比}", report)
        #expect(f.map { text($0, "科目") ?? "" } == ["社会保障和就业支出(类)", "卫生健康支出(类)"])
        #expect(f.map { figure($0, "占比") ?? "" } == ["3%", "92.2%"])
        // A heading line above does not run into the capture.
        let g = try facts("{科目:text}年初预算为{a}万元", "五、具体情况\n一般公共预算财政拨款支出年初预算为 8,831.53 万元")
        #expect(text(g.first, "科目") == "一般公共预算财政拨款支出")
    }

    @Test func lazyTextNeverCrossesSentences() throws {
        let f = try facts("主要用于{用途:text}支出{x}万元", "主要用于办公。其他支出 5 万元；主要用于会议支出 2 万元")
        #expect(f.count == 1)
        #expect(text(f.first, "用途") == "会议")
    }

    @Test func codesCountsChoicesAlternativesAndGaps() throws {
        let f = try facts("{代码:code}科目支出{x}万元", "2080501 行政单位离退休科目支出 31.77 万元、2080505科目支出 239.12 万元")
        #expect(f.map { text($0, "代码") ?? "" } == ["2080505"])
        let c = try facts("共涉及{n:count}个[二级项目|项目]", "共涉及 2 个二级项目，共涉及 3 个项目")
        #expect(c.map { figure($0, "n") ?? "" } == ["2", "3"])
        let w = try facts("支出决算数{比较:大于|小于|等于}年初预算数", "支出决算数大于年初预算数；支出决算数小于年初预算数")
        #expect(w.map { text($0, "比较") ?? "" } == ["大于", "小于"])
        let gap = try facts("占…{p}", "授予中小企业合同金额 3,631.72 万元，占政府采购支出总额的 90.2%")
        #expect(figure(gap.first, "p") == "90.2%")
    }

    /// A count never begins inside a number: in `2,033.50 万元` neither `033` (after the group
    /// comma) nor `50` (after the point) is an ordinal, so `{序:count}.` matches only a real `1.`
    /// (review 12, finding 404).
    @Test func countsDoNotBeginInsideANumber() throws {
        let text = "项目支出2,033.50万元，主要包括：甲项目660.00万元。1.乙项目420.00万元。"
        let f = try facts("{序:count}.{名称:text}{金额}万元", text)
        #expect(f.map { figure($0, "序") ?? "" } == ["1"])
        #expect(f.map { self.text($0, "名称") ?? "" } == ["乙项目"])
        let after = try facts("第{n:count}", "第2,5")
        #expect(after.map { figure($0, "n") ?? "" } == ["2"])
    }

    /// What a template compiles to: names split from types at an ASCII colon before a
    /// full-width one, spaces trimmed, a run of … one gap, […|…] a choice, a [ without | text.
    @Test func templatesCompileToTheirElements() throws {
        func shape(_ t: String) throws -> [String] {
            let c = try FactTemplate.compile(t).get()
            return c.elements.map { e in
                switch e {
                case .literal(let k): "lit(\(k.count))"
                case .number(let n): "num(\(n))"
                case .text(let n): "text(\(n))"
                case .code(let n): "code(\(n))"
                case .count(let n): "count(\(n))"
                case .choice(let n, let alts): "choice(\(n ?? "-"),\(alts.count))"
                case .gap: "gap"
                case .groupOpen(let g): "open(\(g))"
                case .groupEnd(let g): "end(\(g))"
                case .groupLoop(let g): "loop(\(g))"
                }
            }
        }
        #expect(try shape("为{ 决算 }万元") == ["lit(3)", "num(决算)", "lit(6)"])
        // The full-width comma is keyed as its ASCII form.
        #expect(try shape("为{名称：文本}，{代码 : code}") == ["lit(3)", "text(名称)", "lit(1)", "code(代码)"])
        #expect(try shape("{a：b:text}科目") == ["text(a：b)", "lit(6)"])
        #expect(try shape("占……{p}") == ["lit(3)", "gap", "num(p)"])
        #expect(try shape("共{n:整数}个[二级项目|项目]") == ["lit(3)", "count(n)", "lit(3)", "choice(-,2)"])
        #expect(try shape("[注]{x:大于|小于}") == ["lit(5)", "choice(x,2)"])
        // Empty words are dropped, quotes are no part of a word, the type is trimmed.
        #expect(try shape("{x: 大于|“小于” }为") == ["choice(x,2)", "lit(3)"])
        // An empty alternative was dropped, so `[预算|]` silently required 预算; it is refused now.
        #expect(throws: FactTemplate.TemplateError.self) { try shape("{x: 大于||“小于” }为") }
        #expect(throws: FactTemplate.TemplateError.self) { try shape("为[|甲|]") }
        if case .failure(let e) = FactTemplate.compile("{:text}为") { #expect(e.message.contains("without a name")) } else { Issue.record("accepted") }
        if case .failure(let e) = FactTemplate.compile("为{x:钱}") { #expect(e.message.contains("unknown placeholder type '钱'")) } else { Issue.record("accepted") }
    }

    @Test func matchesDoNotOverlap() throws {
        let f = try facts("{a}万元", "1 万元 2 万元 3,000.50 万元")
        #expect(f.map { figure($0, "a") ?? "" } == ["1", "2", "3000.50"])
    }

    @Test func invalidTemplatesAreReported() throws {
        #expect(ReportLoader.validate(template: "{a}{b:text}") != nil)
        #expect(ReportLoader.validate(template: "增长{a") != nil)
        #expect(ReportLoader.validate(template: "增长{a:money}") != nil)
        #expect(ReportLoader.validate(template: "增长{a}") == nil)
        // An empty alternative (meant as "or nothing") is refused rather than read as the others.
        for t in ["[预算|]{a}万元", "[|预算]{a}万元", "[年初||全年]预算{a}万元", "{乙:年初|}预算{a}万元"] {
            #expect(ReportLoader.validate(template: t)?.contains("empty alternative") == true, "\(t)")
        }
        #expect(ReportLoader.validate(template: "[年初|全年]预算{a}万元") == nil)
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "bad", templates: ["{a}"])])
        let r = try loader.load(bytes: Array("1 万元".utf8), path: "t.txt")
        #expect(r.diagnostics.map(\.id) == [LoadDiagnosticID.invalidFactTemplate])
    }

    @Test func pathologicalTemplatesStayBounded() throws {
        let text = String(repeating: "甲乙丙丁，", count: 4000)
        let start = ContinuousClock.now
        _ = try facts("{a:text}{b:text}…{c:text}…丁戊", text)
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}
