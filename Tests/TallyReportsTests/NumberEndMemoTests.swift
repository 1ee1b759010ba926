import Testing
import Tally
@testable import TallyReports

/// Number ends remembered by position (``NumberEndMemo``) are the ends scanning gives, at every
/// position, whether a position is asked first, again, or after its neighbours; and matches of
/// templates with number placeholders are those of a matcher that remembers nothing.
@Suite struct NumberEndMemoTests {
    /// Numbers in the forms reports write (signs, thousands separators, spaced groups, decimals,
    /// percents, digits after a point or a comma, numbers broken across lines) between words.
    static let text = "合计 1,234.56 万元，比上年增加 -12.5%，增长 +3%；1 260.00 与 0 100.00 和 1 2 3；"
        + "210 11 01 号，第 2. 项 12,34 与 9,999,999.99 及 .5 和 5. 以及 12\n34 万元。1.2.3 与 ３４ 及 100%%"

    @Test func rememberedEndsAreScannedEnds() {
        let t = ReportText(bytes: Array(Self.text.utf8))
        let norm = NormalizedText(t)
        let count = norm.bytes.count
        let plain = FactMatcher(text: t, norm: norm)
        let expected = (0...count).map { plain.scanNumberEnd(at: $0) }
        #expect(expected.compactMap { $0 }.count > 10)
        // Asked forward, then backward and again: from the scan the first time, from the memo after.
        let m = FactMatcher(text: t, norm: norm)
        for p in 0...count { #expect(m.numberEnd(at: p) == expected[p], "at \(p)") }
        for p in (0...count).reversed() { #expect(m.numberEnd(at: p) == expected[p], "again at \(p)") }
        // Asked backward first, on a fresh memo.
        let r = FactMatcher(text: t, norm: norm)
        for p in (0...count).reversed() { #expect(r.numberEnd(at: p) == expected[p], "backward at \(p)") }
    }

    @Test func matchesWithNumbersAreTheSameWithOneMatcherForAllTemplates() {
        let templates = ["{本年}万元，比上年增加{增幅}%", "增加{增幅}%", "{本年}万元", "比上年增加{增幅:percent}",
                         "{a}与{b}和{c}"]
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: templates)])
        let t = ReportText(bytes: Array(Self.text.utf8))
        let norm = NormalizedText(t)
        let shared = FactMatcher(text: t, norm: norm)
        var compared = 0
        for (_, tpl) in loader.templates {
            guard case .literal(let anchor) = tpl.elements[tpl.anchor] else { continue }
            let positions = norm.occurrences(of: anchor)
            let a = shared.matches(tpl, anchorAt: positions), b = FactMatcher(text: t, norm: norm).matches(tpl, anchorAt: positions)
            #expect(a.map { [$0.start, $0.end] + $0.captures.flatMap { [$0.element, $0.start, $0.end] } }
                == b.map { [$0.start, $0.end] + $0.captures.flatMap { [$0.element, $0.start, $0.end] } })
            compared += a.count
        }
        #expect(compared >= 3)
    }
}
