import Tally

/// A fact template compiled for matching.
///
/// Template syntax (what packs write in `fact` declarations):
///
/// - **Literal text** matches itself tolerantly: whitespace and line breaks in the report are
///   skipped between any two characters; full-width and half-width forms are the same
///   (`（）`/`()`, `，`/`,`, `：`/`:`, `；`/`;`, full-width digits); quotation marks of any kind
///   (`“”‘’"'`) are ignored; `（类）`-style parenthesised text is literal. `、` stays
///   distinct from `,`; a `。` (in a literal or a choice) also matches a half-width `.`, the
///   sentence stop of narratives typed with half-width punctuation.
/// - `{name}` captures a **number**: optional sign, digits with optional thousands separators
///   (`9,111.11`), optional decimals, and a directly following `%` (then the field is a percent
///   ``Figure``). Without `%` it is `Figure.amount(v, decimals: written)` (precision at least
///   0.01). `{name:number}`, `{name:amount}` and `{name:percent}` mean the same.
/// - `{name:text}` captures **text** lazily: at least one and at most ``maxTextCharacters``
///   characters, never crossing `。`, `；`, `;` or a `.` after a non-digit. A text placeholder
///   *before the first literal* captures backwards from that literal to the nearest preceding delimiter — `，。；：,;:!?`,
///   a list ordinal (`1.`, `2、`, `（一）`), a decimal amount or percent, or the end of a heading
///   line — trimmed of a leading ordinal.
/// - `{name:code}` captures a run of 3–7 ASCII digits (a classification code) as text;
///   `{name:count}` an integer as an exact figure.
/// - `{name:A|B|C}` captures one of the listed words as text (`{比较:大于|小于|等于}`).
/// - `…` (U+2026) is a **gap**: lazily any text within the sentence (never crossing `。`, `；`,
///   `;` or a `.` after a non-digit), at most ``maxGapCharacters`` characters.
/// - `[A|B]` matches any one of the alternatives literally, without capturing.
/// - `{name N..M: body / separator}` is a **repeating group** (``Group``): `body` (template syntax,
///   no group inside) N to M times (`{name*: …}`: 1 or more; `N..*`: N or more; never more than
///   ``maxRepetitions``), the repetitions separated by `separator` (literals and choices; none
///   without `/`). Greedy: as many repetitions as the text holds, then the rest of the template.
///   Field `name` is a ``FactField/list(_:line:)`` of items, each a fact of kind `KIND.name` with
///   the body's captures as fields. A group comes after the anchor (it is matched forwards only).
///
/// Matching searches the report for the template's first literal with a byte scan, then matches
/// the elements after it forwards and those before it backwards. Matches of one fact kind never
/// overlap; each becomes a ``Fact`` with the line of its start and a line for each field.
///
/// A compiled template is immutable and shared by reference: the matcher passes it around for
/// every candidate position, and a value with a dozen arrays would be retained field by field at
/// each copy.
final class FactTemplate: Sendable {
    /// At most this many characters in a `{name:text}` capture.
    static let maxTextCharacters = 80
    /// At most this many characters in a `…` gap.
    static let maxGapCharacters = 80
    /// At most this many matching steps per candidate position (bounds backtracking).
    static let maxSteps = 20_000

    enum Element: Sendable, Equatable {
        case literal([UInt8])
        case number(String)
        case text(String)
        case code(String)
        case count(String)
        case choice(String?, [[UInt8]])
        case gap
        /// The start of repeating group `i` of ``groups`` (each repetition starts here).
        case groupOpen(Int)
        /// The end of a repetition of group `i`: the separator and another repetition follow, or
        /// the elements after the group.
        case groupEnd(Int)
        /// The end of group `i`'s separator: the next repetition starts at its `.groupOpen`.
        case groupLoop(Int)
    }

    /// The repeating groups, by the number their elements carry.
    let groups: [Group]

    let source: String
    let elements: [Element]
    /// The name of each element that captures (`nil` for literals, gaps and unnamed choices).
    let names: [String?]
    /// Index of the first literal element (the search anchor).
    let anchor: Int
    /// For each element, the bytes it can start with (a literal, a choice of non-empty words,
    /// a number, count or code), so the matcher can rule out a position without trying the
    /// element; `nil` for elements that can start with anything (text, gap).
    let leadBytes: [LeadBytes?]

    /// A set of byte values.
    struct LeadBytes: Sendable {
        var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        mutating func insert(_ b: UInt8) {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: bits.0 |= bit
            case 1: bits.1 |= bit
            case 2: bits.2 |= bit
            default: bits.3 |= bit
            }
        }

        @inline(__always)
        func contains(_ b: UInt8) -> Bool {
            // The word of `b` chosen by selects rather than a switch or a copy of the words to
            // memory (this runs once per character a text capture or gap grows over).
            let odd = b & 0x40 != 0
            let low = odd ? bits.1 : bits.0, high = odd ? bits.3 : bits.2
            let word = b & 0x80 != 0 ? high : low
            return (word >> UInt64(b & 63)) & 1 != 0
        }
    }

    /// For each literal element of two bytes or more, its second byte, and for each choice whose
    /// words all have two bytes or more, their second bytes; `nil` otherwise (a finer pre-filter
    /// than ``leadBytes``: Chinese text shares a few lead bytes).
    let secondBytes: [LeadBytes?]

    /// The byte strings a match must go on with right after its anchor: every combination of
    /// the literal and choice elements that follow the anchor (up to the first other element),
    /// one after another in ``continuationBytes``, string `i` being
    /// `continuationBytes[continuationStarts[i]..<continuationStarts[i + 1]]`. `nil` when the
    /// anchor is followed by no literal or choice (or by so many combinations that listing them
    /// costs more than trying them); an empty list when a choice has no word (nothing matches).
    ///
    /// A position where none of them starts fails the forward match on its first elements, so
    /// the matcher skips it without trying the template (``FactMatcher/matches(_:anchorAt:)``).
    let continuationBytes: [UInt8]
    let continuationStarts: [Int]?

    /// The bytes the report can have right before the anchor when the element before it is a
    /// number (a digit or `%`), a count or code (a digit) or a choice (the words' last bytes);
    /// `nil` when anything can precede it (text, a gap, nothing). Backward matching fails at
    /// once where the byte before the anchor is not in the set, so the matcher skips the
    /// position without trying the template (many anchors such as `年` are common, while `{年:count}年`
    /// needs a digit before them).
    let precedingBytes: LeadBytes?

    /// The fields of a fact this template matches, with placeholder values: every capture name
    /// (a match has one capture per named element, in template order). A fact's fields are a
    /// copy of it with the values set through ``fieldSlots``, so the names (Chinese, hashed
    /// with normalisation) are hashed once per template instead of once per fact.
    let fieldPrototype: [String: FactField]
    /// For each capture of a match, in order, its entry in ``fieldPrototype``.
    let fieldSlots: [Dictionary<String, FactField>.Index]

    /// The words of ``sentenceRequirements``, each once
    /// (``sentenceRequirements(_:anchor:)``).
    let sentenceLiterals: [[UInt8]]
    /// What must start within a few sentences of the anchor, by words of ``sentenceLiterals``
    /// (``sentenceRequirements(_:anchor:)``, `SentenceReach.swift`).
    let sentenceRequirements: [SentenceRequirement]

    /// At most this many continuation strings per template.
    static let maxContinuations = 32

    /// A template of these elements searched for by element `anchor`; `fields` are those of its
    /// capture names (``FactTemplateMemo/fields(named:)``).
    init(source: String, elements: [Element], anchor: Int, fields: FactTemplateMemo.Fields, groups: [Group] = []) {
        self.source = source; self.elements = elements; self.anchor = anchor; self.groups = groups
        names = elements.map { e -> String? in
            switch e {
            case .number(let n), .text(let n), .code(let n), .count(let n): n
            case .choice(let n, _): n
            case .groupOpen(let g): groups[g].name
            case .literal, .gap, .groupEnd, .groupLoop: nil
            }
        }
        var preceding: LeadBytes? = nil
        if anchor > 0 {
            var set = LeadBytes()
            switch elements[anchor - 1] {
            case .number:
                for d in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(d) }
                set.insert(UInt8(ascii: "%"))
                preceding = set
            case .count, .code:
                for d in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(d) }
                preceding = set
            case .choice(_, let alts):
                for a in alts { if let last = a.last { set.insert(last) } }
                preceding = set
            case .literal, .text, .gap, .groupOpen, .groupEnd, .groupLoop: break
            }
        }
        precedingBytes = preceding
        (sentenceLiterals, sentenceRequirements) = FactTemplate.sentenceRequirements(elements, anchor: anchor)
        fieldPrototype = fields.prototype
        fieldSlots = fields.slots
        var combos: [[UInt8]] = [[]], k = anchor + 1
        following: while k < elements.count {
            let alts: [[UInt8]]
            switch elements[k] {
            case .literal(let l): alts = [l]
            case .choice(_, let a): alts = a
            default: break following
            }
            guard combos.count * alts.count <= FactTemplate.maxContinuations else { break }
            combos = alts.flatMap { a in combos.map { $0 + a } }
            k += 1
        }
        if k == anchor + 1 {
            continuationBytes = []; continuationStarts = nil
        } else {
            continuationBytes = combos.flatMap { $0 }
            continuationStarts = combos.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        }
        secondBytes = elements.map { e -> LeadBytes? in
            var s = LeadBytes()
            switch e {
            case .literal(let l):
                guard l.count >= 2 else { return nil }
                s.insert(l[1])
            case .choice(_, let alts):
                // A choice fails at once where no word's second byte is: every word has one.
                for a in alts { guard a.count >= 2 else { return nil }; s.insert(a[1]) }
            default: return nil
            }
            return s
        }
        leadBytes = elements.map { e -> LeadBytes? in
            switch e {
            case .literal(let l):
                guard let first = l.first else { return nil }
                var s = LeadBytes(); s.insert(first); return s
            case .choice(_, let alts):
                var s = LeadBytes()
                for a in alts { guard let first = a.first else { return nil }; s.insert(first) }
                return s
            case .number:
                // ``FactMatcher/numberEnd(at:)`` needs a digit or a sign first.
                var s = LeadBytes()
                for d in UInt8(ascii: "0")...UInt8(ascii: "9") { s.insert(d) }
                s.insert(UInt8(ascii: "-")); s.insert(UInt8(ascii: "+"))
                return s
            case .count, .code:
                var s = LeadBytes()
                for d in UInt8(ascii: "0")...UInt8(ascii: "9") { s.insert(d) }
                return s
            case .text, .gap, .groupOpen, .groupEnd, .groupLoop: return nil
            }
        }
    }

    /// Compiles a template; returns an error message for an unusable one.
    static func compile(_ template: String) -> Result<FactTemplate, TemplateError> {
        var memo = FactTemplateMemo()
        return compile(template, memo: &memo)
    }

    /// Compiles a template, sharing with the others compiled with `memo` what they have in
    /// common (the same result as ``compile(_:)``).
    static func compile(_ template: String, memo: inout FactTemplateMemo) -> Result<FactTemplate, TemplateError> {
        // Scanned as UTF-8 bytes: every mark the syntax uses ({ } [ ] | : / and the full-width
        // ： and …) is a whole UTF-8 sequence, and no such sequence occurs inside another one.
        let b = Array(template.utf8)
        var groups: [Group] = []
        let elements: [Element]
        switch parse(b, 0..<b.count, template: template, top: true, groups: &groups, memo: &memo) {
        case .success(let e): elements = e
        case .failure(let e): return .failure(e)
        }
        guard let anchor = elements.firstIndex(where: { if case .literal = $0 { return true }; return false }) else {
            return .failure(TemplateError(message: "fact template '\(template)' has no literal text to search for"))
        }
        // The anchor is searched for and matched both ways; a group repeats forwards only.
        if let g = groups.first, g.open < anchor {
            return .failure(TemplateError(message: "the repeating group '{\(g.name) …}' in fact template '\(template)' needs literal text before it (at character \(g.character)): a template is searched for by its first literal and a group is read forwards from there"))
        }
        var names: [String] = []
        for (k, e) in elements.enumerated() {
            switch e {
            case .number(let n), .text(let n), .code(let n), .count(let n): if !groups.contains(where: { $0.encloses(k) }) { names.append(n) }
            case .choice(let n?, _): if !groups.contains(where: { $0.encloses(k) }) { names.append(n) }
            case .groupOpen(let g): names.append(groups[g].name)
            default: break
            }
        }
        return .success(FactTemplate(source: template, elements: elements, anchor: anchor, fields: memo.fields(named: names), groups: groups))
    }

    /// The elements of `b[range]`: the whole template (`top`) or the body or separator of a
    /// repeating group, whose elements are appended to `groups`' numbering by the caller.
    private static func parse(_ b: [UInt8], _ range: Range<Int>, template: String, top: Bool, base: Int = 0,
                              groups: inout [Group], memo: inout FactTemplateMemo) -> Result<[Element], TemplateError> {
        var elements: [Element] = []
        // The literal text since the last other element, as written: keyed in one go when it
        // ends (a key is made scalar by scalar, so the key of a run is its scalars' keys in a
        // row; keying each scalar as a string of its own was most of compiling a template).
        var literal: [UInt8] = []
        let fullStop: [UInt8] = [0xE3, 0x80, 0x82]
        // A `。` in a literal also matches a half-width `.` (review 11, finding 211: narratives typed
        // with half-width punctuation end sentences with `.`): the literal is split around it into
        // a choice of the two stops — except a `。` that starts the template's first literal, which
        // stays the anchor (`。{前:text}具体…`: a choice first would make the text a backward capture).
        func flush() {
            if !literal.isEmpty {
                let key = Bytes.key(literal[...], dropQuotes: true)
                let firstLiteral = top && !elements.contains { if case .literal = $0 { return true }; return false }
                var start = 0, k = firstLiteral && Bytes.hasPrefix(key, fullStop) ? 3 : 0
                while k + 3 <= key.count {
                    if key[k] == fullStop[0], key[k + 1] == fullStop[1], key[k + 2] == fullStop[2] {
                        if k > start { elements.append(.literal(Array(key[start..<k]))) }
                        elements.append(.choice(nil, [fullStop, [UInt8(ascii: ".")]]))
                        k += 3; start = k
                    } else {
                        k += 1
                    }
                }
                if start < key.count { elements.append(.literal(Array(key[start...]))) }
                literal = []
            }
        }
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6], wideColon: [UInt8] = [0xEF, 0xBC, 0x9A]
        func at(_ i: Int, _ w: [UInt8]) -> Bool { i + w.count <= range.upperBound && b[i] == w[0] && b[i + 1] == w[1] && b[i + 2] == w[2] }
        func firstIndex(of c: UInt8, from i: Int) -> Int? { b[i..<range.upperBound].firstIndex(of: c) }
        func text(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }
        func character(_ i: Int) -> Int { Bytes.scalarCount(b[0..<i]) + 1 }
        // The keys of the words of `A|B|C`, longest first (empty words dropped). Written out as
        // a loop: a list is split, keyed and sorted for each of the hundreds of choices a pack's
        // templates hold, and `split`/`map`/`filter` made three arrays of slices on the way.
        // `nil` when an alternative is empty (`[预算|]`): a choice always matches one of its
        // words, so an author who meant "or nothing" must hear that it does not.
        func alternatives(_ words: ArraySlice<UInt8>) -> [[UInt8]]? {
            var keys: [[UInt8]] = []
            var start = words.startIndex, k = words.startIndex
            while true {
                if k == words.endIndex || words[k] == UInt8(ascii: "|") {
                    let key = Bytes.key(words[start..<k], dropQuotes: true)
                    guard !key.isEmpty else { return nil }
                    keys.append(key)
                    if k == words.endIndex { break }
                    start = k + 1
                }
                k += 1
            }
            // `[，|。]` also takes a half-width `.` for `。` (see `flush`).
            if keys.contains(fullStop), !keys.contains([UInt8(ascii: ".")]) { keys.append([UInt8(ascii: ".")]) }
            return keys.sorted { $0.count > $1.count }
        }
        let emptyChoice = "an empty alternative in a choice of fact template '\(template)': a choice matches one of its words, never nothing; write the template with and without the optional words"
        var i = range.lowerBound
        while i < range.upperBound {
            let c = b[i]
            if c == UInt8(ascii: "{") {
                guard let close = firstIndex(of: UInt8(ascii: "}"), from: i) else {
                    return .failure(TemplateError(message: "unclosed '{' in fact template '\(template)' (at character \(character(i)))"))
                }
                flush()
                // The name and the type: split at the first ASCII colon, else the first ：.
                let body = (i + 1)..<close
                let ascii = b[body].firstIndex(of: UInt8(ascii: ":")).map { $0..<($0 + 1) }
                let wide = body.first(where: { at($0, wideColon) && $0 + 3 <= close }).map { $0..<($0 + 3) }
                // A repeating group: `{名 N..M: body / separator}` (see ``Group``), its header
                // ended by whichever colon comes first.
                var headerEnd = ascii ?? wide
                if let w = wide, let a = ascii, w.lowerBound < a.lowerBound { headerEnd = w }
                if let cl = headerEnd, let header = FactSpec.groupHeader(text(body.lowerBound..<cl.lowerBound)) {
                    switch group(b, i, header: header, colon: cl, range: range, template: template, base: base + elements.count,
                                 top: top, groups: &groups, memo: &memo) {
                    case .success(let (parsed, end)): elements += parsed; i = end; continue
                    case .failure(let e): return .failure(e)
                    }
                }
                let colon = ascii ?? wide
                let name: String, type: String?
                if let cl = colon {
                    name = text(body.lowerBound..<cl.lowerBound).trimmingSpaces
                    type = text(cl.upperBound..<close).trimmingSpaces
                } else {
                    name = text(body).trimmingSpaces; type = nil
                }
                guard !name.isEmpty else {
                    return .failure(TemplateError(message: "a placeholder without a name in fact template '\(template)' (at character \(character(i)))"))
                }
                // The type is told by its bytes: comparing a Chinese `String` with each spelling
                // normalises both, and was most of compiling a template.
                guard let t = type else { elements.append(.number(name)); i = close + 1; continue }
                func isType(_ spellings: String...) -> Bool { spellings.contains { t.utf8.elementsEqual($0.utf8) } }
                if isType("number", "amount", "percent", "数", "金额") {
                    elements.append(.number(name))
                } else if isType("text", "文本") {
                    elements.append(.text(name))
                } else if isType("code", "编码") {
                    elements.append(.code(name))
                } else if isType("count", "整数") {
                    elements.append(.count(name))
                } else if t.utf8.contains(UInt8(ascii: "|")) {
                    guard let words = memo.words(of: Array(t.utf8)[...], alternatives) else {
                        return .failure(TemplateError(message: emptyChoice))
                    }
                    elements.append(.choice(name, words))
                } else {
                    return .failure(TemplateError(message: "unknown placeholder type '\(t)' in fact template '\(template)' (at character \(character(i)))"))
                }
                i = close + 1
                continue
            }
            if c == UInt8(ascii: "["), let close = firstIndex(of: UInt8(ascii: "]"), from: i),
               b[(i + 1)..<close].contains(UInt8(ascii: "|")) {
                flush()
                guard let words = memo.words(of: b[(i + 1)..<close], alternatives) else {
                    return .failure(TemplateError(message: emptyChoice))
                }
                elements.append(.choice(nil, words))
                i = close + 1
                continue
            }
            if at(i, ellipsis) {
                flush()
                elements.append(.gap)
                i += 3
                while at(i, ellipsis) { i += 3 }
                continue
            }
            literal.append(c)
            i += 1
        }
        flush()
        return .success(elements)
    }

    /// The elements of the repeating group whose `{` is at `open` (its header already read):
    /// `.groupOpen`, the body, `.groupEnd`, the separator, `.groupLoop`; and where the template
    /// goes on after its closing `}`. `base` is the index its `.groupOpen` will have.
    private static func group(_ b: [UInt8], _ open: Int, header: FactSpec.GroupHeader, colon: Range<Int>, range: Range<Int>,
                              template: String, base: Int, top: Bool, groups: inout [Group],
                              memo: inout FactTemplateMemo) -> Result<([Element], Int), TemplateError> {
        let at = Bytes.scalarCount(b[0..<open]) + 1
        func failure(_ m: String) -> Result<([Element], Int), TemplateError> {
            .failure(TemplateError(message: "\(m) in fact template '\(template)' (the group '{\(header.name) …}' at character \(at))"))
        }
        guard top else { return failure("a repeating group inside another repeating group") }
        guard header.min >= 1, header.max >= header.min else { return failure("a repeating group must repeat at least once, and its most (\(header.max)) be at least its least (\(header.min))") }
        guard header.max <= maxRepetitions else { return failure("a repeating group repeats at most \(maxRepetitions) times") }
        // The closing `}` and the separator's `/`, outside nested placeholders and choices.
        var depth = 0, brackets = 0, slash: Int? = nil, close: Int? = nil
        var k = colon.upperBound
        while k < range.upperBound {
            switch b[k] {
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"): if depth == 0 { close = k } else { depth -= 1 }
            case UInt8(ascii: "["): brackets += 1
            case UInt8(ascii: "]"): brackets = Swift.max(0, brackets - 1)
            case UInt8(ascii: "/") where depth == 0 && brackets == 0 && slash == nil: slash = k
            default: break
            }
            if close != nil { break }
            k += 1
        }
        guard let close else { return failure("unclosed '{'") }
        let bodyRange = colon.upperBound..<(slash ?? close)
        let sepRange = (slash.map { $0 + 1 } ?? close)..<close
        let g = groups.count
        groups.append(Group(name: header.name, min: header.min, max: header.max, open: base, end: 0, loop: 0, character: at))
        let body: [Element], sep: [Element]
        switch parse(b, bodyRange, template: template, top: false, base: base + 1, groups: &groups, memo: &memo) {
        case .success(let e): body = e
        case .failure(let e): return .failure(e)
        }
        switch parse(b, sepRange, template: template, top: false, base: base + 2 + body.count, groups: &groups, memo: &memo) {
        case .success(let e): sep = e
        case .failure(let e): return .failure(e)
        }
        // A body that can match nothing (empty, or only gaps) would repeat in place.
        guard body.contains(where: { if case .gap = $0 { return false }; return true }) else {
            return failure("a repeating group whose body is empty or only '…'")
        }
        guard body.contains(where: { switch $0 { case .literal, .choice(nil, _), .gap: false; default: true } }) else {
            return failure("a repeating group that captures nothing: its body needs a placeholder such as {名:text} or {额}")
        }
        if sep.contains(where: { switch $0 { case .literal, .choice(nil, _): false; default: true } }) {
            return failure("a separator of a repeating group that is not literal text or a choice such as [，|、]")
        }
        groups[g].end = base + 1 + body.count
        groups[g].loop = groups[g].end + 1 + sep.count
        return .success(([.groupOpen(g)] + body + [.groupEnd(g)] + sep + [.groupLoop(g)], close + 1))
    }

    /// At most this many repetitions of a repeating group (whatever its header says).
    static let maxRepetitions = FactSpec.maxGroupRepetitions
    /// At most this many bytes of the report in one repeating group's match (about 4,000
    /// characters of Chinese text: 40 parts of a name and an amount).
    static let maxGroupBytes = 12_000

    /// A repeating group of a template, `{部分 2..*: {名:text}{额}万元 / [，|、|；|,]}`: its body
    /// (after the colon) matched one or more times, the repetitions separated by the separator
    /// (after the `/`; none: side by side), each repetition an item of the list field `name`.
    /// Its elements are flat in ``FactTemplate/elements``: `.groupOpen` at `open`, the body,
    /// `.groupEnd` at `end`, the separator, `.groupLoop` at `loop`.
    struct Group: Sendable {
        let name: String
        let min: Int
        let max: Int
        let open: Int
        var end: Int
        var loop: Int
        /// The character of the template where the group starts (1-based), for messages.
        let character: Int

        /// Whether element `k` is inside the group (its body or separator).
        func encloses(_ k: Int) -> Bool { k > open && k < loop }
    }

    struct TemplateError: Error, Sendable { let message: String }

    /// Whether `other` finds the same matches with the same captures under the same names: the
    /// same elements (literals folded as the text is, so `{序:count}.…` and `{序:count}．…` are
    /// alike) and groups. A fact declaration's second such template adds no fact: its matches
    /// are the first one's, which a load keeps first (``ReportLoader/init(tables:facts:)``).
    func matchesAlike(_ other: FactTemplate) -> Bool {
        guard anchor == other.anchor, elements == other.elements, groups.count == other.groups.count else { return false }
        return zip(groups, other.groups).allSatisfy { a, b in
            a.name == b.name && a.min == b.min && a.max == b.max && a.open == b.open && a.end == b.end && a.loop == b.loop
        }
    }
}

extension String {
    var trimmingSpaces: String {
        // A text that starts and ends with a CJK ideograph or a printable ASCII character has
        // nothing to trim (neither is whitespace, and neither joins a preceding scalar into a
        // Character): most placeholder names and types, kept without walking their Characters.
        let u = utf8
        if let first = u.first, let last = u.last, (0x21...0x7E).contains(first) || (0xE4...0xE9).contains(first) {
            let lastIsIdeograph = u.count >= 3 && (0xE4...0xE9).contains(u[u.index(u.endIndex, offsetBy: -3)])
                && last & 0xC0 == 0x80 && u[u.index(u.endIndex, offsetBy: -2)] & 0xC0 == 0x80
            if lastIsIdeograph || (0x21...0x7E).contains(last) { return self }
        }
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
