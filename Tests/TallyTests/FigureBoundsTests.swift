import Testing
@testable import Tally

/// `Figure.amount` and `Figure.percent` compute their bounds in 64-bit arithmetic when the
/// numbers are small: the bounds must be the very values (reduced the same way) that Rational
/// arithmetic gives, on both sides of the limits of that shortcut.
@Suite struct FigureBoundsTests {
    /// The bounds as the general path computes them.
    func slowAmount(_ v: Rational, decimals: Int) throws -> (Rational, Rational) {
        let half = try Rational(1, 2 * Rational.powerOfTen(max(decimals, 2)))
        return (try v.subtracting(half), try v.adding(half))
    }

    func slowPercent(_ v: Rational, decimals: Int) throws -> (Rational, Rational, Rational) {
        let fraction = try v.divided(by: Rational(100))
        let half = try Rational(1, 200 * Rational.powerOfTen(decimals))
        return (fraction, try fraction.subtracting(half), try fraction.adding(half))
    }

    static let mantissas: [Int128] = [0, 1, -1, 5, 25, 128, -3_885_24, 911_111, 4_294_967_295, 4_294_967_296, -4_294_967_296,
                                      99_999_999_999, 123_456_789_012_345]

    @Test func amountBoundsEqualRationalArithmetic() throws {
        for m in FigureBoundsTests.mantissas {
            for decimals in [0, 1, 2, 3, 6, 8, 9, 12] {
                let v = try Rational(m, Rational.powerOfTen(decimals))
                let f = Figure.amount(v, decimals: decimals)
                let (lo, hi) = try slowAmount(v, decimals: decimals)
                #expect(f.value == v && f.lower == lo && f.upper == hi, "\(m)e-\(decimals)")
                #expect(f.decimals == decimals && f.kind == .number)
            }
        }
    }

    @Test func percentBoundsEqualRationalArithmetic() throws {
        for m in FigureBoundsTests.mantissas {
            for decimals in [0, 1, 2, 5, 6, 7, 10] {
                let v = try Rational(m, Rational.powerOfTen(decimals))
                let f = Figure.percent(v, decimals: decimals)
                let (fraction, lo, hi) = try slowPercent(v, decimals: decimals)
                #expect(f.value == fraction && f.lower == lo && f.upper == hi, "\(m)e-\(decimals)%")
                #expect(f.decimals == decimals && f.kind == .percent)
            }
        }
    }

    @Test func boundsAreReduced() throws {
        // 0.5 with cent precision: (0.495, 0.505) = (99/200, 101/200).
        let f = Figure.amount(try Rational(5, 10), decimals: 1)
        #expect(f.lower.numerator == 99 && f.lower.denominator == 200)
        #expect(f.upper.numerator == 101 && f.upper.denominator == 200)
        // 12.8% → 0.128 in (0.1275, 0.1285).
        let p = Figure.percent(try Rational(128, 10), decimals: 1)
        #expect(p.value.numerator == 16 && p.value.denominator == 125)
        let lower = try Rational(1275, 10000), upper = try Rational(1285, 10000)
        #expect(p.lower == lower && p.upper == upper)
    }
}
