import Testing
@testable import TallyReports

/// `LineShape.headingLength` reads a slice of a line's scalars in place: the length of the
/// heading ordinal it starts with, whatever the slice's position in its array.
@Suite struct HeadingLengthTests {
    /// The heading length of `text`, read as a slice that starts after other scalars.
    func length(_ text: String, after junk: String = "xx　") -> Int {
        let all = (junk + text).unicodeScalars.map(\.value)
        let s = all[junk.unicodeScalars.count...]
        return LineShape.headingLength(s)
    }

    @Test func ordinalsMarksAndFootersHaveTheirLength() {
        #expect(length("一、收入支出决算总体情况说明") == 2)
        #expect(length("十二、其他") == 3)
        #expect(length("（一）收入") == 3)
        #expect(length("(1)收入") == 3)
        #expect(length("1.收入") == 2)
        #expect(length("3 、收入") == 3)
        #expect(length("第三部分 附件") == 3)
        #expect(length("第 7 页") == 5)
        #expect(length("表1 收入支出决算总表") == 2)
        #expect(length("目标 1：完成") == 4)
        #expect(length("● 项目") == 1)
    }

    @Test func proseAndDecimalsAreNoHeadings() {
        #expect(length("1.5万元用于") == 0)
        #expect(length("收入总计1300.00万元") == 0)
        #expect(length("（收入）") == 0)
        #expect(length("第三方") == 0)
        #expect(length("") == 0)
        #expect(length("一", after: "") == 0)
    }

    @Test func hanNumeralsAreExactlyOneToTen() {
        let numerals = Set("一二三四五六七八九十".unicodeScalars.map(\.value))
        let wrong = (UInt32(0)...0xFFFF).filter { LineShape.isHanNumeral($0) != numerals.contains($0) }
        #expect(wrong.isEmpty, "U+\(wrong.map { String($0, radix: 16) })")
        #expect(LineShape.isHanNumeral(0x4E00) && !LineShape.isHanNumeral(0x4E01))
    }
}
