import Foundation
import Tally

/// `tally repl`: an interactive session over a loaded report — expressions with provenance,
/// `let`s and checks typed and run, `:` commands (see ``ReplCommandSpec``), Tab completion and
/// history. With standard input not a terminal it reads plain lines and prints only results.
enum ReplCommand {
    static let command = Command(
        name: "repl",
        summary: "interactive session: evaluate expressions and try checks on a report",
        usage: "tally repl [REPORT] [--pack P]",
        details: """
        Loads REPORT (with the shipped pack for its type, or --pack) and reads expressions, 'let'
        definitions and whole 'check' declarations; input continues on the next line while it is
        incomplete. Values are shown with where they came from (table, row, column, report line);
        lists of rows as aligned tables; a comparison with both sides, the difference and the
        allowance. Commands start with ':' — ':help' lists them.

        Keys: Tab completes table, row, code, column, fact and function names; ↑/↓ recall history
        (kept in $XDG_STATE_HOME/tally/history); Ctrl-C cancels the line or a running evaluation;
        Ctrl-D leaves. Piped input is read line by line and only results are printed.

        Options:
          --pack P   a pack folder, or the name of a shipped pack

        Exit status: 0, or 2 when the report cannot be loaded.
        """,
        example: "printf 'sum(公开05.功能分类.210.*.小计)\\n' | tally repl report.txt",
        valued: ["--pack"],
        flags: [],
        run: run)

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard args.positionals.count <= 1 else {
            console.err("error: give at most one report\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        let session = ReplSession(console: console, packName: args.value("--pack"), interactive: false)
        let editor = LineEditor(historyURL: LineEditor.defaultHistoryURL(),
                                completer: { [unowned session] line, cursor in session.completer.complete(line, cursor: cursor) })
        session.isInteractive = editor.isInteractive
        if let path = args.positionals.first {
            guard session.loadReport(path) else { return ExitStatus.failure }
        } else if let p = args.value("--pack") {
            session.usePack(p)
        }
        if editor.isInteractive { console.out("tally \(TallyMain.version) — :help for commands, Tab completes, Ctrl-D leaves\n") }
        loop(session, editor)
        editor.saveHistory()
        return ExitStatus.ok
    }

    /// Reads inputs until end of input or `:quit`, joining lines while the input is incomplete.
    static func loop(_ session: ReplSession, _ editor: LineEditor) {
        var buffer = ""
        while true {
            let continuing = !buffer.isEmpty
            switch editor.readLine(prompt: continuing ? "   … " : "tally> ", continuation: continuing) {
            case .endOfFile:
                if continuing { session.handle(buffer) }
                return
            case .interrupted:
                buffer = ""
            case .line(let line):
                let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
                if !continuing && blank { continue }
                let input = continuing ? buffer + "\n" + line : line
                // An empty line ends an incomplete input (its error is shown).
                if !blank && session.isIncomplete(input) { buffer = input; continue }
                buffer = ""
                if !session.handle(input) { return }
            }
        }
    }
}
