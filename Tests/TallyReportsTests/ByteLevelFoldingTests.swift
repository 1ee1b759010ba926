import Testing
@testable import Tally
@testable import TallyReports

/// The byte-level name folding and ordinal stripping give what the scalar/Character versions
/// give, including on text where bytes and characters could disagree.
@Suite struct ByteLevelFoldingTests {
    static let names: [String] = [
        "", " ", "abc", "ABC def", "1.", "一、", "一", "（一）基本支出", "(一)基本支出", "（1）人员经费", "1．工资福利支出",
        "一、一般公共服务支出", "十二、 教育支出", "百、x", "2101101 行政运行", "社会保障和就业（类）支出", "社会保障和就业支出（类）支出",
        "卫生健康支出支出支出", "（类）", "((类)款)", "（款）（项）科目", "“三公”经费", "收、支总计", "１２３，４５６．７８", "合　计",
        "\t合计\r\n", "一\u{301}、名称", "(\u{301}一)名称", "一、\u{301}名称", "(一\u{301})名称", "e\u{301}", "ｅ\u{301}x",
        "一、（类）", "()x", "(一", "一)", "1、2、3", "12345", "——", "①支出", "\u{FEFF}x", "Ⅰ、支出", "x（项）",
    ]

    @Test func nameFoldingKeyMatchesTheScalarVersion() {
        for n in Self.names {
            #expect(NameFolding.key(n) == NameFolding.scalarKey(n), "\(n.debugDescription)")
            #expect(Array(NameFolding.key(n).utf8) == Array(NameFolding.scalarKey(n).utf8), "\(n.debugDescription)")
        }
    }

    @Test func ordinalLengthMatchesStripOrdinal() throws {
        // The matcher strips ordinals on the folded text of a report.
        for n in Self.names where !n.isEmpty {
            let text = ReportText(bytes: Array(n.utf8))
            let norm = NormalizedText(text)
            guard !norm.bytes.isEmpty else { continue }
            let m = FactMatcher(text: text, norm: norm)
            let raw = String(decoding: norm.bytes, as: UTF8.self)
            let expected = raw.utf8.count - NameFolding.stripOrdinal(raw).utf8.count
            #expect(m.ordinalLength(0, norm.bytes.count) == expected, "\(n.debugDescription)")
        }
    }
}
