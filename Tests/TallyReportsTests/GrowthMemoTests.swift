import Testing
import Tally
@testable import TallyReports

/// Growths of text captures and gaps remembered across templates (``FactMatcher/GrowthMemo``)
/// give the matches that growing them again gives, including where the step budget runs out.
@Suite struct GrowthMemoTests {
    /// Templates sharing anchors, opening elements and the elements after their gaps.
    static let templates = [
        "{本年}万元[，|。|,]与…相比，…[增加了|增加]{增加额}万元[，|。|,][增长了|增加了|增长|增加]{增长率}",
        "{本年}万元[，|。|,]与…相比，…[增长了|增长]{增长率}[，|,][增加了|增加]{增加额}万元",
        "{本年}万元[，|。|,][比|较|同比]…[增加了|增加]{增加额}万元",
        "{本年}万元[，|。|,][比|较|同比]…[减少了|减少]{减少额}万元",
        "{本年}万元，{用途:text}增加",
        "甲…乙…丙…丁{x}万元",
        "甲…乙{y:text}丙…丁",
    ]

    /// Texts of template words in a random order (a fixed seed), with and without sentence ends,
    /// long enough for nested gaps to spend the step budget.
    static func texts() -> [String] {
        let words = ["甲", "乙", "丙", "丁", "1", "2.5", "万元", "，", "与", "相比", "增加", "增长", "比", "较", "减少",
                     "3%", "上年", "。", " ", "\n"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var out = [
            "支出合计 120.5 万元，与上年相比，主要是人员增加，增加 10.5 万元，增长 9.5%。收入 80 万元，比上年减少 2 万元。",
            String(repeating: "甲乙丙", count: 40) + "丁5万元",
            String(repeating: "甲乙丙", count: 200),
            String(repeating: "100万元，与上年相比，增加", count: 30),
        ]
        // The match lies further and further from the anchor: nested gaps backtrack longer to
        // reach it, finding it under the step budget, or running out of steps, as it grows.
        for n in 20...90 { out.append("甲" + String(repeating: "乙丙丁", count: n) + "丁5万元") }
        for length in [60, 300, 2000] {
            for sentenceEnds in [false, true] {
                var s = ""
                for _ in 0..<length {
                    var w = words[next(words.count)]
                    if w == "。" && !sentenceEnds { w = "相比" }
                    s += w
                }
                out.append(s)
            }
        }
        return out
    }

    struct Seen: Equatable {
        var start: Int, end: Int
        var captures: [[Int]]
    }

    static func seen(_ ms: [FactMatcher.Match]) -> [Seen] {
        ms.map { Seen(start: $0.start, end: $0.end, captures: $0.captures.map { [$0.element, $0.start, $0.end] }) }
    }

    @Test func rememberedGrowthsMatchAsGrowingAgain() {
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: Self.templates)])
        #expect(loader.templates.count == Self.templates.count)
        var compared = 0
        for s in Self.texts() {
            let text = ReportText(bytes: Array(s.utf8))
            let norm = NormalizedText(text)
            // One matcher for all templates, as a load uses it, against a fresh one per template
            // that remembers nothing.
            let shared = FactMatcher(text: text, norm: norm)
            for (ti, (_, t)) in loader.templates.enumerated() {
                guard case .literal(let anchor) = t.elements[t.anchor] else { continue }
                let positions = norm.occurrences(of: anchor)
                let remembered = shared.matches(t, anchorAt: positions, precheckIDs: loader.precheckIDs[ti])
                let plain = FactMatcher(text: text, norm: norm).matches(t, anchorAt: positions)
                #expect(Self.seen(remembered) == Self.seen(plain), "template \(ti) on \(s.prefix(40))")
                compared += remembered.count
            }
        }
        // The texts do match (the comparison is not between empty lists).
        #expect(compared > 10)
    }
}
