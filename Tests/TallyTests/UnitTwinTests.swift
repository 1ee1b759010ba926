import Foundation
import Testing
import TallyTestSupport
@testable import Tally

/// A narrative in 元 is read as fully as one in 万元: each shipped pack's facts.tally names, in a
/// `# 元 twins:` comment, the fact kinds whose 万元 templates have a 元 twin (the same template with
/// 万元 written 元, in the kind itself or in the kind after `>`), and every such twin is there.
/// `Scripts/unit-twins.py --write` adds the missing ones.
@Suite struct UnitTwinTests {
    static let packs = ["部门决算", "部门预算"]

    static func factsSource(_ pack: String) -> String {
        TestPaths.read(TestPaths.repositoryRoot.appendingPathComponent("Checks/\(pack)/facts.tally"))
    }

    /// The (kind, twin kind) pairs of the pack's `# 元 twins:` comment (continued on `#` lines
    /// while an entry list ends with a comma).
    static func pairs(_ source: String) -> [(String, String)] {
        let lines = source.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("# 元 twins:") }) else { return [] }
        var spec = String(lines[start].dropFirst("# 元 twins:".count))
        var j = start + 1
        while spec.trimmingCharacters(in: .whitespaces).hasSuffix(","), j < lines.count, lines[j].hasPrefix("#") {
            spec += String(lines[j].dropFirst()); j += 1
        }
        return spec.split(separator: ",").compactMap { item -> (String, String)? in
            let parts = item.split(separator: ">").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let a = parts.first, !a.isEmpty else { return nil }
            return (a, parts.count > 1 ? parts[1] : a)
        }
    }

    /// Every fact kind's templates.
    static func templates(_ source: String) -> [String: [String]] {
        var p = Parser(source: source)
        var out: [String: [String]] = [:]
        for case .fact(let d) in p.parseUnit().declarations { out[d.spec.name, default: []] += d.spec.templates }
        return out
    }

    @Test(arguments: packs)
    func packNamesItsTwinKinds(_ pack: String) {
        let source = Self.factsSource(pack)
        let kinds = Self.templates(source)
        let pairs = Self.pairs(source)
        #expect(pairs.count >= 10, "\(pack)/facts.tally has no `# 元 twins:` list")
        for (a, b) in pairs {
            #expect(kinds[a] != nil, "\(pack): the twin list names an unknown fact kind \(a)")
            #expect(kinds[b] != nil, "\(pack): the twin list names an unknown fact kind \(b)")
        }
    }

    @Test(arguments: packs)
    func every万元TemplateHasIts元Twin(_ pack: String) {
        let source = Self.factsSource(pack)
        let kinds = Self.templates(source)
        var missing: [String] = []
        for (a, b) in Self.pairs(source) {
            let have = Set(kinds[b] ?? [])
            for t in kinds[a] ?? [] where t.contains("万元") && !t.contains("万元|元") && !t.contains("元|万元") {
                let twin = t.replacingOccurrences(of: "万元", with: "元")
                if !have.contains(twin) { missing.append("fact \(b) lacks \"\(twin)\"") }
            }
        }
        #expect(missing.isEmpty, "\(pack): run Scripts/unit-twins.py --write\n\(missing.joined(separator: "\n"))")
    }

    /// The rule is not vacuous: a kind's 元 twin is found, and a dropped one is noticed.
    @Test func aDroppedTwinIsNoticed() {
        let source = """
            # 元 twins: 甲, 乙 > 乙元
            fact 甲 "{a}万元，较上年增加{b}万元", "{a}元，较上年增加{b}元"
            fact 乙 "{a}万元"
            fact 乙元 "{a}千元"
            """
        let kinds = Self.templates(source)
        #expect(Self.pairs(source).map { "\($0.0)>\($0.1)" } == ["甲>甲", "乙>乙元"])
        #expect(kinds["甲"]?.contains("{a}元，较上年增加{b}元") == true)
        #expect(kinds["乙元"]?.contains("{a}元") == false)
    }
}
