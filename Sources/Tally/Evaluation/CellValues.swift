/// The values of table cells read during one run (`r.金额`, `r[c]`), each made once.
///
/// A cell's value is a boxed figure with its origin (``Value/number(_:_:)``): making it took an
/// allocation on every read, and checks read the same cells again for every column, loop and
/// check. Values are kept per table in row-major order, found by the table's identity (a report
/// has a few dozen tables; the last one used is tried first). The entries keep their tables
/// alive, so identities are not reused while the cache lives. A cell beyond the table's columns
/// is made every time, as before.
struct CellValues {
    private var tables: [Table] = []
    private var values: [[Value?]] = []
    private var last = 0

    /// The value of column `c` of row `i` of `t`: `make()`, remembered.
    @inline(__always)
    mutating func value(_ t: Table, _ i: Int, _ c: Int, _ make: () -> Value) -> Value {
        let width = t.columns.count
        guard c >= 0, c < width, i >= 0, i < t.rows.count else { return make() }
        let k = index(of: t)
        let at = i &* width &+ c
        if let v = values[k][at] { return v }
        let v = make()
        values[k][at] = v
        return v
    }

    /// The place of `t` in ``tables``, added on first use.
    private mutating func index(of t: Table) -> Int {
        if last < tables.count, tables[last] === t { return last }
        for k in tables.indices where tables[k] === t {
            last = k
            return k
        }
        tables.append(t)
        values.append([Value?](repeating: nil, count: t.rows.count * t.columns.count))
        last = tables.count - 1
        return last
    }
}
