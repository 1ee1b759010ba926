import Testing
@testable import Tally

/// `CellValues` makes each cell's value once per run, per table, row and column; and
/// `ArgumentValues` holds a builtin's arguments in order, inline or not.
@Suite struct CellValuesTests {
    static func table(_ name: String, rows: Int, columns: Int) -> Table {
        Table(name: name, title: name, columns: (0..<columns).map { Column(name: "c\($0)") },
              rows: (0..<rows).map { r in
                  Row(name: "r\(r)", cells: (0..<columns).map { c in Cell(figure: .exact(Rational(r * 10 + c)), line: r + 1) }, line: r + 1)
              }, rowKeys: [])
    }

    /// The figure value of `v` as an integer (`nil`: not a number).
    func number(_ v: Value) -> Int? {
        guard case .number(let f, _) = v else { return nil }
        return Evaluator.whole(f.value)
    }

    @Test func eachCellIsMadeOnceAndKeepsItsOwnValue() {
        var cache = CellValues()
        let a = Self.table("a", rows: 3, columns: 2), b = Self.table("b", rows: 2, columns: 3)
        var made = 0
        func read(_ t: Table, _ i: Int, _ c: Int) -> Int? {
            number(cache.value(t, i, c) { made += 1; return .number(t.rows[i].cells[c].figure!, .cell(t, row: i, column: c)) })
        }
        // Every cell of both tables, interleaved, twice: the values are the cells' own and
        // each is made once.
        for _ in 0..<2 {
            for i in 0..<3 { for c in 0..<3 {
                if c < 2 { #expect(read(a, i, c) == i * 10 + c) }
                if i < 2 { #expect(read(b, i, c) == i * 10 + c) }
            } }
        }
        #expect(made == 3 * 2 + 2 * 3)
    }

    @Test func cellsOutsideTheColumnsAreMadeEveryTime() {
        var cache = CellValues()
        let a = Self.table("a", rows: 2, columns: 2)
        var made = 0
        for _ in 0..<3 { _ = cache.value(a, 1, 5) { made += 1; return .bool(true) } }
        for _ in 0..<3 { _ = cache.value(a, 7, 0) { made += 1; return .bool(true) } }
        #expect(made == 6)
    }

    @Test func argumentsKeepTheirOrderPastTheInlineOnes() {
        for n in 0..<7 {
            var args = ArgumentValues()
            for k in 0..<n { args.append(.text("a\(k)")) }
            #expect(args.count == n)
            let texts = args.array.map { v -> String in if case .text(let s) = v { s } else { "?" } }
            #expect(texts == (0..<n).map { "a\($0)" })
            for k in 0..<n { if case .text(let s) = args[k] { #expect(s == "a\(k)") } else { Issue.record("not a text") } }
        }
    }
}
