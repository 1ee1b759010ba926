/// Canonical layout of Tally source (`tally fmt`): a pure function from text to text.
///
/// The canonical form:
///
///     table 公开05 "一般公共预算财政拨款支出决算表" {
///       rows by 功能分类, 名称
///       columns 小计 | "合计", 基本支出, 项目支出
///     }
///
///     check R05-02 "上级科目等于下级科目之和" error on 公开05
///       for r in 功能分类.** where count(r.*) > 0:
///         r.小计 == sum(r.*.小计)
///       message "{r.code} 不符"
///
/// - every declaration starts a line; checks, tables and `on` blocks are set off by one blank line;
///   other blank lines are kept, at most one in a row;
/// - a check's header (`check ID "title" severity [on T]`) is one line; each `for`, `when`, `let` and
///   `message` clause starts a line indented 2; the assertion starts a line indented 2 more than
///   the line holding the `:`; table items and the declarations of an `on T { … }` block are
///   indented 2;
/// - one space around binary operators, `|`, keywords and after commas; none inside brackets,
///   around `.`, before `,` `:` `)` `]`, or after a unary `-`;
/// - line breaks the author put inside an expression are kept, and so is a continuation line's
///   indentation unless it is shallower than its clause's; every comment is kept, on its own line or
///   after code, and lines of dashes alone (`---`, the conformance suites' separator) stay as they are.
///
/// Formatting never changes what a file means: the result is lexed again and must give the same
/// tokens (kinds and texts), the same comments, and the same spacing where spacing matters (check
/// ids glued from adjacent tokens, `f(` calls and `x[i]` indexes). When it would not — or the source
/// has a lexical error — the source is returned unchanged. Idempotent: `format(format(x)) == format(x)`.
public enum SourceFormatter {
    /// The canonical form of `source` (see the type's documentation); `source` itself when it
    /// cannot be formatted safely.
    public static func format(_ source: String) -> String {
        var lexer = Lexer(source: source)
        let tokens = lexer.tokenize()
        guard lexer.diagnostics.isEmpty else { return source }
        var engine = Engine(source: source, tokens: tokens, comments: lexer.comments)
        let out = engine.run()
        return isEquivalent(source, out) ? out : source
    }

    /// Whether formatting would change `source`.
    public static func needsFormatting(_ source: String) -> Bool { format(source) != source }

    // MARK: Equivalence

    /// Whether two sources lex to the same tokens and comments with the same significant spacing.
    static func isEquivalent(_ a: String, _ b: String) -> Bool {
        var la = Lexer(source: a), lb = Lexer(source: b)
        let ta = la.tokenize(), tb = lb.tokenize()
        guard la.diagnostics.isEmpty, lb.diagnostics.isEmpty, ta.count == tb.count else { return false }
        let ba = Array(a.utf8), bb = Array(b.utf8)
        let ca = la.comments.map { commentText(ba, $0) }, cb = lb.comments.map { commentText(bb, $0) }
        guard ca == cb else { return false }
        let glued = checkIDSpacing(ta)
        for i in ta.indices {
            guard ta[i].kind == tb[i].kind, ta[i].text == tb[i].text else { return false }
            if significantSpacing(ta, i, glued), ta[i].spaceBefore != tb[i].spaceBefore { return false }
        }
        return true
    }

    /// A comment's text without trailing white space (a CR of a CRLF line ending).
    static func commentText(_ bytes: [UInt8], _ span: SourceSpan) -> String {
        var s = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
        while let last = s.unicodeScalars.last, last.properties.isWhitespace { s.unicodeScalars.removeLast() }
        return s
    }

    /// Spacing changes the parse before `(` and `[` after an operand (call, index), and inside and
    /// right after a check id (glued from the tokens that follow `check` without space).
    static func significantSpacing(_ t: [Token], _ i: Int, _ glued: Set<Int>) -> Bool {
        guard i > 0 else { return false }
        if t[i].kind == .symbol(.lparen) || t[i].kind == .symbol(.lbracket) {
            return endsOperand(t[i - 1].kind) || isKeyword(t[i - 1].kind)
        }
        return glued.contains(i)
    }

    /// The indexes of the tokens whose spacing delimits a check id.
    static func checkIDSpacing(_ t: [Token]) -> Set<Int> {
        var out: Set<Int> = []
        for k in t.indices where t[k].kind == .keyword(.check) {
            var j = k + 2
            guard k + 1 < t.count, t[k + 1].kind != .string, t[k + 1].kind != .endOfFile else { continue }
            while j < t.count, t[j].kind != .endOfFile, t[j].kind != .string, t[j].kind != .symbol(.colon) {
                out.insert(j)
                if t[j].spaceBefore { break }
                j += 1
            }
        }
        return out
    }

    static func endsOperand(_ k: TokenKind) -> Bool {
        switch k {
        case .name, .quotedName, .number, .percent, .string, .malformedNumber,
             .symbol(.rparen), .symbol(.rbracket), .symbol(.children), .symbol(.doubleStar),
             .keyword(.true), .keyword(.false):
            return true
        default: return false
        }
    }

    static func isKeyword(_ k: TokenKind) -> Bool {
        if case .keyword = k { return true }
        return false
    }

    static func isOperator(_ k: TokenKind) -> Bool {
        switch k {
        case .symbol(.plus), .symbol(.minus), .symbol(.star), .symbol(.slash), .symbol(.pipe), .symbol(.bang),
             .symbol(.assign), .symbol(.equal), .symbol(.notEqual), .symbol(.less), .symbol(.lessEqual),
             .symbol(.greater), .symbol(.greaterEqual), .symbol(.comma), .symbol(.colon):
            return true
        default: return false
        }
    }
}

extension SourceFormatter {
    /// A token or a comment of the source, with where it stood.
    struct Item {
        /// The token, or nil for a comment.
        var token: Token?
        /// The text to write: the source as written (canonical ASCII for symbols).
        var text: String
        /// Whether only white space precedes it on its line.
        var startsLine: Bool
        /// The width in cells of its line's leading white space.
        var indent: Int
        /// Whether a blank line precedes it.
        var blankBefore: Bool
        var isComment: Bool { token == nil }
    }

    /// An output line.
    struct OutLine {
        var indent: Int
        var text: String
        var blank: Bool
        var separator = false
    }

    /// The layout pass: decides for each token whether it must start a line (a declaration, a
    /// clause), must stay on the line (a check's header), or keeps the author's choice.
    struct Engine {
        enum Frame { case table, block, other }
        enum Declaration { case none, opaque, check, table, fact, `let`, include, on }
        enum Phase { case id, idRest, title, severity, clauses, assertionStart, assertion, message }
        enum Mode { case force, join, keep, opaque }
        struct Decision {
            var mode: Mode
            var indent: Int
            var blank = false
            var glue = false
        }

        let items: [Item]
        var separators: [Int: Int] = [:]
        var tokenIndexes: [Int] = []
        var positionOfItem: [Int: Int] = [:]
        var lines: [OutLine] = []
        var pending: [Item] = []
        var needBreak = false
        var previous: Token?
        var previousUnary = false
        var joinNext = false
        var frames: [Frame] = []
        var declaration = Declaration.none
        var lastWasMultiLine = false
        var phase = Phase.id
        var depth = 0
        var quantifiers = 0
        var clauses = 0
        var headerOpen = false
        var assertionIndent = 0
        var tableBody = false
        var inGroup = false
        var letStep = 0

        init(source: String, tokens: [Token], comments: [SourceSpan]) {
            let bytes = Array(source.utf8)
            var lineStarts = [0]
            for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
            func lineIndex(_ offset: Int) -> Int {
                var lo = 0, hi = lineStarts.count - 1
                while lo < hi {
                    let mid = (lo + hi + 1) / 2
                    if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
                }
                return lo
            }
            var raw: [(start: Int, end: Int, token: Token?)] = tokens.filter { $0.kind != .endOfFile }.map { ($0.span.start, $0.span.end, $0) }
            raw += comments.map { ($0.start, $0.end, nil) }
            raw.sort { $0.start < $1.start }
            var items: [Item] = []
            var previousLine = -1
            for r in raw {
                let line = lineIndex(r.start)
                let prefix = String(decoding: bytes[lineStarts[line]..<r.start], as: UTF8.self)
                let startsLine = prefix.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
                var lead = ""
                for s in prefix.unicodeScalars {
                    guard s.properties.isWhitespace || s == "\u{FEFF}" else { break }
                    if s != "\u{FEFF}" { lead.unicodeScalars.append(s) }
                }
                var text = String(decoding: bytes[r.start..<r.end], as: UTF8.self)
                if let t = r.token, case .symbol = t.kind { text = t.text }
                if r.token == nil {
                    while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
                }
                items.append(Item(token: r.token, text: text, startsLine: startsLine, indent: Width.cells(lead),
                                  blankBefore: startsLine && previousLine >= 0 && line - previousLine > 1))
                previousLine = lineIndex(max(r.start, r.end - 1))
            }
            self.items = items
            for (i, item) in items.enumerated() where !item.isComment {
                positionOfItem[i] = tokenIndexes.count
                tokenIndexes.append(i)
            }
            // Lines of three or more glued dashes alone: separators kept as written.
            var i = 0
            while i < items.count {
                if items[i].startsLine, items[i].token?.kind == .symbol(.minus) {
                    var n = 1
                    while i + n < items.count, items[i + n].token?.kind == .symbol(.minus), items[i + n].token?.spaceBefore == false { n += 1 }
                    let endsLine = i + n == items.count || items[i + n].startsLine
                    if n >= 3 && endsLine { separators[i] = n; i += n; continue }
                }
                i += 1
            }
        }

        /// The token `k` tokens after item `i` (comments skipped).
        func token(after i: Int, _ k: Int) -> Token? {
            guard let p = positionOfItem[i], p + k < tokenIndexes.count else { return nil }
            return items[tokenIndexes[p + k]].token
        }

        var base: Int { 2 * frames.filter { $0 != .other }.count }
        var atBlockStart: Bool {
            guard let last = lines.last else { return true }
            return last.separator || last.text.hasSuffix("{")
        }

        mutating func run() -> String {
            var i = 0
            while i < items.count {
                let item = items[i]
                if item.isComment {
                    if item.startsLine || lines.isEmpty { pending.append(item) } else {
                        lines[lines.count - 1].text += "  " + item.text
                        needBreak = true
                    }
                    i += 1
                    continue
                }
                if let n = separators[i] {
                    flushPending(indent: 0, forcedBlank: false)
                    lines.append(OutLine(indent: 0, text: items[i..<i + n].map(\.text).joined(),
                                         blank: item.blankBefore && !atBlockStart, separator: true))
                    declaration = .none; lastWasMultiLine = false; depth = 0; quantifiers = 0; joinNext = false
                    previous = items[i + n - 1].token; previousUnary = false
                    needBreak = true
                    i += n
                    continue
                }
                place(i)
                i += 1
            }
            flushPending(indent: base, forcedBlank: false)
            var out = ""
            for (n, l) in lines.enumerated() {
                if l.blank && n > 0 { out += "\n" }
                out += String(repeating: " ", count: l.indent) + l.text + "\n"
            }
            return out
        }

        mutating func flushPending(indent: Int, forcedBlank: Bool) {
            for (k, c) in pending.enumerated() {
                let blank = (c.blankBefore || (k == 0 && forcedBlank)) && !atBlockStart
                lines.append(OutLine(indent: indent, text: c.text, blank: blank))
            }
            pending = []
        }

        mutating func place(_ i: Int) {
            let item = items[i]
            guard let t = item.token else { return }
            let closesFrame = t.kind == .symbol(.rbrace) && frames.last.map { $0 != .other } == true
            let wantJoin = joinNext
            joinNext = false
            var d = decide(i, t)
            if wantJoin && (d.mode == .keep || d.mode == .opaque) {
                if d.mode == .opaque { d.indent = item.indent }
                d.mode = .join
            }
            let mustBreak = needBreak || !pending.isEmpty || lines.isEmpty
            let newLine: Bool
            switch d.mode {
            case .force: newLine = true
            case .join: newLine = mustBreak
            case .keep, .opaque: newLine = mustBreak || item.startsLine
            }
            if newLine {
                let indent: Int
                switch d.mode {
                case .force, .join: indent = d.indent
                case .keep: indent = max(item.indent, d.indent)
                case .opaque: indent = item.indent
                }
                let hadComments = !pending.isEmpty
                flushPending(indent: closesFrame ? indent + 2 : indent, forcedBlank: d.blank)
                let blank = !closesFrame && !atBlockStart && (item.blankBefore || (d.blank && !hadComments))
                lines.append(OutLine(indent: indent, text: item.text, blank: blank))
            } else {
                let space = previous.map { spacing($0, t, glue: d.glue) } ?? false
                lines[lines.count - 1].text += (space ? " " : "") + item.text
            }
            needBreak = false
            previousUnary = (t.kind == .symbol(.minus) || t.kind == .symbol(.bang))
                && !(previous.map { SourceFormatter.endsOperand($0.kind) } ?? false)
            previous = t
            switch t.kind {
            case .symbol(.lparen), .symbol(.lbracket): depth += 1
            case .symbol(.rparen), .symbol(.rbracket): depth = max(0, depth - 1)
            default: break
            }
        }

        func spacing(_ p: Token, _ t: Token, glue: Bool) -> Bool {
            if glue { return false }
            switch t.kind {
            case .symbol(.comma), .symbol(.rparen), .symbol(.rbracket), .symbol(.colon), .symbol(.dot),
                 .symbol(.children), .symbol(.doubleStar):
                return false
            default: break
            }
            switch p.kind {
            case .symbol(.lparen), .symbol(.lbracket), .symbol(.dot): return false
            default: break
            }
            if p.kind == .symbol(.minus) && t.kind == .symbol(.minus) { return t.spaceBefore }
            if previousUnary { return false }
            if t.kind == .symbol(.lparen) || t.kind == .symbol(.lbracket) {
                if SourceFormatter.endsOperand(p.kind) || SourceFormatter.isKeyword(p.kind) { return t.spaceBefore }
            }
            return true
        }

        func startsDeclaration(_ i: Int, _ t: Token) -> Declaration? {
            switch t.kind {
            case .keyword(.table): return .table
            case .keyword(.fact): return .fact
            case .keyword(.check): return .check
            case .keyword(.let): return .let
            case .keyword(.include): return .include
            case .keyword(.on):
                if token(after: i, 2)?.kind == .symbol(.lbrace) { return .on }
                return declaration == .none || declaration == .opaque ? .on : nil
            default: return nil
            }
        }

        mutating func decide(_ i: Int, _ t: Token) -> Decision {
            if t.kind == .symbol(.rbrace), let top = frames.last, top != .other {
                frames.removeLast()
                declaration = .none; lastWasMultiLine = true; depth = 0
                return Decision(mode: .force, indent: base)
            }
            // `let` among a check's clauses is a clause, not a declaration.
            let letClause = t.kind == .keyword(.let) && declaration == .check && phase == .clauses && depth == 0
            if !letClause, depth == 0 || declaration == .none || declaration == .opaque, let kind = startsDeclaration(i, t) {
                let multi = kind == .check || kind == .table || kind == .on
                let blank = multi || lastWasMultiLine
                lastWasMultiLine = multi
                declaration = kind
                phase = .id; depth = 0; quantifiers = 0; clauses = 0; headerOpen = false
                tableBody = false; inGroup = false; letStep = 0
                joinNext = kind != .check
                return Decision(mode: .force, indent: base, blank: blank)
            }
            switch declaration {
            case .none, .opaque:
                declaration = .opaque
                if t.kind == .symbol(.lbrace) { frames.append(.other) }
                if t.kind == .symbol(.rbrace), frames.last == .other { frames.removeLast() }
                return Decision(mode: .opaque, indent: 0)
            case .check: return decideInCheck(i, t)
            case .table:
                if !tableBody {
                    if t.kind == .symbol(.lbrace) {
                        frames.append(.table); tableBody = true
                        return Decision(mode: .join, indent: base + 2)
                    }
                    return Decision(mode: .keep, indent: base + 2)
                }
                if t.kind == .name, ["title", "number", "rows", "columns", "group", "required", "single"].contains(t.text),
                   previous?.kind != .symbol(.comma), previous?.kind != .symbol(.pipe), depth == 0,
                   !(inGroup && (t.text == "rows" || t.text == "columns")) {
                    inGroup = t.text == "group"
                    return Decision(mode: .force, indent: base)
                }
                trackBraces(t)
                return Decision(mode: .keep, indent: base)
            case .fact, .include:
                return Decision(mode: .keep, indent: base)
            case .let:
                letStep += 1
                if letStep <= 2 { joinNext = true }
                return Decision(mode: .keep, indent: base)
            case .on:
                if t.kind == .symbol(.lbrace) {
                    frames.append(.block)
                    declaration = .none; lastWasMultiLine = false
                    return Decision(mode: .join, indent: base)
                }
                return Decision(mode: .keep, indent: base + 2)
            }
        }

        mutating func trackBraces(_ t: Token) {
            if t.kind == .symbol(.lbrace) { frames.append(.other) }
            if t.kind == .symbol(.rbrace), frames.last == .other { frames.removeLast() }
        }

        mutating func decideInCheck(_ i: Int, _ t: Token) -> Decision {
            let k = t.kind
            switch phase {
            case .id:
                if k == .string || k == .symbol(.colon) { phase = .title; return decideInCheck(i, t) }
                phase = .idRest
                return Decision(mode: .join, indent: base + 4)
            case .idRest:
                if !t.spaceBefore && k != .string && k != .symbol(.colon) {
                    return Decision(mode: .join, indent: base + 4, glue: true)
                }
                phase = .title
                return decideInCheck(i, t)
            case .title:
                phase = .severity
                if k == .string { return Decision(mode: .join, indent: base + 4) }
                return decideInCheck(i, t)
            case .severity:
                phase = .clauses; headerOpen = true
                if k == .name { return Decision(mode: .join, indent: base + 4) }
                return decideInCheck(i, t)
            case .clauses:
                if depth == 0 {
                    switch k {
                    case .keyword(.on):
                        joinNext = true
                        if headerOpen { return Decision(mode: .join, indent: base + 4) }
                        clauses += 1
                        return Decision(mode: .force, indent: base + 2)
                    case .keyword(.for), .keyword(.when), .keyword(.let):
                        headerOpen = false; clauses += 1
                        return Decision(mode: .force, indent: base + 2)
                    case .symbol(.colon):
                        if quantifiers > 0 { quantifiers -= 1; break }
                        phase = .assertionStart
                        return Decision(mode: .join, indent: base + 4)
                    case .keyword(.message):
                        phase = .message; joinNext = true
                        return Decision(mode: .force, indent: base + 2)
                    default: break
                    }
                }
                if k == .keyword(.all) || k == .keyword(.any),
                   let n = token(after: i, 1), n.kind == .name || n.kind == .quotedName,
                   token(after: i, 2)?.kind == .keyword(.in) {
                    quantifiers += 1
                }
                trackBraces(t)
                return Decision(mode: .keep, indent: base + 2)
            case .assertionStart:
                if depth == 0 && k == .keyword(.message) {
                    phase = .message; joinNext = true
                    return Decision(mode: .force, indent: base + 2)
                }
                phase = .assertion
                assertionIndent = (clauses > 0 ? base + 2 : base) + 2
                trackBraces(t)
                return Decision(mode: .force, indent: assertionIndent)
            case .assertion:
                if depth == 0 && k == .keyword(.message) {
                    phase = .message; joinNext = true
                    return Decision(mode: .force, indent: base + 2)
                }
                trackBraces(t)
                return Decision(mode: .keep, indent: assertionIndent)
            case .message:
                trackBraces(t)
                return Decision(mode: .keep, indent: base + 2)
            }
        }
    }
}
