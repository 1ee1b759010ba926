#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Tally

/// The REPL's line editor: reads one line at a time with Emacs-style editing, history across
/// sessions and Tab completion, placing the cursor by display width so Chinese text (two cells a
/// character) edits correctly. Built on termios only.
///
/// **Interactive mode** (standard input and output are terminals and `TERM` is not `dumb`): the
/// terminal is switched to raw mode for each `readLine` call and restored before it returns (also
/// on signals and `exit`). Lines wider than the terminal scroll horizontally, keeping the cursor
/// in view. Keys: ←/→, Ctrl-B/F (character), Alt-B/F and Ctrl-←/→ (word), Home/End and
/// Ctrl-A/E, Backspace, Delete, Ctrl-D (delete; on an empty line: end of input), Ctrl-K/U/W,
/// Alt-D, Alt-Backspace (kill), Ctrl-Y (yank), Ctrl-T (transpose), ↑/↓ and Ctrl-P/N (history),
/// Tab (complete; a second Tab lists the candidates), Ctrl-L (clear screen), Ctrl-Z (suspend),
/// Ctrl-C (cancel the line). Bracketed paste is enabled; a pasted line break ends the line just as
/// Enter does, and the rest of the paste feeds the following reads.
///
/// **Plain mode** (otherwise, e.g. `printf '…\n' | tally repl`): lines are read from standard
/// input as they are, with no escape codes written and nothing recorded in the history. The
/// prompt is written only when standard input is a terminal (to standard output if that is one
/// too, else to standard error), so piped scripts get clean output.
package final class LineEditor {
    /// The outcome of `readLine`.
    package enum ReadResult: Equatable, Sendable {
        /// A line was entered (without its line break). A multi-line history entry recalled and
        /// entered comes back as one string with `\n` between its lines.
        case line(String)
        /// Ctrl-C: the input was cancelled.
        case interrupted
        /// Ctrl-D on an empty line, or the end of standard input.
        case endOfFile
    }

    /// Returns completion candidates for `(line, cursor)`, the cursor being a Unicode-scalar index
    /// into the line. Each candidate replaces the name characters before the cursor after the
    /// last `.` (see `CompletionContext(line:cursor:)`, which computes that part the same way).
    package typealias Completer = (_ line: String, _ cursor: Int) -> [String]

    /// The in-memory history, oldest first.
    package private(set) var history: History
    /// Whether lines read in interactive mode are added to the history automatically (on by
    /// default; turn off to manage it with `addHistory`).
    package var recordsHistory = true
    /// Whether this editor edits interactively (as opposed to plain line reading).
    package let isInteractive: Bool

    private let historyFile: HistoryFile?
    /// The newest entry, not yet written because continuation lines may still join it.
    private var unsavedEntry: String?
    /// Whether the last line read started (or continued) a history entry that continuation
    /// lines join.
    private var continuingEntry = false
    private let completer: Completer
    private let input: Int32
    private let output: Int32
    private let promptToTerminal: Bool
    private var decoder = KeyDecoder()
    private var queue: [Key] = []
    private var queueHead = 0
    private var plain: PlainLineReader

    /// An editor reading standard input.
    ///
    /// - Parameters:
    ///   - historyURL: the history file (`defaultHistoryPath()` is the usual choice), or nil for
    ///     in-memory history only. Its directory is created when the first entry is saved.
    ///   - historyLimit: the most entries kept.
    ///   - completer: the Tab completion source.
    ///   - input, output: the file descriptors to use (standard input and output by default).
    ///   - environment: consulted for `TERM`.
    package init(
        historyURL: URL?,
        historyLimit: Int = 1000,
        completer: @escaping Completer = { _, _ in [] },
        input: Int32 = 0,
        output: Int32 = 1,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.completer = completer
        self.input = input
        self.output = output
        plain = PlainLineReader(fd: input)
        isInteractive = Terminal.isTerminal(input) && Terminal.isTerminal(output)
            && Terminal.supportsEditing(environment: environment)
        promptToTerminal = Terminal.isTerminal(input)
        if let url = historyURL {
            var file = HistoryFile(path: url.path, limit: historyLimit)
            history = file.load()
            historyFile = file
        } else {
            history = History(limit: historyLimit)
            historyFile = nil
        }
    }

    deinit { saveHistory() }

    /// The default history file: `$XDG_STATE_HOME/tally/history` when that variable holds an
    /// absolute path, else `$HOME/.local/state/tally/history`, else nil.
    package static func defaultHistoryPath(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/tally/history"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/state/tally/history"
        }
        return nil
    }

    /// `defaultHistoryPath()` as a file URL.
    package static func defaultHistoryURL(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        defaultHistoryPath(environment: environment).map { URL(fileURLWithPath: $0) }
    }

    /// Adds `entry` to the history (unless blank or a repeat of the newest) and to the file.
    package func addHistory(_ entry: String) {
        flushUnsavedEntry()
        if history.add(entry) { unsavedEntry = entry }
    }

    /// Writes the newest entry to the history file if it is not there yet. Called before each
    /// new (non-continuation) read, at end of input and on deinit; call it before `exit`.
    package func saveHistory() { flushUnsavedEntry() }

    private func flushUnsavedEntry() {
        guard let entry = unsavedEntry else { return }
        unsavedEntry = nil
        guard var file = historyFile else { return }
        file.append(entry)
    }

    /// Reads a line, showing `prompt` (which may contain colour escapes, and line breaks: all but
    /// its last line are written once above the edited line).
    ///
    /// Pass `continuation: true` for the further lines of an incomplete multi-line input: the
    /// line then joins the newest history entry, so the whole input is recalled as one entry,
    /// and Tab at the start of the line indents instead of completing.
    package func readLine(prompt: String, continuation: Bool = false) -> ReadResult {
        if !continuation { flushUnsavedEntry() }
        if !isInteractive { return readPlain(prompt: prompt) }
        let result = readInteractive(prompt: prompt, continuation: continuation)
        switch result {
        case .line(let text) where recordsHistory:
            if continuation && continuingEntry {
                history.appendToNewest(text)
                unsavedEntry = history.entries.last
            } else {
                continuingEntry = !History.isBlank(text)
                if history.add(text) { unsavedEntry = text }
            }
        case .endOfFile:
            flushUnsavedEntry()
        default:
            break
        }
        return result
    }

    // MARK: - Plain mode

    private func readPlain(prompt: String) -> ReadResult {
        if promptToTerminal && !prompt.isEmpty {
            fflush(nil)
            Terminal.write(prompt, to: Terminal.isTerminal(output) ? output : 2)
        }
        switch plain.readLine() {
        case .line(let s): return .line(s)
        case .interrupted: return .interrupted
        case .end: return .endOfFile
        }
    }

    // MARK: - Interactive mode

    private enum Event {
        case key(Key)
        case endOfInput
        case signal(Int32)
        case redraw
    }

    private func readInteractive(prompt: String, continuation: Bool) -> ReadResult {
        fflush(nil)
        guard Terminal.enableRawMode(fd: input) else { return readPlain(prompt: prompt) }
        defer { Terminal.disableRawMode() }
        Terminal.write("\u{1B}[?2004h", to: output)
        defer { Terminal.write("\u{1B}[?2004l", to: output) }

        var promptLine = prompt
        if let newline = prompt.lastIndex(of: "\n") {
            let head = prompt[..<newline].replacingOccurrences(of: "\n", with: "\r\n")
            Terminal.write("\r" + head + "\r\n", to: output)
            promptLine = String(prompt[prompt.index(after: newline)...])
        }
        var view = LineView(prompt: promptLine)
        var state = EditState()
        var lastWasTab = false
        refresh(&view, state)

        while true {
            let event = nextEvent()
            var isTab = false
            switch event {
            case .endOfInput:
                Terminal.write("\r\n", to: output)
                return .endOfFile
            case .redraw:
                refresh(&view, state)
                continue
            case .signal(let sig):
                if sig == SIGINT {
                    queue.removeAll(); queueHead = 0
                    Terminal.write("^C\r\n", to: output)
                    return .interrupted
                }
                // Another signal was handled by the program and survived: resume editing.
                _ = Terminal.enableRawMode(fd: input)
                refresh(&view, state)
                continue
            case .key(let key):
                switch key {
                case .text(let s):
                    state.insert(s)
                case .paste(let s):
                    pushFront(LineEditor.keys(forPaste: s))
                case .enter, .alt("\r"):
                    finish(view, state)
                    return .line(state.text)
                case .control("c"):
                    queue.removeAll(); queueHead = 0
                    finish(view, state, suffix: "^C")
                    return .interrupted
                case .control("d"):
                    if state.isEmpty {
                        Terminal.write("\r\n", to: output)
                        return .endOfFile
                    }
                    state.deleteForward()
                case .tab:
                    isTab = true
                    complete(&state, view: &view, continuation: continuation, secondTab: lastWasTab)
                case .backspace: state.backspace()
                case .delete: state.deleteForward()
                case .left, .control("b"): state.moveLeft()
                case .right, .control("f"): state.moveRight()
                case .home, .control("a"): state.moveHome()
                case .end, .control("e"): state.moveEnd()
                case .wordLeft, .alt("b"), .alt("B"): state.moveWordLeft()
                case .wordRight, .alt("f"), .alt("F"): state.moveWordRight()
                case .up, .control("p"): state.historyPrevious(history.entries)
                case .down, .control("n"): state.historyNext(history.entries)
                case .control("k"): state.killToEnd()
                case .control("u"): state.killToStart()
                case .control("w"): state.killWhitespaceWordBackward()
                case .alt("\u{7F}"): state.killWordBackward()
                case .alt("d"), .alt("D"): state.killWordForward()
                case .control("y"): state.yank()
                case .control("t"): state.transpose()
                case .control("l"):
                    Terminal.write("\u{1B}[H\u{1B}[2J", to: output)
                case .control("z"):
                    Terminal.write("\r\n", to: output)
                    Terminal.suspend(fd: input)
                default:
                    break  // Escape, Shift-Tab, Page Up/Down, unbound control and Alt keys
                }
            }
            lastWasTab = isTab
            if queueHead == queue.count && !inputAvailable() { refresh(&view, state) }
        }
    }

    private func complete(_ state: inout EditState, view: inout LineView, continuation: Bool, secondTab: Bool) {
        if continuation && state.textBeforeCursor.unicodeScalars.allSatisfy({ $0 == " " }) {
            state.insert("    ")
            return
        }
        let candidates = CompletionContext.deduplicated(completer(state.text, state.cursor))
        let outcome = state.applyCompletion(candidates)
        guard outcome == .ambiguous, secondTab else { return }
        let rows = LineView.columns(candidates, width: Terminal.columns(fd: output))
        Terminal.write("\r\n" + rows.joined(separator: "\r\n") + "\r\n", to: output)
    }

    /// Redraws the edited line.
    private func refresh(_ view: inout LineView, _ state: EditState) {
        Terminal.write(view.render(state, columns: Terminal.columns(fd: output)), to: output)
    }

    /// Leaves the edited line shown in full (wrapping if long) and moves below it.
    private func finish(_ view: LineView, _ state: EditState, suffix: String = "") {
        let text = state.text.replacingOccurrences(of: "\n", with: "\r\n")
        Terminal.write("\r\u{1B}[0J" + view.prompt + text + suffix + "\r\n", to: output)
    }

    private func pushFront(_ keys: [Key]) {
        queue.removeFirst(queueHead)
        queueHead = 0
        queue.insert(contentsOf: keys, at: 0)
    }

    /// The keys a paste amounts to: its text, with Enter at each line break.
    static func keys(forPaste text: String) -> [Key] {
        var keys: [Key] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if i > 0 { keys.append(.enter) }
            if !line.isEmpty { keys.append(.text(String(line))) }
        }
        return keys
    }

    private func nextEvent() -> Event {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if queueHead < queue.count {
                let key = queue[queueHead]
                queueHead += 1
                if queueHead == queue.count { queue.removeAll(keepingCapacity: true); queueHead = 0 }
                return .key(key)
            }
            let sig = Terminal.takePendingSignal()
            if sig != 0 { return .signal(sig) }
            if Terminal.takeRedrawRequest() { return .redraw }
            // Wait for input or for a signal handler's wake-up byte; while a sequence is
            // incomplete, wait only briefly (a lone ESC is the Escape key).
            var descriptors = [
                pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                pollfd(fd: Terminal.wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, descriptors[1].fd >= 0 ? 2 : 1, decoder.hasPendingInput ? 50 : -1)
            if ready == 0 {
                queue.append(contentsOf: decoder.flush())
                continue
            }
            if ready < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .endOfInput
            }
            if descriptors[1].revents != 0 {
                Terminal.drainWakeDescriptor()
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n > 0 {
                queue.append(contentsOf: decoder.feed(buffer[..<n]))
            } else if n == 0 {
                return .endOfInput
            } else if errno != EINTR && errno != EAGAIN {
                return .endOfInput
            }
        }
    }

    private func inputAvailable() -> Bool {
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }
}

/// How the edited line is drawn on one terminal row: prompt, then a window of the text that
/// scrolls horizontally to keep the cursor visible.
struct LineView {
    /// The prompt (its last line), possibly with colour escapes.
    let prompt: String
    /// Its width in cells.
    let promptCells: Int
    /// The index of the first scalar shown; kept between redraws so the view scrolls smoothly.
    var offset = 0

    init(prompt: String) {
        self.prompt = prompt
        promptCells = Terminal.visibleCells(prompt)
    }

    /// The escape sequence that redraws the line on a terminal `columns` wide.
    mutating func render(_ state: EditState, columns: Int) -> String {
        var shownPrompt = prompt
        var available = columns - promptCells - 1
        if available < 8 {
            // The prompt leaves no room: show the text alone.
            shownPrompt = ""
            available = max(2, columns - 1)
        }
        let window = LineView.window(state.scalars, cursor: state.cursor, offset: offset, width: available)
        offset = window.offset
        var visible = String.UnicodeScalarView()
        for s in state.scalars[window.offset..<window.end] { visible.append(s == "\n" ? "\u{21B5}" : s) }
        let column = (shownPrompt.isEmpty ? 0 : promptCells) + window.cursorColumn
        var out = "\r" + shownPrompt + String(visible) + "\u{1B}[0K\r"
        if column > 0 { out += "\u{1B}[\(column)C" }
        return out
    }

    /// The part of `scalars` to show in `width` cells with the cursor in view: the first and
    /// past-the-end indices and the cursor's cell column within the window. `offset` is the
    /// previous first index; the window moves only as far as the cursor requires.
    static func window(_ scalars: [Unicode.Scalar], cursor: Int, offset: Int, width: Int)
        -> (offset: Int, end: Int, cursorColumn: Int)
    {
        let width = max(1, width)
        let cursor = max(0, min(cursor, scalars.count))
        var start = max(0, min(offset, scalars.count))
        if cursor < start {
            // Scrolled left past the window: show some context before the cursor.
            start = cursor
            var context = 0
            while start > 0, context + EditState.cells(scalars[start - 1]) <= width / 3 {
                context += EditState.cells(scalars[start - 1])
                start -= 1
            }
        }
        // Room for the character under the cursor (or the cursor itself at the end).
        let under = cursor < scalars.count ? max(1, EditState.cells(scalars[cursor])) : 1
        let budget = max(0, width - under)
        var j = cursor
        var used = 0
        while j > start, used + EditState.cells(scalars[j - 1]) <= budget {
            used += EditState.cells(scalars[j - 1])
            j -= 1
        }
        if j > start { start = j }
        while start < cursor, EditState.isZeroWidth(scalars[start]) { start += 1 }
        var end = start
        var cells = 0
        var cursorColumn = 0
        while end < scalars.count {
            let c = EditState.cells(scalars[end])
            if cells + c > width { break }
            if end == cursor { cursorColumn = cells }
            cells += c
            end += 1
        }
        if cursor >= end { cursorColumn = EditState.cells(scalars[start..<min(cursor, end)]) }
        return (start, end, cursorColumn)
    }

    /// `items` laid out in columns (column-major, like `ls`) for a terminal `width` cells wide,
    /// padded by display width so Chinese names line up; at most `limit` items are shown, then a
    /// line telling how many more there are.
    static func columns(_ items: [String], width: Int, limit: Int = 200) -> [String] {
        let shown = Array(items.prefix(limit))
        guard !shown.isEmpty else { return [] }
        let widest = shown.map { Terminal.visibleCells($0) }.max() ?? 0
        let columnWidth = widest + 2
        let columnCount = max(1, (max(1, width - 1) + 2) / columnWidth)
        let rowCount = (shown.count + columnCount - 1) / columnCount
        var rows: [String] = []
        for r in 0..<rowCount {
            var line = ""
            for c in 0..<columnCount {
                let i = c * rowCount + r
                guard i < shown.count else { break }
                let isLast = c == columnCount - 1 || (c + 1) * rowCount + r >= shown.count
                line += isLast ? shown[i] : Width.padded(shown[i], to: columnWidth)
            }
            rows.append(line)
        }
        if items.count > shown.count { rows.append("… \(items.count - shown.count) more") }
        return rows
    }
}

/// Reads lines from a file descriptor without the C library's buffering, for plain mode.
struct PlainLineReader {
    /// A read's outcome.
    enum Outcome: Equatable {
        case line(String)
        case interrupted
        case end
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var atEnd = false

    init(fd: Int32) { self.fd = fd }

    /// The next line without its LF (or CR LF); the last line may lack a line break. A read
    /// interrupted by a signal (the program's SIGINT handler) gives `.interrupted`.
    mutating func readLine() -> Outcome {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                var lineEnd = newline
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = String(decoding: buffer[start..<lineEnd], as: UTF8.self)
                start = newline + 1
                scanned = start
                if start > 65536 && start * 2 > buffer.count {
                    buffer.removeFirst(start)
                    start = 0
                    scanned = 0
                }
                return .line(line)
            }
            scanned = buffer.count
            if atEnd {
                guard start < buffer.count else { return .end }
                var lineEnd = buffer.count
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = String(decoding: buffer[start..<lineEnd], as: UTF8.self)
                buffer = []
                start = 0
                scanned = 0
                return .line(line)
            }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
            } else if n == 0 {
                atEnd = true
            } else if errno == EINTR {
                return .interrupted
            } else if errno == EAGAIN {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, -1)  // a non-blocking descriptor: wait, don't spin
            } else {
                atEnd = true
            }
        }
    }
}
