import Foundation
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// The shipped packs measured on the sample reports in ../shared (skipped when absent): every
/// relation a reviewer marked as a real discrepancy (`rounding_holds: false`) must be reported,
/// and no relation that holds may be reported as an error. Mirrors ../shared/tools/score.py.
@Suite(.serialized) struct SampleReportsTests {
    struct Relation {
        var id: String, kind: String, quote: String, lhs: String?, rhs: String?, holds: Bool
    }

    static func value(_ text: String) -> Rational? {
        let cleaned = text.replacingOccurrences(of: "!", with: "").replacingOccurrences(of: ",", with: "")
        let c = CompiledExpression.compile(cleaned, environment: Environment())
        guard let e = c.expression, case .number(let f, _)? = e.evaluate(on: InMemoryModel()).value else { return nil }
        return f.value
    }

    static func decimal(_ s: String?) -> Rational? {
        guard let s else { return nil }
        return Rational.parseDecimal(s.replacingOccurrences(of: "%", with: ""))?.value
    }

    static func quoteLines(_ lines: [String], _ quote: String) -> Set<Int> {
        var out = Set<Int>()
        for frag in quote.components(separatedBy: "…").map({ $0.trimmingCharacters(in: .whitespaces) }) where frag.count >= 4 {
            let probe = String((frag.contains("\t") ? String(frag.split(separator: "\t")[0]) : frag).prefix(18))
            for (i, l) in lines.enumerated() where !probe.isEmpty && l.contains(probe) { out.insert(i + 1) }
        }
        return out
    }

    @Test(arguments: ["001_9fc5b39bf068e18e", "002_5b66e89a0461132a", "004_6babeaf56a03ec85"])
    func packsFindTheRealDiscrepancies(_ stem: String) throws {
        guard let shared = TestPaths.shared else { print(TestPaths.sharedMissing); return }
        let report = shared.appendingPathComponent("reports/\(stem).txt").path
        let expectedText = TestPaths.read(shared.appendingPathComponent("expected/\(stem).jsonl"))
        guard FileManager.default.fileExists(atPath: report), !expectedText.isEmpty else { print(TestPaths.sharedMissing); return }
        let relations: [Relation] = expectedText.split(separator: "\n").compactMap { line in
            guard let j = try? JSONValue.parse(String(line)) else { return nil }
            var holds = false
            if case .bool(let b)? = j["rounding_holds"] { holds = b }
            return Relation(id: j["id"]?.stringValue ?? "", kind: j["kind"]?.stringValue ?? "", quote: j["quote"]?.stringValue ?? "",
                            lhs: j["lhs"]?.stringValue, rhs: j["rhs"]?.stringValue, holds: holds)
        }
        let console = Console.capturing()
        setenv("TALLY_CHECKS", TestPaths.repositoryRoot.appendingPathComponent("Checks").path, 1)
        let status = TallyMain.run(["check", "--format", "json", report], console: console)
        #expect(status != ExitStatus.failure, "\(console.captured.err)")
        let out = try JSONValue.parse(console.captured.out)
        guard case .array(let reports)? = out["reports"], let r = reports.first,
              case .array(let results)? = r["results"], case .array(let diags)? = r["diagnostics"] else {
            Issue.record("no report in the output"); return
        }
        let reportLines = TestPaths.read(URL(fileURLWithPath: report)).components(separatedBy: "\n")
        let fails = results.filter { $0["status"]?.stringValue == "fail" }
        func line(_ o: JSONValue) -> Int? {
            if case .number(let n)? = o["line"] { return Int(n) }
            if case .number(let n)? = o["location"]?["line"] { return Int(n) }
            return nil
        }
        let tol = try Rational(6, 1000)
        func close(_ a: Rational?, _ b: Rational) -> Bool { a.map { ((try? $0.subtracting(b)) ?? .one).magnitude <= tol } ?? false }
        func scaled(_ x: Rational, _ s: Int) -> Rational { (try? x.multiplied(by: Rational(s))) ?? x }
        func valuesMatch(_ f: JSONValue, _ a: Rational, _ b: Rational) -> Bool {
            let x = Self.decimal(f["lhs"]?.stringValue), y = Self.decimal(f["rhs"]?.stringValue)
            for s in [1, 100] {
                if close(x, scaled(a, s)) && close(y, scaled(b, s)) || close(x, scaled(b, s)) && close(y, scaled(a, s)) { return true }
            }
            return false
        }
        var used = Set<Int>()
        var found: [String: Int] = [:], total: [String: Int] = [:]
        for g in relations.sorted(by: { ($0.lhs == nil ? 1 : 0) < ($1.lhs == nil ? 1 : 0) }) where !g.holds {
            total[g.kind, default: 0] += 1
            let lines = Self.quoteLines(reportLines, g.quote)
            let near = Set(lines.flatMap { [$0 - 1, $0, $0 + 1] })
            var hit: Int? = nil
            if let l = g.lhs, let rr = g.rhs, let a = Self.value(l), let b = Self.value(rr) {
                let cands = fails.indices.filter { !used.contains($0) && valuesMatch(fails[$0], a, b) }
                hit = cands.first { line(fails[$0]).map(near.contains) ?? false } ?? cands.first
                if hit == nil {
                    hit = fails.indices.first { i in
                        guard !used.contains(i), let ln = line(fails[i]), lines.contains(ln) else { return false }
                        let x = Self.decimal(fails[i]["lhs"]?.stringValue), y = Self.decimal(fails[i]["rhs"]?.stringValue)
                        return [x, y].contains { v in [1, 100].contains { s in close(v, scaled(a, s)) || close(v, scaled(b, s)) } }
                    }
                }
            } else {
                let pool = fails.indices.filter { !used.contains($0) && (line(fails[$0]).map(near.contains) ?? false) }
                if let p = pool.first { hit = p } else if diags.contains(where: { line($0).map(near.contains) ?? false }) { hit = -1 }
            }
            if let h = hit { if h >= 0 { used.insert(h) }; found[g.kind, default: 0] += 1 }
        }
        // False alarms: an error-severity failure whose two values are a relation that holds.
        var falseAlarms: [String] = []
        for (i, f) in fails.enumerated() where !used.contains(i) && f["severity"]?.stringValue == "error" {
            for g in relations where g.holds {
                if let l = g.lhs, let rr = g.rhs, let a = Self.value(l), let b = Self.value(rr), valuesMatch(f, a, b) {
                    falseAlarms.append("\(f["check"]?.stringValue ?? "") ~ \(g.id)"); break
                }
            }
        }
        let foundAll = found.values.reduce(0, +), totalAll = total.values.reduce(0, +)
        print("\(stem): discrepancies found \(foundAll)/\(totalAll); false alarms \(falseAlarms.count)")
        for k in total.keys.sorted() { print("  \(k): \(found[k] ?? 0)/\(total[k]!)") }
        #expect(falseAlarms.isEmpty, "false alarms: \(falseAlarms)")
        // Floors: what the packs find today on each report; a regression fails the suite.
        let floor = ["001_9fc5b39bf068e18e": 29, "002_5b66e89a0461132a": 66, "004_6babeaf56a03ec85": 29][stem] ?? 0
        #expect(foundAll >= floor, "found \(foundAll), expected at least \(floor)")
    }
}
