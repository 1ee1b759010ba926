/// The four numbers a reviewer reads for a comparison, as decimal strings on one scale: when
/// either side is a percent, all four are percent numbers (`12.8`, `12.7499`), otherwise plain
/// amounts (`9111.11`).
public struct ComparisonText: Sendable, Hashable {
    /// Left side.
    public var lhs: String
    /// Right side.
    public var rhs: String
    /// `lhs - rhs`.
    public var difference: String
    /// The rounding allowance applied.
    public var allowance: String
    /// Whether the numbers are percent numbers.
    public var isPercent: Bool

    /// Formats a comparison's figures.
    public init(lhs: Figure, rhs: Figure, difference: Rational, allowance: Rational) {
        let pct = lhs.kind == .percent || rhs.kind == .percent
        isPercent = pct
        func scaled(_ r: Rational) -> Rational { pct ? ((try? r.multiplied(by: Rational(100))) ?? r) : r }
        func side(_ f: Figure) -> String {
            if let d = f.decimals, (f.kind == .percent) == pct {
                return scaled(f.value).decimalString(decimals: d)
            }
            return scaled(f.value).shortString(maxDecimals: 4)
        }
        self.lhs = side(lhs); self.rhs = side(rhs)
        self.difference = scaled(difference).shortString(maxDecimals: pct ? 4 : 4)
        self.allowance = scaled(allowance).shortString(maxDecimals: pct ? 4 : 4)
    }

    /// A figure rendered for people on this comparison's scale (`12.8%`, `9,111.11` → `9111.11`).
    public func unit(_ s: String) -> String { isPercent ? s + "%" : s }
}
