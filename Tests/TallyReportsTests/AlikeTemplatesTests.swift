import Testing
import Tally
@testable import TallyReports

/// A fact declaration's template that matches like an earlier one of the same declaration
/// (``FactTemplate/matchesAlike(_:)``: the same elements once literals are folded, the same
/// names and groups) is left out of the loader, and the facts found are those found with it.
@Suite struct AlikeTemplatesTests {
    static let text = "一、项目支出情况。1.办公设备购置 12.50万元；2．专用设备购置 8万元；3、维修（护）费 3.20万元；"
        + "其中：差旅费 1.00万元，其中:会议费 2万元。"

    /// The kinds, fields, lines and texts of a load's facts, as comparable lines.
    static func facts(_ templates: [String]) throws -> [String] {
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "项目", templates: templates)])
        let report = try loader.load(bytes: Array(text.utf8), path: "alike.txt")
        return report.facts.map { f in
            "\(f.kind) \(f.line) \(f.offset) \(f.text) " + f.fields.keys.sorted().map { "\($0)=\(f.fields[$0]!)" }.joined(separator: " ")
        }
    }

    @Test func alikeTemplatesAreKeptOnce() {
        let loader = ReportLoader(tables: [], facts: [
            FactSpec(name: "a", templates: ["{序:count}.{名称:text}{金额}万元", "{序:count}．{名称:text}{金额}万元",
                                            "其中：{名称:text}{金额}万元", "其中:{名称:text}{金额}万元"]),
            // Another name, another declaration, another group size: kept.
            FactSpec(name: "b", templates: ["{序:count}.{名称:text}{金额}万元", "{序:count}.{项目:text}{金额}万元",
                                            "{序:count}.{名称:text}{额}万元"]),
            FactSpec(name: "c", templates: ["其中{部分 1..2: {名:text}{额}万元 / ，}", "其中{部分 1..3: {名:text}{额}万元 / ，}"]),
        ])
        #expect(loader.templates.map(\.spec) == [0, 0, 1, 1, 1, 2, 2])
        #expect(loader.templateErrors.isEmpty)
    }

    @Test func factsAreThoseFoundWithTheAlikeTemplate() throws {
        let both = try Self.facts(["{序:count}.{名称:text}{金额}万元", "{序:count}．{名称:text}{金额}万元",
                                   "{序:count}、{名称:text}{金额}万元", "其中：{名称:text}{金额}万元", "其中:{名称:text}{金额}万元"])
        let once = try Self.facts(["{序:count}.{名称:text}{金额}万元", "{序:count}、{名称:text}{金额}万元", "其中：{名称:text}{金额}万元"])
        #expect(both == once)
        #expect(both.count == 5)
    }
}
