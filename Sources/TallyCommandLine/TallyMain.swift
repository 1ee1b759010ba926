/// The `tally` command line: dispatches to the command table.
public enum TallyMain {
    /// The version printed by `tally --version`.
    public static let version = "0.1.0"

    package static var commands: [Command] {
        [EvalCommand.command, CheckCommand.command, DumpCommand.command, TestCommand.command, ReplCommand.command, FmtCommand.command, LintCommand.command]
    }

    /// Runs `tally` with `arguments` (without the program name); returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        run(arguments, console: .standard())
    }

    package static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.err(overview())
            return ExitStatus.failure
        }
        if first == "--help" || first == "-h" || first == "help" {
            if arguments.count > 1, let c = commands.first(where: { $0.name == arguments[1] }) {
                console.out(c.help); return ExitStatus.ok
            }
            console.out(overview()); return ExitStatus.ok
        }
        if first == "--version" { console.out("tally \(version)\n"); return ExitStatus.ok }
        guard let command = commands.first(where: { $0.name == first }) else {
            let names = commands.map(\.name)
            let close = names.filter { $0.hasPrefix(String(first.prefix(2))) }
            console.err("error: unknown command '\(first)'\(close.isEmpty ? "" : "; did you mean '\(close[0])'?")\n\n" + overview())
            return ExitStatus.failure
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") { console.out(command.help); return ExitStatus.ok }
        do {
            let args = try Arguments(rest, valued: command.valued, flags: command.flags)
            return command.run(args, console)
        } catch let e as Arguments.UsageError {
            console.err("error: \(e.message)\nusage: \(command.usage)\n")
            return ExitStatus.failure
        } catch {
            console.err("error: \(error)\n")
            return ExitStatus.failure
        }
    }

    package static func overview() -> String {
        var s = "tally — check Chinese department budget and final-accounts disclosures\n\nUsage: tally <command> [options]\n\nCommands:\n"
        let w = commands.map(\.name.count).max() ?? 6
        for c in commands { s += "  " + c.name.padding(w) + "  " + c.summary + "\n" }
        s += "\nRun 'tally <command> --help' for a command's options and an example.\n"
        return s
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
