import Foundation
import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// The sentence pre-filter (``FactMatcher/reachesSentenceLiterals(_:at:)``) rules out anchor
/// positions only where the template cannot match: every template of the shipped packs gives
/// the same matches with and without it on the sample reports, and so do templates written to
/// sit on its edges (sentence ends inside literals and choices, right after the anchor, a
/// literal starting at a sentence end, `；` and `;`).
@Suite struct SentenceReachTests {
    static func seen(_ ms: [FactMatcher.Match]) -> [GrowthMemoTests.Seen] { GrowthMemoTests.seen(ms) }

    /// The matches of each template of `loader` on `bytes`, with the pre-filter and without;
    /// returns how many matches there were and how many anchor positions it ruled out.
    static func compare(_ loader: ReportLoader, _ bytes: [UInt8], _ label: String) -> (matches: Int, ruledOut: Int) {
        let text = ReportText(bytes: bytes)
        let norm = NormalizedText(text)
        let filtered = FactMatcher(text: text, norm: norm)
        var plain = FactMatcher(text: text, norm: norm)
        plain.checksSentences = false
        var matches = 0, ruledOut = 0
        for (ti, (_, t)) in loader.templates.enumerated() {
            guard case .literal(let anchor) = t.elements[t.anchor] else { continue }
            let positions = norm.occurrences(of: anchor)
            let a = filtered.matches(t, anchorAt: positions, precheckIDs: loader.precheckIDs[ti])
            let b = plain.matches(t, anchorAt: positions, precheckIDs: loader.precheckIDs[ti])
            #expect(seen(a) == seen(b), "\(label): template \(t.source)")
            matches += a.count
            ruledOut += positions.filter { !filtered.reachesSentenceLiterals(t, at: $0) }.count
        }
        return (matches, ruledOut)
    }

    @Test func shippedTemplatesMatchAlikeOnTheSamples() throws {
        var reports: [URL] = []
        for pack in ["部门决算", "部门预算"] {
            reports += TestPaths.files(in: TestPaths.repositoryRoot.appendingPathComponent("Checks/\(pack)/samples"), withExtension: "txt")
        }
        reports += TestPaths.files(in: TestPaths.repositoryRoot.appendingPathComponent("Examples/reports"), withExtension: "txt")
        if let shared = TestPaths.shared { reports += TestPaths.files(in: shared.appendingPathComponent("reports"), withExtension: "txt") }
        #expect(reports.count >= 10)
        for pack in ["部门决算", "部门预算"] {
            let (p, loader) = try ConcurrentUseTests.shipped(pack)
            _ = p
            // The packs have templates whose later literals the filter looks for.
            #expect(loader.templates.contains { !$0.template.sentenceLiterals.isEmpty })
            var matches = 0, ruledOut = 0
            for url in reports {
                let r = Self.compare(loader, [UInt8](try Data(contentsOf: url)), "\(pack) \(url.lastPathComponent)")
                matches += r.matches; ruledOut += r.ruledOut
            }
            // Not a comparison of nothing: templates match, and positions are ruled out.
            #expect(matches > 100, "\(pack)")
            #expect(ruledOut > 100, "\(pack)")
        }
    }

    /// Templates whose later literals lie on the filter's edges.
    static let edgeTemplates = [
        "{a}万元。其中{b}万元",              // the literal after the anchor begins with a sentence end
        "{a}万元，其中{b}万元。合计{c}万元",    // a literal holding 。: the chain stops after it
        "{a}万元[。|，]{x:text}增加{b}万元",    // a choice holding 。: the literals after it are not required
        "{a}万元；{x:text}减少",               // full-width ；
        "{a}万元;{x:text}减少",                // ASCII ;
        "{a}万元…增加{b}万元",                 // a gap up to the sentence end
        "{a}万元{x:text}增加",                 // a text up to the sentence end
        "{a}万元，比上年{d:count}年增加",        // a count in between
        "{a}万元，编码{c:code}科目",            // a code in between
        "合计…增加",                          // a literal anchor only
        "{a}万元…增加{b}万元。合计{c}万元",      // a later literal holding 。
        "{a}万元…增加；其中{b}万元",             // a later literal holding ；
        "{a}万元，{x:text}[或|和]{y:text}增加",  // a choice without a sentence end in between
        "{a}万元…[，|。]{x:text}[增加|减少]{b}万元",          // a choice one sentence on
        "{a}万元…[，|。]…[，|；]…[比|较]{b}万元",              // two sentences on
        "{a}万元…[，|。]…[，|；]…[，|。]…增加",                // three: not looked for
        "{a}万元…。{x:text}[比|较]…增加{b}",                   // a literal 。 then a choice
    ]

    static let edgeTexts = [
        "收入10万元。其中5万元来自拨款。",
        "收入10万元，其中5万元。合计15万元；支出3万元;减少",
        "收入10万元。人员经费增加2万元。",
        "收入10万元，人员经费增加2万元；公用经费增加1万元;减少",
        "收入10万元；人员减少。收入10万元;人员减少;",
        "收入10万元，比上年2023年增加；收入10万元，编码2010301科目。",
        "合计增加。合计；增加。合计100增加",
        "收入10万元" + String(repeating: "经费", count: 60) + "增加2万元。",
        "收入10万元，人员经费" + String(repeating: "１", count: 5) + "增加2万元。",
        "收入10万元。",
        "万元",
        "收入10万元\n，其中 5 万\n元。",
        "收入10万元，人员增加2万元。合计12万元；收入10万元，人员增加；其中2万元。",
        "收入10万元，人员或经费增加；收入10万元，人员和经费增加。收入10万元，人员；和经费增加。",
        "收入10万元。人员增加2万元。经费减少1万元。收入10万元，人员；比上年2万元。",
        "收入10万元，经费。人员；比2万元。收入10万元，经费。人员；较3万元；比4万元。",
        "收入10万元，经费。人员；其他，增加。收入10万元；经费。增加。",
        "收入10万元，经费。人员比上年增加5。收入10万元。经费较。增加5。",
    ]

    @Test func edgeTemplatesMatchAlike() {
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: Self.edgeTemplates)])
        #expect(loader.templates.count == Self.edgeTemplates.count)
        var matches = 0
        for s in Self.edgeTexts + GrowthMemoTests.texts() { matches += Self.compare(loader, Array(s.utf8), s).matches }
        #expect(matches > 5)
        let memo = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: GrowthMemoTests.templates)])
        for s in Self.edgeTexts + GrowthMemoTests.texts() { _ = Self.compare(memo, Array(s.utf8), s) }
    }

    /// The eight-at-a-time search finds the last start a byte-by-byte search finds, at every
    /// range of texts over a small alphabet (so that near misses abound).
    @Test func lastStartIsTheNaiveOne() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet: [UInt8] = [0x41, 0x42, 0xE4, 0xB8, 0x87]
        var found = 0, wrong: [String] = []
        for _ in 0..<300 {
            let text = (0..<(1 + next(40))).map { _ in alphabet[next(alphabet.count)] }
            let literal = (0..<(1 + next(3))).map { _ in alphabet[next(alphabet.count)] }
            text.withUnsafeBufferPointer { b in
                for from in 0...text.count {
                    for through in from...text.count {
                        var naive = -1
                        var p = Swift.min(through, text.count - literal.count)
                        while p >= from {
                            if Array(text[p..<(p + literal.count)]) == literal { naive = p; break }
                            p -= 1
                        }
                        let fast = FactMatcher.lastStart(of: literal, in: b, from: from, through: through)
                        if fast != naive { wrong.append("\(literal) in \(text) \(from)...\(through): \(fast), not \(naive)") }
                        if naive >= 0 { found += 1 }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(found > 1000)
    }

    /// The literals and choices after a text or gap looked for a few sentences on, with the
    /// sentence ends the elements before them can hold.
    @Test func laterRequirementsCountTheEndsBeforeThem() throws {
        func requirements(_ template: String) throws -> [(words: [String], ahead: Int)] {
            let t = try FactTemplate.compile(template).get()
            return t.laterRequirements.map { r in (t.laterWords[r.words].map { String(decoding: $0, as: UTF8.self) }, r.ahead) }
        }
        // A choice in the anchor's sentence; one and two sentences on; none past maxAhead.
        var r = try requirements("{a}万元…[，|。]{x:text}[增加|减少]{b}万元")
        #expect(r.map(\.ahead) == [0, 1, 1])
        #expect(r.count == 3 && r[1].words == ["增加", "减少"] && r[2].words == ["万元"])
        r = try requirements("{a}万元…[，|。]…[，|；]…[，|。]…增加")
        #expect(r.map(\.ahead) == [0, 1, 2])
        // Literals the anchor's sentence already looks for are not repeated.
        r = try requirements("{a}万元，{x:text}增加{b}万元")
        #expect(r.isEmpty)
        // Choices of many words, or before any text or gap, are not looked for.
        r = try requirements("{a}万元[，|。]{x:text}[一|二|三|四|五]…{b}万元")
        #expect(r.map(\.words) == [["万元"]])
        #expect(r.map(\.ahead) == [1])
        // Nothing after a repeating group.
        r = try requirements("{a}万元…[增加|减少]{部分*: {名:text}{额}万元 / 、}[增加|减少]")
        #expect(r.map(\.words) == [["增加", "减少"]])
        #expect(FactTemplate.endsHeld(Array("。；;.".utf8)) == 4)
    }

    /// The sentence of a position, asked for in runs of increasing positions (as anchors come)
    /// with jumps back and far ahead, is the one a search of the ends from the start gives.
    @Test func sentenceOfAPositionIsTheNaiveOne() {
        let text = Array(String(repeating: "收入10万元。人员；经费;1.5万元. 合计", count: 20).utf8)
        var state: UInt64 = 0x5851_F42D_4C95_7F2D
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        text.withUnsafeBufferPointer { b in
            let ends = SentenceEnds()
            let naiveEnds = (0..<b.count).filter { SentenceEnds.isEnd(b, $0) }
            #expect(naiveEnds.count > 60)
            var pos = 0, wrong = 0
            for _ in 0..<3000 {
                switch next(10) {
                case 0: pos = next(b.count + 1)                      // anywhere, often back
                case 1: pos = Swift.min(b.count, pos + next(400))     // far ahead
                default: pos = Swift.min(b.count, pos + next(12))     // a little ahead
                }
                let naive = naiveEnds.firstIndex { $0 >= pos } ?? naiveEnds.count
                if ends.sentence(of: pos, in: b) != naive { wrong += 1 }
            }
            #expect(wrong == 0)
        }
    }

    @Test func literalsLookedForStopAtASentenceEnd() throws {
        func literals(_ template: String) throws -> [[UInt8]] { try FactTemplate.compile(template).get().sentenceLiterals }
        /// A literal as templates key it.
        func keys(_ words: String...) -> [[UInt8]] { words.map { Bytes.key(Array($0.utf8)[...], dropQuotes: true) } }
        // Only literals after a text or a gap: the others are tried where they are.
        #expect(try literals("{a}万元，其中{b}万元") == [])
        #expect(try literals("{a}万元，{x:text}增加{b}万元") == keys("增加", "万元"))
        // A literal holding a sentence end is looked for, and nothing after it.
        // (A `。` inside a literal is compiled as a choice of `。` and `.` — review 11, finding 211 —
        // so the literal before it is the last one looked for.)
        #expect(try literals("{a}万元…增加{b}万元。合计{c}万元") == keys("增加", "万元"))
        #expect(try literals("{a}万元…增加；其中{b}万元") == keys("增加；其中"))
        // A choice holding one ends the list before it.
        #expect(try literals("{a}万元[。|，]{x:text}增加{b}万元") == [])
        #expect(try literals("{a}万元，{x:text}[；|和]{y:text}增加") == [])
        #expect(try literals("{a}万元，{x:text}[或|和]{y:text}增加") == keys("增加"))
        // Each once.
        #expect(try literals("{a}万元…增加{b}万元…增加") == keys("增加", "万元"))
        #expect(try literals("合计") == [])
    }
}
