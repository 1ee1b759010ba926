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

    /// Texts as bytes, some not well-formed UTF-8 (the folding pass then gives no candidates).
    static let byteTexts: [[UInt8]] = texts.map { Array($0.utf8) } + [
        [0xE2, 0x41, 0x42] + Array("万元aaa".utf8), [0xC0, 0xAF] + Array("本年本年".utf8), [0x87, 0xE5, 0x85, 0x83] + Array("万元".utf8),
        Array("≥10期 𠀀万元 ＡＡＡ aaa".utf8), [0xF0, 0x9F, 0x98, 0x80] + Array("基本支出".utf8), [0xE4, 0xB8],
    ]

    @Test func candidatesFromTheFoldingPassFindTheSame() {
        // The test anchors (one starts inside a character: no bitmap) and those with a bitmap.
        for anchors in [Self.anchors, Self.anchors.filter { $0.count >= 3 && $0[0] & 0xC0 != 0x80 || $0.count < 3 }] {
            let index = AnchorIndex(anchors: anchors)
            for t in Self.byteTexts {
                let text = ReportText(bytes: t)
                let plain = NormalizedText(text)
                let noted = NormalizedText(text, anchorStarts: index.startSet)
                #expect(noted.bytes == plain.bytes && noted.origin == plain.origin && noted.lineStarts == plain.lineStarts)
                #expect(index.occurrences(in: noted) == index.occurrences(in: plain), "\(t)")
            }
        }
        let wellFormed = AnchorIndex(anchors: [Array("万元".utf8), Array("aaa".utf8), Array("≥1".utf8)])
        #expect(wellFormed.startSet != nil)
        #expect(NormalizedText(ReportText(bytes: Array("aaa 万元".utf8)), anchorStarts: wellFormed.startSet).anchorCandidates == [0, 1, 2, 3])
        #expect(NormalizedText(ReportText(bytes: [0xE2, 0x41, 0x42]), anchorStarts: wellFormed.startSet).anchorCandidates == nil)
    }

    @Test func overlappingOccurrencesAreAllFound() {
        let index = AnchorIndex(anchors: [Array("本年本年".utf8), Array("aaa".utf8)])
        let norm = NormalizedText(ReportText(bytes: Array("本年本年本年 aaaa".utf8)))
        let all = index.occurrences(in: norm)
        #expect(all[0] == [0, 6])
        #expect(all[1] == [18, 19])
    }
}
