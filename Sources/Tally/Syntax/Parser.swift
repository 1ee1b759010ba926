/// Parses Tally source into declarations and expressions.
///
/// One precedence table (``Parser/infixOperator(_:)``) drives one precedence-climbing routine.
/// Every syntax error in a file is reported: after an error the parser resynchronises at the
/// next declaration keyword. Nesting is capped at ``Limits/maxNestingDepth`` before the Swift
/// stack could overflow, so 100,000 nested parentheses give an error, not a crash.
public struct Parser {
    private var tokens: [Token]
    private var p = 0
    private var nextID = 0
    private var depth = 0
    private var abandoned = false
    private let file: SourceFile
    /// Diagnostics from lexing and parsing, in source order.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Whether the input ended in the middle of a construct (the REPL continues reading).
    public private(set) var isIncomplete = false

    /// Creates a parser over a source file.
    public init(file: SourceFile) {
        self.file = file
        if file.bytes.count > Limits.maxSourceBytes {
            tokens = [Token(kind: .endOfFile, span: SourceSpan(start: 0, end: 0, file: file.path), text: "", spaceBefore: true)]
            diagnostics = [Diagnostic(.sourceTooLarge, "source is \(file.bytes.count) bytes, more than the limit of \(Limits.maxSourceBytes)",
                                      at: SourceSpan(start: 0, end: 0, file: file.path))]
            return
        }
        var lexer = Lexer(utf8: file.bytes, file: file.path)
        tokens = lexer.tokenize()
        diagnostics = lexer.diagnostics
    }

    /// A parser over an expression inside a message template of `path` (spans are relative to
    /// the fragment; the caller shifts them). No ``SourceFile`` is built: it would index lines
    /// that nothing reads.
    private init(fragment: String, path: String) {
        file = Parser.noFile
        var lexer = Lexer(source: fragment, file: path)
        tokens = lexer.tokenize()
        diagnostics = lexer.diagnostics
    }

    /// A parser over the expression in bytes `range` of a file's `bytes` (a message template's
    /// interpolation written without escapes): spans are offsets in the file already.
    private init(fragment bytes: [UInt8], range: Range<Int>, path: String) {
        file = Parser.noFile
        var lexer = Lexer(utf8: bytes, range: range, file: path)
        tokens = lexer.tokenize()
        diagnostics = lexer.diagnostics
    }

    private static let noFile = SourceFile(path: "", text: "")

    /// Creates a parser over a string.
    public init(source: String, path: String = "<input>") {
        self.init(file: SourceFile(path: path, text: source))
    }

    // MARK: Token access

    /// The token at the cursor, borrowed from ``tokens``: a getter would copy it, retaining and
    /// releasing its text and file path each time the parser asks for its kind (several times
    /// per token).
    private var current: Token { _read { yield tokens[p] } }
    private var previous: Token { _read { yield tokens[max(0, p - 1)] } }
    /// The kind of the token `k` places ahead, without copying the token.
    private func peekKind(_ k: Int = 1) -> TokenKind { tokens[min(p + k, tokens.count - 1)].kind }
    private var atEnd: Bool { current.kind == .endOfFile }

    private mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    private func isSymbol(_ s: Symbol) -> Bool { current.kind == .symbol(s) }
    private func isKeyword(_ k: Keyword) -> Bool { current.kind == .keyword(k) }
    private func isWord(_ w: String) -> Bool { current.kind == .name && current.text == w }

    private mutating func match(_ s: Symbol) -> Bool {
        if isSymbol(s) { _ = advance(); return true }
        return false
    }

    private mutating func match(_ k: Keyword) -> Bool {
        if isKeyword(k) { _ = advance(); return true }
        return false
    }

    private mutating func makeID() -> Int { nextID += 1; return nextID }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .endOfFile: return "end of input"
        case .string: return "string \"\(t.text.prefix(20))\""
        case .keyword: return "keyword '\(t.text)'"
        default: return "'\(t.text)'"
        }
    }

    private mutating func error(_ message: String, at span: SourceSpan? = nil, help: String? = nil) {
        if abandoned { return }
        if current.kind == .endOfFile { isIncomplete = true }
        let id: DiagnosticID = current.kind == .endOfFile ? .unexpectedEnd : .unexpectedToken
        diagnostics.append(Diagnostic(id, message, at: span ?? current.span, help: help))
    }

    private mutating func expect(_ s: Symbol, _ context: String) -> Bool {
        if match(s) { return true }
        error("expected '\(s.rawValue)' \(context), found \(describe(current))")
        return false
    }

    // MARK: Files

    /// Parses a pack file:
    ///
    ///     pack = { declaration } ;
    public mutating func parseUnit() -> SourceUnit {
        var decls: [Declaration] = []
        parseDeclarations(into: &decls, context: nil, untilBrace: false)
        return SourceUnit(file: file, declarations: decls)
    }

    private static let declarationStarts: Set<Keyword> = [.table, .fact, .check, .let, .include, .on]

    private mutating func parseDeclarations(into decls: inout [Declaration], context: String?, untilBrace: Bool) {
        while !atEnd {
            if untilBrace && isSymbol(.rbrace) { return }
            let before = p
            let count = diagnostics.count
            if let d = parseDeclaration(context: context, into: &decls) { decls.append(d) }
            if diagnostics.count > count || abandoned || p == before {
                // Resynchronise at the next declaration keyword.
                abandoned = false
                depth = 0
                if p == before { _ = advance() }
                while !atEnd {
                    if case .keyword(let k) = current.kind, Parser.declarationStarts.contains(k) { break }
                    if untilBrace && isSymbol(.rbrace) { break }
                    _ = advance()
                }
            }
        }
    }

    /// ```
    /// declaration = table_decl | fact_decl | check_decl | let_decl | include_decl | context_block ;
    /// ```
    private mutating func parseDeclaration(context: String?, into decls: inout [Declaration]) -> Declaration? {
        switch current.kind {
        case .keyword(.table): return parseTable()
        case .keyword(.fact): return parseFact()
        case .keyword(.check): return parseCheck(context: context)
        case .keyword(.let): return parseLet(context: context)
        case .keyword(.include):
            let start = advance().span
            guard current.kind == .string else { error("expected a file name after 'include'"); return nil }
            let t = advance()
            return .include(path: t.text, span: start.union(t.span))
        case .keyword(.on):
            // context_block = "on" name "{" { declaration } "}" ;
            _ = advance()
            guard let name = parseName("a table name after 'on'") else { return nil }
            guard expect(.lbrace, "to open the 'on \(name.text)' block") else { return nil }
            parseDeclarations(into: &decls, context: name.text, untilBrace: true)
            _ = expect(.rbrace, "to close the 'on \(name.text)' block")
            return nil
        default:
            error("expected a declaration ('table', 'fact', 'check', 'let', 'include' or 'on'), found \(describe(current))")
            return nil
        }
    }

    private mutating func parseName(_ what: String) -> Token? {
        if current.kind == .name || current.kind == .quotedName { return advance() }
        if case .keyword = current.kind, peekKind() != .symbol(.lparen) {
            // Allow keywords as names where a name is required (e.g. a column called `number`).
            return advance()
        }
        error("expected \(what), found \(describe(current))")
        return nil
    }

    private mutating func parseStrings(_ what: String) -> [String] {
        var out: [String] = []
        repeat {
            guard current.kind == .string else { error("expected \(what), found \(describe(current))"); return out }
            out.append(advance().text)
        } while match(.comma)
        return out
    }

    /// ```
    /// table_decl = "table" name string { "," string } "{" { table_item } "}" ;
    /// table_item = "title" string { "," string }
    ///            | "number" string { "," string }
    ///            | "rows" "by" row_key { "," row_key }
    ///            | "columns" column { "," column }
    ///            | "group" name "rows" "by" row_key { "," row_key } "columns" column { "," column }
    ///            | "required" | "single" ;
    /// column     = [ "optional" ] ( name | string ) { "|" ( name | string ) } ;
    /// ```
    private mutating func parseTable() -> Declaration? {
        let start = advance().span
        guard let name = parseName("a table name") else { return nil }
        var spec = TableSpec(name: name.text, titles: [], rowKeys: [], columns: [])
        if current.kind == .string { spec.titles = parseStrings("a title") }
        guard expect(.lbrace, "to open the table declaration") else { return nil }
        while !isSymbol(.rbrace) && !atEnd {
            let itemStart = p
            switch current.kind {
            case .name where current.text == "title": _ = advance(); spec.titles += parseStrings("a title")
            case .name where current.text == "number": _ = advance(); spec.numbers += parseStrings("a table number")
            case .name where current.text == "rows": spec.rowKeys = parseRowKeys()
            case .name where current.text == "columns": _ = advance(); spec.columns = parseColumns()
            case .name where current.text == "group":
                _ = advance()
                guard let g = parseName("a group name") else { return nil }
                let keys = isWord("rows") ? parseRowKeys() : spec.rowKeys
                guard isWord("columns") else { error("expected 'columns' in group '\(g.text)'"); return nil }
                _ = advance()
                spec.groups.append(ColumnGroupSpec(name: g.text, rowKeys: keys, columns: parseColumns()))
            case .name where current.text == "required": _ = advance(); spec.isRequired = true
            case .name where current.text == "single": _ = advance(); spec.isSingleRow = true
            default:
                let bad = advance()
                diagnostics.append(Diagnostic(.unknownTableItem, "unknown table item \(describe(bad))", at: bad.span,
                                              help: "a table declares 'title', 'number', 'rows by', 'columns', 'group', 'required' or 'single'"))
            }
            if p == itemStart { _ = advance() }
            if !diagnostics.isEmpty, diagnostics.last!.span.map({ $0.start >= start.start }) == true, abandoned { return nil }
        }
        let end = current.span
        _ = expect(.rbrace, "to close the table declaration")
        if spec.titles.isEmpty { spec.titles = [name.text] }
        if spec.rowKeys.isEmpty { spec.rowKeys = spec.groups.first?.rowKeys ?? [.name] }
        spec.span = start.union(end)
        return .table(TableDeclaration(spec: spec, span: start.union(end), nameSpan: name.span))
    }

    private mutating func parseRowKeys() -> [RowKey] {
        _ = advance()  // rows
        guard isWord("by") else { error("expected 'by' after 'rows'"); return [] }
        _ = advance()
        var keys: [RowKey] = []
        repeat {
            guard let t = parseName("a row key") else { return keys }
            if let k = RowKey(written: t.text) { keys.append(k) } else {
                diagnostics.append(Diagnostic(.unknownTableItem, "unknown row key '\(t.text)'", at: t.span,
                                              help: "rows are keyed by 功能分类, 经济分类, 行次 or 名称"))
            }
        } while match(.comma)
        return keys
    }

    private mutating func parseColumns() -> [ColumnSpec] {
        var cols: [ColumnSpec] = []
        repeat {
            // `optional 上年预算数 | "上年数"`: the word marks the column when a column name follows
            // (a column named `optional` is followed by `,`, `|` or the end of the list).
            var optional = false
            if isWord("optional") {
                switch peekKind() {
                case .name, .quotedName, .string, .keyword: _ = advance(); optional = true
                default: break
                }
            }
            var names: [String] = []
            repeat {
                if current.kind == .string || current.kind == .name || current.kind == .quotedName {
                    names.append(advance().text)
                } else if case .keyword = current.kind {
                    names.append(advance().text)
                } else {
                    error("expected a column name, found \(describe(current))"); return cols
                }
            } while match(.pipe)
            cols.append(ColumnSpec(name: names[0], aliases: Array(names.dropFirst()), isOptional: optional))
        } while match(.comma)
        return cols
    }

    /// ```
    /// fact_decl = "fact" name string { "," string } ;
    /// ```
    private mutating func parseFact() -> Declaration? {
        let start = advance().span
        guard let name = parseName("a fact name") else { return nil }
        let templates = parseStrings("a fact template string")
        guard !templates.isEmpty else { return nil }
        let span = start.union(previous.span)
        return .fact(FactDeclaration(spec: FactSpec(name: name.text, templates: templates, span: span), span: span, nameSpan: name.span))
    }

    /// ```
    /// let_decl = "let" name [ "(" name { "," name } ")" ] "=" expr ;
    /// ```
    private mutating func parseLet(context: String?) -> Declaration? {
        let start = advance().span
        guard let name = parseName("a name after 'let'") else { return nil }
        var parameters: [String] = []
        if match(.lparen) {
            // A function: `let 表数(x, u) = …`.
            repeat {
                guard let p = parseName("a parameter name in 'let \(name.text)(…)'") else { return nil }
                if parameters.contains(p.text) {
                    diagnostics.append(Diagnostic(.duplicateDeclaration, "parameter '\(p.text)' is named twice", at: p.span))
                }
                parameters.append(p.text)
            } while match(.comma)
            guard expect(.rparen, "after the parameters of '\(name.text)'") else { return nil }
        }
        guard expect(.assign, "after the name in 'let \(name.text)'") else { return nil }
        let value = parseExpression()
        return .let(LetDeclaration(name: name.text, parameters: parameters, value: value, context: context,
                                   span: start.union(value.span), nameSpan: name.span))
    }

    /// ```
    /// check_decl = "check" check_id string severity { clause } ":" expr [ "message" string ] ;
    /// clause     = "on" name | "for" name "in" expr [ "where" expr ] | "when" expr
    ///            | "let" name "=" expr ;
    /// severity   = "error" | "warning" | "强制" | "提示" ;
    /// ```
    private mutating func parseCheck(context: String?) -> Declaration? {
        let start = advance().span
        // A check id is the run of tokens glued together without spaces (`R05-02`).
        guard current.kind != .endOfFile, current.kind != .string else { error("expected a check id after 'check'"); return nil }
        let first = advance()
        var id = first.text, idSpan = first.span
        while !current.spaceBefore, current.kind != .endOfFile, current.kind != .string, current.kind != .symbol(.colon) {
            let t = advance(); id += t.text; idSpan = idSpan.union(t.span)
        }
        guard current.kind == .string else { error("expected the check's title string after '\(id)'"); return nil }
        let title = advance().text
        var severity = CheckSeverity.error
        if current.kind == .name {
            switch current.text {
            case "error", "强制": severity = .error; _ = advance()
            case "warning", "提示": severity = .warning; _ = advance()
            default:
                let t = advance()
                diagnostics.append(Diagnostic(.unknownSeverity, "unknown severity '\(t.text)'", at: t.span,
                                              help: "write 'error' (强制) or 'warning' (提示)"))
            }
        } else {
            error("expected a severity ('error' or 'warning') after the title of check '\(id)'")
            return nil
        }
        var ctx = context
        var bindings: [Binding] = [], preconditions: [Expr] = [], lets: [LetClause] = []
        while !isSymbol(.colon) && !atEnd && !abandoned {
            if match(.on) {
                guard let t = parseName("a table name after 'on'") else { return nil }
                ctx = t.text
            } else if isKeyword(.for) {
                if let l = lets.last {
                    // A `for` after a `let` would give the let's value one binding's worth of
                    // variables and use it for all: the lets follow the loops.
                    diagnostics.append(Diagnostic(.unexpectedToken, "a 'for' clause after a 'let' clause", at: current.span,
                                                  help: "move 'let \(l.name) = …' after the 'for' clauses"))
                }
                _ = advance()
                guard let b = parseBinding() else { return nil }
                bindings.append(b)
            } else if match(.when) {
                preconditions.append(parseExpression())
            } else if isKeyword(.let) {
                _ = advance()
                guard let name = parseName("a name after 'let'") else { return nil }
                guard expect(.assign, "after the name in 'let \(name.text)'") else { return nil }
                let value = parseExpression()
                lets.append(LetClause(name: name.text, nameSpan: name.span, value: value, afterPreconditions: preconditions.count))
            } else {
                error("expected 'on', 'for', 'when', 'let' or ':' in check '\(id)', found \(describe(current))")
                return nil
            }
        }
        guard expect(.colon, "before the assertion of check '\(id)'") else { return nil }
        let assertion = parseExpression()
        var message: [MessagePart] = []
        if match(.message) {
            guard current.kind == .string else { error("expected a message string after 'message'"); return nil }
            message = parseTemplate(advance())
        }
        return .check(CheckDeclaration(id: id, title: title, severity: severity, context: ctx, bindings: bindings,
                                       preconditions: preconditions, lets: lets, assertion: assertion, message: message,
                                       span: start.union(previous.span), idSpan: idSpan))
    }

    /// `name "in" expr [ "where" expr ]`, after `for`.
    private mutating func parseBinding() -> Binding? {
        guard let v = parseName("a variable name after 'for'") else { return nil }
        guard match(.in) else { error("expected 'in' after 'for \(v.text)'"); return nil }
        let domain = parseExpression(minPrecedence: Parser.comparisonPrecedence)
        var filter: Expr? = nil
        if match(.where) { filter = parseExpression() }
        return Binding(variable: v.text, variableSpan: v.span, domain: domain, filter: filter)
    }

    /// Splits a message string into text and `{expr}` parts.
    private mutating func parseTemplate(_ token: Token) -> [MessagePart] {
        let bytes = file.bytes
        let quoteWidth = token.span.start < bytes.count && bytes[token.span.start] == UInt8(ascii: "\"") ? 1 : 3
        let bodyStart = token.span.start + quoteWidth
        // Where byte `k` of the token's text is in the file: the text is the body as written
        // unless it held escapes (`\"`, `\n`), which are shorter in the text than in the file.
        let offsets = Parser.sourceOffsets(of: token.text, body: bytes, from: bodyStart)
        func source(_ k: Int) -> Int { offsets.map { k < $0.count ? $0[k] : ($0.last.map { $0 + 1 } ?? bodyStart) } ?? bodyStart + k }
        // Whether the text is the body as written, in the file: interpolations are then lexed
        // where they are (``parseInterpolation(inFile:index:)``).
        let written = offsets == nil && bodyStart >= 0 && bodyStart + token.text.utf8.count <= bytes.count
        var parts: [MessagePart] = []
        if PlainText.hasSimpleGraphemes(token.text) {
            // Every scalar is a character of its own: the braces are found as bytes.
            let t = Array(token.text.utf8)
            func text(_ a: Int, _ e: Int) -> String { String(decoding: t[a..<e], as: UTF8.self) }
            var from = 0
            while let open = t[from...].firstIndex(of: UInt8(ascii: "{")) {
                guard let close = t[open...].firstIndex(of: UInt8(ascii: "}")) else { break }
                if open > from { parts.append(.text(text(from, open))) }
                let innerStart = open + 1
                if written {
                    let range = (bodyStart + innerStart)..<(bodyStart + close)
                    parts.append(.expr(parseInterpolation(inFile: range, index: parts.count)))
                } else {
                    parts.append(.expr(parseInterpolation(text(innerStart, close), at: { source(innerStart + $0) }, index: parts.count)))
                }
                from = close + 1
            }
            if from < t.count { parts.append(.text(text(from, t.count))) }
            return parts
        }
        var text = ""
        let all = token.text
        var rest = Substring(all)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { text += rest[open...]; rest = ""; break }
            let innerStart = rest.index(after: open)
            let inner = String(rest[innerStart..<close])
            if !text.isEmpty { parts.append(.text(text)); text = "" }
            let k = all.utf8.distance(from: all.utf8.startIndex, to: innerStart.samePosition(in: all.utf8) ?? all.utf8.startIndex)
            if written {
                parts.append(.expr(parseInterpolation(inFile: (bodyStart + k)..<(bodyStart + k + inner.utf8.count), index: parts.count)))
            } else {
                parts.append(.expr(parseInterpolation(inner, at: { source(k + $0) }, index: parts.count)))
            }
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// For a string literal whose body starts at byte `start` of `bytes` and reads as `text`
    /// after its escapes, the file offset of each byte of `text`; `nil` when the body is
    /// written as `text` (no escapes), so text offset `k` is file offset `start + k`.
    static func sourceOffsets(of text: String, body bytes: [UInt8], from start: Int) -> [Int]? {
        let t = Array(text.utf8)
        guard start >= 0, start <= bytes.count else { return nil }
        if start + t.count <= bytes.count, bytes[start..<start + t.count].elementsEqual(t) { return nil }
        // Re-read the escapes as the lexer does: `\n`, `\t`, and `\x` for any other scalar x.
        var map: [Int] = []
        map.reserveCapacity(t.count)
        var j = start
        while map.count < t.count, j < bytes.count {
            if bytes[j] == UInt8(ascii: "\\"), j + 1 < bytes.count {
                var n = 1
                let b = bytes[j + 1]
                if b >= 0xC0 { n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2 }
                let produced = (b == UInt8(ascii: "n") || b == UInt8(ascii: "t")) ? 1 : n
                for _ in 0..<produced { map.append(j) }
                j += 1 + n
            } else {
                map.append(j)
                j += 1
            }
        }
        while map.count < t.count { map.append(j) }
        return map
    }

    /// Parses the expression `inner` of a message's `{…}`, the `index`th part of its message;
    /// `position` gives the file offset of each byte offset of `inner` (escapes make the text
    /// shorter than the file). Its diagnostics join this parser's.
    private mutating func parseInterpolation(_ inner: String, at position: (Int) -> Int, index: Int) -> Expr {
        var sub = Parser(fragment: inner, path: file.path)
        sub.nextID = nextID + 100_000 * (index + 1)
        let e = sub.parseExpression()
        if !sub.atEnd { sub.error("unexpected \(sub.describe(sub.current)) in message interpolation") }
        nextID = max(nextID, sub.nextID)
        for var d in sub.diagnostics {
            d.span = d.span?.moved(position)
            diagnostics.append(d)
        }
        return Parser.move(e, to: position)
    }

    /// ``parseInterpolation(_:at:index:)`` of the expression in bytes `range` of the file, lexed
    /// where it is written: its spans need no moving.
    private mutating func parseInterpolation(inFile range: Range<Int>, index: Int) -> Expr {
        var sub = Parser(fragment: file.bytes, range: range, path: file.path)
        sub.nextID = nextID + 100_000 * (index + 1)
        let e = sub.parseExpression()
        if !sub.atEnd { sub.error("unexpected \(sub.describe(sub.current)) in message interpolation") }
        nextID = max(nextID, sub.nextID)
        diagnostics += sub.diagnostics
        return e
    }

    /// `e` with every span moved to the file offsets `position` gives.
    static func move(_ e: Expr, to position: (Int) -> Int) -> Expr {
        var e = e
        e.span = e.span.moved(position)
        func s(_ x: Expr) -> Expr { move(x, to: position) }
        func b(_ x: Binding) -> Binding {
            var x = x
            x.variableSpan = x.variableSpan.moved(position)
            x.domain = s(x.domain); x.filter = x.filter.map(s)
            return x
        }
        switch e.kind {
        case .member(let a, let seg): e.kind = .member(s(a), seg)
        case .index(let a, let i): e.kind = .index(s(a), s(i))
        case .call(let n, let args): e.kind = .call(n, args.map(s))
        case .unary(let o, let a): e.kind = .unary(o, s(a))
        case .binary(let o, let a, let c): e.kind = .binary(o, s(a), s(c))
        case .compare(let o, let a, let c, let m):
            if case .within(let t) = m { e.kind = .compare(o, s(a), s(c), .within(s(t))) } else { e.kind = .compare(o, s(a), s(c), m) }
        case .conditional(let a, let c, let f): e.kind = .conditional(s(a), s(c), s(f))
        case .quantifier(let q, let bd, let body): e.kind = .quantifier(q, b(bd), s(body))
        case .comprehension(let body, let bd): e.kind = .comprehension(s(body), b(bd))
        case .list(let xs): e.kind = .list(xs.map(s))
        default: break
        }
        return e
    }

    // MARK: Expressions

    /// Binding powers of infix operators, lowest first: the one precedence table of the language.
    ///
    /// | level | operators |
    /// |---|---|
    /// | 1 | `or` |
    /// | 2 | `and` |
    /// | 3 | `not` (prefix) |
    /// | 4 | `==` `!=` `<` `<=` `>` `>=` (non-associative; `within t` may follow) |
    /// | 5 | `+` `-` |
    /// | 6 | `*` `/` |
    /// | 7 | unary `-` |
    /// | 8 | `.name` `.*` `.**` `[i]` calls |
    /// The binding power and meaning of a token kind as an infix operator (the table above),
    /// or `nil`: a switch, not a dictionary, since it is asked after every operand.
    static func infixOperator(_ kind: TokenKind) -> (precedence: Int, op: InfixOp)? {
        switch kind {
        case .keyword(.or): (1, .logical(.or))
        case .keyword(.and): (2, .logical(.and))
        case .symbol(.equal), .symbol(.assign): (4, .compare(.equal))
        case .symbol(.notEqual): (4, .compare(.notEqual))
        case .symbol(.less): (4, .compare(.less))
        case .symbol(.lessEqual): (4, .compare(.lessEqual))
        case .symbol(.greater): (4, .compare(.greater))
        case .symbol(.greaterEqual): (4, .compare(.greaterEqual))
        case .symbol(.plus): (5, .arithmetic(.add))
        case .symbol(.minus): (5, .arithmetic(.subtract))
        case .symbol(.star): (6, .arithmetic(.multiply))
        case .symbol(.slash): (6, .arithmetic(.divide))
        default: nil
        }
    }
    static let comparisonPrecedence = 4
    static let notPrecedence = 3
    static let unaryPrecedence = 7

    enum InfixOp {
        case logical(BinaryOperator)
        case compare(ComparisonOperator)
        case arithmetic(BinaryOperator)
    }

    private func errorExpr(_ span: SourceSpan) -> Expr { Expr(id: -1, span: span, kind: .invalid) }

    /// Parses an expression:
    ///
    ///     expr = "if" expr "then" expr "else" expr
    ///          | quantifier
    ///          | "exactly" comparison
    ///          | binary ;
    ///     binary = unary { infix_op unary } ;   (precedence climbing over the table above)
    public mutating func parseExpression(minPrecedence: Int = 0) -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Limits.maxNestingDepth {
            if !abandoned {
                diagnostics.append(Diagnostic(.nestingTooDeep, "expression nested more than \(Limits.maxNestingDepth) levels deep",
                                              at: current.span, help: "split the expression with 'let' names"))
                abandoned = true
            }
            return errorExpr(current.span)
        }
        if abandoned { return errorExpr(current.span) }
        var left: Expr
        let start = current.span
        if match(.if) {
            let c = parseExpression()
            guard match(.then) else { error("expected 'then' in 'if' expression, found \(describe(current))"); return errorExpr(start) }
            let a = parseExpression()
            guard match(.else) else { error("expected 'else' in 'if' expression, found \(describe(current))"); return errorExpr(start) }
            let b = parseExpression()
            return Expr(id: makeID(), span: start.union(b.span), kind: .conditional(c, a, b))
        }
        if isKeyword(.all) || isKeyword(.any), peekKind() == .name || peekKind() == .quotedName, peekKind(2) == .keyword(.in) {
            let q: Quantifier = advance().kind == .keyword(.all) ? .all : .any
            guard let b = parseBinding() else { return errorExpr(start) }
            guard expect(.colon, "after the quantifier's domain") else { return errorExpr(start) }
            let body = parseExpression()
            return Expr(id: makeID(), span: start.union(body.span), kind: .quantifier(q, b, body))
        }
        if match(.exactly) {
            let e = parseExpression(minPrecedence: Parser.notPrecedence)
            guard case .compare(let op, let a, let b, _) = e.kind else {
                diagnostics.append(Diagnostic(.unexpectedToken, "'exactly' must be followed by a comparison", at: e.span))
                return e
            }
            left = Expr(id: e.id, span: start.union(e.span), kind: .compare(op, a, b, .exact))
        } else if isKeyword(.not) && minPrecedence <= Parser.notPrecedence {
            _ = advance()
            let operand = parseExpression(minPrecedence: Parser.notPrecedence)
            left = Expr(id: makeID(), span: start.union(operand.span), kind: .unary(.not, operand))
        } else {
            left = parseUnary()
        }
        var links = 0
        defer { depth -= links }
        while !abandoned, let entry = Parser.infixOperator(current.kind), entry.precedence > minPrecedence {
            guard deepen(&links) else { return errorExpr(current.span) }
            let opToken = advance()
            switch entry.op {
            case .compare(let op):
                let right = parseExpression(minPrecedence: entry.precedence)
                var mode = ComparisonMode.precision
                if match(.within) {
                    mode = .within(parseExpression(minPrecedence: entry.precedence))
                }
                left = Expr(id: makeID(), span: left.span.union(previous.span), kind: .compare(op, left, right, mode))
                if let next = Parser.infixOperator(current.kind), next.precedence == Parser.comparisonPrecedence {
                    error("comparisons cannot be chained", at: current.span, help: "join them with 'and'")
                    _ = advance()
                    _ = parseExpression(minPrecedence: entry.precedence)
                    _ = opToken
                }
            case .logical(let op), .arithmetic(let op):
                let right = parseExpression(minPrecedence: entry.precedence)
                left = Expr(id: makeID(), span: left.span.union(right.span), kind: .binary(op, left, right))
            }
        }
        return left
    }

    /// ```
    /// unary = "-" unary | "not" unary | postfix ;
    /// ```
    private mutating func parseUnary() -> Expr {
        let start = current.span
        if match(.minus) {
            depth += 1; defer { depth -= 1 }
            if depth > Limits.maxNestingDepth { return parseExpression() }
            let operand = parseUnary()
            return Expr(id: makeID(), span: start.union(operand.span), kind: .unary(.negate, operand))
        }
        if match(.not) {
            let operand = parseExpression(minPrecedence: Parser.notPrecedence)
            return Expr(id: makeID(), span: start.union(operand.span), kind: .unary(.not, operand))
        }
        return parsePostfix(parsePrimary())
    }

    /// One more link of a left-nested chain (`a + b + …`, `x.a.b…`, `x[0][0]…`): the parser
    /// loops over chains, but the checker and evaluator recurse over the tree they make, so each
    /// link counts toward ``Limits/maxNestingDepth`` like a parenthesis (100,000 `+` overflowed
    /// the stack, issue 8). Returns `false`, reporting T0103 once, past the limit.
    private mutating func deepen(_ links: inout Int) -> Bool {
        links += 1; depth += 1
        guard depth > Limits.maxNestingDepth else { return true }
        if !abandoned {
            diagnostics.append(Diagnostic(.nestingTooDeep, "expression nested more than \(Limits.maxNestingDepth) levels deep",
                                          at: current.span, help: "split the expression with 'let' names"))
            abandoned = true
        }
        return false
    }

    /// ```
    /// postfix = primary { "." segment | ".*" | ".**" | "[" expr "]" } ;
    /// segment = name | number | string ;
    /// ```
    private mutating func parsePostfix(_ base: Expr) -> Expr {
        var e = base
        var links = 0
        defer { depth -= links }
        while !abandoned {
            if isSymbol(.children) || isSymbol(.doubleStar) || isSymbol(.dot) || (isSymbol(.lbracket) && !current.spaceBefore) {
                guard deepen(&links) else { return errorExpr(current.span) }
            }
            if isSymbol(.children) {
                let t = advance(); e = Expr(id: makeID(), span: e.span.union(t.span), kind: .member(e, .children))
            } else if isSymbol(.doubleStar) {
                let t = advance(); e = Expr(id: makeID(), span: e.span.union(t.span), kind: .member(e, .descendants))
            } else if isSymbol(.dot) {
                _ = advance()
                let t = current
                switch t.kind {
                case .name, .quotedName, .string, .keyword:
                    _ = advance(); e = Expr(id: makeID(), span: e.span.union(t.span), kind: .member(e, .name(t.text)))
                case .number:
                    _ = advance(); e = Expr(id: makeID(), span: e.span.union(t.span), kind: .member(e, .code(t.text)))
                default:
                    error("expected a name, a code, '*' or '**' after '.', found \(describe(t))")
                    return e
                }
            } else if isSymbol(.lbracket) && !current.spaceBefore {
                _ = advance()
                let i = parseExpression()
                _ = expect(.rbracket, "to close the index")
                e = Expr(id: makeID(), span: e.span.union(previous.span), kind: .index(e, i))
            } else {
                return e
            }
        }
        return e
    }

    /// ```
    /// primary = number | percent | string | "true" | "false" | name | call
    ///         | "(" expr ")" | "[" [ expr { "," expr } | expr "for" binding ] "]" ;
    /// call    = name "(" [ expr { "," expr } | expr "for" binding ] ")" ;
    /// ```
    private mutating func parsePrimary() -> Expr {
        let t = current
        switch t.kind {
        case .number:
            _ = advance()
            guard let (v, d) = Rational.parseDecimal(t.text) else {
                diagnostics.append(Diagnostic(.numberTooLarge, "number '\(t.text)' cannot be held exactly", at: t.span))
                return errorExpr(t.span)
            }
            return Expr(id: makeID(), span: t.span, kind: .number(v, decimals: d))
        case .malformedNumber:
            _ = advance()
            diagnostics.append(Diagnostic(.malformedNumber, "malformed number '\(t.text)'", at: t.span,
                                          notes: ["a name cannot start with a digit"],
                                          help: "quote the name with backticks, e.g. `\(t.text)`"))
            return errorExpr(t.span)
        case .percent:
            _ = advance()
            guard let (v, d) = Rational.parseDecimal(t.text) else { return errorExpr(t.span) }
            return Expr(id: makeID(), span: t.span, kind: .percent(v, decimals: d))
        case .string:
            _ = advance()
            return Expr(id: makeID(), span: t.span, kind: .string(t.text))
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return Expr(id: makeID(), span: t.span, kind: .bool(t.kind == .keyword(.true)))
        case .name, .quotedName:
            _ = advance()
            if t.kind == .name, isSymbol(.lparen), !current.spaceBefore {
                return parseCall(t)
            }
            return Expr(id: makeID(), span: t.span, kind: .name(t.text))
        case .symbol(.lparen):
            _ = advance()
            let e = parseExpression()
            _ = expect(.rparen, "to close '('")
            var inner = e
            inner.span = t.span.union(previous.span)
            inner.parenthesized = true
            return inner
        case .symbol(.lbracket):
            _ = advance()
            var items: [Expr] = []
            if match(.rbracket) { return Expr(id: makeID(), span: t.span.union(previous.span), kind: .list([])) }
            let first = parseExpression()
            if match(.for) {
                guard let b = parseBinding() else { return errorExpr(t.span) }
                _ = expect(.rbracket, "to close the list")
                return Expr(id: makeID(), span: t.span.union(previous.span), kind: .comprehension(first, b))
            }
            items.append(first)
            while match(.comma) { items.append(parseExpression()) }
            _ = expect(.rbracket, "to close the list")
            return Expr(id: makeID(), span: t.span.union(previous.span), kind: .list(items))
        default:
            error("expected an expression, found \(describe(t))")
            // Skip tokens that cannot start an expression (`1 + * 2`), then read the operand, so
            // one stray token gives one error. A loop, not recursion: any number of them is safe.
            var skipped = false
            while !atEnd, !isSymbol(.rparen), !isSymbol(.rbracket), !isSymbol(.rbrace), !isSymbol(.colon), !isSymbol(.comma) {
                if case .keyword(let k) = current.kind, Parser.declarationStarts.contains(k) || [.then, .else, .where, .message].contains(k) { break }
                if Parser.canStartExpression(current.kind) { break }
                _ = advance(); skipped = true
            }
            if skipped, Parser.canStartExpression(current.kind), !abandoned { return parsePostfix(parsePrimary()) }
            return errorExpr(t.span)
        }
    }

    static func canStartExpression(_ k: TokenKind) -> Bool {
        switch k {
        case .number, .malformedNumber, .percent, .string, .name, .quotedName, .symbol(.lparen), .symbol(.lbracket), .symbol(.minus),
             .keyword(.true), .keyword(.false), .keyword(.not), .keyword(.if), .keyword(.all), .keyword(.any), .keyword(.exactly):
            return true
        default: return false
        }
    }

    private mutating func parseCall(_ name: Token) -> Expr {
        _ = advance()  // (
        var args: [Expr] = []
        if !isSymbol(.rparen) {
            let first = parseExpression()
            if match(.for) {
                guard let b = parseBinding() else { return errorExpr(name.span) }
                let comp = Expr(id: makeID(), span: first.span.union(previous.span), kind: .comprehension(first, b))
                args.append(comp)
            } else {
                args.append(first)
                while match(.comma) { args.append(parseExpression()) }
            }
        }
        _ = expect(.rparen, "to close the call to '\(name.text)'")
        return Expr(id: makeID(), span: name.span.union(previous.span), kind: .call(name.text, args))
    }

    /// Parses a whole input as one expression (for `tally eval` and the REPL).
    public mutating func parseStandaloneExpression() -> Expr {
        if diagnostics.contains(where: { $0.id == .sourceTooLarge }) { return errorExpr(current.span) }
        let lexErrors = diagnostics.count
        let e = parseExpression()
        // After a lexical error the leftover tokens would only repeat it.
        if !atEnd && !abandoned && lexErrors == 0 { error("unexpected \(describe(current)) after the expression") }
        // Keep reporting errors in the rest of the input.
        while !atEnd && !abandoned {
            let before = p
            _ = parseExpression()
            if p == before { _ = advance() }
        }
        return e
    }
}

extension SourceSpan {
    /// The span with both ends moved to the offsets `position` gives.
    func moved(_ position: (Int) -> Int) -> SourceSpan {
        SourceSpan(start: position(start), end: position(end), file: file)
    }
}
