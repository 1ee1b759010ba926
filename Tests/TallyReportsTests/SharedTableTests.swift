import Foundation
import Testing
import Tally
import TallyReports
import TallyTestSupport

/// A loaded report's tables build their lookup indexes on first use; one report shared by many
/// threads, whose first lookups race, must give every thread the sequential answers (run under
/// `--sanitize=thread` to see the lock at work).
@Suite struct SharedTableTests {
    @Test func firstLookupsFromManyThreadsAgree() throws {
        let (pack, loader) = try ConcurrentUseTests.shipped("部门决算")
        let path = TestPaths.repositoryRoot.appendingPathComponent("Examples/reports/决算示例.txt").path
        let expectedReport = try loader.load(path: path)
        let expected = ConcurrentUseTests.digest(pack.run(on: expectedReport, options: RunOptions(explainAll: true)))
        #expect(!expected.isEmpty)
        let lookups: @Sendable (LoadedReport) -> [String] = { r in
            r.tableNames.flatMap { name -> [String] in
                let t = r.table(named: name)!
                return t.rows.indices.map { i in
                    let row = t.rows[i]
                    return "\(name) \(i) \(t.rows(named: row.name)) \(row.code.map { t.rows(code: $0) } ?? []) "
                        + "\(row.lineNumber.flatMap { t.row(lineNumber: $0) } ?? -1) \(t.columns.map { t.column(named: $0.name) ?? -1 })"
                }
            }
        }
        let expectedLookups = lookups(expectedReport)
        #expect(expectedLookups.contains { $0.contains("[") })

        // Fresh reports (indexes not built yet), each shared by 8 threads at once.
        for _ in 0..<4 {
            let shared = try loader.load(path: path)
            let results = Results(count: 16)
            DispatchQueue.concurrentPerform(iterations: 16) { i in
                let out = i % 2 == 0 ? lookups(shared) : ConcurrentUseTests.digest(pack.run(on: shared, options: RunOptions(explainAll: true)))
                results.set(i, out)
            }
            for i in 0..<16 { #expect(results.get(i) == (i % 2 == 0 ? expectedLookups : expected), "thread \(i)") }
        }
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[String]?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: [String]) { lock.lock(); slots[i] = v; lock.unlock() }
    func get(_ i: Int) -> [String]? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
