import Testing
import Tally
@testable import TallyReports

/// Repeating groups of fact templates (`{部分 2..*: {名:text}{额}万元 / [，|、]}`, see
/// ``FactTemplate/Group``): a list of any length read by one template, its items with lines.
@Suite struct RepeatingGroupTests: FactProbe {
    static let list = "{总额}万元，其中：{部分 2..*: {名:text}{额}万元 / [，|、|；]}。"

    func items(_ f: Fact?, _ name: String = "部分") -> [Fact] {
        if case .list(let xs, _)? = f?.fields[name] { return xs }
        return []
    }

    func names(_ f: Fact?) -> [String] {
        items(f).map { if case .text(let s, _)? = $0.fields["名"] { s } else { "?" } }
    }

    /// A list of `n` parts `费1 1.00 万元，费2 2.00 万元，…` after a total.
    static func report(_ n: Int, total: Int? = nil) -> String {
        let parts = (1...n).map { "费用\($0)类 \($0).00 万元" }.joined(separator: "，")
        return "基本支出 \(total ?? n * (n + 1) / 2).00 万元，其中：\(parts)。"
    }

    @Test func readsAListOfAnyLengthWithItsLines() throws {
        for n in [2, 3, 7, 14, 40] {
            let f = try facts(Self.list, Self.report(n))
            #expect(f.count == 1)
            #expect(items(f.first).count == n)
            #expect(names(f.first).last == "费用\(n)类")
            #expect(items(f.first).map { figure($0, "额") ?? "" }.last == "\(n).00")
            #expect(items(f.first).allSatisfy { $0.kind == "f.部分" && $0.isItem })
        }
        // Items wrapped over lines keep their own line; the fact has the total and the list only.
        let f = try facts(Self.list, "公用经费 30.00 万元，其中：办公费 10.00 万元、\n水费 20.00 万元。")
        #expect(items(f.first).map(\.line) == [1, 2])
        #expect(Set(f.first?.fields.keys.map { $0 } ?? []) == ["总额", "部分"])
        if case .figure(_, let line)? = items(f.first).last?.fields["额"] { #expect(line == 2) }
    }

    @Test func theCountIsBounded() throws {
        // Fewer than the least, more than the most: no fact.
        #expect(try facts(Self.list, "合计 5.00 万元，其中：甲费 5.00 万元。").isEmpty)
        // More than the most: the last item's text takes in the rest (as a text written out by hand
        // would), so no list of clean parts comes out; checks filter such names.
        for (template, n) in [(Self.list, 41), ("{总额}万元，其中：{部分 2..3: {名:text}{额}万元 / ，}。", 4)] {
            let f = try facts(template, Self.report(n))
            #expect(f.isEmpty || names(f.first).contains { $0.contains("万元") })
        }
        #expect(try facts("{总额}万元，其中：{部分 2..3: {名:text}{额}万元 / ，}。", Self.report(3)).count == 1)
        // `*` alone: one or more; a separator-less group reads repetitions side by side.
        let one = try facts("{总额}万元，其中：{部分*: {名:text}{额}万元 / ，}。", "合计 5.00 万元，其中：甲费 5.00 万元。")
        #expect(items(one.first).count == 1)
        let adjacent = try facts("共{部分 1..*: [甲|乙]{额}元}。", "共甲1元乙2元甲3元。")
        #expect(items(adjacent.first).map { figure($0, "额") ?? "" } == ["1", "2", "3"])
    }

    @Test func anItemThatIsNoPartEndsTheMatch() throws {
        // The tail (`。`) must follow the last item: a list that goes on otherwise is not read.
        #expect(try facts(Self.list, "合计 3.00 万元，其中：甲费 1.00 万元，乙费 2.00 万元等").isEmpty)
        // Greedy: the most items the sentence holds, each name as short as it can be.
        let f = try facts(Self.list, Self.report(5))
        #expect(names(f.first) == (1...5).map { "费用\($0)类" })
    }

    @Test func aHostileListStaysFast() throws {
        // Hundreds of near-parts without the closing stop: the step budget bounds the search.
        let parts = (1...300).map { "费\($0) \($0).00 万元" }.joined(separator: "，")
        let clock = ContinuousClock()
        let t = try clock.measure { _ = try facts(Self.list, "合计 1.00 万元，其中：\(parts)") }
        #expect(t < .seconds(5))
    }

    @Test func unusableGroupsAreRefusedWithWhere() {
        func problem(_ t: String) -> String { ReportLoader.validate(template: t) ?? "" }
        #expect(problem("{部分 2..*: {名:text}{额}万元 / ，}。其中").contains("needs literal text before it"))
        #expect(problem("合计{部分 2..*: {名:text}{额}万元 / ，").contains("unclosed"))
        #expect(problem("合计{部分 2..*: 万元 / ，}").contains("captures nothing"))
        #expect(problem("合计{部分 2..*: … / ，}").contains("empty or only"))
        #expect(problem("合计{部分 2..*: {a}元 / {b}}").contains("separator"))
        #expect(problem("合计{部分 2..50: {a}元 / ，}").contains("at most 40"))
        #expect(problem("合计{部分 3..2: {a}元 / ，}").contains("at least"))
        #expect(problem("合计{部分 2..*: {甲 2..*: {a}元} / ，}").contains("inside another"))
        #expect(problem("合计，其中{部分 2..*: 元 / ，}").contains("at character 6"))
        #expect(ReportLoader.validate(template: Self.list) == nil)
    }

    @Test func aGroupIsOneFieldOfTheFactKind() {
        let spec = FactSpec(name: "清单", templates: [Self.list, "{总额}万元，包括{部分*：{名:text}{额}万元 / 、}。"])
        #expect(spec.fields == ["总额", "部分"])
        // The items' fields, which the compiler checks `p.名` against.
        #expect(FactSpec.groups(in: Self.list).map(\.name) == ["部分"])
        #expect(FactSpec.groups(in: Self.list).first?.fields == ["名", "额"])
        #expect(FactSpec.groups(in: "{总额}万元，其中{名:text}").isEmpty)
        #expect(FactSpec.groupHeader("部分 2..*") == FactSpec.GroupHeader(name: "部分", min: 2, max: 40))
        #expect(FactSpec.groupHeader("部分*") == FactSpec.GroupHeader(name: "部分", min: 1, max: 40))
        #expect(FactSpec.groupHeader("部分 ２..１２") == FactSpec.GroupHeader(name: "部分", min: 2, max: 12))
        #expect(FactSpec.groupHeader("部分") == nil && FactSpec.groupHeader("甲2") == nil)
    }

    /// A plain placeholder's type follows its first ASCII colon, else its first full-width `：`,
    /// in all three readings of a template (bytes, Characters, group-aware) and as the template
    /// compiles: `{名：text}` is field `名` of type text, not a field named `名：text`.
    @Test func fullWidthColonSplitsAPlainPlaceholderInEveryReading() throws {
        // Bytes (simple graphemes); Characters (a combining mark); group-aware (`..` in a gap).
        let plain = "[较|比]上年{向：增加|减少}{变}万元，{名：text}{额:number}万元"
        let combining = "e\u{301}" + plain
        let grouped = plain + "{部分 2..*: {项：text}{数}万元 / 、}"
        let expected: [(String, String?)] = [("向", "增加|减少"), ("变", nil), ("名", "text"), ("额", "number")]
        for t in [plain, combining] {
            let p = FactSpec.placeholders(in: t)
            #expect(p.map(\.name) == expected.map(\.0), "\(t)")
            #expect(p.map(\.type) == expected.map(\.1), "\(t)")
        }
        let g = FactSpec.placeholders(in: grouped)
        #expect(g.map(\.name) == expected.map(\.0) + ["部分"])
        #expect(g.map(\.type) == expected.map(\.1) + ["list"])
        #expect(FactSpec.groups(in: grouped).first?.fields == ["项", "数"])
        // The compiled template captures the same names.
        guard case .success(let c) = FactTemplate.compile(plain) else { Issue.record("does not compile"); return }
        #expect(c.names.compactMap { $0 } == expected.map(\.0))
    }

    /// The byte scan that sends a template to the group-aware reading finds every header form
    /// and passes plain templates by (a plain template read as grouped is read the same, only
    /// slower, so a miss here would lose a group's field while a false hit costs time only).
    @Test func groupHeadersAreFoundByTheirBytes() {
        for t in [Self.list, "{总额}万元，包括{部分*：{名:text}{额}万元 / 、}。", "其中{部分＊: {名:text}{额}万元}。",
                  "其中{部分 2..12: {名:text}{额}万元 / 、}。", "其中{部分 ２..*: {名:text}{额}万元}。"] {
            #expect(FactSpec.mayHoldGroup(t), "\(t)")
            #expect(FactSpec.placeholders(in: t).contains { $0.type == "list" }, "\(t)")
        }
        for t in ["{总额}万元，其中{名:text}", "预算为{预算}万元，支出决算为{决算}万元，完成…预算的{完成率}", "[较上年|比上年]{向:增加|减少}{变}万元", ""] {
            #expect(!FactSpec.mayHoldGroup(t), "\(t)")
        }
    }
}
