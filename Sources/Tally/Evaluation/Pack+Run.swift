import Dispatch
import Synchronization

extension Pack {
    /// Runs every check on a model: one result per check and binding, in the pack's check order.
    ///
    /// With ``RunOptions/threads`` above 1 the checks are shared among that many threads, each
    /// with its own evaluator: thread `w` of `n` runs the `w`-th, `(w + n)`-th … selected check.
    /// The results are the same as on one thread, in the same order.
    public func run(on model: any ReportModel, options: RunOptions = RunOptions()) -> [CheckResult] {
        runCounting(on: model, options: options).results
    }

    /// Runs every check like ``run(on:options:)`` and also counts the passing results, kept or
    /// not: with ``RunOptions/includePasses`` off, a host that only reports how many passed
    /// need not have every passing result built and returned.
    public func runCounting(on model: any ReportModel, options: RunOptions = RunOptions()) -> (results: [CheckResult], passed: Int) {
        let selected = checks.indices.filter { options.onlyChecks.isEmpty || options.onlyChecks.contains(checks[$0].id) }
        let threads = Swift.min(Swift.max(1, options.threads), selected.count)
        if threads <= 1 {
            let ev = evaluator(on: model, options)
            var results: [CheckResult] = [], passed = 0
            for k in selected { results += run(checks[k], evaluator: ev, budgeted: options, passed: &passed) }
            return (results, passed)
        }
        // A fixed share per thread, not the next free check: what each evaluator runs, and so
        // what it has remembered when it runs a check, does not depend on timing. (A let's steps
        // are its own, so which check evaluates it first does not change any outcome.)
        let outcomes = Mutex(([[CheckResult]](repeating: [], count: selected.count), 0))
        DispatchQueue.concurrentPerform(iterations: threads) { w in
            let ev = evaluator(on: model, options)
            var mine: [(Int, [CheckResult])] = [], passed = 0
            for k in stride(from: w, to: selected.count, by: threads) {
                mine.append((k, run(checks[selected[k]], evaluator: ev, budgeted: options, passed: &passed)))
            }
            outcomes.withLock { all in
                for (k, r) in mine { all.0[k] = r }
                all.1 += passed
            }
        }
        return outcomes.withLock { ($0.0.flatMap { $0 }, $0.1) }
    }

    /// A fresh evaluator of the pack's lets on `model`, with the options' limits.
    func evaluator(on model: any ReportModel, _ options: RunOptions) -> Evaluator {
        let ev = Evaluator(model: model, lets: lets, slots: maxSlots)
        ev.cancellation = options.isCancelled
        ev.stepLimit = options.stepLimit
        return ev
    }

    /// Runs one check with a fresh step budget.
    func run(_ check: CompiledCheck, evaluator ev: Evaluator, budgeted options: RunOptions, passed: inout Int) -> [CheckResult] {
        ev.steps = 0
        return run(check, evaluator: ev, options: options, passed: &passed)
    }

    func run(_ check: CompiledCheck, evaluator ev: Evaluator, options: RunOptions, passed: inout Int) -> [CheckResult] {
        var out: [CheckResult] = []
        func base(_ status: CheckResult.Status, _ message: String) -> CheckResult {
            CheckResult(checkID: check.id, title: check.title, severity: check.severity, status: status, message: message)
        }
        // Enumerate bindings (nested loops) iteratively.
        var combos: [[Value]] = [[]]
        do throws(EvaluationError) {
            for b in check.bindings {
                var next: [[Value]] = []
                for combo in combos {
                    for (i, v) in combo.enumerated() { ev.frame[check.bindings[i].slot] = v }
                    let items = try ev.elements(try ev.eval(b.domain), b.domain)
                    // The filter's parts that read no item are evaluated once for the items.
                    let hoisting = b.hoists && ev.remembersFilters && !items.isEmpty
                    if hoisting { ev.enterLoop(b.loopSlots) }
                    defer { if hoisting { ev.leaveLoop() } }
                    for item in items {
                        ev.frame[b.slot] = item
                        if let f = b.filter {
                            do throws(EvaluationError) { if !(try ev.truth(try ev.eval(f), f)) { continue } } catch {
                                if case .notApplicable = error { continue }
                                throw error
                            }
                        }
                        next.append(combo + [item])
                        if next.count > Limits.maxCollectionSize {
                            throw EvaluationError.fault(.collectionTooLarge, "more than \(Limits.maxCollectionSize) bindings", b.domain.span)
                        }
                    }
                }
                combos = next
            }
        } catch {
            switch error {
            case .notApplicable(let why): return [base(.notApplicable, why)]
            case .fault(let id, let msg, let span):
                var r = base(.error, "\(msg) [\(id)]")
                r.trace = [TraceEntry(span: span, source: source(span), value: "error")]
                return [r]
            }
        }
        var texts = BindingTexts()
        for combo in combos {
            for (i, v) in combo.enumerated() { ev.frame[check.bindings[i].slot] = v }
            // Failures always explain themselves: without explain-all, each binding records the
            // assertion-level values, and a failure's recording becomes its explanation.
            var r = evaluateBinding(check, combo, ev, explain: options.explainAll, bindingText: nil,
                                    keepsPasses: options.includePasses)
            if r.status == .pass {
                passed += 1
                if !options.includePasses { continue }
            }
            // Only the results kept get their binding text.
            if !combo.isEmpty { r.binding = texts.text(of: combo, check, self) }
            out.append(r)
        }
        for b in check.bindings { ev.frame[b.slot] = nil }
        for l in check.lets { ev.frame[l.slot] = nil }
        return out
    }

    /// One binding's result. With `keepsPasses` off a passing result is only counted by the
    /// caller, so it gets no location and no compared sides (a pass is then just its status).
    func evaluateBinding(_ check: CompiledCheck, _ combo: [Value], _ ev: Evaluator, explain: Bool,
                         bindingText: String?, keepsPasses: Bool = true) -> CheckResult {
        ev.trace = explain ? [:] : nil
        if explain { ev.record = nil } else {
            var spare = ev.spareRecord
            ev.spareRecord = []
            spare.removeAll(keepingCapacity: true)
            ev.record = spare
        }
        ev.decisive = nil
        ev.decisiveNodes = check.decisive
        ev.depth = 0
        var result = CheckResult(checkID: check.id, title: check.title, severity: check.severity, status: .pass)
        result.binding = bindingText
        // The binding's location, worked out only for a result that is kept.
        var located = false
        func locate() {
            if !located { result.location = combo.last.flatMap(location(of:)); located = true }
        }
        if keepsPasses { locate() }
        do throws(EvaluationError) {
            var nextLet = 0
            for (i, p) in check.preconditions.enumerated() {
                while nextLet < check.lets.count && check.lets[nextLet].afterPreconditions <= i {
                    let l = check.lets[nextLet]
                    ev.frame[l.slot] = try ev.eval(l.value)
                    nextLet += 1
                }
                if !(try ev.truth(try ev.eval(p), p)) {
                    locate()
                    result.status = .notApplicable
                    result.message = "precondition not met: \(source(p.span))"
                    return result
                }
            }
            while nextLet < check.lets.count {
                let l = check.lets[nextLet]
                ev.frame[l.slot] = try ev.eval(l.value)
                nextLet += 1
            }
            let holds = try ev.truth(try ev.eval(check.assertion), check.assertion)
            result.status = holds ? .pass : .fail
            if !holds || keepsPasses {
                locate()
                if let d = ev.decisive {
                    result.lhs = d.lhsFigure; result.rhs = d.rhsFigure
                    result.difference = d.comparison.difference; result.allowance = d.comparison.allowance
                    if let o = d.lhs.origin { result.location = merge(o, result.location) }
                    if let o = d.rhs.origin { result.rhsLocation = o }
                }
            }
            if !holds {
                let recording = ev.record
                ev.record = nil
                result.message = message(check, ev)
                ev.record = recording
            }
        } catch {
            locate()
            switch error {
            case .notApplicable(let why):
                result.status = .notApplicable; result.message = why
            case .fault(let id, let msg, let span):
                result.status = .error; result.message = "\(msg) [\(id)]"
                result.trace = [TraceEntry(span: span, source: source(span), value: "error")]
            }
        }
        if let t = ev.trace { result.trace += traceEntries(t) }
        if result.status == .fail, let recorded = ev.record {
            result.trace += traceEntries(recorded: recorded, ev)
        }
        ev.trace = nil
        if let r = ev.record { ev.spareRecord = r }
        ev.record = nil
        return result
    }

    func merge(_ primary: ResultLocation, _ fallback: ResultLocation?) -> ResultLocation {
        var l = primary
        if l.line == nil { l.line = fallback?.line }
        return l
    }

    func location(of v: Value) -> ResultLocation? {
        switch v {
        case .row(let r): return r.location
        case .fact(let f): return ResultLocation(fact: f.kind, line: f.line)
        default: return nil
        }
    }

    func bindingText(_ v: Value) -> String {
        switch v {
        case .row(let r):
            let t = r.table, i = r.index
            if let code = t.rows[i].code { return t.name + " " + code + " " + t.rows[i].name }
            return t.name + " " + t.rows[i].name
        case .fact(let f): return "\(f.kind) on line \(f.line)"
        default: return v.display
        }
    }

    func message(_ check: CompiledCheck, _ ev: Evaluator) -> String {
        if check.message.isEmpty {
            guard let d = ev.decisive, !d.holds else { return check.title }
            return "\(check.title): \(d.lhs.display) vs \(d.rhs.display)"
        }
        var s = ""
        let saved = ev.trace
        ev.trace = nil
        for part in check.message {
            switch part {
            case .text(let t): s += t
            case .node(let n):
                if let v = try? ev.eval(n) {
                    if case .text(let t) = v { s += t } else if case .number(let f, _) = v { s += ev.numberTexts.display(f) } else { s += v.display }
                } else { s += "?" }
            }
        }
        ev.trace = saved
        return s
    }

    func source(_ span: SourceSpan) -> String {
        guard let f = sources.first(where: { $0.path == span.file }) else { return "" }
        return source(span, in: f)
    }

    /// ``source(_:)`` with the evaluator remembering the last file found: the entries of one
    /// explanation (and of a check's every failure) come from one file, and comparing a path
    /// with the pack's paths as Strings (canonically, most of them Chinese) cost more than
    /// the rest of an entry. A path with the same bytes as the last one is `==` to it, so the
    /// first source `==` to it is the same.
    func source(_ span: SourceSpan, _ ev: Evaluator) -> String {
        if let last = ev.lastSourceFile, RunCaches.sameBytes(last.path, span.file) {
            return last.index < 0 ? "" : source(span, in: sources[last.index])
        }
        let index = sources.firstIndex(where: { $0.path == span.file }) ?? -1
        ev.lastSourceFile = (span.file, index)
        return index < 0 ? "" : source(span, in: sources[index])
    }

    /// The source of a node in an explanation, remembered by node for the run: a check that
    /// fails for many bindings shows the same nodes in every explanation.
    func sourceText(of node: Node, _ ev: Evaluator) -> String {
        let id = ObjectIdentifier(node)
        if let text = ev.sourceTexts[id] { return text }
        let text = source(node.span, ev)
        if ev.sourceTexts.count < Evaluator.maxRemembered { ev.sourceTexts[id] = text }
        return text
    }

    func source(_ span: SourceSpan, in f: SourceFile) -> String {
        let b = f.bytes
        guard span.start >= 0, span.end <= b.count, span.start <= span.end else { return "" }
        return String(decoding: b[span.start..<span.end], as: UTF8.self)
    }

    /// The explanation recorded while evaluating a binding (``Evaluator/record``): the last
    /// value of each node, ordered like ``traceEntries(_:)`` orders a trace (by span, outer
    /// first) — sorted as recorded, without a dictionary of the entries by node first. Entries
    /// of one node share its span, so a node's entries end up next to each other.
    func traceEntries(recorded: [Evaluator.Recorded], _ ev: Evaluator) -> [TraceEntry] {
        // Sorted by plain integers (span start, end reversed, node, position): comparing the
        // recorded entries themselves copied their spans' paths and their values.
        var keys: [(start: Int, end: Int, id: Int, at: Int)] = []
        keys.reserveCapacity(recorded.count)
        for i in recorded.indices {
            let n = recorded[i].node
            if Compiler.isFunctionBodyCopy(n.id) { continue }
            keys.append((n.span.start, -n.span.end, n.id, i))
        }
        keys.sort { $0 < $1 }
        var out: [TraceEntry] = []
        for (k, key) in keys.enumerated() {
            // Later values of a node supersede earlier ones.
            if k + 1 < keys.count, keys[k + 1].id == key.id { continue }
            let e = recorded[key.at]
            out.append(TraceEntry(span: e.node.span, source: sourceText(of: e.node, ev), value: ev.display(e.value), origin: e.value.origin))
        }
        return out
    }

    func traceEntries(_ t: [Int: (SourceSpan, Value)]) -> [TraceEntry] {
        t.filter { !Compiler.isFunctionBodyCopy($0.key) }.values.sorted { ($0.0.start, -$0.0.end) < ($1.0.start, -$1.0.end) }.map { span, v in
            TraceEntry(span: span, source: source(span), value: v.display, origin: v.origin)
        }
    }
}
