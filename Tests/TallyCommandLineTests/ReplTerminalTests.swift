#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import TallyTestSupport

/// End-to-end: the built `tally` binary driven in a real pseudo-terminal (and through a pipe).
@Suite(.serialized) struct ReplTerminalTests {
    /// The `tally` executable beside the test bundle, else in `.build/debug` or `.build-repl/debug`.
    static var binary: URL? {
        let fm = FileManager.default
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tally")]
        for b in [".build/debug", ".build-repl/debug"] {
            candidates.append(TestPaths.repositoryRoot.appendingPathComponent(b).appendingPathComponent("tally"))
        }
        for dir in Bundle.allBundles.map(\.bundleURL) { candidates.append(dir.deletingLastPathComponent().appendingPathComponent("tally")) }
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }

    static var report: URL? {
        guard let shared = TestPaths.shared else { return nil }
        let url = shared.appendingPathComponent("reports/004_6babeaf56a03ec85.txt")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    func environment(_ home: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        env["TERM"] = "xterm-256color"
        env["COLUMNS"] = "160"
        env["NO_COLOR"] = "1"
        env["TALLY_CHECKS"] = TestPaths.repositoryRoot.appendingPathComponent("Checks").path
        return env
    }

    /// Holds the homes the tests make; removed when the test's suite value goes.
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory("tally-repl") }

    func tempHome() throws -> URL {
        let dir = scratch.file(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func pipedInputPrintsJustTheValue() throws {
        guard let tally = Self.binary, let report = Self.report else {
            print("skipping: the tally binary or \(TestPaths.sharedMissing)"); return
        }
        let p = Process()
        p.executableURL = tally
        p.arguments = ["repl", report.path]
        p.environment = environment(try tempHome())
        let input = Pipe(), output = Pipe()
        p.standardInput = input; p.standardOutput = output; p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data("sum(公开05.功能分类.210.*.小计)\n".utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: out, as: UTF8.self) == "8397.66\n")
    }

    @Test func completesEditsEvaluatesAndRecallsInAPseudoTerminal() throws {
        guard let tally = Self.binary, let report = Self.report else {
            print("skipping: the tally binary or \(TestPaths.sharedMissing)"); return
        }
        let home = try tempHome()
        let term = try PseudoTerminal(columns: 160, rows: 40)
        let p = Process()
        p.executableURL = tally
        p.arguments = ["repl", report.path]
        p.environment = environment(home)
        let slave = FileHandle(fileDescriptor: term.slave, closeOnDealloc: false)
        p.standardInput = slave; p.standardOutput = slave; p.standardError = slave
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        let screen = term.reader()

        #expect(screen.wait(for: "tally> "), "no prompt: \(screen.text)")
        // 公开05.功能 + Tab completes the classification; .210.小 + Tab completes the column.
        term.type("公开05.功能")
        term.type("\t")
        #expect(screen.wait(for: "公开05.功能分类"), "\(screen.text)")
        term.type(".210.小")
        term.type("\t")
        #expect(screen.wait(for: "公开05.功能分类.210.小计"), "\(screen.text)")
        // Arrow-key editing: ← ← ← puts the cursor before '.小计'; insert '.*', then Home 'sum(' and End ')'.
        term.type("\u{1B}[D\u{1B}[D\u{1B}[D")
        term.type(".*")
        term.type("\u{1B}[H")
        term.type("sum(")
        term.type("\u{1B}[F")
        term.type(")")
        term.type("\r")
        #expect(screen.wait(for: "8397.66"), "\(screen.text)")
        #expect(screen.plain.contains("tally> sum(公开05.功能分类.210.*.小计)"), "\(screen.plain)")
        // ↑ recalls it from the history; Enter evaluates it again.
        let before = screen.count(of: "8397.66")
        term.type("\u{1B}[A")
        term.type("\r")
        #expect(screen.wait { $0.count(of: "8397.66") > before }, "\(screen.text)")
        // Ctrl-C cancels a line; Ctrl-D leaves.
        term.type("1 +")
        term.type("\u{03}")
        #expect(screen.wait(for: "^C"))
        term.type("\u{04}")
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!p.isRunning)
        #expect(p.terminationStatus == 0)
        let history = try String(contentsOf: home.appendingPathComponent("state/tally/history"), encoding: .utf8)
        #expect(history.contains("sum(公开05.功能分类.210.*.小计)"))
    }
}

/// A pseudo-terminal pair (`posix_openpt`; on Linux the `/dev/ptmx` it wraps).
final class PseudoTerminal: @unchecked Sendable {
    let master: Int32
    let slave: Int32

    struct Failure: Error { var what: String }

    init(columns: Int, rows: Int) throws {
        #if canImport(Glibc)
        // posix_openpt, unlockpt and ptsname as Glibc implements them (its module map hides the
        // XSI declarations): the /dev/ptmx multiplexer and two ioctls.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        // TIOCSPTLCK = _IOW('T', 0x31, int) and TIOCGPTN = _IOR('T', 0x30, unsigned int): function-like
        // macros Swift does not import; these are their values on Linux.
        let setLock: UInt = 0x4004_5431, getNumber: UInt = 0x8004_5430
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw Failure(what: "/dev/ptmx")
        }
        let name = "/dev/pts/\(number)"
        #else
        master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let cName = ptsname(master) else { throw Failure(what: "posix_openpt") }
        let name = String(cString: cName)
        #endif
        slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(what: "open slave") }
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    deinit { close(slave); close(master) }

    /// Writes keys, then lets the editor process them.
    func type(_ keys: String) {
        var bytes = Array(keys.utf8)
        _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
        usleep(60_000)
    }

    /// Starts collecting everything the program writes.
    func reader() -> Screen {
        let screen = Screen()
        let fd = master
        let t = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                screen.append(Array(buffer[0..<n]))
            }
        }
        t.start()
        return screen
    }
}

/// The output of a program in a pseudo-terminal.
final class Screen: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ b: [UInt8]) { lock.lock(); bytes += b; lock.unlock() }

    /// Everything written, as text.
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: bytes, as: UTF8.self) }

    /// The text without ANSI escape sequences and carriage returns.
    var plain: String {
        var out = "", it = text.unicodeScalars.makeIterator()
        while let s = it.next() {
            if s == "\u{1B}" {
                guard let n = it.next() else { break }
                if n == "[" { while let c = it.next(), !(c.value >= 0x40 && c.value <= 0x7E) {} }
                continue
            }
            if s != "\r" { out.unicodeScalars.append(s) }
        }
        return out
    }

    func count(of needle: String) -> Int { plain.components(separatedBy: needle).count - 1 }

    /// Waits (up to 10 s) until the plain text contains `needle`.
    func wait(for needle: String) -> Bool { wait { $0.plain.contains(needle) } }

    /// Waits (up to 10 s) until `condition` holds.
    func wait(_ condition: (Screen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition(self) { return true }
            usleep(20_000)
        }
        return condition(self)
    }
}
