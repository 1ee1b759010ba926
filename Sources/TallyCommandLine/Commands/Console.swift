#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where a command writes: results to `out`, diagnostics and progress to `err`. Tests capture
/// both; the executable writes to the real streams.
package final class Console: @unchecked Sendable {
    private let lock = NSLock()
    package private(set) var captured: (out: String, err: String) = ("", "")
    private let capture: Bool
    /// Whether standard output is a terminal (colour, progress).
    package let outIsTerminal: Bool
    /// Whether standard error is a terminal.
    package let errIsTerminal: Bool
    /// Whether colour may be used on stdout (a terminal and `NO_COLOR` unset).
    package var colors: Bool { outIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// A console on the process's streams.
    package static func standard() -> Console { Console(capture: false) }
    /// A console that captures output, for tests.
    package static func capturing() -> Console { Console(capture: true) }

    private init(capture: Bool) {
        self.capture = capture
        outIsTerminal = !capture && isatty(1) == 1
        errIsTerminal = !capture && isatty(2) == 1
    }

    /// Writes to standard output.
    package func out(_ s: String) {
        lock.lock(); defer { lock.unlock() }
        if capture { captured.out += s } else { _ = Console.writeAll(s, to: 1) }
    }

    /// Writes to standard error.
    package func err(_ s: String) {
        lock.lock(); defer { lock.unlock() }
        if capture { captured.err += s } else { _ = Console.writeAll(s, to: 2) }
    }

    /// Writes all of `s` to the file descriptor (retrying short writes and interruptions); false
    /// when the system refuses (disk full, closed pipe). `FileHandle.write(_:)` traps instead.
    package static func writeAll(_ s: String, to fd: Int32) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var done = 0
            while done < b.count {
                let n = write(fd, b.baseAddress! + done, b.count - done)
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { return false }  // no progress: give up rather than spin
                done += n
            }
            return true
        }
    }
}
