import Foundation
import Tally
import TallyReports

/// `tally lint`: static checks of a pack (``Linter``), printed like compiler diagnostics.
enum LintCommand {
    static let command = Command(
        name: "lint",
        summary: "find mistakes in a check pack without running it",
        usage: "tally lint PACK|FILE...",
        details: """
        Compiles the pack against its own table and fact declarations and reports: names that
        resolve to nothing (with did-you-mean), columns the row's table does not declare,
        duplicate check ids, unused 'let's and fact patterns, and checks that can never apply
        (an unknown 'on' table, a 'when' that is always false, a group the table does not declare),
        and a quantifier whose body reaches over a later quantifier that does not use its variable
        ('any r in A: p or any s in B: q' is false whenever A is empty: write '(any r in A: p) or …').
        PACK is a pack folder or the name of a shipped pack; each folder is linted as a pack of its
        own (`tally lint Checks/*` lints every shipped pack), and the files named are linted
        together as one pack.

        Exit status: 0 when nothing was found, 1 when there are findings, 2 when the pack cannot be read.
        """,
        example: "tally lint Checks/部门决算",
        valued: [],
        flags: [],
        run: run)

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard !args.positionals.isEmpty else {
            console.err("error: no pack given\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        // Each folder is a pack of its own; the files named, together, are one more.
        var units: [(sources: [SourceFile], root: String)] = []
        var loose: [SourceFile] = []
        var looseRoot = "/"
        let fm = FileManager.default
        for p in args.positionals {
            guard let url = PackLocator.resolve(p) else { console.err("error: no pack or file '\(p)'\n"); return ExitStatus.failure }
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: url.path, isDirectory: &isDir)
            if isDir.boolValue {
                let names = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
                let paths = names.filter { $0.hasSuffix(".tally") }.sorted().map { url.appendingPathComponent($0).path }
                guard let sources = read(paths, console) else { return ExitStatus.failure }
                guard !sources.isEmpty else { console.err("error: no .tally files in \(p)\n"); return ExitStatus.failure }
                units.append((sources, url.standardizedFileURL.resolvingSymlinksInPath().path))
            } else {
                guard let sources = read([url.path], console) else { return ExitStatus.failure }
                loose += sources
                looseRoot = url.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
            }
        }
        if !loose.isEmpty { units.append((loose, looseRoot)) }
        let renderer = DiagnosticRenderer(colors: console.colors)
        var total = 0, errors = 0
        for unit in units {
            let include: (String, String) -> Result<SourceFile, IncludeRefusal> = { path, from in PackLocator.include(path, from: from, root: unit.root) }
            var (findings, all) = Linter.lint(sources: unit.sources, resolveInclude: include)
            findings += templateFindings(Pack.compile(sources: unit.sources, resolveInclude: include).pack)
            for d in findings {
                let src = d.span.flatMap { s in all.first { $0.path == s.file } }
                console.out(renderer.render(d, source: src))
            }
            total += findings.count
            errors += findings.filter { $0.severity == .error }.count
        }
        if total == 0 { return ExitStatus.ok }
        console.out("\(total) finding\(total == 1 ? "" : "s") (\(errors) error\(errors == 1 ? "" : "s"))\n")
        return ExitStatus.findings
    }

    /// The files at `paths` as sources, or nil (with a message) when one is not UTF-8 text.
    static func read(_ paths: [String], _ console: Console) -> [SourceFile]? {
        var sources: [SourceFile] = []
        for path in paths {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                console.err("error: cannot read '\(path)' as UTF-8\n"); return nil
            }
            sources.append(SourceFile(path: path, text: text))
        }
        return sources
    }

    /// Fact templates the loader cannot use (`L015`, which otherwise shows only when a report is
    /// loaded), at their `fact` declaration.
    static func templateFindings(_ pack: Pack?) -> [Diagnostic] {
        guard let pack else { return [] }
        var out: [Diagnostic] = []
        for f in pack.factSpecs {
            for t in f.templates {
                guard let problem = ReportLoader.validate(template: t) else { continue }
                out.append(Diagnostic(DiagnosticID(rawValue: LoadDiagnosticID.invalidFactTemplate),
                                      "fact '\(f.name)': the template \"\(t)\" cannot be used: \(problem)",
                                      at: f.span, severity: .error))
            }
        }
        return out
    }
}
