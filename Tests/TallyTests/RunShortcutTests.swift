import Testing
import TallyTestSupport
@testable import Tally

/// The shortcuts `Pack.run` takes for speed (remembered names, columns, matches and loop
/// filters; failures explained from one evaluation; byte search) must give exactly what the plain
/// evaluation gives.
@Suite struct RunShortcutTests {
    static let model = EvaluatorTests.model

    func compiled(_ s: String, table: String? = nil) throws -> CompiledExpression {
        let c = CompiledExpression.compile(s, environment: Environment(model: Self.model), table: table)
        return try #require(c.expression, "\(c.diagnostics.map(\.message))")
    }

    /// Evaluates with filters remembered or not; the value shown and the steps taken.
    func run(_ e: CompiledExpression, remembering: Bool) -> (String, Int, Int) {
        let r = RememberingRun(e, remembering: remembering)
        return (r.shown, r.steps, r.evaluator.filterMemo.count)
    }

    @Test func rememberedFiltersGiveTheSameValuesAndTakeTheSameSteps() throws {
        // The inner filter reads only r: remembered after the first column.
        let e = try compiled("""
        [sum(r[c] for r in 公开05.功能分类.** where count(r.*) == 0 and length(r.code) >= 3 and not (r.level == 2 and not exists(r.parent))) for c in columns(公开05)]
        """)
        let plain = run(e, remembering: false), remembered = run(e, remembering: true)
        #expect(plain.2 == 0)
        #expect(remembered.2 > 0)
        #expect(remembered.0 == plain.0)
        #expect(remembered.1 == plain.1)
        #expect(plain.0.contains("."))
    }

    @Test func filtersReadingAnOuterVariableAreNotRemembered() throws {
        let e = try compiled("[count([r for r in rows(公开05) where length(r.name) > n]) for n in [1, 2, 3, 4]]")
        let plain = run(e, remembering: false), remembered = run(e, remembering: true)
        #expect(remembered.2 == 0)
        #expect(remembered.0 == plain.0)
        #expect(remembered.1 == plain.1)
    }

    @Test func freeSlotsFollowTheBindings() throws {
        let e = try compiled("[count([r for r in rows(公开05) where length(r.name) > n]) for n in [1, 2]]")
        guard case .comprehension(let outer, _, _, let body) = e.root.op,
              case .builtin(_, let args) = body.op,
              case .comprehension(let inner, _, let filter?, _) = args[0].op else {
            Issue.record("unexpected shape"); return
        }
        #expect(!filter.dependsOnlyOn(slot: inner))
        #expect(filter.freeSlots == (UInt64(1) << UInt64(inner)) | (UInt64(1) << UInt64(outer)))
        #expect(args[0].freeSlots == UInt64(1) << UInt64(outer))
        #expect(e.root.freeSlots == 0)
    }

    @Test func levelIsTheRowsLevel() {
        for kind in RowKey.allCases.map({ Optional($0) }) + [nil] {
            for n in 0...9 {
                let code = n == 0 ? nil : String(repeating: "1", count: n)
                let row = Row(code: code, codeKind: kind, name: "x", cells: [], line: 1)
                #expect(Evaluator.level(code, kind) == (row.level ?? 0), "\(String(describing: kind)) \(n)")
            }
        }
    }

    @Test func byteSearchOnlyWhereItIsCharacterSearch() {
        #expect(RunCaches.isPlain("一般公共预算支出总计"))
        #expect(RunCaches.isPlain("abc-1.2"))
        #expect(!RunCaches.isPlain("e\u{301}"))
        #expect(!RunCaches.isPlain("a b"))
        #expect(!RunCaches.isPlain("\u{3400}"))
        #expect(!RunCaches.isPlain("合计\u{200D}"))
        // The punctuation written between ideographs is plain; what decomposes or combines is not.
        #expect(RunCaches.isPlain("离休、市管≥95%（万元）“指标”：，。…"))
        #expect(!RunCaches.isPlain("≠"))
        #expect(!RunCaches.isPlain("≥\u{338}"))
        #expect(!RunCaches.isPlain("\u{3000}"))
        #expect(!RunCaches.isPlain("\u{302A}"))
        let texts = ["一般公共预算支出总计", "总计", "支出", "计支", "abc", "bc", "", "a", "合计合计", "计合",
                     "率≥95%≥95%", "≥95%", "5%≥", "、市管", "（万元）", "）（", "…“指标”"]
        for a in texts where RunCaches.isPlain(a) || a.isEmpty {
            for b in texts where !b.isEmpty && RunCaches.isPlain(b) {
                #expect(RunCaches.containsBytes(a, b) == a.contains(b), "\(a) \(b)")
            }
        }
    }

    @Test func plainCountsAndPrefixesAreCharacterCountsAndPrefixes() {
        let texts = ["", "a", "预算执行率", "离休、市管≥95%", "a b（万元）", "e\u{301}x", "合计\u{200D}", "\r\n", "≠1", "👍🏽"]
        for t in texts {
            for n in 0...6 {
                guard let p = RunCaches.plainCharacters(t, prefix: n) else { continue }
                #expect(p.count == t.count, "\(t)")
                #expect(String(decoding: t.utf8.prefix(p.prefixBytes), as: UTF8.self) == String(t.prefix(n)), "\(t) \(n)")
            }
        }
        #expect(RunCaches.plainCharacters("e\u{301}") == nil)
        #expect(RunCaches.plainCharacters("\r\n") == nil)
        let keys = ["预算执行率", "预算执行率", "≥95%", "e\u{301}", "\u{e9}", "（一）"]
        for a in keys {
            for b in keys {
                #expect(RunCaches.sameKey((a, RunCaches.isPlain(a)), (b, RunCaches.isPlain(b))) == (a == b), "\(a) \(b)")
            }
        }
    }

    @Test func factFieldsAreFoundAsTheDictionaryFindsThem() {
        let one = FactField.text("x", line: 1)
        let fieldSets: [[String: FactField]] = [
            ["指标": one, "目标": one, "v1": one],
            ["\u{F900}": one, "金额": one],  // a compatibility ideograph: canonically U+8C48
            ["e\u{301}": one],
            [:],
        ]
        let names = ["指标", "目标", "v1", "v2", "\u{8C48}", "\u{F900}", "\u{E9}", "e\u{301}", "金额", ""]
        for fields in fieldSets {
            for n in names {
                #expect((Evaluator.field(fields, n) != nil) == (fields[n] != nil), "\(fields.keys.sorted()) \(n)")
            }
        }
    }

    @Test func nameCacheAgreesWithFoldingUnderCollisions() {
        var cache = NameCache()
        let names = (0..<2500).map { "（\($0)）合计 支出支出" } + ["一、基本支出", "２１０", "卫生健康（类）支出", "≥95%"]
        for _ in 0..<2 {
            for n in names {
                let e = cache.entry(n)
                #expect(e.key == NameFolding.key(n))
                #expect(e.isCode == n.allSatisfy(\.isNumber))
                let f = cache.folded(n)
                #expect(f.key == e.key)
                #expect(f.plain == RunCaches.isPlain(e.key))
            }
        }
    }

    @Test func failuresAreExplainedAsIfEvaluatedAgainWithExplainOn() throws {
        let src = SourceFile(path: "p.tally", text: """
        let 小计合计 = sum(r.小计 for r in 公开05.功能分类.* where count(r.*) > 0)
        check A-1 "uses the let first" warning: 小计合计 >= 0
        check A-2 "fails" warning
          for c in columns(公开05)
          when exists(total(公开05)):
            total(公开05)[c] + 1 == sum(r[c] for r in 公开05.功能分类.** where count(r.*) == 0) + 小计合计 - 小计合计
          message "{c}: {total(公开05)[c]}"
        """)
        let comp = Pack.compile(sources: [src], model: Self.model)
        let pack = try #require(comp.pack, "\(comp.diagnostics.map(\.message))")
        let plain = pack.run(on: Self.model).filter { $0.checkID == "A-2" }
        let explained = pack.run(on: Self.model, options: RunOptions(explainAll: true)).filter { $0.checkID == "A-2" }
        #expect(plain.count == explained.count)
        #expect(plain.contains { $0.status == .fail })
        for (p, x) in zip(plain, explained) {
            #expect(p.status == x.status)
            #expect(p.message == x.message)
            #expect(p.binding == x.binding)
            guard p.status == .fail else { continue }
            #expect(!p.trace.isEmpty)
            #expect(p.trace.map(\.source) == x.trace.map(\.source))
            #expect(p.trace.map(\.value) == x.trace.map(\.value))
            #expect(p.trace.map { $0.origin?.summary } == x.trace.map { $0.origin?.summary })
        }
    }
}

extension RunShortcutTests {
    @Test func factFieldsAreRememberedPerFactNotPerName() throws {
        // Two facts of one kind with different fields but the same offset, line and text: the
        // remembered value of one must never answer for the other.
        let a = Fact(kind: "占比", fields: ["金额": .figure(.amount(Rational(5), decimals: 0), line: 3)], line: 3, offset: 10, text: "t")
        let b = Fact(kind: "占比", fields: ["金额": .figure(.amount(Rational(7), decimals: 0), line: 3)], line: 3, offset: 10, text: "t")
        let e = try compiled("[f.金额 for f in facts(占比)]")
        guard case .comprehension(_, _, _, let body) = e.root.op, case .member(_, let m) = body.op else {
            Issue.record("unexpected shape"); return
        }
        let ev = Evaluator(model: Self.model, lets: [], slots: 1)
        ev.depth = 1  // inside a loop
        let fa = Value.fact(a), fb = Value.fact(b)
        for _ in 0..<2 {
            let va = try ev.factMember(fa, m, body), vb = try ev.factMember(fb, m, body)
            #expect(va.display == "5")
            #expect(vb.display == "7")
        }
        // What the table holds for each fact is that fact's value (a slot both fall into holds
        // the last one read), and at least one is remembered.
        let site = RunCaches.word(ObjectIdentifier(body))
        let ra = ev.factFields.value(site, Evaluator.ValueBits(fa)), rb = ev.factFields.value(site, Evaluator.ValueBits(fb))
        #expect(ra != nil || rb != nil)
        if let ra { #expect(ra.display == "5") }
        if let rb { #expect(rb.display == "7") }
        // A copy of a fact value is the same box: it finds the remembered field.
        let copy = fb
        #expect(try ev.factMember(copy, m, body).display == "7")
        #expect(ev.factFields.value(site, Evaluator.ValueBits(copy)) != nil)
    }

    @Test func lineOfAFactWhoseTypeIsKnownOnlyAtRunTime() throws {
        // `first(ts)` of a list bound in a loop has no static type, so `.line` compiles as the
        // 行次 classification; of a fact it reads the fact's line, as `.line` of a typed fact does.
        let facts = [
            Fact(kind: "指标", fields: ["名": .text("参保人数", line: 7)], line: 7, offset: 70, text: "参保人数"),
            Fact(kind: "指标", fields: ["名": .text("结算率", line: 9)], line: 9, offset: 90, text: "结算率"),
        ]
        let model = InMemoryModel(facts: facts)
        let src = "[first(ts).line for ts in [[f for f in facts(指标) where contains(f.名, \"率\")]] where count(ts) > 0]"
        let c = CompiledExpression.compile(src, environment: Environment(model: model))
        let e = try #require(c.expression, "\(c.diagnostics.map(\.message))")
        #expect(e.evaluate(on: model).value?.display == "[9]")
        let typed = try #require(CompiledExpression.compile("first([f for f in facts(指标) where contains(f.名, \"率\")]).line", environment: Environment(model: model)).expression)
        #expect(typed.evaluate(on: model).value?.display == "9")
    }
}
