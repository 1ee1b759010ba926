/// A narrative fact pattern as a pack declares it, e.g.
/// `fact 完成率 "{科目:text}年初预算为{预算}万元，支出决算为{决算}万元，完成年初预算的{完成率}"`.
///
/// The loader matches each template against the report's narrative and turns every match into a
/// ``Fact`` with one field per placeholder. Matching tolerates line breaks, spaces and full/half
/// width variants (see the loader's documentation for the template syntax).
public struct FactSpec: Sendable, Hashable {
    /// The fact kind's name (`完成率`), used by `facts(完成率)`.
    public var name: String
    /// One or more templates; a sentence matching any of them yields a fact.
    public var templates: [String]
    /// The field names, in order of first appearance across the templates.
    public var fields: [String]
    /// Where the declaration is in the pack source.
    public var span: SourceSpan?

    /// Creates a fact spec; ``fields`` are taken from the templates' placeholders.
    public init(name: String, templates: [String], span: SourceSpan? = nil) {
        self.name = name; self.templates = templates; self.span = span
        var seen = Set<String>(), fields: [String] = []
        for t in templates {
            for p in FactSpec.placeholders(in: t) where seen.insert(p.name).inserted { fields.append(p.name) }
        }
        self.fields = fields
    }

    /// A fact spec whose fields are known already (a pack read from an archive: the fields the
    /// templates' placeholders gave when it was compiled).
    init(name: String, templates: [String], fields: [String], span: SourceSpan?) {
        self.name = name; self.templates = templates; self.fields = fields; self.span = span
    }

    /// The header of a repeating group, `{部分*: …}` or `{部分 2..*: …}` or `{部分 2..12: …}`: the
    /// list field's name and how many repetitions it takes (`*` alone: one or more; at most
    /// ``maxGroupRepetitions`` whatever the header says).
    public struct GroupHeader: Sendable, Equatable {
        /// The list field's name.
        public var name: String
        /// The fewest repetitions.
        public var min: Int
        /// The most repetitions.
        public var max: Int

        /// Creates a header.
        public init(name: String, min: Int, max: Int) { self.name = name; self.min = min; self.max = max }
    }

    /// At most this many repetitions of a repeating group.
    public static let maxGroupRepetitions = 40

    /// The repeating-group header written before a placeholder's colon (`部分*`, `部分 2..*`,
    /// `部分 2..12`), or `nil` when `header` is a plain placeholder name. The counts are ASCII
    /// or full-width digits; spaces around them are allowed.
    public static func groupHeader(_ header: String) -> GroupHeader? {
        var s = Substring(header.trimmingSpacesAround)
        guard s.hasSuffix("*") || s.hasSuffix("＊") || s.last?.isNumber == true else { return nil }
        func trailingNumber() -> Int? {
            var digits = ""
            while let c = s.last, let v = c.wholeNumberValue, c.isASCII || ("０"..."９").contains(c) {
                digits = String(v) + digits; s.removeLast()
            }
            guard !digits.isEmpty, digits.count <= 4 else { return nil }
            return Int(digits)
        }
        var lo = 1, hi = maxGroupRepetitions
        if s.hasSuffix("*") || s.hasSuffix("＊") {
            s.removeLast()
            while s.last?.isWhitespace == true { s.removeLast() }
            guard s.hasSuffix("..") else {
                // `部分*`: one or more.
                let name = String(s).trimmingSpacesAround
                return name.isEmpty ? nil : GroupHeader(name: name, min: 1, max: maxGroupRepetitions)
            }
        } else {
            guard let m = trailingNumber() else { return nil }
            hi = m
            while s.last?.isWhitespace == true { s.removeLast() }
            guard s.hasSuffix("..") else { return nil }
        }
        s.removeLast(2)
        while s.last?.isWhitespace == true { s.removeLast() }
        guard let n = trailingNumber() else { return nil }
        lo = n
        let name = String(s).trimmingSpacesAround
        return name.isEmpty ? nil : GroupHeader(name: name, min: lo, max: hi)
    }

    /// The placeholders of a template: `{name}` or `{name:type}` (the type after the first ASCII
    /// colon, else after the first full-width `：`, as ``FactTemplate`` compiles it); a repeating group
    /// `{name N..M: …}` is one placeholder of type `list` (its own placeholders are the fields
    /// of its items, not of the fact).
    public static func placeholders(in template: String) -> [(name: String, type: String?)] {
        if mayHoldGroup(template) {
            return groupedPlaceholders(in: template)
        }
        if PlainText.hasSimpleGraphemes(template) { return placeholderBytes(in: template) }
        var out: [(name: String, type: String?)] = []
        var i = template.startIndex
        while let open = template[i...].firstIndex(of: "{") {
            guard let close = template[open...].firstIndex(of: "}") else { break }
            let body = template[template.index(after: open)..<close]
            if let colon = body.firstIndex(of: ":") ?? body.firstIndex(of: "：") {
                out.append((String(body[..<colon]), String(body[body.index(after: colon)...])))
            } else if !body.isEmpty, body != "…" {
                out.append((String(body), nil))
            }
            i = template.index(after: close)
        }
        return out
    }

    /// Whether a template may hold a repeating group: it has `..`, `*` or a full-width `＊` (a
    /// group's header always has one). Scanned as UTF-8 bytes: a pack's thousands of templates
    /// each ask this when the pack is parsed, and `String.contains` on Chinese text walks it by
    /// Character (four such calls per template were a quarter of a cold `tally check`).
    public static func mayHoldGroup(_ template: String) -> Bool {
        var previous: UInt8 = 0
        var utf8 = template.utf8.makeIterator()
        while let c = utf8.next() {
            if c == 0x2A || (c == 0x2E && previous == 0x2E) { return true }
            // ＊ is EF BC 8A.
            if c == 0x8A, previous == 0xBC { return true }
            previous = c
        }
        return false
    }

    /// The repeating groups of a template with the names of their placeholders (the fields of
    /// their items), in order: `{部分 2..*: {名:text}{额}万元 / 、}` is `("部分", ["名", "额"])`.
    public static func groups(in template: String) -> [(name: String, fields: [String])] {
        guard mayHoldGroup(template) else { return [] }
        var out: [(name: String, fields: [String])] = []
        let cs = Array(template)
        var i = 0
        while i < cs.count {
            guard cs[i] == "{", let close = cs[i...].firstIndex(of: "}") else { i += 1; continue }
            let body = cs[(i + 1)..<close]
            guard let colon = body.firstIndex(where: { $0 == ":" || $0 == "：" }), let g = groupHeader(String(cs[(i + 1)..<colon])) else {
                i = close + 1; continue
            }
            let k = groupEnd(cs, after: colon)
            let inner = String(cs[(colon + 1)..<Swift.min(k, cs.count)])
            var fields: [String] = []
            for p in placeholders(in: inner) where !fields.contains(p.name) { fields.append(p.name) }
            out.append((g.name, fields))
            i = k + 1
        }
        return out
    }

    /// The index of the `}` that closes a repeating group whose header's colon is at `colon`
    /// (the braces of its own placeholders skipped), or `cs.count` when it is not closed.
    static func groupEnd(_ cs: [Character], after colon: Int) -> Int {
        var depth = 0, k = colon + 1
        while k < cs.count {
            if cs[k] == "{" { depth += 1 } else if cs[k] == "}" { if depth == 0 { break }; depth -= 1 }
            k += 1
        }
        return k
    }

    /// ``placeholders(in:)`` of a template that may hold repeating groups: a group is its
    /// name with type `list`, and what is inside it is skipped.
    static func groupedPlaceholders(in template: String) -> [(name: String, type: String?)] {
        var out: [(name: String, type: String?)] = []
        let cs = Array(template)
        var i = 0
        while i < cs.count {
            guard cs[i] == "{" else { i += 1; continue }
            guard let close = cs[i...].firstIndex(of: "}") else { break }
            let body = cs[(i + 1)..<close]
            if let colon = body.firstIndex(where: { $0 == ":" || $0 == "：" }),
               let g = groupHeader(String(cs[(i + 1)..<colon])) {
                out.append((g.name, "list"))
                // Past the group's own closing brace.
                i = groupEnd(cs, after: colon) + 1
                continue
            }
            if let colon = body.firstIndex(of: ":") ?? body.firstIndex(of: "：") {
                out.append((String(cs[(i + 1)..<colon]), String(cs[(colon + 1)..<close])))
            } else if !body.isEmpty, String(body) != "…" {
                out.append((String(body), nil))
            }
            i = close + 1
        }
        return out
    }

    /// ``placeholders(in:)`` on the bytes of a template whose every scalar is a character of
    /// its own (``PlainText/hasSimpleGraphemes(_:)``): `{`, `}` and `:` are then found as bytes,
    /// without walking the text by `Character`.
    static func placeholderBytes(in template: String) -> [(name: String, type: String?)] {
        var out: [(name: String, type: String?)] = []
        var template = template
        template.withUTF8 { b in
            func text(_ a: Int, _ e: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[a..<e]), as: UTF8.self) }
            func find(_ byte: UInt8, from k: Int, to end: Int) -> Int? {
                var j = k
                while j < end { if b[j] == byte { return j }; j += 1 }
                return nil
            }
            func wideColon(from k: Int, to end: Int) -> Int? {
                var j = k
                while j + 2 < end { if b[j] == 0xEF, b[j + 1] == 0xBC, b[j + 2] == 0x9A { return j }; j += 1 }
                return nil
            }
            var i = 0
            while let open = find(0x7B, from: i, to: b.count) {
                guard let close = find(0x7D, from: open, to: b.count) else { break }
                // The type after the first ASCII colon, else after the first `：` (EF BC 9A).
                if let colon = find(0x3A, from: open + 1, to: close) {
                    out.append((text(open + 1, colon), text(colon + 1, close)))
                } else if let wide = wideColon(from: open + 1, to: close) {
                    out.append((text(open + 1, wide), text(wide + 3, close)))
                } else if close > open + 1 {
                    let body = text(open + 1, close)
                    if body != "…" { out.append((body, nil)) }
                }
                i = close + 1
            }
        }
        return out
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    var trimmingSpacesAround: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
