/// Field values of facts (`w.金额`, `f.科目`), remembered for one run by the member node and the
/// fact's value bytes (``Evaluator/ValueBits``: the reference to the fact's box).
///
/// Narrative checks read the same fields of the same facts again and again (a join reads
/// `w.金额` of every fact for every outer fact). The previous memory was a dictionary keyed by
/// the fields' storage and checked by comparing the fact's texts: hashing (SipHash), the
/// comparisons and copying the fact out of the entry took about as long as reading the field.
/// This is a direct-mapped table of flat words: a lookup mixes two words and compares four.
///
/// A fact value is immutable and the entry keeps it alive, so equal bytes are the same fact
/// and the remembered value is what reading the field again gives. A slot taken by another
/// (node, fact) is overwritten; a miss only reads the field again. Faults and *not
/// applicable* outcomes are not remembered.
struct FactFieldCache {
    /// Slots in the table (a power of two).
    static let slotCount = 1024

    /// Four words per slot: the node's address (0: empty) and the fact value's three words.
    private var keys: [UInt64] = []
    /// Per slot: the fact (kept alive so its bytes are not reused) and the field's value.
    private var facts: [Value?] = [], values: [Value?] = []

    /// The slot of (`node`, `bits`).
    @inline(__always)
    private static func slot(_ node: UInt64, _ bits: Evaluator.ValueBits) -> Int {
        let h = RunCaches.mix(RunCaches.mix(node, bits.w0), bits.w1 ^ bits.w2)
        return Int(truncatingIfNeeded: h & UInt64(slotCount - 1))
    }

    /// The remembered value of member `node` of the fact whose value has bytes `bits`.
    @inline(__always)
    func value(_ node: UInt64, _ bits: Evaluator.ValueBits) -> Value? {
        guard !keys.isEmpty else { return nil }
        let k = FactFieldCache.slot(node, bits), base = k &* 4
        guard keys[base] == node, keys[base + 1] == bits.w0, keys[base + 2] == bits.w1,
              keys[base + 3] == bits.w2 else { return nil }
        return values[k]
    }

    /// Remembers `value` as member `node` of `fact` (whose bytes are `bits`).
    mutating func store(_ node: UInt64, _ bits: Evaluator.ValueBits, fact: Value, value: Value) {
        if keys.isEmpty {
            keys = [UInt64](repeating: 0, count: FactFieldCache.slotCount * 4)
            facts = [Value?](repeating: nil, count: FactFieldCache.slotCount)
            values = facts
        }
        let k = FactFieldCache.slot(node, bits), base = k &* 4
        keys[base] = node; keys[base + 1] = bits.w0; keys[base + 2] = bits.w1; keys[base + 3] = bits.w2
        facts[k] = fact
        values[k] = value
    }
}
