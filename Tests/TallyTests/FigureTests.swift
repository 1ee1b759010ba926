import Testing
@testable import Tally

@Suite struct FigureTests {
    func amount(_ s: String) -> Figure { let (v, d) = Rational.parseDecimal(s)!; return .amount(v, decimals: d) }
    func pct(_ s: String) -> Figure { let (v, d) = Rational.parseDecimal(s)!; return .percent(v, decimals: d) }

    @Test func parsesThousandsSeparatorsAndDecimals() {
        let (v, d) = Rational.parseDecimal("9,111.11")!
        #expect(d == 2)
        #expect(v == (try! Rational(911111, 100)))
        #expect(Rational.parseDecimal("1,2.3,4") == nil)
        #expect(Rational.parseDecimal("abc") == nil)
    }

    @Test func amountsInProseKeepCentPrecision() {
        let a = amount("287.8")
        #expect(a.meets(amount("287.80")).holds)
        #expect(!a.meets(amount("287.81")).holds)
    }

    @Test func allowanceIsExact() {
        let sum = try! amount("80.03").adding(amount("40.05"))
        let c = amount("120.07").meets(sum)
        #expect(c.holds)
        #expect(c.allowance == (try! Rational(15, 1000)))
        #expect(c.difference == (try! Rational(-1, 100)))
    }

    @Test func percentAgainstRatio() {
        let r = try! amount("270.89").divided(by: amount("9111.11"))
        #expect(pct("3").meets(r).holds)
        #expect(pct("3").exactlyEquals(r).holds)
        #expect(!pct("2.9").exactlyEquals(r).holds)
    }

    @Test func overflowIsAnErrorNotATrap() {
        let big = Rational(Int.max)
        var x = big
        #expect(throws: ArithmeticOverflow.self) { for _ in 0..<10 { x = try x.multiplied(by: big) } }
    }

    @Test func comparisonWithoutOverflow() {
        let a = try! Rational(Int128.max / 3, 7), b = try! Rational(Int128.max / 5, 11)
        #expect((a < b) == !(b < a) || a == b)
    }

    @Test func roundingHalfAwayFromZero() {
        #expect(amount("2.345").value.rounded(toDecimals: 2) == amount("2.35").value)
        #expect(amount("-2.345").value.rounded(toDecimals: 2).decimalString(decimals: 2) == "-2.35")
    }

    /// Decimal text written out digit by digit, against the rendering it replaced (the value
    /// rounded, scaled, printed by the standard library and padded by hand): on the grid
    /// (amounts as written) and off it (rounded), with signs, zeros, values below one and 128-bit
    /// values. The long division used for values too large to scale agrees with both.
    @Test func decimalStringsAgreeWithAPlainRendering() throws {
        func reference(_ r: Rational, _ decimals: Int) -> String? {
            let scale = Rational.powerOfTen(decimals)
            guard let k = try? r.rounded(toDecimals: decimals).multiplied(by: Rational(scale, 1)).numerator else { return nil }
            var digits = String(k.magnitude)
            if decimals > 0 {
                if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
            }
            return (k < 0 ? "-" : "") + digits
        }
        let numerators: [Int128] = [0, 1, -1, 5, -5, 9, 10, 99, 100, 12345, -12345, 911111, 2875, -2875, 1_000_000_007,
                                    Int128(UInt64.max), -Int128(UInt64.max), Int128(UInt64.max) * 1000 + 7, Int128.max / 1000]
        let denominators: [Int128] = [1, 2, 3, 4, 7, 10, 100, 1000, 8, 125, 10_000_000]
        var compared = 0
        for n in numerators {
            for d in denominators {
                let r = try Rational(n, d)
                for decimals in [0, 1, 2, 3, 4, 6] {
                    // Too large to scale: covered by hugeValuesAreWrittenOut.
                    guard let expected = reference(r, decimals) else { continue }
                    #expect(r.decimalString(decimals: decimals) == expected, "\(n)/\(d) to \(decimals) places")
                    #expect(r.longDivisionText(decimals: decimals) == expected, "long division of \(n)/\(d) to \(decimals) places")
                    compared += 1
                }
            }
        }
        #expect(compared > 1_000)
        #expect(try Rational(5, 100).decimalString(decimals: 2) == "0.05")
        #expect(try Rational(-5, 1000).decimalString(decimals: 2) == "-0.01")
        #expect(Rational.zero.decimalString(decimals: 0) == "0")
        #expect(try Rational(-1, 3).decimalString(decimals: 2) == "-0.33")
    }

    /// Values whose scaled numerator leaves 128 bits are written by long division (they printed
    /// as 0, found by review: `99999999999999999999999999 * 99999999999` showed "0").
    @Test func hugeValuesAreWrittenOut() throws {
        let big = try Rational(Int128(UInt64.max) * Int128(UInt64.max / 2), 1)
        #expect(big.decimalString(decimals: 2) == String(big.numerator) + ".00")
        #expect(try big.negated().decimalString(decimals: 2) == "-" + String(big.numerator) + ".00")
        let third = try Rational(Int128.max / 3 * 3 + 1, 3)
        let text = third.decimalString(decimals: 2)
        #expect(text.hasPrefix(String((Int128.max / 3 * 3 + 1) / 3) + "."))
        #expect(text.hasSuffix(".33"))
        let twoThirds = try Rational(Int128.max / 3 * 3 - 1, 3)
        #expect(twoThirds.decimalString(decimals: 1).hasSuffix(".7"))
        #expect(try Rational(99999999999999999999999999, 1).multiplied(by: Rational(99999999999, 1)).shortString(maxDecimals: 4)
                == "9999999999899999999999999900000000001")
    }
}
