import Foundation
import Testing
import Tally
import TallyReports
import TallyTestSupport

/// Embedding safety (issue 8): one compiled pack and one loader, shared by many threads, give the
/// same results as a sequential run — for the sample reports and variants of them.
@Suite struct ConcurrentUseTests {
    /// A shipped pack compiled once, with its loader.
    static func shipped(_ name: String) throws -> (Pack, ReportLoader) {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks").appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tally") }.sorted()
        let sources = files.map { SourceFile(path: $0, text: TestPaths.read(folder.appendingPathComponent($0))) }
        let comp = Pack.compile(sources: sources)
        let pack = try #require(comp.pack, "\(name): \(comp.diagnostics.map(\.message))")
        return (pack, ReportLoader(tables: pack.tableSpecs, facts: pack.factSpecs))
    }

    /// The sample reports (the examples, and ../shared/reports when present) and variants of the
    /// final-accounts example with amounts changed, so reports differ in what fails.
    static func reports() throws -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        var dirs = [TestPaths.repositoryRoot.appendingPathComponent("Examples/reports")]
        if let shared = TestPaths.shared { dirs.append(shared.appendingPathComponent("reports")) }
        for d in dirs {
            for url in TestPaths.files(in: d, withExtension: "txt") { out.append((url.lastPathComponent, [UInt8](try Data(contentsOf: url)))) }
        }
        let example = TestPaths.read(TestPaths.repositoryRoot.appendingPathComponent("Examples/reports/决算示例.txt"))
        for (i, (from, to)) in [("9,111.11", "9,111.21"), ("3,885.24", "3,885.42"), ("442.56", "442.65"), ("12.8%", "12.7%"),
                                ("8,397.66", "8,397.76"), ("270.89", "207.89")].enumerated() {
            out.append(("variant-\(i).txt", Array(example.replacingOccurrences(of: from, with: to).utf8)))
        }
        return out
    }

    /// Everything a result says, as text, for comparing runs.
    static func digest(_ results: [CheckResult]) -> [String] {
        results.map { r in
            [r.checkID, r.status.rawValue, r.message, r.binding ?? "", r.lhs?.display ?? "", r.rhs?.display ?? "",
             r.difference.map { "\($0)" } ?? "", r.location?.summary ?? "", "\(r.trace.count)"].joined(separator: "|")
        }
    }

    /// Loads and checks one report (the whole path an embedder takes).
    static func check(_ report: (name: String, bytes: [UInt8]), _ pack: Pack, _ loader: ReportLoader) -> [String] {
        do {
            let loaded = try loader.load(bytes: report.bytes, path: report.name)
            return loaded.diagnostics.map { "\($0.id) \($0.line) \($0.message)" } + digest(pack.run(on: loaded, options: RunOptions(explainAll: true)))
        } catch {
            return ["refused \(error.id)"]
        }
    }

    @Test(arguments: ["部门决算", "部门预算"])
    func manyThreadsShareOneCompiledPack(_ packName: String) throws {
        let (pack, loader) = try Self.shipped(packName)
        let reports = try Self.reports()
        #expect(reports.count >= 8)
        let expected = reports.map { Self.check($0, pack, loader) }
        #expect(expected.contains { $0.contains { $0.contains("|fail|") } }, "no failing check: the comparison would prove little")

        // Every report checked several times over, in parallel, against the same pack and loader.
        let rounds = 6
        let jobs = reports.count * rounds
        let box = ResultsBox(count: jobs)
        DispatchQueue.concurrentPerform(iterations: jobs) { i in
            box.set(i, Self.check(reports[i % reports.count], pack, loader))
        }
        for i in 0..<jobs {
            #expect(box.get(i) == expected[i % reports.count], "\(reports[i % reports.count].name), run \(i / reports.count)")
        }
    }

    @Test func aTaskGroupOfReportsAgreesWithTheSequentialRun() async throws {
        let (pack, loader) = try Self.shipped("部门决算")
        let reports = try Self.reports()
        let expected = reports.map { Self.check($0, pack, loader) }
        let parallel = await withTaskGroup(of: (Int, [String]).self) { group in
            for (i, r) in reports.enumerated() {
                group.addTask { (i, Self.check(r, pack, loader)) }
                group.addTask { (i, Self.check(r, pack, loader)) }
            }
            var out: [Int: [[String]]] = [:]
            for await (i, d) in group { out[i, default: []].append(d) }
            return out
        }
        for (i, e) in expected.enumerated() {
            #expect(parallel[i]?.count == 2)
            for d in parallel[i] ?? [] { #expect(d == e, "\(reports[i].name)") }
        }
    }

    /// One report's checks shared among threads (`RunOptions.threads`, what `tally check` of a
    /// single report does) give the results of one thread, in the same order, with and without
    /// explanations and passing results.
    @Test(arguments: ["部门决算", "部门预算"])
    func threadsSharingOneReportAgreeWithOneThread(_ packName: String) throws {
        let (pack, loader) = try Self.shipped(packName)
        for report in try Self.reports() {
            guard let loaded = try? loader.load(bytes: report.bytes, path: report.name) else { continue }
            for options in [RunOptions(explainAll: true), RunOptions(includePasses: false)] {
                let one = Self.digest(pack.run(on: loaded, options: options))
                #expect(!one.isEmpty)
                for threads in [2, 3, 8] {
                    var o = options
                    o.threads = threads
                    let shared = Self.digest(pack.run(on: loaded, options: o))
                    let firstDifference = zip(shared, one).first { $0 != $1 }
                    #expect(shared == one, "\(report.name), \(threads) threads: \(shared.count) vs \(one.count) results, first difference \(String(describing: firstDifference))")
                }
            }
        }
    }
}

/// `Pack.runCounting` without passing results: the other results are those of a full run, in
/// order, and the count is the number of passing results the full run lists.
@Suite struct PassCountingTests {
    @Test(arguments: ["部门决算", "部门预算"])
    func passesAreCountedNotBuilt(_ packName: String) throws {
        let (pack, loader) = try ConcurrentUseTests.shipped(packName)
        var sawPasses = false
        for report in try ConcurrentUseTests.reports() {
            guard let loaded = try? loader.load(bytes: report.bytes, path: report.name) else { continue }
            let all = pack.run(on: loaded, options: RunOptions(includePasses: true))
            for threads in [1, 2] {
                let counted = pack.runCounting(on: loaded, options: RunOptions(includePasses: false, threads: threads))
                #expect(counted.passed == all.filter { $0.status == .pass }.count, "\(report.name)")
                #expect(ConcurrentUseTests.digest(counted.results) == ConcurrentUseTests.digest(all.filter { $0.status != .pass }), "\(report.name)")
                #expect(!counted.results.contains { $0.status == .pass })
            }
            if all.contains(where: { $0.status == .pass }) { sawPasses = true }
        }
        #expect(sawPasses, "no report had a passing result: the count would prove little")
    }
}

/// Results written by concurrent jobs, one slot each, behind a lock.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[String]?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: [String]) { lock.lock(); slots[i] = v; lock.unlock() }
    func get(_ i: Int) -> [String]? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
