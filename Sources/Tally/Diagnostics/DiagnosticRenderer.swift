/// Renders diagnostics as text with the source line and a caret placed by display width
/// (Chinese characters are two cells), or as JSON.
public struct DiagnosticRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var colors: Bool

    /// Creates a renderer.
    public init(colors: Bool = false) { self.colors = colors }

    private func paint(_ s: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// Renders one diagnostic, with a snippet when its span is in `source`.
    ///
    ///     error[T0201]: unknown name '卫生建康支出'
    ///      --> checks.tally:3:5
    ///       |
    ///     3 | sum(功能分类.210.*) == 卫生建康支出
    ///       |                        ^^^^^^^^^^^^
    ///       = help: did you mean '卫生健康支出'?
    public func render(_ d: Diagnostic, source: SourceFile?) -> String {
        let sev = d.severity.rawValue
        let head = paint("\(sev)[\(d.id)]", d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36")
        var out = "\(head): \(d.message)\n"
        if let span = d.span, let src = source {
            let loc = src.location(of: span.start)
            let gutter = String(loc.line).count
            let pad = String(repeating: " ", count: gutter)
            out += "\(pad)\(paint("-->", "1;34")) \(src.path):\(loc.line):\(loc.scalarColumn)\n"
            let lineText = src.lineText(loc.line)
            out += "\(pad) \(paint("|", "1;34"))\n"
            out += "\(loc.line) \(paint("|", "1;34")) \(lineText.replacingTabs())\n"
            let endLoc = src.location(of: min(span.end, src.bytes.count))
            let caretStart = loc.displayColumn - 1
            let lineEndCells = Width.cells(lineText.replacingTabs())
            let caretEnd = endLoc.line == loc.line ? endLoc.displayColumn - 1 : lineEndCells
            let width = max(1, caretEnd - caretStart)
            let carets = String(repeating: " ", count: caretStart) + String(repeating: "^", count: width)
            out += "\(pad) \(paint("|", "1;34")) \(paint(carets, d.severity == .error ? "1;31" : "1;33"))\n"
        } else if let span = d.span, !span.file.isEmpty {
            out += " --> \(span.file)\n"
        }
        for n in d.notes { out += "  = note: \(n)\n" }
        if let h = d.help { out += "  = help: \(h)\n" }
        return out
    }

    /// Renders a diagnostic as a JSON object (`id`, `severity`, `message`, `file`, `line`,
    /// `column`, `endLine`, `endColumn`, `notes`, `help`).
    public func json(_ d: Diagnostic, source: SourceFile?) -> JSONValue {
        var obj: [(String, JSONValue)] = [
            ("id", .string(d.id.rawValue)), ("severity", .string(d.severity.rawValue)), ("message", .string(d.message)),
        ]
        if let span = d.span {
            obj.append(("file", .string(source?.path ?? span.file)))
            if let src = source {
                let a = src.location(of: span.start), b = src.location(of: span.end)
                obj.append(("line", .int(a.line))); obj.append(("column", .int(a.scalarColumn)))
                obj.append(("endLine", .int(b.line))); obj.append(("endColumn", .int(b.scalarColumn)))
            }
        }
        if !d.notes.isEmpty { obj.append(("notes", .array(d.notes.map { .string($0) }))) }
        if let h = d.help { obj.append(("help", .string(h))) }
        return .object(obj)
    }
}

extension String {
    /// Tabs replaced by four spaces, so snippets and carets line up.
    func replacingTabs() -> String { contains("\t") ? replacingOccurrences(of: "\t", with: "    ") : self }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = "", rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]; out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard let first = target.first else { return nil }
        var i = startIndex
        while let s = self[i...].firstIndex(of: first) {
            if self[s...].hasPrefix(target) { return s..<index(s, offsetBy: target.count) }
            i = index(after: s)
        }
        return nil
    }
}
