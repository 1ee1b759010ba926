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
    ]

    @Test func edgeTemplatesMatchAlike() {
        // One declaration each: `；` and `;` fold alike, and a declaration keeps alike templates once.
        let loader = ReportLoader(tables: [], facts: Self.edgeTemplates.enumerated().map { FactSpec(name: "f\($0.offset)", templates: [$0.element]) })
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

    @Test func requirementsCountTheSentenceEndsBeforeThem() throws {
        /// Each requirement as its words (folded, `|` between) and `@` the sentence ends before it.
        func reqs(_ template: String) throws -> [String] {
            let t = try FactTemplate.compile(template).get()
            return t.sentenceRequirements.map { r in
                r.words.map { String(decoding: t.sentenceLiterals[$0], as: UTF8.self) }.joined(separator: "|") + "@\(r.ahead)"
            }
        }
        /// A word as templates key it.
        func key(_ word: String) -> String { String(decoding: Bytes.key(Array(word.utf8)[...], dropQuotes: true), as: UTF8.self) }
        // Only literals and choices after a text or a gap: the others are tried where they are.
        #expect(try reqs("{a}万元，其中{b}万元") == [])
        #expect(try reqs("合计") == [])
        #expect(try reqs("{a}万元，{x:text}增加{b}万元") == ["增加@0", "万元@0"])
        // A `。` inside a literal is compiled as a choice of `。` and `.` (review 11, finding 211):
        // what follows it may be one sentence on.
        #expect(try reqs("{a}万元…增加{b}万元。合计{c}万元") == ["增加@0", "万元@0", "。|.@0", "合计@1", "万元@1"])
        #expect(try reqs("{a}万元…增加；其中{b}万元") == [key("增加；其中") + "@0", "万元@1"])
        // A choice before the first text counts its ends all the same.
        #expect(try reqs("{a}万元[。|，]{x:text}增加{b}万元") == ["增加@1", "万元@1"])
        let semicolonChoice = try reqs("{a}万元，{x:text}[；|和]{y:text}增加")
        #expect(semicolonChoice == ["和|" + key("；") + "@0", "增加@1"], "\(semicolonChoice)")
        #expect(try reqs("{a}万元，{x:text}[或|和]{y:text}增加") == ["或|和@0", "增加@0"])
        // Each once; no further than two sentences on; no choice of many words.
        #expect(try reqs("{a}万元…增加{b}万元…增加") == ["增加@0", "万元@0"])
        #expect(try reqs("{a}万元…甲；乙；丙；丁…戊") == [key("甲；乙；丙；丁") + "@0"])
        #expect(try reqs("{a}万元…甲；乙…丙；丁…戊；己") == [key("甲；乙") + "@0", key("丙；丁") + "@1", key("戊；己") + "@2"])
        #expect(try reqs("{a}万元…[甲|乙|丙|丁|戊]己") == ["己@0"])
        // A group whose body and separator hold no end is passed over; its insides are not looked for.
        #expect(try reqs("{a}万元，{名 2..*: {n:text}项 / [和|、]}分别为{b}万元") == ["分别为@0", "万元@0"])
        #expect(try reqs("{a}万元，{名 2..*: {n:text}项 / [；|、]}分别为{b}万元") == [])
    }
}
