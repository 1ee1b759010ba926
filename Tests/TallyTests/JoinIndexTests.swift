import Testing
import TallyTestSupport
@testable import Tally

/// Joins by equal names (``Evaluator/joinPlan(_:slot:items:)``): a loop whose filter begins with
/// an equality of a side reading the item and a side reading none of the loop's slots evaluates
/// the filter only for the items whose side has the other side's folded name, and charges the
/// others. The outcomes, the steps and the faults must be exactly those of the nested loop
/// (remembering off), with duplicates, blanks, no match, folded spellings and sides that are not
/// texts or fail.
@Suite struct JoinIndexTests {
    static let model = EvaluatorTests.model

    /// Joins the index serves.
    static let joins = [
        // Duplicates: many rows share their first character.
        "[[x.line for x in rows(公开05) where prefix(x.name, 1) == prefix(s.name, 1)] for s in rows(公开05)]",
        // The item on the right; blanks (合计 has no code, so its prefix is empty).
        "[[x.line for x in rows(公开05) where prefix(s.code, 3) == prefix(x.code, 3)] for s in rows(公开05)]",
        // No match at all.
        "[count([x for x in rows(公开05) where same(x.name, s.name + \"之外\")]) for s in rows(公开05)]",
        // An `and` after the equality; `same` over prefixes.
        "[[x.line for x in rows(公开05) where same(prefix(x.name, 2), prefix(s.name, 2)) and x.line < s.line] for s in rows(公开05)]",
        // A quantifier, and an equality under two `and`s.
        "[(any x in rows(公开05) where prefix(x.name, 1) == prefix(s.name, 1) and x.line != s.line and x.小计 > 0: x.小计 > s.小计) for s in rows(公开05)]",
        // Folded spellings: full-width and ASCII brackets name the same.
        "[count([x for x in rows(公开05) where x.name + \"(一)\" == s.name + \"（一）\"]) for s in rows(公开05)]",
        // Nested joins, the inner one's other side reading both outer variables.
        "[[count([x for x in rows(公开05) where prefix(x.name, 1) == prefix(s.name, 1) + prefix(t.name, 0)]) for t in rows(公开05)] for s in rows(公开05)]",
    ]

    /// Loops the index must leave to the nested loop: sides that are not texts, or that fail
    /// for some items (not applicable, a fault), or a side reading the loop's item on both ends.
    static let others = [
        "[count([x for x in rows(公开05) where x.小计 == s.小计]) for s in rows(公开05)]",
        "[count([x for x in rows(公开05) where (if x.line > 205 then x.name else x.line) == s.name]) for s in rows(公开05)]",
        "[count([x for x in rows(公开05) where prefix(x.parent.name, 1) == prefix(s.name, 1)]) for s in rows(公开05)]",
        "[count([x for x in rows(公开05) where prefix(x.name, 1 / (x.line - 205)) == s.name]) for s in rows(公开05)]",
        "[count([x for x in rows(公开05) where prefix(x.name, 1) == prefix(s.name, x.line - x.line + 1)]) for s in rows(公开05)]",
    ]

    /// Evaluates with remembering on or off: what is shown, the steps, and whether an index was
    /// used (built and usable).
    func run(_ text: String, remembering: Bool, stepLimit: Int = Limits.maxSteps) throws -> (String, Int, Bool) {
        let r = try RememberingRun(text, remembering: remembering, stepLimit: stepLimit, show: Self.full)
        return (r.shown, r.steps, r.evaluator.joins.values.contains { $0.usable })
    }

    /// A value shown in full (``Value/display`` shortens long lists), rows by table and line.
    static func full(_ v: Value) -> String {
        switch v {
        case .list(let xs): return "[" + xs.map(full).joined(separator: ", ") + "]"
        case .row(let r): return "\(r.table.name)@\(r.table.rows[r.index].line)"
        default: return v.display
        }
    }

    @Test(arguments: joins)
    func joinsGiveTheNestedLoopsValuesAndSteps(_ text: String) throws {
        let plain = try run(text, remembering: false), joined = try run(text, remembering: true)
        #expect(joined.0 == plain.0)
        #expect(joined.1 == plain.1)
        #expect(joined.2, "the index was not used")
        #expect(!plain.2)
        #expect(!plain.0.contains("fault") && !plain.0.contains("notApplicable"), "\(plain.0)")
    }

    @Test(arguments: others)
    func otherLoopsAreLeftToTheNestedLoop(_ text: String) throws {
        let plain = try run(text, remembering: false), joined = try run(text, remembering: true)
        #expect(joined.0 == plain.0)
        #expect(joined.1 == plain.1)
        #expect(!joined.2, "an index was used")
    }

    @Test(arguments: joins + others)
    func stepBudgetsRunOutAtTheSamePlace(_ text: String) throws {
        let total = try run(text, remembering: false).1
        for limit in [total / 7, total / 3, total / 2, total - 1, total] where limit > 0 {
            let plain = try run(text, remembering: false, stepLimit: limit)
            let joined = try run(text, remembering: true, stepLimit: limit)
            if limit < total { #expect(plain.0.contains("more than \(limit) steps"), "\(limit) \(plain.0)") }
            #expect(joined.0 == plain.0, "\(limit)")
            #expect(joined.1 == plain.1, "\(limit)")
        }
    }

    /// The duplicates come back in the items' order, and a blank name matches only blanks.
    @Test func duplicatesAndBlanks() throws {
        // 行政事业单位养老支出 (198), 行政单位离退休 (199), 行政事业单位医疗 (202), 行政单位医疗 (203)
        // and 行政运行 (206) share their first two characters.
        let lines = try run("[[x.line for x in rows(公开05) where prefix(x.name, 2) == prefix(s.name, 2)] for s in rows(公开05)][3]", remembering: true)
        #expect(lines.0 == "[198, 199, 202, 203, 206]", "\(lines.0)")
        #expect(lines.2)
        // 合计 has no code: its prefix is empty, and only its own is.
        let blanks = try run("[[x.line for x in rows(公开05) where prefix(x.code, 3) == prefix(s.code, 3)] for s in rows(公开05)]", remembering: true)
        #expect(blanks.0.hasPrefix("[[196], [197, 198, 199, 200], [197, 198, 199, 200]"), "\(blanks.0)")
        #expect(blanks.2)
    }
}
