import Foundation
@_spi(Bench) import Tally
import TallyReports
import TallyCommandLine

// TallyBench: the speed figures issue 7 asks for, from a release build.
//
//   swift build -c release && .build/release/TallyBench [--reports N] [--quick] [--json] [--keep]
//
// In-process workloads (pack compile, load, run, load+run, REPL evaluation) are timed with
// ContinuousClock over repeated runs; the corpus workload spawns the release `tally` binary
// beside this executable and measures wall time and peak RSS with wait4, next to `cat` and
// `wc -l` over the same files. See Docs/Benchmarks.md.

struct Options {
    var reports = 10_000
    var quick = false
    var json = false
    var keep = false
    var seed: UInt64 = 7
    /// One decimal amount in `perturb` gets a different last digit in each generated report.
    var perturb: UInt64 = 30
    var corpus: String?
    var tally: String?
    var checks: String?
    var samples: String?
    var only: Set<String> = []
    /// `--check`: the run workload runs only these checks (empty: the whole pack).
    var onlyChecks: Set<String> = []
}

@MainActor func usage() -> Never {
    print("""
    usage: TallyBench [--reports N] [--quick] [--json] [--keep] [--seed S] [--perturb N] [--corpus DIR]
                      [--tally PATH] [--checks DIR] [--samples DIR] [--only W,W…] [--check ID,ID…]
      --reports N   reports in the generated corpus (default 10000; --quick: 500)
      --quick       few repetitions and a small corpus: a smoke run
      --json        print the figures as JSON instead of a table
      --keep        keep the generated corpus (default: deleted afterwards)
      --perturb N   change the last digit of one decimal amount in N of each copy (default 30:
                    4–13 amounts a report, each breaking a few relations, on top of the samples'
                    own errors; 10 is a stress test with hundreds of findings a report)
      --corpus DIR  where to generate it (default: a fresh temporary folder)
      --tally PATH  the tally binary (default: beside this executable)
      --checks DIR  the shipped packs (default: Checks/ found from here)
      --samples DIR sample reports (*.txt) (default: $TALLY_BENCH_REPORTS, /work/shared/reports, Checks/*/samples)
      --only LIST   run only these workloads: compile,load,run,repl,corpus,single
      --check IDS   the run workload runs only these checks (to profile one check)
    """)
    exit(2)
}

var opts = Options()
do {
    var args = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let v = args.popFirst() else { print("\(name) needs a value"); usage() }
        return v
    }
    var reportsGiven = false
    while let a = args.popFirst() {
        switch a {
        case "--reports": opts.reports = Int(value(a)) ?? opts.reports; reportsGiven = true
        case "--quick": opts.quick = true
        case "--json": opts.json = true
        case "--keep": opts.keep = true
        case "--seed": opts.seed = UInt64(value(a)) ?? opts.seed
        case "--perturb": opts.perturb = max(1, UInt64(value(a)) ?? opts.perturb)
        case "--corpus": opts.corpus = value(a)
        case "--tally": opts.tally = value(a)
        case "--checks": opts.checks = value(a)
        case "--samples": opts.samples = value(a)
        case "--only": opts.only = Set(value(a).split(separator: ",").map(String.init))
        case "--check": opts.onlyChecks = Set(value(a).split(separator: ",").map(String.init))
        case "-h", "--help": usage()
        default: print("unknown option \(a)"); usage()
        }
    }
    if opts.quick && !reportsGiven { opts.reports = 500 }
}
@MainActor func wanted(_ w: String) -> Bool { opts.only.isEmpty || opts.only.contains(w) }

let fm = FileManager.default
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()

/// The folder holding the shipped packs: `--checks`, else where `tally` looks for them.
@MainActor func findChecks() -> URL? {
    if let c = opts.checks { return URL(fileURLWithPath: c) }
    return PackLocator.checksDirectory()
}

guard let checksDir = findChecks() else { print("error: cannot find Checks/ (use --checks)"); exit(2) }

/// Sample report files.
@MainActor func findSamples() -> [URL] {
    var dirs: [URL] = []
    if let s = opts.samples { dirs = [URL(fileURLWithPath: s)] }
    else if let s = ProcessInfo.processInfo.environment["TALLY_BENCH_REPORTS"] { dirs = [URL(fileURLWithPath: s)] }
    else if fm.fileExists(atPath: "/work/shared/reports") { dirs = [URL(fileURLWithPath: "/work/shared/reports")] }
    else { dirs = ["部门决算", "部门预算"].map { checksDir.appendingPathComponent($0).appendingPathComponent("samples") } }
    var out: [URL] = []
    for d in dirs {
        let names = ((try? fm.contentsOfDirectory(atPath: d.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        out += names.map { d.appendingPathComponent($0) }
    }
    return out
}

let sampleURLs = findSamples()
guard !sampleURLs.isEmpty else { print("error: no sample reports found (use --samples)"); exit(2) }

// MARK: Packs

struct PackSource {
    var name: String
    var sources: [SourceFile]
    var root: String
}

@MainActor func readPack(_ name: String) -> PackSource {
    let folder = checksDir.appendingPathComponent(name)
    let names = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tally") }.sorted()
    let sources = names.compactMap { n -> SourceFile? in
        let u = folder.appendingPathComponent(n)
        guard let t = try? String(contentsOf: u, encoding: .utf8) else { return nil }
        return SourceFile(path: u.path, text: t)
    }
    return PackSource(name: name, sources: sources, root: folder.path)
}

@MainActor func compile(_ p: PackSource) -> Pack.Compilation {
    Pack.compile(sources: p.sources, resolveInclude: { path, from in
        let u = URL(fileURLWithPath: from).deletingLastPathComponent().appendingPathComponent(path)
        guard let t = try? String(contentsOf: u, encoding: .utf8) else { return .failure(IncludeRefusal("cannot read")) }
        return .success(SourceFile(path: u.path, text: t))
    })
}

let packSources = [readPack("部门决算"), readPack("部门预算")]
var packs: [String: Pack] = [:]
for p in packSources {
    guard let pack = compile(p).pack else { print("error: pack \(p.name) does not compile"); exit(2) }
    packs[p.name] = pack
}
let loaders = packs.mapValues { ReportLoader(tables: $0.tableSpecs, facts: $0.factSpecs) }

/// The same choice `tally check` makes: count 决算 and 预算 in the opening part.
@MainActor func packName(for text: String) -> String {
    let head = text.prefix(6000)
    let final = head.components(separatedBy: "决算").count - 1
    let budget = head.components(separatedBy: "预算").count - 1
    return final > 0 && final >= budget ? "部门决算" : "部门预算"
}

struct Sample {
    var name: String
    var bytes: [UInt8]
    var pack: String
}
let samples: [Sample] = sampleURLs.map { u in
    let bytes = [UInt8]((try? Data(contentsOf: u)) ?? Data())
    return Sample(name: u.lastPathComponent, bytes: bytes, pack: packName(for: String(decoding: bytes, as: UTF8.self)))
}

// MARK: Results

struct Row {
    var workload: String
    var subject: String
    var stats: Stats?
    var extra: [(String, String)] = []
    var numbers: [String: Double] = [:]
}
var rows: [Row] = []
var notes: [String] = []

let scale = opts.quick ? 0.1 : 1.0
@MainActor func reps(_ n: Int) -> Int { max(3, Int(Double(n) * scale)) }

@MainActor func progress(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

// MARK: 1. Compile the shipped packs

if wanted("compile") {
    progress("1. compiling the shipped packs…")
    for p in packSources {
        let st = measure(runs: reps(30)) { _ = compile(p) }
        let checks = packs[p.name]!.catalogue.count
        rows.append(Row(workload: "1 compile pack", subject: "\(p.name) (\(checks) checks)", stats: st))
    }
}

// MARK: 2, 3. Load one report; run the full pack on it; both

var loaded: [String: LoadedReport] = [:]
for s in samples {
    loaded[s.name] = try? loaders[s.pack]!.load(bytes: s.bytes, path: s.name)
}

if wanted("load") || wanted("run") {
    progress("2, 3. loading and checking each sample…")
    // As `tally check` runs a pack: passing results counted, not built; one thread.
    let options = RunOptions(includePasses: false, onlyChecks: opts.onlyChecks)
    for s in samples {
        let loader = loaders[s.pack]!, pack = packs[s.pack]!
        guard let report = loaded[s.name] else { notes.append("\(s.name): failed to load"); continue }
        let kb = fmt(Double(s.bytes.count) / 1024, 1) + " KB"
        if wanted("load") {
            let st = measure(runs: reps(300)) { _ = try? loader.load(bytes: s.bytes, path: s.name) }
            rows.append(Row(workload: "2 load report", subject: "\(s.name) (\(kb))", stats: st,
                            extra: [("tables", "\(report.tables.count)"), ("facts", "\(report.facts.count)")]))
        }
        if wanted("run") {
            let (results, passed) = pack.runCounting(on: report, options: options)
            let failing = results.filter { $0.status == .fail }.count
            let st = measure(runs: reps(300)) { _ = pack.runCounting(on: report, options: options) }
            rows.append(Row(workload: "3 run pack", subject: "\(s.name) (\(s.pack))", stats: st,
                            extra: [("results", "\(results.count + passed)"), ("failing", "\(failing)")]))
        }
        if wanted("load") && wanted("run") {
            let st = measure(runs: reps(300)) {
                if let r = try? loader.load(bytes: s.bytes, path: s.name) { _ = pack.runCounting(on: r, options: options) }
            }
            rows.append(Row(workload: "2+3 load + run", subject: s.name, stats: st,
                            extra: [("target", "≤ 0.5 ms")]))
        }
    }
}

// Per-check costs (`--only checks`): where the pack's run time goes. Each check is timed inside
// whole runs (lets and remembered outcomes shared as in `tally check`), summed over the runs.
if opts.only.contains("checks") {
    let options = RunOptions(includePasses: false, onlyChecks: opts.onlyChecks)
    for s in samples {
        guard let report = loaded[s.name] else { continue }
        let pack = packs[s.pack]!
        var total: [String: Int64] = [:], order: [String] = []
        let runs = reps(100)
        for k in 0..<(runs + 2) {
            for (id, ns) in pack.checkTimes(on: report, options: options) {
                if k == 0 { order.append(id) }
                if k >= 2 { total[id, default: 0] += ns }
            }
        }
        let all = total.values.reduce(0, +)
        for id in order.sorted(by: { total[$0]! > total[$1]! }).prefix(opts.onlyChecks.isEmpty ? 25 : 1000) {
            let t = Double(total[id]!) / Double(runs) / 1e9
            rows.append(Row(workload: "3 per check", subject: "\(s.name.prefix(3)) \(id)", stats: nil,
                            extra: [("mean", fmtTime(t)), ("share", fmt(100 * Double(total[id]!) / Double(max(all, 1)), 1) + " %")]))
        }
        rows.append(Row(workload: "3 per check", subject: "\(s.name.prefix(3)) all \(order.count)", stats: nil,
                        extra: [("mean", fmtTime(Double(all) / Double(runs) / 1e9))]))
    }
}

// MARK: 5. One REPL evaluation

if wanted("repl") {
    progress("5. REPL evaluations…")
    let expressions = [
        "部门决算": "sum(公开05.功能分类.*.合计) == total(公开05).合计",
        "部门预算": "sum(一般公共预算功能支出表.功能分类.*.合计) == total(一般公共预算功能支出表).合计",
    ]
    for s in samples {
        guard let report = loaded[s.name], let text = expressions[s.pack] else { continue }
        let pack = packs[s.pack]!
        // What the REPL builds once when a report is loaded.
        var env = Environment(model: report)
        for (k, v) in Environment(tables: pack.tableSpecs, facts: pack.factSpecs).tables where env.tables[k] == nil { env.tables[k] = v }
        for (k, v) in Environment(tables: pack.tableSpecs, facts: pack.factSpecs).factKinds { env.factKinds[k] = v }
        var outcome = "?"
        if let e = CompiledExpression.compile(text, environment: env, pack: pack).expression {
            let r = e.evaluate(on: report)
            outcome = r.value?.display ?? r.notApplicable.map { "n/a: \($0)" } ?? "error"
        } else { outcome = "does not compile" }
        let st = measure(runs: reps(1000)) {
            if let e = CompiledExpression.compile(text, environment: env, pack: pack).expression { _ = e.evaluate(on: report) }
        }
        rows.append(Row(workload: "5 REPL eval", subject: s.name, stats: st, extra: [("expr", text), ("value", outcome)]))
    }
}

// MARK: 4, 6. The corpus

/// Changes the last digit of about one amount in `rate` (digits only, so sizes stay the same).
@MainActor func perturb(_ bytes: [UInt8], rng: inout SplitMix64, rate: UInt64) -> [UInt8] {
    var b = bytes
    var i = 0
    let n = b.count
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    while i < n {
        guard isDigit(b[i]) else { i += 1; continue }
        var j = i, sawDot = false, fracDigits = 0
        while j < n && (isDigit(b[j]) || b[j] == 0x2E || b[j] == 0x2C) {
            if b[j] == 0x2E { sawDot = true } else if sawDot && isDigit(b[j]) { fracDigits += 1 }
            j += 1
        }
        var last = j - 1
        while last > i && !isDigit(b[last]) { last -= 1 }
        if sawDot && fracDigits > 0 && rng.below(rate) == 0 {
            let d = UInt64(b[last] - 0x30)
            b[last] = 0x30 + UInt8((d + 1 + rng.below(9)) % 10)
        }
        i = j
    }
    return b
}

@MainActor func dirBytes(_ dir: String) -> Int {
    var total = 0
    for case let p as String in fm.enumerator(atPath: dir)! where p.hasSuffix(".txt") {
        total += ((try? fm.attributesOfItem(atPath: dir + "/" + p))?[.size] as? NSNumber)?.intValue ?? 0
    }
    return total
}

let tallyPath = opts.tally ?? executable.deletingLastPathComponent().appendingPathComponent("tally").path
var corpusFacts: [String: Double] = [:]

if wanted("corpus") || wanted("single") {
    guard fm.isExecutableFile(atPath: tallyPath) else { print("error: no tally binary at \(tallyPath) (build it, or --tally)"); exit(2) }
}

let tmpRoot = NSTemporaryDirectory() + "tally-bench-\(getpid())"
try? fm.createDirectory(atPath: tmpRoot, withIntermediateDirectories: true)
let jsonOut = tmpRoot + "/check.json"
let env = ["TALLY_CHECKS": checksDir.path]

if wanted("corpus") {
    let n = opts.reports
    let corpus = opts.corpus ?? (tmpRoot + "/corpus")
    progress("4. generating \(n) reports in \(corpus)…")
    let perFolder = 1000
    let genTime = seconds {
        for i in 0..<n {
            let s = samples[i % samples.count]
            let folder = corpus + "/part-\(String(format: "%03d", i / perFolder))"
            if i % perFolder == 0 { try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            var r = SplitMix64(seed: opts.seed &* 1_000_003 &+ UInt64(i))
            let bytes = perturb(s.bytes, rng: &r, rate: opts.perturb)
            let path = folder + "/\(String(format: "%05d", i))_\(s.name)"
            guard fm.createFile(atPath: path, contents: Data(bytes)) else {
                print("error: cannot write the corpus file \(path)"); exit(2)
            }
        }
    }
    let bytes = dirBytes(corpus)
    let mb = Double(bytes) / 1_000_000
    notes.append("corpus: \(n) reports, \(fmt(mb, 1)) MB, generated in \(fmt(genTime, 1)) s (seed \(opts.seed), 1 amount in \(opts.perturb) perturbed)")
    let q = shQuote(corpus)
    // Warm the page cache once so every contender reads from memory.
    _ = shell("cd \(q) && cat -- */*.txt > /dev/null")
    let runs = opts.quick ? 2 : 3

    progress("   cat, wc -l…")
    var catT: [Double] = [], wcT: [Double] = []
    for _ in 0..<runs {
        catT.append(shell("cd \(q) && cat -- */*.txt > /dev/null").wall)
        wcT.append(shell("cd \(q) && wc -l -- */*.txt > /dev/null").wall)
    }
    let cat = Stats(catT), wc = Stats(wcT)
    rows.append(Row(workload: "floor: cat", subject: "\(n) files", stats: cat,
                    extra: [("reports/s", fmt(Double(n) / cat.median, 0)), ("MB/s", fmt(mb / cat.median, 0))]))
    rows.append(Row(workload: "floor: wc -l", subject: "\(n) files", stats: wc,
                    extra: [("reports/s", fmt(Double(n) / wc.median, 0)), ("MB/s", fmt(mb / wc.median, 0))]))

    progress("   tally check (all cores)…")
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var tallyT: [Double] = [], rss: [Double] = [], cpu: [Double] = []
    var statuses: Set<Int32> = []
    for _ in 0..<runs {
        let r = spawnAndWait([tallyPath, "check", "--format", "json", "--output", jsonOut, corpus], environment: env)
        tallyT.append(r.wall); rss.append(Double(r.maxRSS)); cpu.append(r.userCPU + r.systemCPU); statuses.insert(r.status)
    }
    let jsonMB = Double(((try? fm.attributesOfItem(atPath: jsonOut))?[.size] as? NSNumber)?.intValue ?? 0) / 1_000_000
    let t = Stats(tallyT), peak = Stats(rss)
    let rps = Double(n) / t.median
    rows.append(Row(workload: "4 tally check", subject: "\(n) reports, \(cores) jobs", stats: t,
                    extra: [("reports/s", fmt(rps, 0)), ("MB/s", fmt(mb / t.median, 1)),
                            ("of wc -l", fmt(100 * wc.median / t.median, 1) + " %"),
                            ("CPU", fmt(Stats(cpu).median, 2) + " s"), ("exit", statuses.sorted().map(String.init).joined(separator: ",")),
                            ("json out", fmt(jsonMB, 1) + " MB")],
                    numbers: ["reportsPerSecond": rps, "megabytesPerSecond": mb / t.median,
                              "fractionOfWc": wc.median / t.median, "fractionOfCat": cat.median / t.median]))
    rows.append(Row(workload: "6 peak RSS", subject: "tally check \(n) reports", stats: nil,
                    extra: [("max RSS", fmt(peak.max / 1_048_576, 1) + " MB"), ("median", fmt(peak.median / 1_048_576, 1) + " MB")],
                    numbers: ["maxRSSBytes": peak.max]))
    corpusFacts = ["reports": Double(n), "megabytes": mb]

    // Bounded memory: the same on a tenth of the corpus.
    if n >= 2 * perFolder {
        let sub = corpus + "/part-000"
        let r = spawnAndWait([tallyPath, "check", "--format", "json", "--output", jsonOut, sub], environment: env)
        rows.append(Row(workload: "6 peak RSS", subject: "tally check \(perFolder) reports", stats: nil,
                        extra: [("max RSS", fmt(Double(r.maxRSS) / 1_048_576, 1) + " MB"),
                                ("reports/s", fmt(Double(perFolder) / r.wall, 0))]))
    }

    // The parallel speed-up: the same corpus on one core.
    if cores > 1 {
        progress("   tally check --jobs 1…")
        let r = spawnAndWait([tallyPath, "check", "--jobs", "1", "--format", "json", "--output", jsonOut, corpus], environment: env)
        rows.append(Row(workload: "4 tally check", subject: "\(n) reports, 1 job", stats: Stats([r.wall]),
                        extra: [("reports/s", fmt(Double(n) / r.wall, 0)), ("speed-up", fmt(r.wall / t.median, 2) + "×"),
                                ("max RSS", fmt(Double(r.maxRSS) / 1_048_576, 1) + " MB")]))
    }

    if opts.keep { notes.append("corpus kept in \(corpus)") } else { try? fm.removeItem(atPath: corpus) }
}

// MARK: One report as a new process

if wanted("single") {
    progress("   tally check of one report, 20 processes…")
    for s in samples.prefix(opts.quick ? 1 : samples.count) {
        let path = sampleURLs.first { $0.lastPathComponent == s.name }!.path
        var walls: [Double] = [], rss: [Double] = []
        for i in 0..<(20 + 2) {
            let r = spawnAndWait([tallyPath, "check", "--format", "json", "--output", jsonOut, path], environment: env)
            if i >= 2 { walls.append(r.wall); rss.append(Double(r.maxRSS)) }
        }
        rows.append(Row(workload: "one report, new process", subject: s.name, stats: Stats(walls),
                        extra: [("max RSS", fmt(Stats(rss).max / 1_048_576, 1) + " MB"), ("target", "≤ 20 ms")]))
    }
}

try? fm.removeItem(atPath: tmpRoot)

// MARK: Output

@MainActor func machine() -> [String: String] {
    var model = "?"
    if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
       let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
       let colon = line.firstIndex(of: ":") {
        model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var mem = "?"
    if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
       let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal") }) {
        mem = line.split(separator: " ").dropFirst().first.map { fmt((Double($0) ?? 0) / 1_048_576, 1) + " GB" } ?? "?"
    }
    return ["cpus": "\(ProcessInfo.processInfo.activeProcessorCount)", "model": model, "memory": mem,
            "os": ProcessInfo.processInfo.operatingSystemVersionString]
}

if opts.json {
    var out: [String: Any] = ["machine": machine(), "notes": notes, "corpus": corpusFacts]
    out["workloads"] = rows.map { r -> [String: Any] in
        var d: [String: Any] = ["workload": r.workload, "subject": r.subject]
        if let s = r.stats {
            d["seconds"] = ["median": s.median, "min": s.min, "p90": s.p90, "max": s.max, "mad": s.mad, "runs": s.count]
        }
        for (k, v) in r.extra { d[k] = v }
        for (k, v) in r.numbers { d[k] = v }
        return d
    }
    let data = try! JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} else {
    let m = machine()
    print("Tally benchmark — \(m["cpus"]!) × \(m["model"]!), \(m["memory"]!) RAM, \(m["os"]!)")
    for n in notes { print("  " + n) }
    print("")
    print(pad("workload", 24) + pad("subject", 34) + pad("median", 11, right: true) + pad("min", 11, right: true)
          + pad("p90", 11, right: true) + pad("max", 11, right: true) + pad("MAD", 11, right: true) + "  runs  details")
    for r in rows {
        var line = pad(r.workload, 24) + pad(r.subject, 34)
        if let s = r.stats {
            line += [s.median, s.min, s.p90, s.max, s.mad].map { pad(fmtTime($0), 11, right: true) }.joined()
            line += pad("\(s.count)", 6, right: true)
        } else { line += String(repeating: " ", count: 61) }
        line += "  " + r.extra.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        print(line)
    }
}
