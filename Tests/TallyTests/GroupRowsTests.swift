import Testing
@testable import Tally

/// `t.组名` of a table with side-by-side groups: the rows of the first group whose folded name
/// is the member's, the same list however often asked (``Evaluator/groupRows(_:_:)`` finds the
/// groups' folded names once per table and each group's rows once per run).
@Suite struct GroupRowsTests {
    static func row(_ name: String, _ group: String, _ amount: Int) -> Row {
        Row(name: name, group: group, cells: [Cell(figure: .exact(Rational(amount)), line: 1)], line: 1)
    }

    static let model: InMemoryModel = {
        // "收 入" and "收入" fold alike: the first of them is the group `t.收入` names.
        let t = Table(name: "表", title: "表", columns: [Column(name: "金额")],
                      rows: [row("甲", "收 入", 1), row("乙", "支出", 2), row("丙", "收入", 4), row("丁", "收 入", 8)],
                      rowKeys: [], groups: ["收 入", "支出", "收入"])
        return InMemoryModel(tables: [t])
    }()

    func value(_ s: String) throws -> String? {
        let c = CompiledExpression.compile(s, environment: Environment(model: Self.model))
        let e = try #require(c.expression, "\(c.diagnostics.map(\.message))")
        let r = e.evaluate(on: Self.model)
        return r.value?.display ?? r.notApplicable
    }

    @Test func aMemberNamesTheFirstGroupOfItsFoldedName() throws {
        #expect(try value("sum(表.收入)") == "9")
        #expect(try value("sum(表.支出)") == "2")
        #expect(try value("count(表.收入) + count(表.收入) + count(表.支出)") == "5")
        // Texts compare by folded name, so every row of either spelling has the group "收入".
        #expect(try value("sum([r for r in rows(表) where r.group == \"收入\"])") == "13")
    }

    @Test func aNameNoGroupHasIsLookedUpAmongTheRows() throws {
        #expect(try value("表.乙.金额") == "2")
        #expect(try value("表.丁.金额 + 表.甲.金额") == "9")
    }
}
