import Tally

/// The text being edited by the line editor and the cursor in it, with every editing operation the
/// editor offers. A pure value: no I/O, so every key binding is unit-testable.
///
/// The buffer is a list of Unicode scalars and `cursor` an index into it (0 … `scalars.count`).
/// Movement skips zero-width scalars (combining marks) so the cursor never lands inside a
/// character; the cursor's screen position is measured in terminal cells with `Width.cells`
/// (CJK = 2 cells). Text inserted by any route is sanitised: control characters are dropped
/// (a tab becomes a space) so that a buffer never holds anything that would upset the display —
/// the single exception is a newline recalled from a multi-line history entry.
package struct EditState: Equatable, Sendable {
    /// The edited text, one Unicode scalar per element.
    package private(set) var scalars: [Unicode.Scalar]
    /// The cursor, as an index into `scalars` (the insertion point).
    package private(set) var cursor: Int
    /// The text most recently removed by a kill command (Ctrl-K, Ctrl-U, Ctrl-W, Alt-d,
    /// Alt-Backspace); Ctrl-Y inserts it again.
    package private(set) var killBuffer: [Unicode.Scalar] = []
    /// The position in the history list being shown, or `nil` while editing the new line.
    package private(set) var historyIndex: Int?
    /// The line that was being edited when history browsing began, restored when browsing past the
    /// newest entry.
    private var stashedLine: [Unicode.Scalar] = []

    /// An edit state holding `text` with the cursor at its end.
    package init(_ text: String = "") {
        scalars = EditState.sanitized(text.unicodeScalars, keepNewlines: true)
        cursor = scalars.count
    }

    /// An edit state holding `text` with the cursor at scalar index `cursor` (clamped to the text).
    package init(_ text: String, cursor: Int) {
        self.init(text)
        self.cursor = max(0, min(cursor, scalars.count))
    }

    /// The edited text.
    package var text: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// Whether the buffer is empty.
    package var isEmpty: Bool { scalars.isEmpty }

    /// The text before the cursor.
    package var textBeforeCursor: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[..<cursor])
        return String(s)
    }

    /// The cursor's column in terminal cells, counted from the start of the buffer (add the
    /// prompt's width for the screen column). CJK characters count two cells.
    package var displayColumn: Int { EditState.cells(scalars[..<cursor]) }

    /// The width of the whole buffer in terminal cells.
    package var displayWidth: Int { EditState.cells(scalars[...]) }

    // MARK: - Inserting and deleting

    /// Inserts `text` at the cursor and moves the cursor after it. Control characters are dropped
    /// (a tab becomes a space, a newline a space).
    package mutating func insert(_ text: String) {
        let clean = EditState.sanitized(text.unicodeScalars, keepNewlines: false)
        guard !clean.isEmpty else { return }
        scalars.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
    }

    /// Deletes the character before the cursor (with any combining marks attached to it).
    package mutating func backspace() {
        guard cursor > 0 else { return }
        let start = previousBoundary(cursor)
        scalars.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Deletes the character under the cursor (with any combining marks attached to it).
    package mutating func deleteForward() {
        guard cursor < scalars.count else { return }
        scalars.removeSubrange(cursor..<nextBoundary(cursor))
    }

    /// Exchanges the two characters around the cursor, as Ctrl-T does in Emacs: at the end of the
    /// line the two last characters are exchanged. Moves the cursor forward.
    package mutating func transpose() {
        guard scalars.count >= 2, cursor > 0 else { return }
        var at = cursor
        if at == scalars.count { at = previousBoundary(at) }
        guard at > 0 else { return }
        let leftStart = previousBoundary(at)
        let rightEnd = nextBoundary(at)
        let left = Array(scalars[leftStart..<at])
        let right = Array(scalars[at..<rightEnd])
        scalars.replaceSubrange(leftStart..<rightEnd, with: right + left)
        cursor = rightEnd
    }

    /// Removes everything from the cursor to the end of the line into the kill buffer (Ctrl-K).
    package mutating func killToEnd() {
        guard cursor < scalars.count else { return }
        killBuffer = Array(scalars[cursor...])
        scalars.removeSubrange(cursor...)
    }

    /// Removes everything from the start of the line to the cursor into the kill buffer (Ctrl-U).
    package mutating func killToStart() {
        guard cursor > 0 else { return }
        killBuffer = Array(scalars[..<cursor])
        scalars.removeSubrange(..<cursor)
        cursor = 0
    }

    /// Removes the whitespace-delimited word before the cursor into the kill buffer (Ctrl-W, like
    /// the shell's `unix-word-rubout`: `公开05.功能分类.210` goes in one stroke).
    package mutating func killWhitespaceWordBackward() {
        var start = cursor
        while start > 0, EditState.isSpace(scalars[start - 1]) { start -= 1 }
        while start > 0, !EditState.isSpace(scalars[start - 1]) { start -= 1 }
        kill(start..<cursor)
        cursor = start
    }

    /// Removes the name-word before the cursor into the kill buffer (Alt-Backspace: stops at `.`,
    /// spaces and operators, so one path segment goes at a time).
    package mutating func killWordBackward() {
        let start = wordStart(before: cursor)
        kill(start..<cursor)
        cursor = start
    }

    /// Removes the name-word after the cursor into the kill buffer (Alt-d).
    package mutating func killWordForward() {
        kill(cursor..<wordEnd(after: cursor))
    }

    /// Inserts the kill buffer at the cursor (Ctrl-Y).
    package mutating func yank() {
        guard !killBuffer.isEmpty else { return }
        scalars.insert(contentsOf: killBuffer, at: cursor)
        cursor += killBuffer.count
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killBuffer = Array(scalars[range])
        scalars.removeSubrange(range)
    }

    /// Replaces the whole buffer by `text` with the cursor at its end.
    package mutating func replaceAll(with text: String) {
        scalars = EditState.sanitized(text.unicodeScalars, keepNewlines: true)
        cursor = scalars.count
    }

    // MARK: - Movement

    /// Moves one character left (over any combining marks).
    package mutating func moveLeft() { cursor = previousBoundary(cursor) }
    /// Moves one character right (over any combining marks).
    package mutating func moveRight() { cursor = nextBoundary(cursor) }
    /// Moves to the start of the line (Home, Ctrl-A).
    package mutating func moveHome() { cursor = 0 }
    /// Moves to the end of the line (End, Ctrl-E).
    package mutating func moveEnd() { cursor = scalars.count }
    /// Moves to the start of the name-word before the cursor (Alt-b, Ctrl-Left).
    package mutating func moveWordLeft() { cursor = wordStart(before: cursor) }
    /// Moves to the end of the name-word after the cursor (Alt-f, Ctrl-Right).
    package mutating func moveWordRight() { cursor = wordEnd(after: cursor) }

    private func previousBoundary(_ i: Int) -> Int {
        guard i > 0 else { return 0 }
        var j = i - 1
        while j > 0, EditState.isZeroWidth(scalars[j]) { j -= 1 }
        return j
    }

    private func nextBoundary(_ i: Int) -> Int {
        guard i < scalars.count else { return scalars.count }
        var j = i + 1
        while j < scalars.count, EditState.isZeroWidth(scalars[j]) { j += 1 }
        return j
    }

    private func wordStart(before i: Int) -> Int {
        var j = i
        while j > 0, !EditState.isNameCharacter(scalars[j - 1]) { j -= 1 }
        while j > 0, EditState.isNameCharacter(scalars[j - 1]) { j -= 1 }
        return j
    }

    private func wordEnd(after i: Int) -> Int {
        var j = i
        while j < scalars.count, !EditState.isNameCharacter(scalars[j]) { j += 1 }
        while j < scalars.count, EditState.isNameCharacter(scalars[j]) { j += 1 }
        return j
    }

    // MARK: - History

    /// Shows the history entry before the one shown (Up, Ctrl-P). `entries` is oldest first. The
    /// line being edited is kept and comes back when `historyNext` moves past the newest entry.
    package mutating func historyPrevious(_ entries: [String]) {
        guard !entries.isEmpty else { return }
        let index: Int
        if let shown = historyIndex, shown <= entries.count {
            guard shown > 0 else { return }
            index = min(shown - 1, entries.count - 1)
        } else {
            stashedLine = scalars
            index = entries.count - 1
        }
        historyIndex = index
        replaceAll(with: entries[index])
    }

    /// Shows the history entry after the one shown (Down, Ctrl-N), or the line that was being
    /// edited after the newest entry.
    package mutating func historyNext(_ entries: [String]) {
        guard let shown = historyIndex else { return }
        if shown + 1 < entries.count {
            historyIndex = shown + 1
            replaceAll(with: entries[shown + 1])
        } else {
            historyIndex = nil
            scalars = stashedLine
            cursor = scalars.count
            stashedLine = []
        }
    }

    // MARK: - Completion

    /// The completion context at the cursor: the dotted name before it and the part that a
    /// completion replaces.
    package var completionContext: CompletionContext {
        CompletionContext(scalars: scalars, cursor: cursor)
    }

    /// Applies completion `candidates` (replacements for `completionContext.prefix`, the name
    /// characters after the last `.` before the cursor). One candidate replaces the prefix;
    /// several replace it by their longest common prefix when that says more than the prefix.
    /// Returns what happened, so the editor knows whether a second Tab should list the candidates.
    @discardableResult
    package mutating func applyCompletion(_ candidates: [String]) -> CompletionOutcome {
        let unique = CompletionContext.deduplicated(candidates)
        guard !unique.isEmpty else { return .none }
        let context = completionContext
        let replacement: String
        if unique.count == 1 {
            replacement = unique[0]
        } else {
            replacement = CompletionContext.longestCommonPrefix(unique)
        }
        let new = EditState.sanitized(replacement.unicodeScalars, keepNewlines: false)
        let old = Array(scalars[context.prefixRange])
        let replaces = unique.count == 1 ? new != old : (new.count >= old.count && new != old)
        if replaces {
            scalars.replaceSubrange(context.prefixRange, with: new)
            cursor = context.prefixRange.lowerBound + new.count
        }
        if unique.count == 1 { return .completed }
        return replaces ? .extended : .ambiguous
    }

    // MARK: - Character classes

    /// Whether `s` may be part of a name: a letter of any script (CJK included), a digit, `_`, or
    /// a combining mark.
    package static func isNameCharacter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        let p = s.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark,
             .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Whether `s` separates the segments of a dotted path (`.`, and the full-width `。` and `．`
    /// a Chinese input method types).
    package static func isPathSeparator(_ s: Unicode.Scalar) -> Bool {
        s == "." || s == "\u{3002}" || s == "\u{FF0E}"
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool { s != "\n" && Width.cells(s) == 0 }

    /// The number of cells `s` takes in the editor's display (a newline is shown as `↵`).
    package static func cells(_ s: Unicode.Scalar) -> Int { s == "\n" ? 1 : Width.cells(s) }

    /// The number of cells a run of scalars takes in the editor's display.
    package static func cells(_ run: ArraySlice<Unicode.Scalar>) -> Int {
        var n = 0
        for s in run { n += cells(s) }
        return n
    }

    /// `text` without control characters: tabs become spaces, newlines are kept or become spaces.
    static func sanitized<S: Sequence<Unicode.Scalar>>(_ text: S, keepNewlines: Bool) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.underestimatedCount)
        for s in text {
            let v = s.value
            if v == 0x0A {
                out.append(keepNewlines ? "\n" : " ")
            } else if v == 0x09 {
                out.append(" ")
            } else if v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 {
                continue
            } else {
                out.append(s)
            }
        }
        return out
    }
}

/// What applying completion candidates did.
package enum CompletionOutcome: Equatable, Sendable {
    /// There were no candidates.
    case none
    /// A single candidate replaced the prefix (or already matched it exactly).
    case completed
    /// Several candidates; their longest common prefix extended the prefix.
    case extended
    /// Several candidates that agree on nothing beyond the prefix: a second Tab lists them.
    case ambiguous
}

/// The name being completed at the cursor: `公开05.功能分类.21|` has the qualifier `公开05.功能分类`
/// and the prefix `21`; completion candidates replace the prefix.
package struct CompletionContext: Equatable, Sendable {
    /// The whole dotted run of name characters before the cursor (`公开05.功能分类.21`).
    package var word: String
    /// The segments before the last separator (`["公开05", "功能分类"]`); empty for a plain name.
    package var qualifier: [String]
    /// The name characters after the last separator, which a completion replaces (`21`).
    package var prefix: String
    /// The scalar range of `prefix` in the line.
    package var prefixRange: Range<Int>

    /// The context at scalar index `cursor` of `line` — what a completer receives.
    package init(line: String, cursor: Int) {
        let scalars = Array(line.unicodeScalars)
        self.init(scalars: scalars, cursor: max(0, min(cursor, scalars.count)))
    }

    init(scalars: [Unicode.Scalar], cursor: Int) {
        var start = cursor
        while start > 0, EditState.isNameCharacter(scalars[start - 1]) { start -= 1 }
        prefixRange = start..<cursor
        var wordStart = start
        while wordStart > 1, EditState.isPathSeparator(scalars[wordStart - 1]),
              EditState.isNameCharacter(scalars[wordStart - 2]) {
            wordStart -= 1
            while wordStart > 0, EditState.isNameCharacter(scalars[wordStart - 1]) { wordStart -= 1 }
        }
        func string(_ r: Range<Int>) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[r])
            return String(v)
        }
        prefix = string(start..<cursor)
        word = string(wordStart..<cursor)
        var segments: [String] = []
        var segmentStart = wordStart
        var i = wordStart
        while i < start {
            if EditState.isPathSeparator(scalars[i]) {
                segments.append(string(segmentStart..<i))
                segmentStart = i + 1
            }
            i += 1
        }
        qualifier = segments
    }

    /// The longest common prefix of `strings`, by whole characters.
    package static func longestCommonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0) }) else { return "" }
        for s in strings.dropFirst() {
            var n = 0
            for (a, b) in zip(prefix, s) {
                guard a == b else { break }
                n += 1
            }
            prefix.removeSubrange(n...)
            if prefix.isEmpty { break }
        }
        return String(prefix)
    }

    /// `strings` without repeats, in their first order.
    package static func deduplicated(_ strings: [String]) -> [String] {
        var seen = Set<String>()
        return strings.filter { seen.insert($0).inserted }
    }
}
