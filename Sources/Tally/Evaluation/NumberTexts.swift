/// The texts of figures (``Figure/display``), remembered for one run by what the text depends
/// on: the value's numerator and denominator, the kind and the decimals. Explanations and
/// messages show the same figures again and again (a row's amount in every failing column's
/// explanation), and writing a 128-bit fraction in decimal took a couple of thousand
/// instructions each time.
///
/// A direct-mapped table: a slot taken by another figure is overwritten, a miss writes the text
/// again. Equal keys are equal texts: the text is computed from nothing else.
struct NumberTexts {
    static let slotCount = 256
    /// Six words per slot: the numerator and denominator (two words each), the kind with a
    /// flag for "has decimals" (0: empty slot), and the decimals.
    private var keys: [UInt64] = []
    private var texts: [String] = []

    /// `f.display`, remembered.
    mutating func display(_ f: Figure) -> String {
        let n = f.value.numerator, d = f.value.denominator
        let k0 = UInt64(truncatingIfNeeded: n), k1 = UInt64(truncatingIfNeeded: n >> 64)
        let k2 = UInt64(truncatingIfNeeded: d), k3 = UInt64(truncatingIfNeeded: d >> 64)
        let k4 = 1 | UInt64(f.kind.rawValue) << 8 | (f.decimals == nil ? 0 : 2)
        let k5 = UInt64(UInt(bitPattern: f.decimals ?? 0))
        var h = RunCaches.mix(RunCaches.mix(k0, k1), k2 ^ k3)
        h = RunCaches.mix(h, k4 ^ (k5 << 16))
        let slot = Int(truncatingIfNeeded: h & UInt64(NumberTexts.slotCount - 1)), base = slot &* 6
        if keys.isEmpty {
            keys = [UInt64](repeating: 0, count: NumberTexts.slotCount * 6)
            texts = [String](repeating: "", count: NumberTexts.slotCount)
        }
        if keys[base] == k0, keys[base + 1] == k1, keys[base + 2] == k2, keys[base + 3] == k3,
           keys[base + 4] == k4, keys[base + 5] == k5 {
            return texts[slot]
        }
        let text = f.display
        keys[base] = k0; keys[base + 1] = k1; keys[base + 2] = k2; keys[base + 3] = k3
        keys[base + 4] = k4; keys[base + 5] = k5
        texts[slot] = text
        return text
    }
}
