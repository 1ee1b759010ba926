#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tally

/// Low-level terminal access for the line editor: TTY checks, the window width, colour policy,
/// and raw mode that is restored on every exit path.
///
/// Raw mode turns off echo, line buffering, signal keys (Ctrl-C arrives as a byte and the editor
/// treats it as a key), flow control and output post-processing. The original settings are
/// restored by `disableRawMode()` (the editor calls it from a `defer`), by an `atexit` hook if the
/// process exits while raw, and by handlers for SIGTERM, SIGHUP, SIGQUIT and SIGINT (sent by
/// another process) that restore the terminal and then re-deliver the signal to whatever handler
/// was installed before. Those handlers are installed only while raw mode is on, so a program's
/// own SIGINT handling (e.g. cancelling an evaluation) is untouched between reads.
package enum Terminal {
    /// Whether `fd` is a terminal.
    package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The terminal's width in columns: `TIOCGWINSZ` on `fd`, else a positive `COLUMNS` from the
    /// environment, else 80.
    package static func columns(fd: Int32 = 1) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let value = getenv("COLUMNS"), let n = Int(String(cString: value)), n > 0 { return n }
        return 80
    }

    /// Whether colour escapes should be written to `fd`: it must be a terminal, `NO_COLOR` must
    /// be unset or empty (https://no-color.org) and `TERM` must not be `dumb`.
    package static func colorEnabled(fd: Int32 = 1, environment: [String: String]) -> Bool {
        isTerminal(fd) && colorAllowed(environment: environment)
    }

    /// The environment part of `colorEnabled`: `NO_COLOR` unset or empty and `TERM` not `dumb`.
    package static func colorAllowed(environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// Whether the terminal on `fd` can be driven with cursor escapes (not `TERM=dumb` and the
    /// like, where the editor falls back to plain line reading).
    package static func supportsEditing(environment: [String: String]) -> Bool {
        guard let term = environment["TERM"] else { return true }
        return !["dumb", "cons25", "emacs"].contains(term)
    }

    /// The number of cells `text` occupies on screen, not counting ANSI escape sequences (CSI
    /// such as colours, OSC such as hyperlinks) — for measuring a coloured prompt.
    package static func visibleCells(_ text: String) -> Int {
        var cells = 0
        var it = text.unicodeScalars.makeIterator()
        while let s = it.next() {
            guard s == "\u{1B}" else {
                cells += s == "\t" ? 4 : Width.cells(s)
                continue
            }
            switch it.next() {
            case "[":
                while let t = it.next(), !(t.value >= 0x40 && t.value <= 0x7E) {}
            case "]":
                var previous: Unicode.Scalar = " "
                while let t = it.next() {
                    if t == "\u{07}" || (previous == "\u{1B}" && t == "\\") { break }
                    previous = t
                }
            default:
                break
            }
        }
        return cells
    }

    /// Writes all of `text` to `fd`, retrying partial writes and interrupted calls; gives up
    /// silently on other errors (a closed terminal must not crash the program).
    package static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    // MARK: - Raw mode

    /// Puts terminal `fd` into raw mode, remembering its settings. Returns false (and changes
    /// nothing) when `fd` is not a terminal or its settings cannot be read or changed.
    package static func enableRawMode(fd: Int32) -> Bool {
        guard isTerminal(fd) else { return false }
        let state = terminalSignalState
        if state.pointee.active != 0 { return true }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { return false }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        state.pointee.fd = fd
        state.pointee.original = original
        state.pointee.raw = raw
        state.pointee.pending = 0
        registerAtExitOnce()
        createWakePipeOnce()
        if state.pointee.installed != 0 { uninstallHandlers() }
        installHandlers()
        // TCSADRAIN, not TCSAFLUSH: keys typed ahead (or the rest of a paste) must not be lost.
        guard tcsetattr(fd, TCSADRAIN, &state.pointee.raw) == 0 else {
            uninstallHandlers()
            return false
        }
        state.pointee.active = 1
        return true
    }

    /// Restores the settings saved by `enableRawMode` and the signal handlers that were in place
    /// before it. Safe to call when raw mode is off.
    package static func disableRawMode() {
        let state = terminalSignalState
        if state.pointee.active != 0 {
            state.pointee.active = 0
            _ = tcsetattr(state.pointee.fd, TCSADRAIN, &state.pointee.original)
        }
        // A signal handler may already have restored the terminal; the handlers still go.
        if state.pointee.installed != 0 { uninstallHandlers() }
    }

    /// Whether raw mode is on.
    package static var isRaw: Bool { terminalSignalState.pointee.active != 0 }

    /// Takes the number of the last terminating signal that reached the raw-mode handler (and
    /// was survived: the previous handler did not end the process), or 0.
    package static func takePendingSignal() -> Int32 {
        let state = terminalSignalState
        let sig = state.pointee.pending
        state.pointee.pending = 0
        return sig
    }

    /// Takes the flag set when the window was resized (SIGWINCH) or the process was continued
    /// (SIGCONT) while raw: the editor redraws.
    package static func takeRedrawRequest() -> Bool {
        let state = terminalSignalState
        let flag = state.pointee.redraw != 0
        state.pointee.redraw = 0
        return flag
    }

    /// Suspends the process as Ctrl-Z would with signal keys on: restores the terminal, stops,
    /// and returns to raw mode when continued.
    package static func suspend(fd: Int32) {
        disableRawMode()
        _ = raise(SIGTSTP)
        _ = enableRawMode(fd: fd)
    }

    /// The read end of a pipe that the raw-mode signal handlers write a byte to, so that a reader
    /// waiting in `poll` on it and the terminal wakes up even when the signal was delivered to
    /// another thread. -1 before raw mode was first enabled. Drain it with `drainWakeDescriptor`.
    package static var wakeDescriptor: Int32 { terminalSignalState.pointee.wakeRead }

    /// Empties the wake pipe (non-blocking).
    package static func drainWakeDescriptor() {
        let fd = terminalSignalState.pointee.wakeRead
        guard fd >= 0 else { return }
        var scratch = [UInt8](repeating: 0, count: 64)
        while scratch.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    private static func createWakePipeOnce() {
        let state = terminalSignalState
        guard state.pointee.wakeRead < 0 else { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        state.pointee.wakeRead = fds[0]
        state.pointee.wakeWrite = fds[1]
    }

    private static func registerAtExitOnce() {
        let state = terminalSignalState
        guard state.pointee.atExitRegistered == 0 else { return }
        state.pointee.atExitRegistered = 1
        _ = atexit(terminalRestoreAtExit)
    }

    private static func installHandlers() {
        let state = terminalSignalState
        for (index, sig) in handledSignals.enumerated() {
            var action = makeAction(terminalSignalHandler)
            withUnsafeMutablePointer(to: &state.pointee.previous) { tuple in
                tuple.withMemoryRebound(to: sigaction.self, capacity: handledSignals.count) { previous in
                    _ = sigaction(sig, &action, previous + index)
                }
            }
        }
        state.pointee.installed = 1
    }

    private static func uninstallHandlers() {
        let state = terminalSignalState
        for (index, sig) in handledSignals.enumerated() {
            withUnsafeMutablePointer(to: &state.pointee.previous) { tuple in
                tuple.withMemoryRebound(to: sigaction.self, capacity: handledSignals.count) { previous in
                    _ = sigaction(sig, previous + index, nil)
                }
            }
        }
        state.pointee.installed = 0
    }

    private static func makeAction(_ handler: @convention(c) (Int32) -> Void) -> sigaction {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a resize interrupts the blocking read
        return action
    }
}

/// The signals handled while raw; the order matches `TerminalSignalState.previous`.
private let handledSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGWINCH, SIGCONT]

/// Everything a signal handler needs, kept behind a pointer: plain memory, so a handler
/// interrupting the main code can read and write it without Swift's exclusivity checks.
private struct TerminalSignalState {
    var fd: Int32 = 0
    var active: Int32 = 0
    var pending: Int32 = 0
    var redraw: Int32 = 0
    var atExitRegistered: Int32 = 0
    var installed: Int32 = 0
    var wakeRead: Int32 = -1
    var wakeWrite: Int32 = -1
    var original = termios()
    var raw = termios()
    var previous: (sigaction, sigaction, sigaction, sigaction, sigaction, sigaction) =
        (sigaction(), sigaction(), sigaction(), sigaction(), sigaction(), sigaction())
}

nonisolated(unsafe) private let terminalSignalState: UnsafeMutablePointer<TerminalSignalState> = {
    let p = UnsafeMutablePointer<TerminalSignalState>.allocate(capacity: 1)
    p.initialize(to: TerminalSignalState())
    return p
}()

/// Restores the terminal if the process exits while raw.
private func terminalRestoreAtExit() {
    let state = terminalSignalState
    guard state.pointee.active != 0 else { return }
    state.pointee.active = 0
    _ = tcsetattr(state.pointee.fd, TCSADRAIN, &state.pointee.original)
}

/// The raw-mode signal handler (async-signal-safe calls only).
private func terminalSignalHandler(_ sig: Int32) {
    let state = terminalSignalState
    let savedErrno = errno
    defer { errno = savedErrno }
    if state.pointee.wakeWrite >= 0 {
        var byte: UInt8 = 1
        _ = write(state.pointee.wakeWrite, &byte, 1)
    }
    switch sig {
    case SIGWINCH:
        state.pointee.redraw = 1
        return
    case SIGCONT:
        // The shell may have reset the terminal while we were stopped.
        if state.pointee.active != 0 { _ = tcsetattr(state.pointee.fd, TCSADRAIN, &state.pointee.raw) }
        state.pointee.redraw = 1
        return
    default:
        break
    }
    state.pointee.pending = sig
    if state.pointee.active != 0 {
        state.pointee.active = 0
        _ = tcsetattr(state.pointee.fd, TCSADRAIN, &state.pointee.original)
    }
    // Re-deliver the signal to the handler that was there before ours (by default: terminate).
    // The signal is blocked while this handler runs, so it arrives when the handler returns.
    let index: Int
    switch sig {
    case SIGTERM: index = 0
    case SIGHUP: index = 1
    case SIGQUIT: index = 2
    default: index = 3
    }
    withUnsafeMutablePointer(to: &state.pointee.previous) { tuple in
        tuple.withMemoryRebound(to: sigaction.self, capacity: 6) { previous in
            _ = sigaction(sig, previous + index, nil)
        }
    }
    _ = raise(sig)
}
