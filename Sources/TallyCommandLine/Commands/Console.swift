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
        if capture { captured.out += s } else { FileHandle.standardOutput.write(Data(s.utf8)) }
    }

    /// Writes to standard error.
    package func err(_ s: String) {
        lock.lock(); defer { lock.unlock() }
        if capture { captured.err += s } else { FileHandle.standardError.write(Data(s.utf8)) }
    }
}
