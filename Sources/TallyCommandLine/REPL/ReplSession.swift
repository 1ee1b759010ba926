import Foundation
import Tally
import TallyReports

/// The state of a `tally repl` session — the loaded report and pack, the `let`s and checks
/// typed so far — and what each complete input does. Output goes to the ``Console``, so a
/// session is driven the same way by the terminal loop and by tests.
final class ReplSession {
    let console: Console
    private(set) var report: LoadedReport?
    private(set) var pack: PackLocator.Loaded?
    /// `--pack` / `:pack`: the pack to load reports with (else the shipped one for the type).
    private(set) var packName: String?
    /// The session's declarations, each with the names it defines (replaced on redefinition).
    private(set) var declarations: [(names: Set<String>, text: String)] = []
    /// The loaded pack compiled together with the session's declarations.
    private(set) var sessionPack: Pack?
    /// The diagnostics of the last input, with the sources they refer to.
    private(set) var lastDiagnostics: [Diagnostic] = []
    private var lastSources: [SourceFile] = []
    /// The sources the last diagnostics refer to.
    var lastSourceFiles: [SourceFile] { lastSources }
    /// Names for expressions: the report's tables and facts, and the pack's declarations.
    private(set) var environment = Environment()
    /// Completion over the current names.
    private(set) var completer = ReplCompleter(report: nil, environment: Environment(), lets: [], checks: [], packs: [])
    /// Whether a banner and confirmations are shown (off for piped input).
    var isInteractive: Bool

    static let sessionPath = "<repl>"
    static let inputPath = "<input>"

    init(console: Console, packName: String?, interactive: Bool) {
        self.console = console; self.packName = packName; self.isInteractive = interactive
        rebuild()
    }

    // MARK: Input

    /// Whether `text` ends in the middle of an expression or declaration (read another line).
    func isIncomplete(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix(":") { return false }
        var parser = Parser(source: text, path: ReplSession.inputPath)
        if ReplSession.isDeclaration(trimmed) { _ = parser.parseUnit() } else { _ = parser.parseStandaloneExpression() }
        return parser.isIncomplete
    }

    static func isDeclaration(_ text: String) -> Bool {
        var lexer = Lexer(source: text)
        guard let first = lexer.tokenize().first else { return false }
        switch first.kind {
        case .keyword(.check), .keyword(.let), .keyword(.table), .keyword(.fact), .keyword(.on), .keyword(.include): return true
        default: return false
        }
    }

    /// Handles one complete input; returns false when the session should end.
    @discardableResult
    func handle(_ input: String) -> Bool {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return true }
        if text.hasPrefix(":") {
            let body = text.dropFirst()
            let name = String(body.prefix { !$0.isWhitespace })
            let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            guard let command = ReplCommandSpec.find(name) else {
                console.err("unknown command ':\(name)' (:help lists them)\n"); return true
            }
            return command.run(self, argument)
        }
        if ReplSession.isDeclaration(text) { define(input) } else { evaluate(input, explain: false) }
        return true
    }

    // MARK: Expressions

    /// Evaluates an expression and shows its value with provenance (and the trace with `explain`).
    func evaluate(_ text: String, explain: Bool) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            console.err("usage: :explain EXPR\n"); return
        }
        let compilation = CompiledExpression.compile(text, environment: environment, pack: sessionPack ?? pack?.pack,
                                                     path: ReplSession.inputPath)
        lastSources = [SourceFile(path: ReplSession.inputPath, text: text)]
        lastDiagnostics = compilation.diagnostics
        guard let expression = compilation.expression else {
            DiagnosticPrinter.print(compilation.diagnostics, sources: lastSources, console: console)
            return
        }
        let model: any ReportModel = report ?? InMemoryModel()
        let result = Cancellation.during { expression.evaluate(on: model, explain: explain, isCancelled: $0) }
        if let e = result.error {
            lastDiagnostics.append(e)
            if e.id == .cancelled { console.err("cancelled\n"); return }
            DiagnosticPrinter.print([e], sources: lastSources, console: console)
            return
        }
        if let why = result.notApplicable {
            console.out("not applicable: \(why)\n")
            return
        }
        guard let value = result.value else { return }
        console.out(ValueRenderer.render(value, result))
        if explain { console.out(ExplainRenderer.render(source: text, trace: result.trace)) }
    }

    // MARK: Declarations

    /// Adds `let`s and checks (and tables, facts) typed in the session; an input that redefines a
    /// name or check id replaces the earlier definition.
    func define(_ text: String) {
        var parser = Parser(source: text, path: ReplSession.sessionPath)
        let unit = parser.parseUnit()
        let source = SourceFile(path: ReplSession.sessionPath, text: text)
        if parser.diagnostics.contains(where: { $0.severity == .error }) {
            lastDiagnostics = parser.diagnostics; lastSources = [source]
            DiagnosticPrinter.print(parser.diagnostics, sources: [source], console: console)
            return
        }
        var names: Set<String> = []
        var described: [String] = []
        for d in unit.declarations {
            switch d {
            case .let(let l): names.insert("let " + l.name); described.append("let \(l.name)")
            case .check(let c): names.insert("check " + c.id); described.append("check \(c.id)")
            case .table(let t): names.insert("table " + t.spec.name); described.append("table \(t.spec.name)")
            case .fact(let f): names.insert("fact " + f.spec.name); described.append("fact \(f.spec.name)")
            case .include(let p, _): described.append("include \(p)")
            }
        }
        let kept = declarations.filter { $0.names.isDisjoint(with: names) }
        let candidate = kept + [(names, text)]
        guard compileSession(candidate) else { return }
        declarations = candidate
        rebuild()
        if isInteractive && !described.isEmpty {
            console.out("defined " + described.joined(separator: ", ") + "\n")
        }
        // A let shows its value, so the author sees at once what it means.
        for case .let(let l) in unit.declarations where report != nil { evaluate(l.name, explain: false) }
    }

    /// Compiles the pack with `candidate` as the session's source; reports its diagnostics and
    /// returns whether it compiled (and then keeps the result).
    @discardableResult
    private func compileSession(_ candidate: [(names: Set<String>, text: String)]) -> Bool {
        let text = candidate.map(\.text).joined(separator: "\n")
        let session = SourceFile(path: ReplSession.sessionPath, text: text)
        var sources = pack?.pack.sources ?? []
        if !candidate.isEmpty { sources.append(session) }
        guard !sources.isEmpty else { sessionPack = nil; return true }
        let root = pack?.folder.standardizedFileURL.resolvingSymlinksInPath().path ?? "/nonexistent"
        let comp = Pack.compile(sources: sources, model: report, resolveInclude: { path, from in
            PackLocator.include(path, from: from, root: root)
        })
        let mine = comp.diagnostics.filter { $0.span?.file == ReplSession.sessionPath && $0.id != .unusedLet }
        lastDiagnostics = mine; lastSources = comp.sources
        if !mine.isEmpty { DiagnosticPrinter.print(mine, sources: comp.sources, console: console) }
        guard let p = comp.pack else {
            if mine.isEmpty { DiagnosticPrinter.print(comp.diagnostics.filter { $0.severity == .error }, sources: comp.sources, console: console) }
            return false
        }
        sessionPack = p
        return true
    }

    // MARK: Report and pack

    /// Loads a report with the session's pack (or the shipped one for its type).
    @discardableResult
    func loadReport(_ path: String) -> Bool {
        guard !path.isEmpty else { console.err("usage: :load REPORT\n"); return false }
        guard let (loaded, p) = ReportInput.load(path: path, packName: packName, console: console) else { return false }
        report = loaded; pack = p
        compileSession(declarations)
        rebuild()
        if isInteractive {
            let m = loaded.metadata
            let what = [m.department, m.year.map(String.init), m.type == .unknown ? nil : "部门\(m.type.rawValue)"].compactMap { $0 }
            console.out("loaded \(path): \(what.joined(separator: " "))  \(loaded.tableNames.count) tables, \(loaded.facts.count) facts"
                        + "  (pack \(p.name))\n")
        }
        return true
    }

    /// Switches to pack `name` and reloads the report with it.
    func usePack(_ name: String) {
        guard !name.isEmpty else {
            console.out("pack: \(pack?.name ?? packName ?? "(by report type)")\n"); return
        }
        guard let folder = PackLocator.resolve(name) else { console.err("error: no pack '\(name)'\n"); return }
        packName = name
        if let path = report?.path {
            loadReport(path)
        } else if let loaded = PackLocator.compile(folder: folder, console: console) {
            pack = loaded
            compileSession(declarations)
            rebuild()
            if isInteractive { console.out("using pack \(loaded.name)\n") }
        }
    }

    /// Recomputes the names expressions and completion see.
    private func rebuild() {
        var env = Environment()
        if let r = report { env = Environment(model: r) }
        let current = sessionPack ?? pack?.pack
        if let p = current {
            let declared = Environment(tables: p.tableSpecs, facts: p.factSpecs)
            for (k, v) in declared.tables where env.tables[k] == nil { env.tables[k] = v }
            for (k, v) in declared.factKinds { env.factKinds[k] = v }
        }
        environment = env
        let packs = PackLocator.checksDirectory().flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []
        completer = ReplCompleter(report: report, environment: env, lets: current?.letNames ?? [],
                                  checks: current?.catalogue.map(\.id) ?? [], packs: packs.filter { !$0.hasPrefix(".") })
    }
}
