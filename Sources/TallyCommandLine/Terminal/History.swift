#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The line editor's history: entries oldest first, bounded, without empty entries or
/// consecutive repeats. Pure in-memory state; `HistoryFile` persists it.
package struct History: Equatable, Sendable {
    /// The entries, oldest first. An entry may span several lines (joined by `\n`).
    package private(set) var entries: [String]
    /// The most entries kept; older ones are dropped.
    package let limit: Int

    /// A history holding the last `limit` of `entries` (after dropping empty ones and
    /// consecutive repeats).
    package init(limit: Int = 1000, entries: [String] = []) {
        self.limit = max(1, limit)
        self.entries = []
        for e in entries { add(e) }
    }

    /// Adds `entry` unless it is blank or equal to the newest entry. Returns whether it was added.
    @discardableResult
    package mutating func add(_ entry: String) -> Bool {
        guard !History.isBlank(entry), entries.last != entry else { return false }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Appends `line` to the newest entry on a new line (a continuation line of multi-line input),
    /// or adds it as an entry when the history is empty. Blank lines are skipped.
    package mutating func appendToNewest(_ line: String) {
        guard !History.isBlank(line) else { return }
        guard let last = entries.popLast() else {
            add(line)
            return
        }
        let joined = last + "\n" + line
        if entries.last == joined { return }
        entries.append(joined)
    }

    static func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

    // MARK: - File encoding

    /// One entry as one line of the history file: `\` → `\\`, newline → `\n`, CR → `\r`, so
    /// multi-line entries never break the one-entry-per-line format.
    package static func encode(_ entry: String) -> String {
        var out = String.UnicodeScalarView()
        for s in entry.unicodeScalars {
            switch s {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// The entry encoded by `line` (the inverse of `encode`); an unknown escape is kept as written.
    package static func decode<S: StringProtocol>(_ line: S) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for s in line.unicodeScalars {
            if escaping {
                switch s {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                default: out.append("\\"); out.append(s)
                }
                escaping = false
            } else if s == "\\" {
                escaping = true
            } else {
                out.append(s)
            }
        }
        if escaping { out.append("\\") }
        return String(out)
    }

    /// The history stored in a file's contents (invalid UTF-8 repaired, blank lines ignored).
    package static func parse(_ data: [UInt8], limit: Int) -> History {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        // Only the tail can survive the limit; skip decoding the rest.
        let tail = lines.suffix(limit * 2)
        return History(limit: limit, entries: tail.map { decode($0) })
    }
}

/// The history file: one encoded entry per line, appended with `O_APPEND` (so concurrent
/// sessions interleave whole lines rather than overwrite each other) and compacted to the limit
/// by writing a temporary file and renaming it over the old one once it grows to twice the
/// limit. Every failure is silent: a read-only home directory only means no persistence.
package struct HistoryFile: Sendable {
    /// The file's path.
    package let path: String
    /// The most entries kept.
    package let limit: Int
    /// Entries longer than this many bytes stay in memory only (a huge paste must not bloat the
    /// file).
    package static let maxPersistedEntryBytes = 64 * 1024
    /// The number of lines the file is believed to hold (counted at load, bumped per append).
    private var lineCount = 0

    /// The history file at `path`, keeping `limit` entries.
    package init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = max(1, limit)
    }

    /// Reads the history (empty when the file is missing or unreadable).
    package mutating func load() -> History {
        guard let data = FileManager.default.contents(atPath: path) else { return History(limit: limit) }
        let bytes = [UInt8](data)
        lineCount = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return History.parse(bytes, limit: limit)
    }

    /// Appends `entry` to the file, creating it (and its directory) as needed, and compacts the
    /// file when it has grown past twice the limit.
    package mutating func append(_ entry: String) {
        let line = History.encode(entry)
        guard !History.isBlank(entry), line.utf8.count <= HistoryFile.maxPersistedEntryBytes else { return }
        createDirectory()
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        Terminal.write(line + "\n", to: fd)
        close(fd)
        lineCount += 1
        if lineCount > limit * 2 { compact() }
    }

    /// Rewrites the file with only its newest `limit` entries (temporary file + rename).
    package mutating func compact() {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let history = History.parse([UInt8](data), limit: limit)
        var text = ""
        for e in history.entries { text += History.encode(e) + "\n" }
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        Terminal.write(text, to: fd)
        let synced = fsync(fd) == 0
        close(fd)
        if synced && rename(temporary, path) == 0 {
            lineCount = history.entries.count
        } else {
            unlink(temporary)
        }
    }

    private func createDirectory() {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
