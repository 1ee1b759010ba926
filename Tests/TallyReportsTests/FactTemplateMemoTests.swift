import Testing
import Tally
@testable import TallyReports

/// ``FactTemplateMemo``: templates compiled with a shared memo are the templates compiled alone.
@Suite struct FactTemplateMemoTests {
    /// The parts of a compiled template that the memo feeds, as comparable values.
    func summary(_ t: FactTemplate) -> [String] {
        let elements = t.elements.map { e -> String in
            switch e {
            case .literal(let l): "L" + String(decoding: l, as: UTF8.self)
            case .number(let n): "N" + n
            case .text(let n): "T" + n
            case .code(let n): "C" + n
            case .count(let n): "#" + n
            case .choice(let n, let words): "?" + (n ?? "") + ":" + words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
            case .gap: "…"
            case .groupOpen(let g): "{" + String(g)
            case .groupEnd(let g): "/" + String(g)
            case .groupLoop(let g): "}" + String(g)
            }
        }
        let fields = t.fieldPrototype.keys.sorted()
        let slots = t.fieldSlots.map { t.fieldPrototype[$0].key }
        return elements + ["fields"] + fields + ["slots"] + slots
    }

    @Test func sharedChoicesAndFieldsGiveTheSameTemplates() throws {
        let templates = [
            "{总额}万元[，|。]其中[：|:|，]…{单位:万元|元}",
            "{总额}元[，|。]比上年[增加了|增加]{增加额}{单位:万元|元}",
            "{总额}万元[，|。]其中[：|:|，]…{单位:万元|元}",
            "{科目:text}支出{金额}万元，占{占比}",
            "{科目:text}收入{金额}万元，占{占比}",
            "为{x}万元[，|。]",
        ]
        var memo = FactTemplateMemo()
        for t in templates {
            let shared = try FactTemplate.compile(t, memo: &memo).get()
            let alone = try FactTemplate.compile(t).get()
            #expect(summary(shared) == summary(alone), "\(t)")
        }
    }

    @Test func aChoiceIsSplitOnceAndItsWordsAreLongestFirst() {
        var memo = FactTemplateMemo()
        var calls = 0
        let written = Array("增加|增加了|多".utf8)[...]
        func split(_ w: ArraySlice<UInt8>) -> [[UInt8]]? {
            calls += 1
            return w.split(separator: UInt8(ascii: "|")).map(Array.init).sorted { $0.count > $1.count }
        }
        let first = memo.words(of: written, split)
        let second = memo.words(of: written, split)
        #expect(calls == 1)
        #expect(first == second)
        #expect(first?.map { String(decoding: $0, as: UTF8.self) } == ["增加了", "增加", "多"])
        // Another spelling is another choice.
        _ = memo.words(of: Array("多|少".utf8)[...], split)
        #expect(calls == 2)
    }

    @Test func aRefusedChoiceStaysRefused() {
        var memo = FactTemplateMemo()
        for _ in 0..<2 {
            if case .failure(let e) = FactTemplate.compile("为{x}万元[预算|]", memo: &memo) {
                #expect(e.message.contains("empty alternative"))
            } else { Issue.record("accepted an empty alternative") }
        }
    }

    @Test func fieldsOfTheSameNamesAreShared() {
        var memo = FactTemplateMemo()
        let a = memo.fields(named: ["总额", "增加额"]), b = memo.fields(named: ["总额", "增加额"])
        #expect(a.slots == b.slots)
        #expect(a.slots.map { a.prototype[$0].key } == ["总额", "增加额"])
        // Other names, or the same names in another order, are other fields.
        let c = memo.fields(named: ["增加额", "总额"])
        #expect(c.slots.map { c.prototype[$0].key } == ["增加额", "总额"])
        // A name that repeats has one entry, used by both captures.
        let d = memo.fields(named: ["x", "x"])
        #expect(d.prototype.count == 1 && d.slots[0] == d.slots[1])
    }
}
