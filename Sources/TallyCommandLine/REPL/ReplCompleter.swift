import Tally

/// Tab completion for the REPL: `:` commands and their arguments, and in expressions table,
/// row, classification code, column, fact, function and `let` names — Chinese included. The
/// dotted qualifier before the cursor (`CompletionContext.qualifier`) picks what completes:
/// `公开05.` rows and classifications, `公开05.功能分类.` codes, `公开05.合计.` and `r.` columns
/// (`r` bound by `for r in 公开05…` on the line), `f.` fields of the fact kind `f` iterates.
struct ReplCompleter: Sendable {
    /// What completion knows about a table.
    struct TableNames: Sendable {
        var rows: [String] = []
        var codes: [String: [String]] = [:]
        var columns: [String] = []
        var groups: [String] = []
        var keys: [String] = []
    }

    var tables: [String: TableNames] = [:]
    var facts: [String: [String]] = [:]
    var lets: [String] = []
    var checks: [String] = []
    var packs: [String] = []

    static let functions = Builtin.allCases.map(\.rawValue)
    static let keywords = ["and", "or", "not", "if", "then", "else", "all", "any", "in", "where", "for", "exactly", "within",
                           "true", "false", "let", "check"]
    static let rowProperties = ["name", "code", "level", "line", "parent", "total"]

    /// Names from a report (its tables' rows, codes and columns), the pack's declarations and
    /// the session.
    init(report: (any ReportModel)?, environment: Environment, lets: [String], checks: [String], packs: [String]) {
        for (name, schema) in environment.tables {
            var t = TableNames()
            t.columns = schema.columns.flatMap { [$0.name] + $0.aliases }
            t.groups = schema.groups
            t.keys = schema.rowKeys.filter { $0 != .name }.map(\.rawValue)
            t.rows = schema.rowNames ?? []
            tables[name] = t
        }
        if let r = report {
            for name in r.tableNames {
                guard let table = r.table(named: name) else { continue }
                var t = tables[name] ?? TableNames()
                t.rows = table.rowNames
                t.columns = Array(Set(t.columns + table.columns.flatMap { [$0.name] + $0.aliases }))
                for row in table.rows {
                    if let c = row.code, let k = row.codeKind { t.codes[k.rawValue, default: []].append(c) }
                    if let n = row.lineNumber { t.codes[RowKey.lineNumber.rawValue, default: []].append(String(n)) }
                }
                t.keys = Array(Set(t.keys + t.codes.keys))
                tables[name] = t
            }
        }
        facts = environment.factKinds
        self.lets = lets; self.checks = checks; self.packs = packs
    }

    /// Candidates replacing the name characters before `cursor` (a scalar index) in `line`.
    func complete(_ line: String, cursor: Int) -> [String] {
        let context = CompletionContext(line: line, cursor: cursor)
        let before = String(String.UnicodeScalarView(line.unicodeScalars.prefix(cursor)))
        if before.hasPrefix(":") {
            let body = before.dropFirst()
            guard let space = body.firstIndex(of: " ") else {
                return filter(ReplCommandSpec.all.map(\.name), context.prefix)
            }
            let name = String(body[..<space])
            let argument = String(body[body.index(after: space)...])
            switch ReplCommandSpec.find(name)?.completes ?? .none {
            case .table: return filter(Array(tables.keys), context.prefix)
            case .fact: return filter(Array(facts.keys), context.prefix)
            case .pack: return filter(packs, context.prefix)
            case .check:
                let typed = String(argument.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
                let cut = typed.count - context.prefix.count
                return checks.filter { $0.hasPrefix(typed) && cut >= 0 }.map { String($0.dropFirst(cut)) }
            case .expression: return expression(context, line: line)
            case .none, .file: return []
            }
        }
        return expression(context, line: line)
    }

    func expression(_ context: CompletionContext, line: String) -> [String] {
        let q = context.qualifier
        guard let head = q.first else {
            return filter(Array(tables.keys) + Array(facts.keys) + ReplCompleter.functions + lets + ReplCompleter.keywords
                          + variables(in: line), context.prefix)
        }
        _ = head
        return filter(members(of: q, line: line), context.prefix)
    }

    /// What may follow `qualifier.`.
    func members(of q: [String], line: String) -> [String] {
        if let t = tables[q[0]] {
            if q.count == 1 { return t.rows + t.keys + t.groups + ["rows"] }
            if q.count == 2, let codes = t.codes[q[1]] { return codes }
            if q.count == 2, t.keys.contains(q[1]) { return [] }
            return t.columns + ReplCompleter.rowProperties
        }
        // A variable: what it iterates decides.
        if q.count == 1, let domain = domain(of: q[0], in: line) {
            if let t = tables[domain] { return t.columns + ReplCompleter.rowProperties }
            if let fields = facts[domain] { return fields + ["line", "text"] }
        }
        return Array(Set(tables.values.flatMap(\.columns))) + ReplCompleter.rowProperties + Array(Set(facts.values.flatMap { $0 }))
    }

    /// The table or fact kind that `variable` ranges over on `line` (`for r in 公开05…`,
    /// `for r in rows(公开05)`, `for f in facts(完成率)`), if it can be told.
    func domain(of variable: String, in line: String) -> String? {
        let scalars = Array(line.unicodeScalars)
        let pattern = Array((variable + " in ").unicodeScalars)
        var i = 0
        while i + pattern.count <= scalars.count {
            let startsWord = i == 0 || !EditState.isNameCharacter(scalars[i - 1])
            if startsWord, Array(scalars[i..<i + pattern.count]) == pattern {
                var j = i + pattern.count
                var word = ""
                func readName() {
                    word = ""
                    while j < scalars.count, EditState.isNameCharacter(scalars[j]) { word.unicodeScalars.append(scalars[j]); j += 1 }
                }
                readName()
                if (word == "facts" || word == "rows" || word == "children" || word == "descendants"), j < scalars.count, scalars[j] == "(" {
                    j += 1; readName()
                }
                if tables[word] != nil || facts[word] != nil { return word }
            }
            i += 1
        }
        return nil
    }

    /// Names bound by `for x in` / `all x in` / `any x in` on the line.
    func variables(in line: String) -> [String] {
        let words = line.split(whereSeparator: { !EditState.isNameCharacter($0.unicodeScalars.first!) }).map(String.init)
        var out: [String] = []
        for (i, w) in words.enumerated() where ["for", "all", "any"].contains(w) && i + 2 < words.count && words[i + 2] == "in" {
            out.append(words[i + 1])
        }
        return out
    }

    func filter(_ names: [String], _ prefix: String) -> [String] {
        let lower = prefix.lowercased()
        return Array(Set(names.filter { !$0.isEmpty && ($0.hasPrefix(prefix) || $0.lowercased().hasPrefix(lower)) })).sorted()
    }
}
