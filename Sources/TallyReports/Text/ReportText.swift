#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tally

/// The decoded text of a report: its UTF-8 bytes and where each line starts.
///
/// Every position the loader reports is derived from byte offsets into ``bytes``; line numbers
/// are 1-based. A line excludes its `\n` and a trailing `\r`.
public struct ReportText: Sendable {
    /// The report as UTF-8 bytes (a UTF-8 byte-order mark removed).
    public let bytes: [UInt8]
    /// Byte offset of the start of each line.
    let lineStarts: [Int]

    /// Splits `bytes` into lines.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var p = 0
            let n = buffer.count
            while p < n, let hit = memchr(base + p, 0x0A, n - p) {
                let i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                starts.append(i + 1)
                p = i + 1
            }
        }
        if starts.count > 1, starts.last == bytes.count { starts.removeLast() }
        lineStarts = starts
    }

    /// The number of lines.
    public var lineCount: Int { bytes.isEmpty ? 0 : lineStarts.count }

    /// The byte range of the line with 0-based `index`, without its line terminator.
    func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        // The last line keeps no line feed of its own (a report ending in a newline has no empty
        // line after it): a table row there would end in a cell `1.01\n`, read as text.
        if index + 1 == lineStarts.count, end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }

    /// The text of the 1-based line `number`, or `nil` outside the report.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineCount else { return nil }
        return String(decoding: bytes[lineRange(number - 1)], as: UTF8.self)
    }

    /// The 1-based line containing byte `offset`.
    public func lineNumber(at offset: Int) -> Int {
        LineSearch.line(containing: offset, starts: lineStarts)
    }

    /// The text of a byte range.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
