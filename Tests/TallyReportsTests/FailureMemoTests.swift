import Foundation
import Testing
import Tally
@testable import TallyReports
import TallyTestSupport

/// Forward failures remembered across templates by tail (``FactMatcher/FailureMemo``,
/// ``ReportLoader/suffixIDs``) give the matches that trying the tails again gives, including
/// where the step budget runs out; and tails are shared only where they match alike.
@Suite struct FailureMemoTests {
    /// The matches of every template of `loader` on `bytes` with one matcher remembering
    /// failures across the templates, and with a fresh matcher remembering none.
    static func compare(_ loader: ReportLoader, _ bytes: [UInt8], _ label: String) -> Int {
        let text = ReportText(bytes: bytes)
        let norm = NormalizedText(text)
        let remembering = FactMatcher(text: text, norm: norm)
        var matches = 0
        for (ti, (_, t)) in loader.templates.enumerated() {
            guard case .literal(let anchor) = t.elements[t.anchor] else { continue }
            let positions = norm.occurrences(of: anchor)
            let a = remembering.matches(t, anchorAt: positions, precheckIDs: loader.precheckIDs[ti], suffixIDs: loader.suffixIDs[ti])
            let b = FactMatcher(text: text, norm: norm).matches(t, anchorAt: positions)
            #expect(GrowthMemoTests.seen(a) == GrowthMemoTests.seen(b), "\(label): template \(t.source)")
            matches += a.count
        }
        return matches
    }

    @Test func shippedTemplatesMatchAlikeOnTheSamples() throws {
        var reports: [URL] = []
        // A few samples of each pack (every template is tried on every report: the whole set
        // takes minutes in a debug build) and the real reports when present.
        for pack in ["部门决算", "部门预算"] {
            reports += TestPaths.files(in: TestPaths.repositoryRoot.appendingPathComponent("Checks/\(pack)/samples"), withExtension: "txt").prefix(4)
        }
        if let shared = TestPaths.shared { reports += TestPaths.files(in: shared.appendingPathComponent("reports"), withExtension: "txt") }
        #expect(reports.count >= 8)
        for pack in ["部门决算", "部门预算"] {
            let (_, loader) = try ConcurrentUseTests.shipped(pack)
            // Tails shared by several templates: what the memo is for.
            var users: [Int32: Set<Int>] = [:]
            for (ti, ids) in loader.suffixIDs.enumerated() { for id in ids where id >= 0 { users[id, default: []].insert(ti) } }
            #expect(users.values.contains { $0.count >= 2 }, "\(pack)")
            var matches = 0
            for url in reports { matches += Self.compare(loader, [UInt8](try Data(contentsOf: url)), "\(pack) \(url.lastPathComponent)") }
            #expect(matches > 100, "\(pack)")
        }
    }

    /// Templates sharing tails, on texts where the tails fail often and where nested gaps run
    /// out of steps (``GrowthMemoTests/texts()``).
    @Test func sharedTailsMatchAlikeOnHardTexts() {
        let templates = GrowthMemoTests.templates + [
            "{本年}万元[，|。|,]与…相比[增加了|增加]{增加额}万元",
            "{本年}万元[，|。|,]…相比[增加了|增加]{增加额}万元",
            "{名:text}{本年}万元[，|。|,]与…相比[增加了|增加]{增加额}万元",
            "甲…乙…丙…丁{x}万元",
            "乙…丙…丁{x}万元",
            "{x}万元，其中{部分 2..*: {名:text}{额}万元 / 、}。",
        ]
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: templates)])
        var matches = 0
        for s in GrowthMemoTests.texts() + SentenceReachTests.edgeTexts { matches += Self.compare(loader, Array(s.utf8), s) }
        #expect(matches > 5)
    }

    /// Equal tails (names aside) share a number; a tail with a repeating group, or with no text
    /// or gap, has none.
    @Test func tailsAreNumberedByWhatTheyMatch() throws {
        let templates = [
            "{a}万元，比上年…增加{b}万元",        // 0
            "{c}万元，较上年…增加{d}万元",        // 1: the same tail from the gap on
            "{a}万元，其中{b}万元",               // 2: no text or gap
            "{a}万元，其中{部分*: {名:text}{额}万元 / 、}",  // 3: a group
            "{a}万元，比上年…减少{b}万元",        // 4: another tail from the gap on
        ]
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: templates)])
        try #require(loader.templates.count == templates.count)
        func gapIndex(_ t: FactTemplate) -> Int? { t.elements.firstIndex { if case .gap = $0 { true } else { false } } }
        let t0 = loader.templates[0].template, t1 = loader.templates[1].template, t4 = loader.templates[4].template
        let g0 = try #require(gapIndex(t0)), g1 = try #require(gapIndex(t1)), g4 = try #require(gapIndex(t4))
        #expect(loader.suffixIDs[0][g0] >= 0)
        #expect(loader.suffixIDs[0][g0] == loader.suffixIDs[1][g1])
        #expect(loader.suffixIDs[4][g4] >= 0)
        #expect(loader.suffixIDs[0][g0] != loader.suffixIDs[4][g4])
        // The anchor and what comes before it are never tried forwards.
        #expect(loader.suffixIDs[0][...t0.anchor].allSatisfy { $0 < 0 })
        #expect(loader.suffixIDs[2].allSatisfy { $0 < 0 })
        #expect(loader.suffixIDs[3].allSatisfy { $0 < 0 })
    }
}
