import Foundation
import Tally
import TallyReports

/// The `:` commands that show the report and the pack, and run checks.
extension ReplSession {
    /// `:tables`: each loaded table with its title, rows and line; declared tables not loaded.
    func listTables() {
        guard let r = report else { console.err("no report loaded (:load REPORT)\n"); return }
        var grid = [["table", "title", "rows", "line"]]
        for name in r.tableNames {
            guard let t = r.table(named: name) else { continue }
            grid.append([t.name, t.title, String(t.rows.count), String(t.line)])
        }
        var out = ValueRenderer.align(grid, rightAlignedFrom: 2)
        let absent = r.absenceReasons.filter { r.table(named: $0.key) == nil }.sorted { $0.key < $1.key }
        if !absent.isEmpty {
            out += "not loaded:\n"
            for (name, why) in absent { out += "  \(name): \(why)\n" }
        }
        console.out(out)
    }

    /// `:show TABLE`: the table as an aligned grid.
    func showTable(_ name: String) {
        guard let r = report else { console.err("no report loaded (:load REPORT)\n"); return }
        guard !name.isEmpty else { console.err("usage: :show TABLE\n"); return }
        guard let t = r.table(named: name) ?? r.tableNames.first(where: { NameFolding.key($0) == NameFolding.key(name) }).flatMap(r.table(named:)) else {
            let why = r.absenceReason(table: name).map { ": \($0)" } ?? ""
            let close = r.tableNames.filter { $0.hasPrefix(String(name.prefix(2))) }
            console.err("no table '\(name)' in the report\(why)\(close.isEmpty ? "" : " (tables: \(close.joined(separator: ", ")))")\n")
            return
        }
        console.out("\(t.name)  \(t.title)  (line \(t.line), \(t.rows.count) rows)\n" + DumpRenderer.grid(t))
    }

    /// `:facts [NAME]`: the kinds with their counts and fields, or every fact of one kind.
    func showFacts(_ name: String) {
        guard let r = report else { console.err("no report loaded (:load REPORT)\n"); return }
        if name.isEmpty {
            var counts: [String: Int] = [:]
            for f in r.facts { counts[f.kind, default: 0] += 1 }
            var grid = [["fact", "count", "fields"]]
            let kinds = Set(counts.keys).union(environment.factKinds.keys).sorted()
            for k in kinds {
                grid.append([k, String(counts[k] ?? 0), (environment.factKinds[k] ?? []).joined(separator: ", ")])
            }
            console.out(ValueRenderer.align(grid, rightAlignedFrom: 1, through: 1))
            return
        }
        let fs = r.facts(kind: name)
        guard !fs.isEmpty else { console.out("no '\(name)' facts in the report\n"); return }
        console.out(ValueRenderer.facts(fs))
    }

    /// `:checks`: every check of the pack and the session.
    func listChecks() {
        guard let p = sessionPack ?? pack?.pack else { console.out("no checks (load a report or a pack)\n"); return }
        var grid = [["check", "severity", "on", "title"]]
        for c in p.catalogue {
            let mine = c.span.file == ReplSession.sessionPath
            grid.append([c.id + (mine ? " *" : ""), c.severity.rawValue, c.context ?? "", c.title])
        }
        console.out(ValueRenderer.align(grid, rightAlignedFrom: 99))
        if p.catalogue.contains(where: { $0.span.file == ReplSession.sessionPath }) { console.out("(* typed in this session)\n") }
    }

    /// `:run [CHECK]`: runs the checks on the report and prints the findings as `tally check` does.
    func runChecks(_ argument: String) {
        guard let r = report else { console.err("no report loaded (:load REPORT)\n"); return }
        guard let p = sessionPack ?? pack?.pack else { console.err("no checks to run\n"); return }
        let only = Set(argument.split(separator: " ").map(String.init))
        let unknown = only.filter { id in !p.catalogue.contains { $0.id == id } }
        guard unknown.isEmpty else {
            console.err("no check \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", ")) (:checks lists them)\n"); return
        }
        let results = Cancellation.during { cancelled in
            p.run(on: r, options: RunOptions(includePasses: true, onlyChecks: only, isCancelled: cancelled))
        }
        if Cancellation.wasRequested { console.err("cancelled\n") }
        var run = ReportRun(path: r.path, metadata: r.metadata, packName: pack?.name)
        var counts: [CheckResult.Status: Int] = [:]
        for x in results { counts[x.status, default: 0] += 1 }
        run.counts = counts
        run.results = results.filter { $0.status != .pass }
        var writer = TextWriter(colors: console.colors)
        console.out(writer.write(run))
        if !only.isEmpty {
            // One check: every binding's verdict, passes included.
            for x in results where x.status == .pass || x.status == .notApplicable {
                let what = x.binding ?? x.location?.summary ?? ""
                console.out("   \(x.status == .pass ? "✓ pass" : "– n/a ")  \(x.checkID) \(what)\(x.status == .notApplicable ? ": \(x.message)" : "")\n")
            }
        }
    }

    /// `:diagnostics`: the last input's diagnostics, then the report's load diagnostics.
    func showDiagnostics() {
        if lastDiagnostics.isEmpty { console.out("no diagnostics for the last input\n") } else {
            let renderer = DiagnosticRenderer(colors: false)
            for d in lastDiagnostics {
                let src = d.span.flatMap { s in lastSourceFiles.first { $0.path == s.file } }
                console.out(renderer.render(d, source: src))
            }
        }
        if let r = report, !r.diagnostics.isEmpty {
            console.out("load diagnostics of \(r.path):\n")
            for d in r.diagnostics {
                console.out("  line \(d.line)  \(d.severity.rawValue)  \(d.id)\(d.table.map { " [\($0)]" } ?? "")  \(d.message)\n")
            }
        }
    }
}
