import Testing
@testable import TallyReports

/// The one-pass anchor search finds exactly what searching each anchor on its own finds.
@Suite struct AnchorIndexTests {
    static let anchors: [[UInt8]] = [
        "万元", "万元万元", "元", "(", "≥", "基本支出", "本年本年", "本年", "aaa", "aa", "a", "", "年预算安排",
        "增加(减少)", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", "支出支出", "出",
    ].map { Array($0.utf8) } + [[0xE4], [0xB8, 0x87, 0xE5], [0x87, 0xE5, 0x85]]

    static let texts: [String] = [
        "", "万", "万元", "aaaa", "本年本年本年度基本支出1,000.00万元万元万元。",
        "(1)一般行政管理事务 99.78 万元；≥10期≥10期≥10期", "支出支出支出支出出出", "2024年预算安排5万元，增加（减少）",
        "全年收入总计１２３．４５万元，比上年增加12.3万元", "元元元元元元元元元元元", "a",
    ]

    @Test func oneSearchFindsWhatEachAnchorSearchFinds() {
        let index = AnchorIndex(anchors: Self.anchors)
        for t in Self.texts {
            let norm = NormalizedText(ReportText(bytes: Array(t.utf8)))
            let all = index.occurrences(in: norm)
            #expect(all.count == Self.anchors.count)
            for (i, a) in Self.anchors.enumerated() {
                #expect(all[i] == norm.occurrences(of: a), "\(t.debugDescription) anchor \(String(decoding: a, as: UTF8.self).debugDescription)")
            }
        }
    }

    @Test func overlappingOccurrencesAreAllFound() {
        let index = AnchorIndex(anchors: [Array("本年本年".utf8), Array("aaa".utf8)])
        let norm = NormalizedText(ReportText(bytes: Array("本年本年本年 aaaa".utf8)))
        let all = index.occurrences(in: norm)
        #expect(all[0] == [0, 6])
        #expect(all[1] == [18, 19])
    }
}
