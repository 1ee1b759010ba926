/// A number as a report states it: an exact value plus the open interval its written precision
/// implies.
///
/// An amount written `51.32` (万元) stands for every value in (51.315, 51.325); an amount
/// written `287.8` in prose still means 0.01 precision; a percent written `3%` stands for
/// (2.5%, 3.5%). Arithmetic carries the intervals along, and ``Figure/meets(_:)`` — the meaning
/// of `==` in Tally — holds when the two intervals meet. See `language.md`, "Precision-aware
/// comparison".
public struct Figure: Hashable, Sendable {
    /// What the figure is, for display and for percent-aware comparison.
    public enum Kind: UInt8, Sendable {
        /// An amount or any plain number.
        case number
        /// A percentage; ``value`` holds the fraction (12.8% is 0.128).
        case percent
    }

    /// The exact value of the written literals.
    public var value: Rational
    /// Open lower bound of the interval the figure stands for.
    public var lower: Rational
    /// Open upper bound of the interval the figure stands for.
    public var upper: Rational
    /// Number or percent.
    public var kind: Kind
    /// Decimals as written (for percents: of the percent number), or `nil` for computed values.
    public var decimals: Int?
    /// Whether the figure came from a blank cell (a blank cell is a 0 that remembers it).
    public var isBlank: Bool
    /// Whether the interval is unbounded (division by an interval that contains zero).
    public var isUnbounded: Bool

    /// Creates a figure with an explicit interval.
    public init(value: Rational, lower: Rational, upper: Rational, kind: Kind = .number,
                decimals: Int? = nil, isBlank: Bool = false, isUnbounded: Bool = false) {
        self.value = value; self.lower = lower; self.upper = upper
        self.kind = kind; self.decimals = decimals; self.isBlank = isBlank; self.isUnbounded = isUnbounded
    }

    /// An exact figure (a count, a constant): its interval is the point itself.
    public static func exact(_ value: Rational, kind: Kind = .number) -> Figure {
        Figure(value: value, lower: value, upper: value, kind: kind)
    }

    /// A blank cell: zero, exact, remembering it was blank.
    public static let blank = Figure(value: .zero, lower: .zero, upper: .zero, isBlank: true)

    /// An amount written with `decimals` decimals; its precision is `max(decimals, minimumDecimals)`
    /// places (amounts in 万元 keep 0.01 precision even when prose drops trailing zeros).
    public static func amount(_ value: Rational, decimals: Int, minimumDecimals: Int = 2) -> Figure {
        let places = max(decimals, minimumDecimals)
        if places <= 8, let (lo, hi) = bounds(value, halfDenominator: 2 * Int64(Rational.powerOfTen(places))) {
            return Figure(value: value, lower: lo, upper: hi, decimals: decimals)
        }
        let half = (try? Rational(1, 2 * Rational.powerOfTen(places))) ?? .zero
        let lo = (try? value.subtracting(half)) ?? value
        let hi = (try? value.adding(half)) ?? value
        return Figure(value: value, lower: lo, upper: hi, decimals: decimals)
    }

    /// A percent written as `percentNumber`% with `decimals` decimals: 12.8% is `(128/10, 1)`.
    public static func percent(_ percentNumber: Rational, decimals: Int) -> Figure {
        if decimals <= 6, percentNumber.denominator <= 1_000_000, let n = Int64(exactly: percentNumber.numerator),
           n.magnitude < 1 << 32 {
            let fraction = reduced(n, Int64(percentNumber.denominator) * 100)
            if let (lo, hi) = bounds(fraction, halfDenominator: 200 * Int64(Rational.powerOfTen(decimals))) {
                return Figure(value: fraction, lower: lo, upper: hi, kind: .percent, decimals: decimals)
            }
        }
        let fraction = (try? percentNumber.divided(by: Rational(100))) ?? .zero
        let half = (try? Rational(1, 200 * Rational.powerOfTen(decimals))) ?? .zero
        return Figure(value: fraction,
                      lower: (try? fraction.subtracting(half)) ?? fraction,
                      upper: (try? fraction.adding(half)) ?? fraction,
                      kind: .percent, decimals: decimals)
    }

    /// `value ∓ 1/halfDenominator` in 64-bit arithmetic, or `nil` when the operands are too
    /// large for it (the caller then uses ``Rational`` arithmetic). The results are reduced, so
    /// they are the same values ``Rational/subtracting(_:)`` and ``Rational/adding(_:)`` give;
    /// this spares the loader a 128-bit division per bound and written amount.
    private static func bounds(_ value: Rational, halfDenominator h: Int64) -> (Rational, Rational)? {
        guard h > 0, h <= 200_000_000, let n = Int64(exactly: value.numerator), n.magnitude < 1 << 32,
              let d = Int64(exactly: value.denominator), d < 1 << 32 else { return nil }
        // n/d ∓ 1/h = (n·h ∓ d) / (d·h): every product below 2^61.
        let scaled = n * h, den = d * h
        return (reduced(scaled - d, den), reduced(scaled + d, den))
    }

    /// `n / d` reduced (`d > 0`).
    @inline(__always)
    private static func reduced(_ n: Int64, _ d: Int64) -> Rational {
        var x = n.magnitude, y = UInt64(d)
        while y != 0 { (x, y) = (y, x % y) }
        let g = Int64(x)
        return Rational(unchecked: Int128(n / g), Int128(d / g))
    }

    /// Whether the figure is exact (a point interval).
    public var isExact: Bool { !isUnbounded && lower == value && upper == value }
}

// MARK: - Arithmetic carrying intervals

extension Figure {
    private func kindCombined(with other: Figure) -> Kind {
        kind == .percent && other.kind == .percent ? .percent : .number
    }

    /// `self + other`; the interval is the sum of intervals.
    public func adding(_ other: Figure) throws -> Figure {
        Figure(value: try value.adding(other.value),
               lower: try lower.adding(other.lower),
               upper: try upper.adding(other.upper),
               kind: kindCombined(with: other),
               decimals: Figure.maxDecimals(decimals, other.decimals),
               isUnbounded: isUnbounded || other.isUnbounded)
    }

    /// The larger of two optional decimal counts (`nil` when both are).
    static func maxDecimals(_ a: Int?, _ b: Int?) -> Int? {
        guard let a else { return b }
        guard let b else { return a }
        return Swift.max(a, b)
    }

    /// The smallest and the largest of four bounds, without building an array.
    static func span(_ a: Rational, _ b: Rational, _ c: Rational, _ d: Rational) -> (Rational, Rational) {
        var lo = a, hi = a
        if b < lo { lo = b }
        if b > hi { hi = b }
        if c < lo { lo = c }
        if c > hi { hi = c }
        if d < lo { lo = d }
        if d > hi { hi = d }
        return (lo, hi)
    }

    /// `-self`.
    public func negated() throws -> Figure {
        Figure(value: try value.negated(), lower: try upper.negated(), upper: try lower.negated(),
               kind: kind, decimals: decimals, isBlank: isBlank, isUnbounded: isUnbounded)
    }

    /// `self - other`.
    public func subtracting(_ other: Figure) throws -> Figure {
        try adding(other.negated())
    }

    /// `self × other`; the interval spans the products of the bounds.
    public func multiplied(by other: Figure) throws -> Figure {
        let (lo, hi) = Figure.span(try lower.multiplied(by: other.lower), try lower.multiplied(by: other.upper),
                                   try upper.multiplied(by: other.lower), try upper.multiplied(by: other.upper))
        return Figure(value: try value.multiplied(by: other.value),
                      lower: lo, upper: hi, kind: .number,
                      isUnbounded: isUnbounded || other.isUnbounded)
    }

    /// `self ÷ other`.
    /// - Throws: ``ArithmeticOverflow/divisionByZero`` when `other` is exactly zero.
    ///   When only `other`'s interval contains zero the result is unbounded.
    public func divided(by other: Figure) throws -> Figure {
        let v = try value.divided(by: other.value)
        if other.isUnbounded || isUnbounded || (other.lower.signum <= 0 && other.upper.signum >= 0) {
            return Figure(value: v, lower: v, upper: v, kind: .number, isUnbounded: true)
        }
        let (lo, hi) = Figure.span(try lower.divided(by: other.lower), try lower.divided(by: other.upper),
                                   try upper.divided(by: other.lower), try upper.divided(by: other.upper))
        return Figure(value: v, lower: lo, upper: hi, kind: .number)
    }
}

// MARK: - Comparison

/// The outcome of comparing two figures for equality, with what a reviewer needs to judge it.
public struct Comparison: Sendable, Hashable {
    /// Whether the comparison holds.
    public var holds: Bool
    /// `lhs - rhs`, exactly.
    public var difference: Rational
    /// The largest |difference| that would still have held: the rounding allowance applied.
    public var allowance: Rational
}

extension Figure {
    /// Precision-aware equality: the exact values agree, or the two open intervals meet.
    public func meets(_ other: Figure) -> Comparison {
        let diff = (try? value.subtracting(other.value)) ?? .zero
        if isUnbounded || other.isUnbounded {
            return Comparison(holds: true, difference: diff, allowance: diff.magnitude)
        }
        // When lhs ≥ rhs the intervals meet iff lhs.lower < rhs.upper, i.e.
        // diff < (value - lower) + (other.upper - other.value); symmetric otherwise.
        let allowance: Rational
        if lower == value && upper == value && other.lower == other.value && other.upper == other.value {
            // Two exact figures (counts, constants, computed exact values): no allowance.
            allowance = .zero
        } else if diff.signum >= 0 {
            allowance = (try? value.subtracting(lower).adding(other.upper.subtracting(other.value))) ?? .zero
        } else {
            allowance = (try? upper.subtracting(value).adding(other.value.subtracting(other.lower))) ?? .zero
        }
        let holds = diff.signum == 0 || diff.magnitude < allowance
        return Comparison(holds: holds, difference: diff, allowance: allowance)
    }

    /// Exact equality. A percent compared with a non-percent is compared after rounding the other
    /// side to the percent's written decimals (half up), as a reviewer reads "占 3%".
    public func exactlyEquals(_ other: Figure) -> Comparison {
        let diff = (try? value.subtracting(other.value)) ?? .zero
        var holds = diff.signum == 0
        if kind == .percent, other.kind != .percent, let d = decimals {
            holds = other.value.rounded(toDecimals: d + 2) == value
        } else if other.kind == .percent, kind != .percent, let d = other.decimals {
            holds = value.rounded(toDecimals: d + 2) == other.value
        }
        return Comparison(holds: holds, difference: diff, allowance: .zero)
    }

    /// Equality within an explicit tolerance: |lhs - rhs| ≤ tolerance.
    public func equals(_ other: Figure, within tolerance: Rational) -> Comparison {
        let diff = (try? value.subtracting(other.value)) ?? .zero
        return Comparison(holds: diff.magnitude <= tolerance.magnitude, difference: diff, allowance: tolerance.magnitude)
    }
}

// MARK: - Display

extension Figure {
    /// The figure as a reviewer reads it: amounts with their written decimals, percents with `%`.
    public var display: String {
        switch kind {
        case .percent:
            let pn = (try? value.multiplied(by: Rational(100))) ?? value
            return (decimals.map { pn.decimalString(decimals: $0) } ?? pn.shortString(maxDecimals: 4)) + "%"
        case .number:
            if let d = decimals { return value.decimalString(decimals: d) }
            return value.shortString(maxDecimals: 4)
        }
    }

    /// The plain decimal string used in JSON (`"9111.11"`; a percent as its percent number `"12.8"`).
    public func jsonString(asPercent: Bool = false) -> String {
        if kind == .percent || asPercent {
            let pn = (try? value.multiplied(by: Rational(100))) ?? value
            if kind == .percent, let d = decimals { return pn.decimalString(decimals: d) }
            return pn.shortString(maxDecimals: 4)
        }
        if let d = decimals { return value.decimalString(decimals: d) }
        return value.shortString(maxDecimals: 6)
    }
}
