/// The REPL's `:` commands: one table that drives dispatch, `:help` and completion.
struct ReplCommandSpec: Sendable {
    /// What an argument is completed from.
    enum Argument: Sendable {
        case none, table, fact, check, pack, expression, file
    }

    /// The name without the colon.
    var name: String
    /// The argument as shown in `:help` (`[CHECK]`), or empty.
    var argument: String
    /// One line for `:help`.
    var summary: String
    /// What Tab completes after the name.
    var completes: Argument
    /// What it does; returns false to end the session.
    var run: @Sendable (ReplSession, String) -> Bool

    /// Every command, in `:help` order.
    static let all: [ReplCommandSpec] = [
        ReplCommandSpec(name: "help", argument: "", summary: "list the commands", completes: .none) { s, _ in
            s.console.out(help()); return true
        },
        ReplCommandSpec(name: "load", argument: "REPORT", summary: "load a report (with the pack for its type, or the :pack)",
                        completes: .file) { s, a in s.loadReport(a); return true },
        ReplCommandSpec(name: "pack", argument: "P", summary: "use pack P (a folder or a shipped pack name) and reload the report",
                        completes: .pack) { s, a in s.usePack(a); return true },
        ReplCommandSpec(name: "tables", argument: "", summary: "the report's tables, and the declared ones it lacks",
                        completes: .none) { s, _ in s.listTables(); return true },
        ReplCommandSpec(name: "show", argument: "TABLE", summary: "a table as an aligned grid", completes: .table) { s, a in
            s.showTable(a); return true
        },
        ReplCommandSpec(name: "facts", argument: "[NAME]", summary: "fact kinds with counts, or the facts of one kind",
                        completes: .fact) { s, a in s.showFacts(a); return true },
        ReplCommandSpec(name: "checks", argument: "", summary: "the pack's and the session's checks", completes: .none) { s, _ in
            s.listChecks(); return true
        },
        ReplCommandSpec(name: "run", argument: "[CHECK]", summary: "run every check, or one, on the report", completes: .check) { s, a in
            s.runChecks(a); return true
        },
        ReplCommandSpec(name: "explain", argument: "EXPR", summary: "the value of every sub-expression under the source",
                        completes: .expression) { s, a in s.evaluate(a, explain: true); return true },
        ReplCommandSpec(name: "diagnostics", argument: "", summary: "the last input's diagnostics and the report's load diagnostics",
                        completes: .none) { s, _ in s.showDiagnostics(); return true },
        ReplCommandSpec(name: "quit", argument: "", summary: "leave (Ctrl-D also does)", completes: .none) { _, _ in false },
    ]

    /// `:help`, generated from the table.
    static func help() -> String {
        let left = all.map { ":" + $0.name + ($0.argument.isEmpty ? "" : " " + $0.argument) }
        let w = left.map(\.count).max() ?? 0
        var s = "Type an expression to see its value, or a 'let' or 'check' declaration to add it to the session.\n"
        s += "Input continues on the next line while it is incomplete. Tab completes names; Ctrl-C cancels.\n\n"
        for (l, c) in zip(left, all) { s += "  " + l.padding(w) + "  " + c.summary + "\n" }
        return s
    }

    /// The command `name` names: exact, else the only one it is a prefix of.
    static func find(_ name: String) -> ReplCommandSpec? {
        if let c = all.first(where: { $0.name == name }) { return c }
        let matches = all.filter { $0.name.hasPrefix(name) }
        return matches.count == 1 && !name.isEmpty ? matches[0] : nil
    }
}
