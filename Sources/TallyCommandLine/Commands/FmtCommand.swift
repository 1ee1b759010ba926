#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Tally

/// `tally fmt`: canonical formatting of `.tally` files (``SourceFormatter``): prints the formatted
/// text, rewrites files in place with `-w` (atomically), or lists the files that would change with
/// `--check` (for CI).
enum FmtCommand {
    static let command = Command(
        name: "fmt",
        summary: "format .tally files canonically (or check that they are)",
        usage: "tally fmt [-w] [--check] FILE|DIR...",
        details: """
        Formats Tally source: one declaration per block, clauses indented 2, spaces around binary
        operators and '|', at most one blank line in a row. Every comment is kept, line breaks
        inside expressions are kept, and formatting never changes what a file means. A directory
        stands for every .tally file under it.

        Without options the formatted text is printed. With -w each file that changes is rewritten
        (a temporary file renamed over it). With --check nothing is written: the files that would
        change are listed.

        Options:
          -w        write the formatted text back to each file
          --check   list the files that are not formatted; exit 1 if any

        Exit status: 0 when formatted (or, with --check, already formatted), 1 when --check found
        files to format, 2 on a syntax error (printed) or an unreadable file.
        """,
        example: "tally fmt --check Checks",
        valued: [],
        flags: ["-w", "--check", "--write"],
        run: run)

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard !args.positionals.isEmpty else {
            console.err("error: no file given\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        let write = args.has("-w") || args.has("--write"), check = args.has("--check")
        var files: [String] = []
        for p in args.positionals {
            guard let found = TallyFiles.expand(p) else {
                console.err("error: cannot read '\(p)'\n"); return ExitStatus.failure
            }
            files += found
        }
        var status = ExitStatus.ok
        var unformatted: [String] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                console.err("error: cannot read '\(path)' as UTF-8 text\n"); status = ExitStatus.failure; continue
            }
            var parser = Parser(source: text, path: path)
            _ = parser.parseUnit()
            let errors = parser.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty {
                DiagnosticPrinter.print(errors, sources: [SourceFile(path: path, text: text)], console: console)
                status = ExitStatus.failure
                continue
            }
            let formatted = SourceFormatter.format(text)
            if check {
                if formatted != text { unformatted.append(path) }
            } else if write {
                guard formatted != text else { continue }
                do { try TallyFiles.writeAtomically(formatted, to: path) } catch {
                    console.err("error: cannot write '\(path)': \(error.localizedDescription)\n"); status = ExitStatus.failure
                }
            } else {
                console.out(formatted)
            }
        }
        if check && !unformatted.isEmpty {
            for p in unformatted { console.out(p + "\n") }
            console.err("\(unformatted.count) file\(unformatted.count == 1 ? "" : "s") would be reformatted (run 'tally fmt -w')\n")
            if status == ExitStatus.ok { status = ExitStatus.findings }
        }
        return status
    }
}

/// Finding and writing `.tally` files for `fmt` and `lint`.
enum TallyFiles {
    /// `path` itself when it is a file, every `.tally` file under it (sorted) when it is a
    /// directory, nil when it does not exist.
    static func expand(_ path: String) -> [String]? {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else { return [path] }
        guard let e = fm.enumerator(atPath: path) else { return nil }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if rel.hasSuffix(".tally") { out.append((path as NSString).appendingPathComponent(rel)) }
        }
        return out.sorted()
    }

    /// Writes `text` to a temporary file beside `path` and renames it over `path`, so readers
    /// never see a half-written file. Keeps the file's permissions.
    static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tally-fmt-\(getpid())")
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        try Data(text.utf8).write(to: temp)
        if let perms = attributes?[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: perms], ofItemAtPath: temp.path)
        }
        guard rename(temp.path, path) == 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw NSError(domain: "tally", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: why])
        }
    }
}
