import Foundation
import Tally

/// Finds and compiles check packs from disk. A pack is a folder of `.tally` files; includes are
/// confined to that folder (no `..`, no symlinks leading out of it).
package enum PackLocator {
    /// The folder that holds the shipped packs: `$TALLY_CHECKS`, else `Checks/` beside the
    /// executable's package (walking up from the executable), else `./Checks`.
    package static func checksDirectory() -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["TALLY_CHECKS"], fm.fileExists(atPath: env) {
            return URL(fileURLWithPath: env)
        }
        return besideExecutable
    }

    /// `Checks/` found from the executable upwards, else in the working directory: searched once
    /// per process (it resolves symbolic links and probes up to seven folders).
    private static let besideExecutable: URL? = {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let c = dir.appendingPathComponent("Checks")
            if fm.fileExists(atPath: c.appendingPathComponent("部门决算").path) { return c }
            dir.deleteLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Checks")
        return fm.fileExists(atPath: cwd.path) ? cwd : nil
    }()

    /// The shipped pack for a report type.
    static func shipped(for type: ReportType) -> URL? {
        guard let dir = checksDirectory() else { return nil }
        switch type {
        case .finalAccounts: return dir.appendingPathComponent("部门决算")
        case .budget, .unknown: return dir.appendingPathComponent("部门预算")
        }
    }

    /// Resolves `--pack P`: a folder path, or the name of a shipped pack.
    static func resolve(_ name: String) -> URL? {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: name, isDirectory: &isDir) { return URL(fileURLWithPath: name) }
        if let dir = checksDirectory()?.appendingPathComponent(name), fm.fileExists(atPath: dir.path) { return dir }
        return nil
    }

    struct Loaded {
        var pack: Pack
        var name: String
        var folder: URL
    }

    /// Compiles the pack in `folder`; prints diagnostics (warnings too) to stderr.
    static func compile(folder: URL, console: Console, quietWarnings: Bool = true) -> Loaded? {
        guard let parsed = parse(folder: folder, console: console) else { return nil }
        return finish(parsed, folder: folder, console: console, quietWarnings: quietWarnings)
    }

    /// Reads and parses the pack in `folder` (the first half of ``compile(folder:console:quietWarnings:)``);
    /// prints why when its files cannot be read.
    static func parse(folder: URL, console: Console) -> Pack.Parsed? {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else {
            console.err("error: cannot read pack folder '\(folder.path)'\n"); return nil
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var sources: [SourceFile] = []
        for n in names.sorted() where n.hasSuffix(".tally") {
            let url = folder.appendingPathComponent(n)
            guard url.resolvingSymlinksInPath().path.hasPrefix(root + "/") else {
                console.err("error: '\(url.path)' is a link leading out of the pack folder; refused\n"); return nil
            }
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                console.err("error: cannot read '\(url.path)' as UTF-8\n"); return nil
            }
            sources.append(SourceFile(path: url.path, text: text))
        }
        guard !sources.isEmpty else { console.err("error: no .tally files in pack '\(folder.path)'\n"); return nil }
        return Pack.parse(files: parseEach(sources), resolveInclude: { path, from in
            include(path, from: from, root: root)
        })
    }

    /// Parses each file on its own, on every core: parsing is the part of compiling a pack
    /// that a report's load must wait for.
    static func parseEach(_ sources: [SourceFile]) -> [Pack.ParsedFile] {
        Array(unsafeUninitializedCapacity: sources.count) { buffer, count in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: sources.count) { i in
                (slots.base + i).initialize(to: Pack.ParsedFile(sources[i]))
            }
            count = sources.count
        }
    }

    /// The array ``parseEach(_:)`` fills: each iteration initialises a slot of its own.
    private struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<Pack.ParsedFile>
    }

    /// Compiles a parsed pack (the second half of ``compile(folder:console:quietWarnings:)``);
    /// prints its diagnostics (errors only when `quietWarnings`).
    static func finish(_ parsed: Pack.Parsed, folder: URL, console: Console, quietWarnings: Bool = true) -> Loaded? {
        let comp = Pack.compile(parsed)
        let shown = quietWarnings ? comp.diagnostics.filter { $0.severity == .error } : comp.diagnostics
        // One write per pack: the two shipped packs may compile at once on two threads.
        var text = shown.isEmpty ? "" : DiagnosticPrinter.render(shown, sources: comp.sources, console: console)
        guard let pack = comp.pack else {
            text += "error: pack '\(folder.lastPathComponent)' has errors\n"
            console.err(text)
            return nil
        }
        if !text.isEmpty { console.err(text) }
        return Loaded(pack: pack, name: folder.lastPathComponent, folder: folder)
    }

    /// Reads an included file, refusing anything outside the pack folder.
    static func include(_ path: String, from: String, root: String) -> Result<SourceFile, IncludeRefusal> {
        if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            return .failure(IncludeRefusal("includes must stay inside the pack folder"))
        }
        let url = URL(fileURLWithPath: from).deletingLastPathComponent().appendingPathComponent(path)
        let real = url.resolvingSymlinksInPath().path
        guard real.hasPrefix(root + "/") else { return .failure(IncludeRefusal("the file leads outside the pack folder")) }
        guard let text = try? String(contentsOfFile: real, encoding: .utf8) else {
            return .failure(IncludeRefusal("the file cannot be read"))
        }
        return .success(SourceFile(path: real, text: text))
    }
}
