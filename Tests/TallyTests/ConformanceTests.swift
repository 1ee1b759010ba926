import Foundation
import Testing
import TallyTestSupport
@testable import Tally

/// One chunk of a conformance file (chunks are separated by lines of `---`).
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    var file: String
    var index: Int
    var firstLine: Int
    var source: String
    var testDescription: String { "\(file)#\(index) (line \(firstLine))" }

    /// Directives: `# expect: v`, `# expect-error: ID [at L:C]`, `# expect-warning: ID`,
    /// `# expect-na`, `# expect-result: CHECK status [count]`, `# table: T`, `# model: none`.
    func directives(_ name: String) -> [String] {
        source.split(separator: "\n").compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            let prefix = "# \(name):"
            if t.hasPrefix(prefix) { return String(t.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
            if t == "# \(name)" { return "" }
            return nil
        }
    }

    static let all: [ConformanceCase] = {
        var out: [ConformanceCase] = []
        for url in TestPaths.files(in: TestPaths.conformance, withExtension: "tally") {
            let text = TestPaths.read(url)
            let rel = url.path.replacingOccurrences(of: TestPaths.conformance.path + "/", with: "")
            var chunk: [Substring] = [], start = 1, index = 0
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() {
                if line.trimmingCharacters(in: .whitespaces) == "---" {
                    if chunk.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                        out.append(ConformanceCase(file: rel, index: index, firstLine: start, source: chunk.joined(separator: "\n")))
                        index += 1
                    }
                    chunk = []; start = i + 2
                } else { chunk.append(line) }
            }
            if chunk.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }) {
                out.append(ConformanceCase(file: rel, index: index, firstLine: start, source: chunk.joined(separator: "\n")))
            }
        }
        return out
    }()
}

@Suite("Conformance files")
struct ConformanceTests {
    static let model: InMemoryModel = {
        let text = TestPaths.read(TestPaths.conformance.appendingPathComponent("model.json"))
        return (try? JSONModel.parse(text)) ?? InMemoryModel()
    }()

    @Test("the conformance corpus is present and large")
    func corpusPresent() {
        #expect(ConformanceCase.all.count > 100)
    }

    @Test("every diagnostic id of the core is exercised by a conformance file")
    func everyDiagnosticCovered() {
        let expected = Set(ConformanceCase.all.flatMap { $0.directives("expect-error") + $0.directives("expect-warning") }
            .map { String($0.prefix(5)) })
        // These need a host: a cancellation callback (T0308), a host function (T0307), a 4 MB
        // source (T0106). EvaluatorTests and ParserTests cover them.
        let hostOnly: Set<String> = ["T0106", "T0307", "T0308"]
        let missing = DiagnosticID.all.map(\.rawValue).filter { !expected.contains($0) && !hostOnly.contains($0) }
        #expect(missing.isEmpty, "diagnostic ids without a conformance case: \(missing)")
    }

    @Test(arguments: ConformanceCase.all)
    func conformance(_ c: ConformanceCase) throws {
        let isPack = c.source.split(separator: "\n").first { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }.map { l in ["table", "fact", "check", "let", "include", "on"].contains { l.trimmingCharacters(in: .whitespaces).hasPrefix($0 + " ") } } ?? false
        let model: InMemoryModel = c.directives("model").first == "none" ? InMemoryModel() : Self.model
        let file = SourceFile(path: c.file, text: c.source)
        var produced: [Diagnostic] = []
        if isPack {
            let comp = Pack.compile(sources: [file], model: model)
            produced = comp.diagnostics
            if let pack = comp.pack {
                let results = pack.run(on: model)
                for r in results where r.status == .error { produced.append(Diagnostic(DiagnosticID(rawValue: String(r.message.suffix(6).dropLast())), r.message)) }
                for spec in c.directives("expect-result") {
                    let parts = spec.split(separator: " ").map(String.init)
                    let matching = results.filter { $0.checkID == parts[0] && $0.status.rawValue == parts[1] }
                    let count = parts.count > 2 ? Int(parts[2]) ?? 1 : nil
                    if let n = count { #expect(matching.count == n, "\(parts[0]) \(parts[1]): \(matching.count) results, expected \(n); all: \(results.map { "\($0.checkID) \($0.status.rawValue) \($0.message)" })") }
                    else { #expect(!matching.isEmpty, "no \(parts[1]) result for \(parts[0]); got \(results.map { "\($0.checkID) \($0.status.rawValue) \($0.message)" })") }
                }
            }
        } else {
            var env = Environment(model: model)
            env.factKinds = ["增长": ["金额", "增加额", "增长率", "科目"], "占比": ["金额", "占比", "科目"], "完成率": ["预算", "决算", "完成率", "比较", "科目"],
                             "清单": ["总额", "部分"]]
            let comp = CompiledExpression.compile(c.source, environment: env, table: c.directives("table").first, path: c.file)
            produced = comp.diagnostics
            if let e = comp.expression {
                let r = e.evaluate(on: model)
                if let err = r.error { produced.append(err) }
                if let na = r.notApplicable {
                    #expect(!c.directives("expect-na").isEmpty, "unexpected not applicable: \(na)")
                } else {
                    #expect(c.directives("expect-na").isEmpty, "expected not applicable, got \(r.value?.display ?? "nothing")")
                }
                if let want = c.directives("expect").first, let v = r.value {
                    #expect(v.display == want, "value \(v.display), expected \(want)")
                }
            }
        }
        // Strict both ways: every error/warning expected, every expectation produced.
        var expected = c.directives("expect-error").map { ($0, Diagnostic.Severity.error) }
            + c.directives("expect-warning").map { ($0, Diagnostic.Severity.warning) }
        for d in produced {
            let loc = d.span.map { file.location(of: $0.start) }
            if let i = expected.firstIndex(where: { exp in
                let parts = exp.0.split(separator: " ")
                guard parts.first.map(String.init) == d.id.rawValue else { return false }
                if parts.count >= 3, parts[1] == "at", let l = loc {
                    return String(parts[2]) == "\(l.line):\(l.scalarColumn)"
                }
                return true
            }) {
                expected.remove(at: i)
            } else if d.severity != .note {
                Issue.record("unexpected \(d.severity.rawValue) \(d.id): \(d.message) at \(loc.map { "\($0.line):\($0.scalarColumn)" } ?? "-")")
            }
        }
        for e in expected { Issue.record("expected \(e.1.rawValue) \(e.0) was not produced") }
    }
}
