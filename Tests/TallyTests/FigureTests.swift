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
}
