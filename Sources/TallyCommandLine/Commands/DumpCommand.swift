import Foundation
import Tally
import TallyReports

/// `tally dump`: shows what was loaded from a report — tables as aligned grids, facts with their
/// fields and lines, load diagnostics. How rule authors see what their declarations matched.
enum DumpCommand {
    static let command = Command(
        name: "dump",
        summary: "show what a report loads into: tables, facts, diagnostics",
        usage: "tally dump REPORT [--pack P] [--format text|json]",
        details: """
        Loads REPORT with the table and fact declarations of a pack (by default the shipped pack
        for the report's type) and prints every table as an aligned grid, every narrative fact with
        its fields, and the load diagnostics with report lines. In JSON every amount is a decimal
        string as written (without thousands separators) and everything carries its report line.

        Options:
          --pack P     a pack folder, or the name of a shipped pack
          --format F   text (default) or json

        Exit status: 0 when the report loaded, 2 when it could not be read.
        """,
        example: "tally dump --format json Examples/reports/决算示例.txt",
        valued: ["--pack", "--format"],
        flags: [],
        run: run)

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard args.positionals.count == 1, let path = args.positionals.first else {
            console.err("error: give exactly one report\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        let format = args.value("--format") ?? "text"
        guard format == "text" || format == "json" else {
            console.err("error: unknown format '\(format)' (use text or json)\n"); return ExitStatus.failure
        }
        guard let (report, _) = ReportInput.load(path: path, packName: args.value("--pack"), console: console) else {
            return ExitStatus.failure
        }
        console.out(format == "json" ? DumpRenderer.json(report).serialized(pretty: true) + "\n" : DumpRenderer.text(report))
        return ExitStatus.ok
    }
}

/// Loads a report with the pack for its type (or the given pack).
enum ReportInput {
    static func load(path: String, packName: String?, console: Console) -> (LoadedReport, PackLocator.Loaded)? {
        // The file is read once: its opening bytes pick the pack, then the same bytes are loaded.
        func read() -> [UInt8]? {
            do { return try ReportFile.read(path) } catch {
                console.err("error: \(path): \(error.message) [\(error.id)]\n"); return nil
            }
        }
        let folder: URL?
        var bytes: [UInt8]? = nil
        if let p = packName {
            folder = PackLocator.resolve(p)
            if folder == nil { console.err("error: no pack '\(p)'\n"); return nil }
        } else {
            guard let b = read() else { return nil }
            bytes = b
            folder = PackLocator.shipped(for: ReportTypeSniffer.detect(bytes: b))
            if folder == nil { console.err("error: cannot find the shipped packs (Checks/); set TALLY_CHECKS or use --pack\n"); return nil }
        }
        guard let f = folder, let pack = PackLocator.compile(folder: f, console: console) else { return nil }
        guard let b = bytes ?? read() else { return nil }
        let loader = ReportLoader(tables: pack.pack.tableSpecs, facts: pack.pack.factSpecs)
        do {
            let report = try loader.load(bytes: b, path: path)
            // As `tally check` does: when the loaded report's own type (from its title) is not the
            // sniffed one (a short 决算 whose narrative says 预算 more often), load it again with
            // the pack for its type.
            if packName == nil, report.metadata.type != .unknown,
               let other = PackLocator.shipped(for: report.metadata.type), other != folder,
               let otherPack = PackLocator.compile(folder: other, console: console) {
                let again = ReportLoader(tables: otherPack.pack.tableSpecs, facts: otherPack.pack.factSpecs)
                return (try again.load(bytes: b, path: path), otherPack)
            }
            return (report, pack)
        } catch {
            console.err("error: \(path): \(error.message) [\(error.id)]\n"); return nil
        }
    }
}
