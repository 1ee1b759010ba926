import Testing
import TallyTestSupport
@testable import Tally

/// The per-run lookups by address (`ColumnByText`, `ShapePairCache`, `NumberTexts`) must answer
/// what computing again answers, including when entries share a slot.
@Suite struct RunLookupTests {
    static let model = EvaluatorTests.model

    func compiled(_ s: String) throws -> CompiledExpression {
        let c = CompiledExpression.compile(s, environment: Environment(model: Self.model))
        return try #require(c.expression, "\(c.diagnostics.map(\.message))")
    }

    @Test func figureTextsAreTheFiguresOwnUnderCollisions() throws {
        var texts = NumberTexts()
        // More figures than slots: slots are shared and overwritten; every text must still be
        // the figure's own, asked twice in different orders.
        var figures: [Figure] = []
        for k in 0..<600 {
            figures.append(.amount(try Rational(Int128(k * 37), 100), decimals: 2))
            figures.append(.exact(try Rational(Int128(k), 7)))
        }
        let eighth = try Rational(1, 8)
        figures.append(contentsOf: [.amount(eighth, decimals: 1), .amount(eighth, decimals: 3)])
        for f in figures {
            let text = texts.display(f)
            #expect(text == f.display)
        }
        for f in figures.reversed() {
            let text = texts.display(f)
            #expect(text == f.display)
        }
        // The same value with other decimals or as a percent is another text.
        var p = Figure.amount(eighth, decimals: 1)
        p.kind = .percent
        let percent = texts.display(p), amount = texts.display(.amount(eighth, decimals: 1))
        #expect(percent == p.display)
        #expect(percent != amount)
    }

    @Test func shapePairsAnswerWhatComparingTheTreesAnswers() throws {
        let e = try compiled("[count([r for r in rows(公开05) where length(r.name) > 2]), count([s for s in rows(公开05) where length(s.name) > 2]), count([r for r in rows(公开05) where length(r.name) > 3])]")
        guard case .list(let items) = e.root.op, items.count == 3 else { Issue.record("unexpected shape"); return }
        var pairs = ShapePairCache()
        for _ in 0..<2 {
            for a in items {
                for b in items {
                    let same = pairs.same(a, b)
                    #expect(same == a.sameShape(as: b))
                }
            }
        }
        let renamed = pairs.same(items[0], items[1]), other = pairs.same(items[0], items[2])
        #expect(renamed)
        #expect(!other)
    }

    @Test func columnsNamedByTextGiveWhatTheNamedMemberGives() throws {
        // The same cells read through a text bound in a loop (remembered by the text) and by
        // name; a name the table lacks and a code are still answered as before.
        let byText = try compiled("[sum(r[c] for r in rows(公开05) where exists(r[c])) for c in columns(公开05)]")
        let byName = try compiled("[sum(r.小计 for r in rows(公开05) where exists(r.小计))]")
        let ev = Evaluator(model: Self.model, lets: byText.lets, slots: byText.slots)
        let first = try ev.eval(byText.root).display, again = try ev.eval(byText.root).display
        #expect(first == again)
        let plain = Evaluator(model: Self.model, lets: byName.lets, slots: byName.slots)
        let total = try plain.eval(byName.root).display
        #expect(first.contains(total.dropFirst().dropLast()))
        let missing = try compiled("[[exists(r[c]) for r in rows(公开05)] for c in [\"没有这一列\", \"小计\"]]")
        let ev2 = Evaluator(model: Self.model, lets: missing.lets, slots: missing.slots)
        let shown = try ev2.eval(missing.root).display
        #expect(shown.contains("false"))
        #expect(shown.contains("true"))
    }
}
