import Foundation
import Synchronization
import Tally
import TallyReports

/// Checks one report: picks the pack by report type (unless one was given), loads the report
/// with the pack's table and fact declarations, runs the pack. Packs are compiled once and
/// shared by every report (and thread).
///
/// A shipped pack is parsed first; its checks then compile on a thread of their own while the
/// report is loaded with the declarations (the loader needs only those), so a single report
/// does not wait for the compiler before it starts loading.
final class ReportChecker: @unchecked Sendable {
    private let lock = NSLock()
    private var shippedPacks: [String: PendingPack] = [:]
    /// The pack given with `--pack` (its checks perhaps still being read from the cache), its
    /// loader made on first use from `fixedSpecs`.
    private let fixed: PendingPack?
    private let fixedSpecs: (tables: [TableSpec], facts: [FactSpec])
    let console: Console
    let includePasses: Bool
    let waivers: Waivers
    /// Threads that share the checks of one report: more than 1 only when there are fewer
    /// reports than cores (one report's checks then use the idle cores).
    let runThreads: Int

    init(fixedPack: PackLocator.Loaded?, console: Console, includePasses: Bool, waivers: Waivers, runThreads: Int = 1) {
        fixed = fixedPack.map { PendingPack(loaded: $0, loader: nil) }
        fixedSpecs = (fixedPack?.pack.tableSpecs ?? [], fixedPack?.pack.factSpecs ?? [])
        self.console = console; self.includePasses = includePasses; self.waivers = waivers
        self.runThreads = runThreads
    }

    /// A checker of every report with the pack in `folder` whose declarations `archive` holds
    /// (`--pack` with the compiled pack in the cache): its checks are read on a thread of their
    /// own while the first reports are loaded with the declarations, as a shipped pack's are
    /// (compiled instead should the rest of the archive be unreadable).
    init(fixedArchive archive: PackArchive, folder: URL, console: Console, includePasses: Bool, waivers: Waivers,
         runThreads: Int = 1) {
        fixed = PendingPack.reading(archive, folder: folder, console: console)
        fixedSpecs = (archive.tableSpecs, archive.factSpecs)
        self.console = console; self.includePasses = includePasses; self.waivers = waivers
        self.runThreads = runThreads
    }

    /// The pack given with `--pack`, once read (`nil` when there is none or it has errors).
    func fixedPack() -> PackLocator.Loaded? { fixed?.wait() }

    /// A pack whose checks may still be compiling, and the report loader made from its
    /// declarations (`nil` when its files could not be read).
    final class PendingPack: @unchecked Sendable {
        /// A pending pack whose checks `archive` is read into on a thread of its own (the
        /// pack in `folder` is compiled instead should the rest of the archive be unreadable).
        static func reading(_ archive: PackArchive, folder: URL, console: Console) -> PendingPack {
            let p = PendingPack(loader: nil)
            Thread.detachNewThread {
                HeapAdvice.hugePagesForThisThread()
                if let pack = archive.pack() {
                    p.fulfil(PackLocator.Loaded(pack: pack, name: folder.lastPathComponent, folder: folder))
                } else {
                    p.fulfil(PackLocator.compile(folder: folder, console: console))
                }
            }
            return p
        }

        /// Set before the pack is handed out (under the checker's lock); never changed after.
        fileprivate(set) var loader: ReportLoader?
        /// The parsed declarations the checks were compiled from, kept as long as the pack when
        /// the report's checks run on every core (fewer reports than jobs): the compiling thread
        /// would otherwise free them node by node (about 9 M instructions for 部门预算) on a core
        /// the checks are running on, in a process that exits right after
        /// (``ReportChecker/park(_:)``). With a report per core they are freed as before, so a
        /// folder's run does not hold them (about 4 MB) to its end.
        fileprivate var parsed: Pack.Parsed?
        private let condition = NSCondition()
        private var done = false
        private var loaded: PackLocator.Loaded?

        init(loader: ReportLoader?) { self.loader = loader }

        /// A pack that is already known.
        init(loaded: PackLocator.Loaded?, loader: ReportLoader?) {
            self.loader = loader; self.loaded = loaded; done = true
        }

        /// Sets the compiled pack (`nil`: it has errors) and wakes the waiting threads.
        func fulfil(_ pack: PackLocator.Loaded?) {
            condition.lock()
            loaded = pack; done = true
            condition.broadcast()
            condition.unlock()
        }

        /// The compiled pack, once compiled (`nil` when it has errors).
        func wait() -> PackLocator.Loaded? {
            condition.lock(); defer { condition.unlock() }
            while !done { condition.wait() }
            return loaded
        }
    }

    /// The pack for a report type: the fixed one, or the shipped one (parsed and set compiling
    /// on first use).
    private func pack(for type: ReportType) -> PendingPack {
        lock.lock(); defer { lock.unlock() }
        if let f = fixed {
            if f.loader == nil { f.loader = ReportLoader(tables: fixedSpecs.tables, facts: fixedSpecs.facts) }
            return f
        }
        let key = type == .finalAccounts ? "决算" : "预算"
        if let p = shippedPacks[key] { return p }
        let pending: PendingPack
        let folder = PackLocator.shipped(for: type)
        if let folder, let archive = PackCache.open(folder: folder) {
            // Compiled by an earlier process, its sources unchanged: its checks are read on one
            // core while this one indexes the declarations (compiled again should the rest of
            // the archive be unreadable, which its checksum all but rules out).
            let p = PendingPack.reading(archive, folder: folder, console: console)
            p.loader = ReportLoader(tables: archive.tableSpecs, facts: archive.factSpecs)
            pending = p
        } else if let folder, let parsed = PackLocator.parse(folder: folder, console: console) {
            let console = self.console
            let p = PendingPack(loader: nil)
            if runThreads > 1 { p.parsed = parsed }
            // The checks compile on one core while this one indexes the declarations; the
            // compiled pack is cached (before it is handed out: the process may end as soon
            // as its report is checked) for the next process.
            Thread.detachNewThread {
                let loaded = PackLocator.finish(parsed, folder: folder, console: console)
                if let l = loaded { PackCache.store(l) }
                p.fulfil(loaded)
            }
            p.loader = ReportLoader(tables: parsed.tableSpecs, facts: parsed.factSpecs)
            pending = p
        } else {
            pending = PendingPack(loaded: nil, loader: nil)
        }
        shippedPacks[key] = pending
        return pending
    }

    /// The checker of the last `tally check`, kept until the next one or the end of the
    /// process: freeing the compiled packs and loaders node by node took about 2 ms of a
    /// one-report process that exits right after. At most one is kept.
    private static let parked = Mutex<ReportChecker?>(nil)

    /// Keeps `checker` (and its packs) alive until the next call; frees the one kept before.
    static func park(_ checker: ReportChecker) {
        let previous = parked.withLock { slot in
            let p = slot
            slot = checker
            return p
        }
        _ = previous
    }

    /// Whether packs could be found at all (for a clear exit-2 message).
    var packsAvailable: Bool { fixed != nil || PackLocator.checksDirectory() != nil }

    func check(path: String) -> ReportRun {
        var run = ReportRun(path: path)
        // The file is read once; the type is sniffed from its opening bytes.
        let bytes: [UInt8]
        do { bytes = try ReportFile.read(path) } catch {
            run.failure = "\(error.id): \(error.message)"
            return run
        }
        let type = ReportTypeSniffer.detect(bytes: bytes)
        let noPack = "no check pack for this report (looked for Checks/部门决算 and Checks/部门预算; use --pack)"
        let pending = pack(for: type)
        guard let loader = pending.loader else { run.failure = noPack; return run }
        // Loaded while the pack's checks compile; the pack decides first whether there is
        // anything to report.
        let first = Result<LoadedReport, ReportLoadError> { () throws(ReportLoadError) in try loader.load(bytes: bytes, path: path) }
        guard var pack = pending.wait() else { run.failure = noPack; return run }
        var report: LoadedReport
        do {
            report = try first.get()
            // The sniffer reads the opening bytes as UTF-8: a GBK or UTF-16 report's type is only
            // known once the loader has decoded it. Load again with the pack for that type.
            if fixed == nil, report.metadata.type != .unknown, report.metadata.type != type {
                let other = self.pack(for: report.metadata.type)
                if let otherLoader = other.loader, let otherPack = other.wait(), otherPack.folder != pack.folder {
                    pack = otherPack
                    report = try otherLoader.load(bytes: bytes, path: path)
                }
            }
        } catch {
            run.packName = pack.name
            run.failure = "\(error.id): \(error.message)"
            return run
        }
        run.packName = pack.name
        run.metadata = report.metadata
        run.loadDiagnostics = report.diagnostics.map {
            LoadIssue(id: $0.id, severity: $0.severity, line: $0.line, message: $0.message, table: $0.table)
        }
        // Passing results are only counted unless they are listed (`--all`, JUnit).
        let (results, passed) = pack.pack.runCounting(on: report, options: RunOptions(includePasses: includePasses, threads: runThreads))
        var counts: [CheckResult.Status: Int] = [:]
        for r in results where r.status != .pass { counts[r.status, default: 0] += 1 }
        if passed > 0 { counts[.pass] = passed }
        run.counts = counts
        run.results = results
        waivers.apply(to: &run)
        return run
    }
}

/// Tells a final-accounts report (决算) from a budget (预算) by its opening lines.
enum ReportTypeSniffer {
    /// The type from the opening bytes of a report read as UTF-8: which of 决算 and 预算 occurs
    /// more often in its first 6,000 characters (the title and the table list).
    static func detect(bytes: [UInt8]) -> ReportType {
        bytes.withUnsafeBufferPointer { all in
            // The first 6,000 Unicode scalars, at most 16 KB: count lead bytes, not continuations.
            var end = 0, scalars = 0
            let limit = min(all.count, 16 * 1024)
            while end < limit && scalars < 6000 {
                if all[end] & 0xC0 != 0x80 { scalars += 1 }
                end += 1
            }
            while end < limit && all[end] & 0xC0 == 0x80 { end += 1 }
            let head = UnsafeBufferPointer(rebasing: all[0..<end])
            let final = occurrences(of: Array("决算".utf8), in: head), budget = occurrences(of: Array("预算".utf8), in: head)
            if final == 0 && budget == 0 { return .unknown }
            return final >= budget ? .finalAccounts : .budget
        }
    }

    /// Non-overlapping occurrences of `w` in `b`, compared as bytes.
    static func occurrences(of w: [UInt8], in b: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0, n = 0
        while i + w.count <= b.count {
            if b[i] == w[0], (1..<w.count).allSatisfy({ b[i + $0] == w[$0] }) { n += 1; i += w.count } else { i += 1 }
        }
        return n
    }
}
