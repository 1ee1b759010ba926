extension Evaluator {
    func builtin(_ b: Builtin, _ args: [Node], _ node: Node) throws(EvaluationError) -> Value {
        switch b {
        case .exists:
            do throws(EvaluationError) { _ = try eval(args[0]); return .bool(true) } catch {
                if case .notApplicable = error { return .bool(false) }
                throw error
            }
        case .blank:
            let v = try eval(args[0])
            if case .number(let f, _) = v { return .bool(f.isBlank) }
            if case .row(let r) = v { return .bool(r.table.rows[r.index].cells.first?.figure == nil) }
            throw fault(.runtimeTypeError, "blank() needs a number, found \(v.typeName)", node)
        case .tables:
            // Names of tables; the ones the report lacks are skipped, not an error.
            var out: [Value] = []
            for a in args {
                guard case .text(let name) = try eval(a) else { throw fault(.runtimeTypeError, "tables() takes table names as texts", node) }
                if let t = model.table(named: name) { out.append(.table(t)) }
            }
            return .list(out)
        case .count where args.count == 1 && trace == nil && (record == nil || depth > 0):
            // count(r.*): the number of children, without building the list of them. Not while
            // explaining, where `r.*` itself must show in the trace.
            if case .member(let base, .children) = args[0].op {
                let arg = args[0]
                try begin(arg)
                defer { recursion -= 1 }
                let b = try eval(base)
                if case .row(let r) = b { return integer(r.table.rows[r.index].children.count) }
                let v = try member(b, .children, arg)
                return integer(try flatList([v], node).count)
            }
        default: break
        }
        // Held in place, not in an array: allocating one cost more than most builtins do.
        var values = ArgumentValues()
        for a in args { values.append(try eval(a)) }
        switch b {
        case .sum:
            var total = Figure.exact(.zero)
            for v in try flatList(values, node) {
                let f = try figure(v, node)
                total = try arith { try total.adding(f) }
            }
            return .number(total, nil)
        case .count:
            return integer(try flatList(values, node).count)
        case .min, .max:
            let items = try flatList(values, node)
            guard !items.isEmpty else { throw .notApplicable("\(b.rawValue)() of an empty list") }
            var best = items[0], bestF = try figure(items[0], node)
            for v in items.dropFirst() {
                let f = try figure(v, node)
                if b == .min ? f.value < bestF.value : f.value > bestF.value { best = v; bestF = f }
            }
            return numberWithOrigin(best).map { .number($0.0, $0.1) } ?? .number(bestF, nil)
        case .abs:
            let f = try figure(values[0], node)
            return .number(f.value.signum < 0 ? try arith { try f.negated() } : f, nil)
        case .round:
            let f = try figure(values[0], node)
            var places = 0
            if values.count > 1 { places = Evaluator.whole(try figure(values[1], node).value) ?? 0 }
            places = Swift.max(0, Swift.min(places, 12))
            let r = f.value.rounded(toDecimals: places)
            return .number(Figure.amount(r, decimals: places, minimumDecimals: places), nil)
        case .percent:
            var f = try figure(values[0], node)
            f.kind = .percent; f.decimals = nil
            return .number(f, nil)
        case .first, .last:
            let items = try flatList(values, node)
            guard let v = b == .first ? items.first : items.last else { throw .notApplicable("\(b.rawValue)() of an empty list") }
            return v
        case .previous:
            let items = try flatList([values[0]], node)
            let pos = position(values[1])
            // The last item (in the list's order) before pos: looked for from the end, so the
            // search stops at it instead of copying every earlier item in turn.
            var k = items.count, best: Int? = nil
            while k > 0 {
                k -= 1
                if position(items[k]) < pos { best = k; break }
            }
            guard let found = best.map({ items[$0] }) else { throw .notApplicable("nothing of that kind comes before line \(line(values[1]))") }
            return found
        case .next:
            let items = try flatList([values[0]], node)
            let pos = position(values[1])
            guard let found = items.first(where: { position($0) > pos }) else {
                throw .notApplicable("nothing of that kind comes after line \(line(values[1]))")
            }
            return found
        case .rows, .children, .descendants:
            switch values[0] {
            case .table(let t): return .list(allRows(t))
            case .row, .list, .classification: return try member(values[0], b == .descendants ? .descendants : .children, node)
            default: throw fault(.runtimeTypeError, "\(b.rawValue)() needs a table or a row, found \(values[0].typeName)", node)
            }
        case .filled:
            return .list(try flatList(values, node).filter { v in
                if case .number(let f, _) = v { return !f.isBlank }
                if case .row(let r) = v { return r.table.rows[r.index].cells.first?.figure != nil }
                return true
            })
        case .columns:
            guard case .table(let t) = values[0] else { throw fault(.runtimeTypeError, "columns() needs a table, found \(values[0].typeName)", node) }
            return .list(t.columns.map { .text($0.name) })
        case .total:
            guard case .table(let t) = values[0] else { throw fault(.runtimeTypeError, "total() needs a table, found \(values[0].typeName)", node) }
            guard let i = t.rows.indices.first(where: { t.rows[$0].isTotal }) else { throw .notApplicable("'\(t.name)' has no 合计/总计 row") }
            return .row(RowRef(table: t, index: i))
        case .recent:
            let items = try flatList([values[0]], node)
            let pos = position(values[1])
            let n = Swift.max(0, Evaluator.whole(try figure(values[2], node).value) ?? 0)
            // The last n items before pos, in order: scanned from the end, without filtering
            // the whole list first.
            var picked: [Value] = []
            var k = items.count
            while picked.count < n && k > 0 {
                k -= 1
                if position(items[k]) < pos { picked.append(items[k]) }
            }
            return .list(picked.reversed())
        case .length:
            guard case .text(let a) = values[0] else { throw fault(.runtimeTypeError, "length() needs a text", node) }
            return integer(RunCaches.plainCharacters(a)?.count ?? a.count)
        case .prefix:
            guard case .text(let a) = values[0] else { throw fault(.runtimeTypeError, "prefix() needs a text", node) }
            let n = Swift.max(0, Evaluator.whole(try figure(values[1], node).value) ?? 0)
            if let p = RunCaches.plainCharacters(a, prefix: n) {
                return .text(p.count <= n ? a : String(decoding: a.utf8.prefix(p.prefixBytes), as: UTF8.self))
            }
            return .text(String(a.prefix(n)))
        case .number:
            guard case .text(let a) = values[0] else { throw fault(.runtimeTypeError, "number() needs a text", node) }
            guard let (v, d) = Rational.parseDecimal(a) else { throw .notApplicable("'\(a)' is not a number") }
            return .number(d == 0 ? .exact(v) : .amount(v, decimals: d), nil)
        case .match:
            guard case .table(let t) = values[0], case .row(let r) = values[1] else {
                throw fault(.runtimeTypeError, "match() needs a table and a row", node)
            }
            // The same row is matched for every column and again in the message: remember it.
            let key = RowMemoKey(by: ObjectIdentifier(t), table: ObjectIdentifier(r.table), row: r.index)
            if let m = matches[key], m.0 === t, m.1 === r.table { return try m.2.get() }
            let outcome: Result<Value, EvaluationError>
            do throws(EvaluationError) { outcome = .success(try matchRow(in: t, like: r)) } catch { outcome = .failure(error) }
            matches[key] = (t, r.table, outcome)
            return try outcome.get()
        case .amounts:
            guard case .text(let a) = values[0] else { throw fault(.runtimeTypeError, "amounts() needs a text", node) }
            var unit = "万元"
            if values.count > 1 {
                guard case .text(let u) = values[1], !u.isEmpty else { throw fault(.runtimeTypeError, "amounts() takes its unit as a text (\"元\")", node) }
                unit = u
            }
            return .list(Evaluator.amounts(in: a, unit: unit).map { .number($0, nil) })
        case .unbracketed:
            guard case .text(let a) = values[0] else { throw fault(.runtimeTypeError, "unbracketed() needs a text", node) }
            return .text(Evaluator.unbracketed(a))
        case .contains where { if case .list = values[0] { return true }; return false }():
            guard case .list(let xs) = values[0] else { return .bool(false) }
            return .bool(xs.contains { x in
                switch (x, values[1]) {
                case (.text(let a), .text(let b)): return RunCaches.sameKey(names.folded(a), names.folded(b))
                case (.number(let a, _), .number(let b, _)): return a.value == b.value
                default: return false
                }
            })
        case .contains, .same:
            guard case .text(let a) = values[0], case .text(let c) = values[1] else {
                throw fault(.runtimeTypeError, "\(b.rawValue)() needs two texts", node)
            }
            let fa = names.folded(a), fc = names.folded(c)
            let ka = fa.key, kc = fc.key
            if b == .same { return .bool(RunCaches.sameKey(fa, fc)) }
            // Byte search where it is the same as a search by characters.
            if !kc.isEmpty, fa.plain, fc.plain { return .bool(RunCaches.containsBytes(ka, kc)) }
            return .bool(ka.contains(kc))
        case .text:
            if case .text = values[0] { return values[0] }
            if case .number(let f, _) = values[0] { return .text(f.display) }
            return .text(values[0].display)
        case .exists, .blank, .facts, .tables: return .bool(false)
        }
    }

    /// The arguments as one list: a single list argument is the list itself.
    func flatList(_ values: ArgumentValues, _ node: Node) throws(EvaluationError) -> [Value] {
        if values.count == 1 {
            switch values[0] {
            case .list(let xs): return xs
            case .table, .classification: return try elements(values[0], node)
            default: break
            }
        }
        return values.array
    }

    /// The values as one list, as for the arguments of a builtin (see above).
    func flatList(_ values: [Value], _ node: Node) throws(EvaluationError) -> [Value] {
        if values.count == 1 {
            switch values[0] {
            case .list(let xs): return xs
            case .table, .classification: return try elements(values[0], node)
            default: return values
            }
        }
        return values
    }

    func position(_ v: Value) -> Int {
        switch v {
        case .fact(let f): return f.offset
        case .row(let r): return r.table.rows[r.index].line * 1_000_000
        default: return Int.max
        }
    }

    func line(_ v: Value) -> Int {
        switch v {
        case .fact(let f): return f.line
        case .row(let r): return r.table.rows[r.index].line
        default: return 0
        }
    }
}

extension Evaluator {
    /// The row of `t` that is the same 科目 as `row` (see ``Builtin/match``).
    func matchRow(in t: Table, like ref: RowRef) throws(EvaluationError) -> Value {
        let row = ref.row
        if let c = row.code, c.count >= 3 {
            let hits = t.rows(code: c)
            if hits.count == 1 { return .row(RowRef(table: t, index: hits[0])) }
        }
        let key = ref.table.foldedNames[ref.index]
        let named = t.rows(foldedName: key)
        if named.count == 1 { return .row(RowRef(table: t, index: named[0])) }
        if named.count > 1 { throw .notApplicable("'\(t.name)' has \(named.count) rows named '\(row.name)'") }
        // Names cut off by extraction: one name begins the other, at least four characters.
        guard key.count >= 4 else { throw .notApplicable("'\(t.name)' has no row like '\(row.name)'") }
        var hits: [Int] = []
        for (i, k) in t.foldedNames.enumerated() {
            if k.count >= 4, k.hasPrefix(key) || key.hasPrefix(k) { hits.append(i) }
        }
        guard hits.count == 1 else { throw .notApplicable("'\(t.name)' has no single row like '\(row.name)'") }
        return .row(RowRef(table: t, index: hits[0]))
    }

    /// The text without its parenthesised parts: `(`…`)` and `（`…`）`, nested ones too; an
    /// unclosed bracket drops the rest of the text (a list cut off inside a note).
    static func unbracketed(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        for c in text.unicodeScalars {
            if c == "(" || c == "（" { depth += 1; continue }
            if c == ")" || c == "）" { if depth > 0 { depth -= 1 }; continue }
            if depth == 0 { out.append(c) }
        }
        return String(out)
    }

    /// Every `N 万元` amount in a text (spaces allowed before 万元; thousands separators read), or
    /// every amount written in another `unit` right after its number (`N 元`: not `N 万元`).
    static func amounts(in text: String, unit: String = "万元") -> [Figure] {
        let b = Array(text.utf8)
        let wan: [UInt8] = Array(unit.utf8)
        var out: [Figure] = []
        var i = 0
        while i < b.count {
            guard b[i] >= 0x30 && b[i] <= 0x39 else { i += 1; continue }
            var j = i
            while j < b.count, (b[j] >= 0x30 && b[j] <= 0x39) || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: ",") { j += 1 }
            var k = j
            while k < b.count, b[k] == 0x20 || b[k] == 0x0A || b[k] == 0x0D || b[k] == 0x09 { k += 1 }
            if k + wan.count <= b.count, Array(b[k..<k + wan.count]) == wan,
               let (v, d) = Rational.parseDecimal(b[i..<j]) {
                out.append(.amount(v, decimals: d))
            }
            i = j
        }
        return out
    }
}
