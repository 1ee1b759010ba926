#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A range of a source file in UTF-8 byte offsets. Line and column are computed on demand by
/// ``SourceFile``.
public struct SourceSpan: Sendable, Hashable, Codable {
    /// Start byte offset (inclusive).
    public var start: Int
    /// End byte offset (exclusive).
    public var end: Int
    /// The file the span belongs to (its path or a label such as `<expr>`).
    public var file: String

    /// Creates a span.
    public init(start: Int, end: Int, file: String = "") {
        self.start = start; self.end = max(start, end); self.file = file
    }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end), file: file)
    }
}

/// A line/column position, 1-based, with columns in three units.
public struct SourceLocation: Sendable, Hashable {
    /// The line, 1-based.
    public var line: Int
    /// The column in UTF-8 bytes, 1-based.
    public var byteColumn: Int
    /// The column in Unicode scalars, 1-based (SARIF `unicodeCodePoints`).
    public var scalarColumn: Int
    /// The column in terminal display cells, 1-based (for carets).
    public var displayColumn: Int
}

/// The text of a source file with a line table, for mapping byte offsets to locations.
public struct SourceFile: Sendable {
    /// The file's path or label.
    public let path: String
    /// The text.
    public let text: String
    private let utf8: [UInt8]
    private let lineStarts: [Int]

    /// Creates a source file.
    public init(path: String, text: String) {
        self.path = path; self.text = text
        let bytes = Array(text.utf8)
        utf8 = bytes
        lineStarts = SourceFile.lineStarts(of: bytes)
    }

    /// The offsets lines start at: 0 and the byte after each line feed, found with `memchr`
    /// (a shipped pack's files are 800 KB, which a loop over every byte took 3 M instructions
    /// to scan in each process).
    static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var k = 0
            while k < b.count, let p = memchr(base + k, 0x0A, b.count - k) {
                let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                starts.append(at + 1)
                k = at + 1
            }
        }
        return starts
    }

    /// The bytes of the file.
    public var bytes: [UInt8] { utf8 }

    /// The 1-based line containing `offset`.
    public func line(of offset: Int) -> Int {
        LineSearch.line(containing: offset, starts: lineStarts)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let s = lineStarts[line - 1]
        var e = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
        if e > s, e <= utf8.count, utf8[e - 1] == UInt8(ascii: "\r") { e -= 1 }
        return String(decoding: utf8[s..<max(s, e)], as: UTF8.self)
    }

    /// The location of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, utf8.count))
        let line = self.line(of: offset)
        let start = lineStarts[line - 1]
        let prefix = String(decoding: utf8[start..<offset], as: UTF8.self)
        return SourceLocation(line: line, byteColumn: offset - start + 1,
                              scalarColumn: prefix.unicodeScalars.count + 1,
                              displayColumn: Width.cells(prefix) + 1)
    }

    /// The number of lines.
    public var lineCount: Int { lineStarts.count }
}
