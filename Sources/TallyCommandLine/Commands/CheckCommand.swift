import Foundation
import Tally
import TallyReports

/// `tally check`: runs check packs over reports and folders of reports, in parallel, and writes
/// the findings in one of several formats. Exit 0 when no error-severity finding, 1 when there
/// is one, 2 when something prevented checking.
enum CheckCommand {
    static let command = Command(
        name: "check",
        summary: "check reports (files or folders) with the shipped or a given pack",
        usage: "tally check [--pack P] [--format text|json|junit|sarif|github] [--output FILE] [--waivers FILE] [--all] REPORT|DIR...",
        details: """
        Picks the pack from the report type (部门决算 or 部门预算) unless --pack is given, checks
        folders of reports in parallel, and explains every finding: both sides with their table,
        row, column and report line, the difference and the rounding allowance.

        Options:
          --pack P          a pack folder, or the name of a shipped pack (部门决算, 部门预算)
          --format F        text (default), json, junit, sarif or github
          --output FILE     write there instead of standard output (written atomically)
          --waivers FILE    accepted discrepancies (default: tally-waivers.json if present)
          --all             also list passing results (always on for junit)
          --jobs N          reports checked at once (default: all cores)

        Exit status: 0 no error-severity finding, 1 at least one, 2 something prevented checking.
        """,
        example: "tally check --format sarif --output tally.sarif reports/",
        valued: ["--pack", "--format", "--output", "--waivers", "--jobs"],
        flags: ["--all", "--quiet"],
        run: run)

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard !args.positionals.isEmpty else {
            console.err("error: no report given\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        let format = args.value("--format") ?? "text"
        var writer: any RunWriter
        switch format {
        case "text": writer = TextWriter(colors: args.value("--output") == nil && console.colors)
        case "json": writer = JSONWriter()
        case "junit": writer = JUnitWriter()
        case "sarif": writer = SARIFWriter()
        case "github": writer = GitHubWriter()
        default:
            console.err("error: unknown format '\(format)' (use text, json, junit, sarif or github)\n"); return ExitStatus.failure
        }
        // Reports: files as given, folders expanded to their .txt files (sorted).
        var paths: [String] = []
        for p in args.positionals {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                console.err("error: no such file or folder '\(p)'\n"); return ExitStatus.failure
            }
            if isDir.boolValue {
                let found = (FileManager.default.enumerator(atPath: p)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".txt") && !$0.contains("/samples/") }.sorted()
                paths += found.map { (p as NSString).appendingPathComponent($0) }
            } else { paths.append(p) }
        }
        guard !paths.isEmpty else { console.err("error: no reports (*.txt) found\n"); return ExitStatus.failure }

        var fixed: PackLocator.Loaded? = nil
        // A pack given with `--pack` and held by the cache: its checks are read while the first
        // reports load (see ``ReportChecker/init(fixedArchive:folder:console:includePasses:waivers:runThreads:)``).
        var cached: (archive: PackArchive, folder: URL)? = nil
        if let p = args.value("--pack") {
            guard let folder = PackLocator.resolve(p) else { console.err("error: no pack '\(p)'\n"); return ExitStatus.failure }
            if let archive = PackCache.open(folder: folder) { cached = (archive, folder) } else {
                guard let loaded = PackLocator.compile(folder: folder, console: console) else { return ExitStatus.failure }
                PackCache.store(loaded)
                fixed = loaded
            }
        }
        var waivers = Waivers()
        let waiverPath = args.value("--waivers") ?? (FileManager.default.fileExists(atPath: "tally-waivers.json") ? "tally-waivers.json" : nil)
        if let wp = waiverPath {
            do { waivers = try Waivers.load(path: wp, today: Waivers.today()) } catch {
                console.err("error: \(error)\n"); return ExitStatus.failure
            }
            for w in waivers.expired { console.err("warning: waiver for \(w.check) expired on \(w.until ?? "?") and no longer applies\n") }
        }
        let jobs = max(1, Int(args.value("--jobs") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount)
        // Fewer reports than jobs: the idle cores share each report's checks.
        let runThreads = paths.count < jobs ? max(1, jobs / paths.count) : 1
        let includePasses = args.has("--all") || format == "junit"
        let checker = cached.map {
            ReportChecker(fixedArchive: $0.archive, folder: $0.folder, console: console, includePasses: includePasses,
                          waivers: waivers, runThreads: runThreads)
        } ?? ReportChecker(fixedPack: fixed, console: console, includePasses: includePasses, waivers: waivers, runThreads: runThreads)
        guard checker.packsAvailable else {
            console.err("error: cannot find the shipped packs (Checks/); set TALLY_CHECKS or use --pack\n"); return ExitStatus.failure
        }
        let sink = OutputSink(path: args.value("--output"), console: console)
        var anyError = false, anyFailure = false
        let progress = console.errIsTerminal && paths.count > 20 && !args.has("--quiet")
        // `jobs` workers check reports while this thread writes the finished ones in order; a
        // worker never runs more than `window` reports ahead of the writer, so memory stays
        // bounded whatever the number of reports.
        let window = max(jobs * 8, 16)
        let pipeline = RunPipeline(count: paths.count, window: window)
        let workers = min(jobs, paths.count)
        let group = DispatchGroup()
        let all = paths
        // Workers also render each report's output (for the formats that can), so formatting
        // runs in parallel too; this thread only adds totals and writes bytes in order. (The
        // formats that render, JSON and text, begin with text that needs no catalogue and keep
        // nothing of it: the renderer may be copied before `begin`, which waits for the pack.)
        let renderer = writer
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                HeapAdvice.hugePagesForThisThread()
                while let i = pipeline.next() {
                    let run = checker.check(path: all[i])
                    pipeline.finish(i, run, rendered: renderer.render(run))
                }
                group.leave()
            }
        }
        // A pack given with `--pack` is read from the cache while the workers load the first
        // reports; the catalogue waits for it.
        let fixedPack = checker.fixedPack()
        if cached != nil && fixedPack == nil {
            while pipeline.take() != nil {}
            group.wait()
            sink.discard()
            return ExitStatus.failure
        }
        sink.write(writer.begin(catalogue: fixedPack?.pack.catalogue ?? []))
        var done = 0
        while let (run, rendered) = pipeline.take() {
            if run.failure != nil { anyFailure = true; console.err("error: \(run.path): \(run.failure!)\n") }
            if run.hasErrorFinding { anyError = true }
            sink.write(writer.write(run, rendered: rendered))
            done += 1
            if progress && (done % 16 == 0 || done == paths.count) { console.err("\r\(done)/\(paths.count) reports checked") }
        }
        group.wait()
        ReportChecker.park(checker)
        if progress { console.err("\n") }
        sink.write(writer.end())
        guard sink.finish() else { return ExitStatus.failure }
        if anyFailure { return ExitStatus.failure }
        return anyError ? ExitStatus.findings : ExitStatus.ok
    }
}

/// Hands report indexes to worker threads and their results, in order, to the writer: a worker
/// may run at most `window` reports ahead of the last one taken.
final class RunPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var nextIndex = 0
    private var taken = 0
    private var finished: [Int: (run: ReportRun, rendered: String?)] = [:]

    init(count: Int, window: Int) { self.count = count; self.window = window }

    /// The next report to check, or `nil` when all are handed out (waits while the window is full).
    func next() -> Int? {
        condition.lock(); defer { condition.unlock() }
        while nextIndex < count && nextIndex >= taken + window { condition.wait() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func finish(_ i: Int, _ run: ReportRun, rendered: String?) {
        condition.lock()
        finished[i] = (run, rendered)
        condition.broadcast()
        condition.unlock()
    }

    /// The next result in order (waits for it), or `nil` after the last.
    func take() -> (run: ReportRun, rendered: String?)? {
        condition.lock(); defer { condition.unlock() }
        guard taken < count else { return nil }
        while finished[taken] == nil { condition.wait() }
        let run = finished.removeValue(forKey: taken)
        taken += 1
        condition.broadcast()
        return run
    }
}

/// Standard output, or a file written atomically (a temporary file renamed into place).
final class OutputSink {
    let path: String?
    let console: Console
    var fd: Int32 = -1
    var tempPath: String?
    /// Set when a write failed (disk full…): the file is then not moved into place.
    var failed = false

    init(path: String?, console: Console) {
        self.path = path; self.console = console
        if let p = path {
            let dir = (p as NSString).deletingLastPathComponent
            let tmp = (dir.isEmpty ? "." : dir) + "/.\((p as NSString).lastPathComponent).tmp-\(getpid())"
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd >= 0 { tempPath = tmp }
        }
    }

    func write(_ s: String) {
        guard !s.isEmpty else { return }
        if path == nil { console.out(s) } else if fd >= 0, !failed { failed = !Console.writeAll(s, to: fd) }
    }

    /// Removes the temporary file (nothing is written).
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        if let tmp = tempPath { unlink(tmp); tempPath = nil }
    }

    /// Moves the temporary file into place; false (and a message) when it could not.
    func finish() -> Bool {
        guard let p = path else { return true }
        guard fd >= 0, let tmp = tempPath else { console.err("error: cannot write '\(p)'\n"); return false }
        let closed = close(fd) == 0
        fd = -1
        if failed || !closed || rename(tmp, p) != 0 {
            console.err("error: cannot write '\(p)'\n"); unlink(tmp); return false
        }
        return true
    }
}
