/// Whether two nodes have the same shape (``Node/sameShape(as:)``), remembered for one run by
/// the pair of nodes. A remembered outcome found under a shape's hash is only used when the
/// node that stored it has the same shape as the one asking, and comparing the two trees (with
/// a dictionary of bound slots per level) took a few thousand instructions on every such hit;
/// nodes never change, so the answer for a pair is the same all run.
///
/// A direct-mapped table of three words per slot (the two nodes' addresses and the answer); a
/// slot taken by another pair is overwritten. Nodes belong to the pack being run, which
/// outlives the evaluator, so their addresses are not reused while the table lives.
struct ShapePairCache {
    static let slotCount = 256
    /// Allocated on first use (see ``NameCache``).
    private var words: [UInt64] = []

    /// `a.sameShape(as: b)`, remembered.
    mutating func same(_ a: Node, _ b: Node) -> Bool {
        if a === b { return true }
        if words.isEmpty { words = [UInt64](repeating: 0, count: ShapePairCache.slotCount * 3) }
        let x = RunCaches.word(ObjectIdentifier(a)), y = RunCaches.word(ObjectIdentifier(b))
        let k = Int(truncatingIfNeeded: RunCaches.mix(x, y) & UInt64(ShapePairCache.slotCount - 1)) &* 3
        if words[k] == x && words[k + 1] == y { return words[k + 2] != 0 }
        let same = a.sameShape(as: b)
        words[k] = x; words[k + 1] = y; words[k + 2] = same ? 1 : 0
        return same
    }
}

/// The column a text names in a table (`r[c]` with `c` bound to a column name), remembered for
/// one run by the table and the text value's bytes (see ``Evaluator/ValueBits``; the entry keeps
/// the text alive, so its bytes are not reused). Only texts that name a column by their folded
/// key are remembered — not codes, nor names the table has no column for — so a hit is what
/// folding the text and finding the column again gives. Checks read `r[c]` for every row and
/// column, and each read folded and hashed the column's name twice.
struct ColumnByText {
    static let slotCount = 256
    /// Four words per slot: the table's address (0: empty) and the text's three words.
    /// The three tables are allocated on the first store (see ``NameCache``).
    private var keys: [UInt64] = []
    private var columns: [Int] = []
    /// The tables and texts of the entries, kept alive.
    private var kept: [(Table, Value)?] = []

    @inline(__always)
    private static func slot(_ table: UInt64, _ bits: Evaluator.ValueBits) -> Int {
        Int(truncatingIfNeeded: RunCaches.mix(RunCaches.mix(table, bits.w0), bits.w1 ^ bits.w2) & UInt64(slotCount - 1))
    }

    /// The remembered column of `t` that the text with bytes `bits` names.
    @inline(__always)
    func column(_ t: Table, _ bits: Evaluator.ValueBits) -> Int? {
        guard !keys.isEmpty else { return nil }
        let id = RunCaches.word(ObjectIdentifier(t))
        let k = ColumnByText.slot(id, bits), base = k &* 4
        guard keys[base] == id, keys[base + 1] == bits.w0, keys[base + 2] == bits.w1, keys[base + 3] == bits.w2 else { return nil }
        return columns[k]
    }

    /// Remembers that `text` (whose bytes are `bits`) names column `c` of `t`.
    mutating func store(_ t: Table, _ text: Value, _ bits: Evaluator.ValueBits, column c: Int) {
        if keys.isEmpty {
            keys = [UInt64](repeating: 0, count: ColumnByText.slotCount * 4)
            columns = [Int](repeating: 0, count: ColumnByText.slotCount)
            kept = [(Table, Value)?](repeating: nil, count: ColumnByText.slotCount)
        }
        let id = RunCaches.word(ObjectIdentifier(t))
        let k = ColumnByText.slot(id, bits), base = k &* 4
        keys[base] = id; keys[base + 1] = bits.w0; keys[base + 2] = bits.w1; keys[base + 3] = bits.w2
        columns[k] = c
        kept[k] = (t, text)
    }
}
