/// An exact rational number over 128-bit integers: the arithmetic under every Tally amount.
///
/// Money is never held in binary floating point. Amounts written in reports have at most a few
/// decimals, so their denominators stay small (powers of ten) and sums stay exact; a division
/// gives an exact fraction. Operations report overflow by throwing ``ArithmeticOverflow`` instead
/// of trapping, so hostile input can never crash the host.
public struct Rational: Hashable, Sendable {
    /// The numerator; carries the sign.
    public let numerator: Int128
    /// The denominator; always positive, and coprime with the numerator.
    public let denominator: Int128

    /// Zero.
    public static let zero = Rational(unchecked: 0, 1)
    /// One.
    public static let one = Rational(unchecked: 1, 1)

    init(unchecked numerator: Int128, _ denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// An integer as a rational.
    public init(_ integer: Int) {
        self.init(unchecked: Int128(integer), 1)
    }

    /// A reduced fraction `numerator / denominator`.
    /// - Throws: ``ArithmeticOverflow`` when the denominator is zero or reduction overflows.
    public init(_ numerator: Int128, _ denominator: Int128) throws {
        guard denominator != 0 else { throw ArithmeticOverflow.divisionByZero }
        var n = numerator, d = denominator
        if d < 0 {
            guard n != .min, d != .min else { throw ArithmeticOverflow.overflow }
            n = -n; d = -d
        }
        if d == 1 { self.init(unchecked: n, 1); return }
        let g = Rational.gcd(n.magnitude, d.magnitude)
        if g > 1 { n /= Int128(g); d /= Int128(g) }
        self.init(unchecked: n, d)
    }

    /// `10^exponent` for small exponents.
    public static func powerOfTen(_ exponent: Int) -> Int128 {
        var p: Int128 = 1
        for _ in 0..<max(0, min(exponent, 37)) { p *= 10 }
        return p
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        // Report amounts fit in 64 bits; a 128-bit remainder is a slow library call.
        if a <= UInt128(UInt64.max) && b <= UInt128(UInt64.max) {
            var x = UInt64(truncatingIfNeeded: a), y = UInt64(truncatingIfNeeded: b)
            while y != 0 { (x, y) = (y, x % y) }
            return UInt128(x)
        }
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Whether the value is an integer.
    public var isInteger: Bool { denominator == 1 }
    /// The sign: -1, 0 or 1.
    public var signum: Int { numerator == 0 ? 0 : (numerator < 0 ? -1 : 1) }
    /// The absolute value.
    public var magnitude: Rational { numerator < 0 ? Rational(unchecked: -numerator, denominator) : self }
}

/// Why an exact operation could not produce a result.
public enum ArithmeticOverflow: Error, Sendable, Equatable {
    /// A numerator or denominator left the 128-bit range.
    case overflow
    /// A division by an exact zero.
    case divisionByZero
}

extension Rational {
    private static func mul(_ a: Int128, _ b: Int128) throws -> Int128 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        if o { throw ArithmeticOverflow.overflow }
        return r
    }

    private static func add(_ a: Int128, _ b: Int128) throws -> Int128 {
        let (r, o) = a.addingReportingOverflow(b)
        if o { throw ArithmeticOverflow.overflow }
        return r
    }

    /// `self + other`, exactly.
    public func adding(_ other: Rational) throws -> Rational {
        // Blank cells and exact bounds add zeros all the time; a reduced value plus zero is itself.
        if other.numerator == 0 { return self }
        if numerator == 0 { return other }
        if denominator == other.denominator {
            return try Rational(Self.add(numerator, other.numerator), denominator)
        }
        let g = Int128(Rational.gcd(denominator.magnitude, other.denominator.magnitude))
        let l = denominator / g, r = other.denominator / g
        let n = try Self.add(Self.mul(numerator, r), Self.mul(other.numerator, l))
        return try Rational(n, Self.mul(denominator, r))
    }

    /// `-self`.
    public func negated() throws -> Rational {
        guard numerator != .min else { throw ArithmeticOverflow.overflow }
        return Rational(unchecked: -numerator, denominator)
    }

    /// `self - other`, exactly.
    public func subtracting(_ other: Rational) throws -> Rational {
        try adding(other.negated())
    }

    /// `self × other`, exactly.
    public func multiplied(by other: Rational) throws -> Rational {
        // Cross-reduce first to keep the intermediate products small.
        let g1 = Int128(Rational.gcd(numerator.magnitude, other.denominator.magnitude))
        let g2 = Int128(Rational.gcd(other.numerator.magnitude, denominator.magnitude))
        let a = g1 > 1 ? numerator / g1 : numerator, d2 = g1 > 1 ? other.denominator / g1 : other.denominator
        let b = g2 > 1 ? other.numerator / g2 : other.numerator, d1 = g2 > 1 ? denominator / g2 : denominator
        return try Rational(Self.mul(a, b), Self.mul(d1, d2))
    }

    /// `self ÷ other`, exactly.
    /// - Throws: ``ArithmeticOverflow/divisionByZero`` when `other` is zero.
    public func divided(by other: Rational) throws -> Rational {
        guard other.numerator != 0 else { throw ArithmeticOverflow.divisionByZero }
        let inverse = try Rational(other.denominator, other.numerator)
        return try multiplied(by: inverse)
    }
}

extension Rational: Comparable {
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        // Report amounts fit in 64 bits, where products are hardware multiplications.
        if let a = Int64(exactly: lhs.numerator), let b = Int64(exactly: rhs.denominator),
           let c = Int64(exactly: rhs.numerator), let d = Int64(exactly: lhs.denominator) {
            let (l, o1) = a.multipliedReportingOverflow(by: b)
            let (r, o2) = c.multipliedReportingOverflow(by: d)
            if !o1 && !o2 { return l < r }
        }
        // Compare a/b < c/d as a·d < c·b, falling back to a slower exact path on overflow.
        let (l, o1) = lhs.numerator.multipliedReportingOverflow(by: rhs.denominator)
        let (r, o2) = rhs.numerator.multipliedReportingOverflow(by: lhs.denominator)
        if !o1 && !o2 { return l < r }
        return lhs.slowLess(than: rhs)
    }

    /// Continued-fraction comparison that cannot overflow.
    private func slowLess(than other: Rational) -> Bool {
        var a = (numerator, denominator), b = (other.numerator, other.denominator)
        var flipped = false
        while true {
            let qa = Self.floorDiv(a.0, a.1), qb = Self.floorDiv(b.0, b.1)
            if qa != qb { return (qa < qb) != flipped }
            let ra = a.0 - qa * a.1, rb = b.0 - qb * b.1
            if ra == 0 || rb == 0 {
                if ra == 0 && rb == 0 { return false }
                return (ra == 0) != flipped
            }
            a = (a.1, ra); b = (b.1, rb)
            flipped.toggle()
        }
    }

    static func floorDiv(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

extension Rational {
    /// Parses an ASCII decimal such as `-1,234.50` (thousands separators allowed).
    /// Returns the value and the number of written decimals, or `nil` when it is not a decimal.
    public static func parseDecimal<S: Sequence>(_ bytes: S) -> (value: Rational, decimals: Int)? where S.Element == UInt8 {
        var negative = false, seenDigit = false, seenPoint = false
        var mantissa: Int128 = 0, decimals = 0, first = true
        for b in bytes {
            defer { first = false }
            switch b {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "+") where first: break
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (m, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m.addingReportingOverflow(Int128(b - UInt8(ascii: "0")))
                if o1 || o2 || decimals > 30 { return nil }
                mantissa = m2
                seenDigit = true
                if seenPoint { decimals += 1 }
            case UInt8(ascii: ".") where !seenPoint: seenPoint = true
            case UInt8(ascii: ","): if seenPoint || !seenDigit { return nil }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        guard let v = try? Rational(negative ? -mantissa : mantissa, powerOfTen(decimals)) else { return nil }
        return (v, decimals)
    }

    /// Parses a decimal string; see ``parseDecimal(_:)``.
    public static func parseDecimal(_ text: String) -> (value: Rational, decimals: Int)? {
        parseDecimal(text.utf8)
    }

    /// Rounds half away from zero to `decimals` places.
    public func rounded(toDecimals decimals: Int) -> Rational {
        let scale = Rational.powerOfTen(decimals)
        guard let scaled = try? multiplied(by: Rational(unchecked: scale, 1)) else { return self }
        // Already on the grid (amounts as written): nothing to round.
        if scaled.denominator == 1 { return (try? Rational(scaled.numerator, scale)) ?? self }
        let n = scaled.numerator.magnitude, d = scaled.denominator.magnitude
        var q = n / d
        if (n % d) * 2 >= d { q += 1 }
        let signed = scaled.numerator < 0 ? -Int128(q) : Int128(q)
        return (try? Rational(signed, scale)) ?? self
    }

    /// The decimal form with exactly `decimals` places, rounded half away from zero.
    public func decimalString(decimals: Int) -> String {
        let scale = Rational.powerOfTen(decimals)
        // k / scale is the value rounded to `decimals` places. A value already on that grid (an
        // amount as written) needs no rounding: k is its numerator scaled up.
        let k: Int128
        if scale % denominator == 0, case let (m, o) = numerator.multipliedReportingOverflow(by: scale / denominator), !o {
            k = m
        } else if let scaled = try? rounded(toDecimals: decimals).multiplied(by: Rational(unchecked: scale, 1)).numerator {
            k = scaled
        } else {
            // The scaled value leaves 128 bits (about 1.7e34 and more at two places): it printed
            // as 0. Written by long division instead.
            return longDivisionText(decimals: decimals) ?? "0"
        }
        return Rational.decimalText(k, decimals: decimals)
    }

    /// The value rounded half away from zero to `decimals` places, by long division on the
    /// magnitudes (for values whose scaled numerator does not fit in 128 bits); `nil` when even
    /// that overflows (a denominator above 2^128 / 10).
    func longDivisionText(decimals: Int) -> String? {
        let d = denominator.magnitude
        var q = numerator.magnitude / d, r = numerator.magnitude % d
        var fraction: [UInt8] = []
        for _ in 0..<max(0, min(decimals, 60)) {
            let (t, o) = r.multipliedReportingOverflow(by: 10)
            if o { return nil }
            fraction.append(UInt8(t / d)); r = t % d
        }
        // Half away from zero: 2r ≥ d (r < d ≤ 2^127, so 2r fits).
        if r * 2 >= d {
            var k = fraction.count - 1
            while k >= 0 && fraction[k] == 9 { fraction[k] = 0; k -= 1 }
            if k >= 0 { fraction[k] += 1 } else { q += 1 }
        }
        var text = String(q)
        if !fraction.isEmpty { text += "." + String(decoding: fraction.map { $0 + UInt8(ascii: "0") }, as: UTF8.self) }
        let zero = q == 0 && fraction.allSatisfy { $0 == 0 }
        return numerator < 0 && !zero ? "-" + text : text
    }

    /// `k / 10^decimals` written out: a minus sign when negative, at least one digit before the
    /// point and exactly `decimals` after it.
    static func decimalText(_ k: Int128, decimals: Int) -> String {
        // Digits from the last, into a buffer: at most 39 digits, a point, a sign and the zeros
        // that pad a small value to `decimals` places. Written straight into the string's
        // storage (ASCII needs no validation; a short one is stored inline, without a heap copy).
        let decimals = max(0, decimals)
        let capacity = 42 + decimals
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out -> String in
            var m = k.magnitude
            var i = capacity, written = 0
            // 64-bit division when the value fits: dividing a 128-bit integer is a software call.
            var small = m <= UInt128(UInt64.max) ? UInt64(truncatingIfNeeded: m) : nil
            repeat {
                if decimals > 0 && written == decimals { i -= 1; out[i] = UInt8(ascii: ".") }
                let digit: UInt8
                if let s = small { digit = UInt8(s % 10); small = s / 10 } else {
                    digit = UInt8(m % 10); m /= 10
                    if m <= UInt128(UInt64.max) { small = UInt64(truncatingIfNeeded: m) }
                }
                i -= 1; out[i] = UInt8(ascii: "0") + digit
                written += 1
            } while (small ?? 1) != 0 || written <= decimals
            if k < 0 { i -= 1; out[i] = UInt8(ascii: "-") }
            let n = capacity - i, start = i
            return String(unsafeUninitializedCapacity: n) { dst in
                for j in 0..<n { dst[j] = out[start + j] }
                return n
            }
        }
    }

    /// The shortest exact decimal form when the value has one within `maxDecimals` places,
    /// otherwise the value rounded to `maxDecimals` places with trailing zeros removed.
    public func shortString(maxDecimals: Int = 6, minDecimals: Int = 0) -> String {
        var s = decimalString(decimals: maxDecimals)
        if let dot = s.firstIndex(of: ".") {
            let minEnd = s.index(dot, offsetBy: minDecimals + (minDecimals > 0 ? 1 : 0))
            while s.last == "0", s.endIndex > minEnd { s.removeLast() }
            if s.last == "." { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }
}

extension Rational: CustomStringConvertible {
    public var description: String { shortString() }
}
