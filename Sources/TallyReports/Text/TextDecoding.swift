import Foundation

/// Decides what a file's bytes are and turns them into UTF-8: UTF-8 (with or without BOM),
/// UTF-16 with a BOM, or GB18030/GBK (decoded through Foundation); refuses empty and binary
/// files and anything else.
enum TextDecoding {
    /// GB18030-2000 as a Foundation string encoding (`CFStringConvertEncodingToNSStringEncoding
    /// (kCFStringEncodingGB_18030_2000)`, the same value on Darwin and in swift-corelibs-foundation).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The decoded bytes and any diagnostics about the decoding.
    static func decode(_ input: [UInt8], path: String) throws(ReportLoadError) -> ([UInt8], [LoadDiagnostic]) {
        switch try prepare(input, path: path) {
        case .decoded(let bytes, let diagnostics):
            return (bytes, diagnostics)
        case .utf8(let bytes):
            if isBinary(bytes) { throw binaryFile(path: path) }
            guard let bad = firstInvalidUTF8(bytes) else { return (bytes, []) }
            return try repair(bytes, firstInvalid: bad, path: path)
        }
    }

    /// What ``prepare(_:path:)`` makes of a file.
    enum Prepared {
        /// Text decoded from another encoding, with its diagnostics.
        case decoded([UInt8], [LoadDiagnostic])
        /// Bytes to be read as UTF-8 (a byte-order mark removed), not yet tested for binary
        /// content or checked for invalid sequences.
        case utf8([UInt8])
    }

    /// The steps of ``decode(_:path:)`` before the binary test and UTF-8 validation: refuses an
    /// empty file, decodes UTF-16 with a byte-order mark, drops a UTF-8 byte-order mark. The
    /// loader then tests and validates the bytes in its folding pass (``NormalizedText``) and
    /// calls ``repair(_:firstInvalid:path:)`` only for text that is not valid UTF-8.
    static func prepare(_ input: [UInt8], path: String) throws(ReportLoadError) -> Prepared {
        var bytes = input
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ReportLoadError(id: LoadDiagnosticID.emptyFile, message: "the file is empty", path: path)
        }
        // UTF-16 with a byte-order mark.
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            if let s = String(data: Data(bytes), encoding: .utf16) {
                return .decoded(Array(s.utf8), [LoadDiagnostic(LoadDiagnosticID.decodedEncoding, line: 0,
                                                                "the file is UTF-16 text; decoded it")])
            }
            throw ReportLoadError(id: LoadDiagnosticID.undecodableText,
                                  message: "the file starts with a UTF-16 byte-order mark but is not valid UTF-16", path: path)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
        return .utf8(bytes)
    }

    /// The refusal of a binary file (``isBinary(_:)``), whichever pass found it binary.
    static func binaryFile(path: String) -> ReportLoadError {
        ReportLoadError(id: LoadDiagnosticID.binaryFile, message: "the file is binary, not the extracted text of a report", path: path)
    }

    /// The binary verdict of ``isBinary(_:)`` from counts taken elsewhere: whether a NUL byte
    /// was seen, the number of other control characters and the number of bytes.
    static func isBinary(nul: Bool, controls: Int, count: Int) -> Bool { nul || controls * 100 > count }

    /// Whether a byte below 0x20 counts as a control character for ``isBinary(_:)`` (NUL is
    /// tested on its own).
    @inline(__always)
    static func isControl(_ x: UInt8) -> Bool { x != 0x09 && x != 0x0A && x != 0x0D && x != 0x0C }

    /// Decodes text that is not valid UTF-8 (`bad` is ``firstInvalidUTF8(_:from:)`` of it, and it
    /// is not binary): drops a character cut at the end, decodes GB18030/GBK, or replaces a few
    /// damaged sequences; throws for anything else.
    static func repair(_ input: [UInt8], firstInvalid bad: Int, path: String) throws(ReportLoadError) -> ([UInt8], [LoadDiagnostic]) {
        var bytes = input
        // A file cut inside the last character: drop the partial character.
        if bad >= bytes.count - 3, isPrefixOfScalar(bytes[bad...]) {
            bytes.removeSubrange(bad...)
            return (bytes, [LoadDiagnostic(LoadDiagnosticID.damagedText, line: lineOf(bad, in: bytes),
                                           "the file ends in the middle of a character; the partial character was dropped")])
        }
        if let s = String(data: Data(bytes), encoding: gb18030), looksLikeChinese(s) {
            return (Array(s.utf8), [LoadDiagnostic(LoadDiagnosticID.decodedEncoding, line: 0,
                                                    "the file is not UTF-8; decoded it as GB18030 (GBK)")])
        }
        // Mostly UTF-8 with a few damaged bytes: replace them and say where.
        let damaged = countInvalidUTF8(bytes)
        if damaged * 200 < bytes.count {
            let line = lineOf(bad, in: bytes)
            let s = String(decoding: bytes, as: UTF8.self)
            return (Array(s.utf8), [LoadDiagnostic(LoadDiagnosticID.damagedText, line: line,
                                                    "\(damaged) invalid UTF-8 byte sequence\(damaged == 1 ? "" : "s") replaced with U+FFFD (first on line \(line))")])
        }
        throw ReportLoadError(id: LoadDiagnosticID.undecodableText,
                              message: "the file is neither UTF-8 nor GB18030/GBK text (first invalid byte at offset \(bad))",
                              path: path)
    }

    /// NUL bytes, or more than 1% control characters other than tab, newline, carriage return
    /// and form feed, mean binary.
    static func isBinary(_ b: [UInt8]) -> Bool {
        var controls = 0
        let nul = b.withUnsafeBufferPointer { p -> Bool in
            let n = p.count
            var i = 0
            while i < n {
                // Eight bytes at a time when none is below 0x20 (an exact test: any byte below
                // 0x20 leaves its high bit set in (x - 0x20…) & ~x & 0x80…).
                if i + 8 <= n {
                    let x = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if (x &- 0x2020_2020_2020_2020) & ~x & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let end = min(n, i + 8)
                while i < end {
                    let x = p[i]
                    if x < 0x20 {
                        if x == 0 { return true }
                        if isControl(x) { controls += 1 }
                    }
                    i += 1
                }
            }
            return false
        }
        return isBinary(nul: nul, controls: controls, count: b.count)
    }

    /// The length of the valid UTF-8 sequence of two to four bytes at `i` (a byte of 0x80 or
    /// more starts it), or `nil` when it is invalid: the rules of ``firstInvalidUTF8(_:from:)``.
    @inline(__always)
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let c = b[i], n = b.count
        let len: Int
        if c & 0xE0 == 0xC0, c >= 0xC2 { len = 2 }
        else if c & 0xF0 == 0xE0 { len = 3 }
        else if c & 0xF8 == 0xF0, c <= 0xF4 { len = 4 }
        else { return nil }
        if i + len > n { return nil }
        for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return nil }
        if len == 3 {
            if c == 0xE0 && b[i + 1] < 0xA0 { return nil }
            if c == 0xED && b[i + 1] >= 0xA0 { return nil }
        }
        if len == 4 {
            if c == 0xF0 && b[i + 1] < 0x90 { return nil }
            if c == 0xF4 && b[i + 1] >= 0x90 { return nil }
        }
        return len
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence
    /// (the rules of the standard library's validation: no overlong forms, surrogates or
    /// scalars above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int = 0) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            var i = max(0, start)
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    // Eight ASCII bytes at a time (tried only from an ASCII byte: a word holding
                    // the lead byte of a sequence never is).
                    if i + 8 <= n, UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        i += 8; continue
                    }
                    i += 1; continue
                }
                // Three-byte sequences without special cases (most of Chinese text).
                if c >= 0xE1, c != 0xED, c <= 0xEF, i + 2 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 {
                    i += 3; continue
                }
                guard let len = sequenceLength(b, i) else { return i }
                i += len
            }
            return nil
        }
    }

    /// How many invalid sequences the bytes contain.
    static func countInvalidUTF8(_ b: [UInt8]) -> Int {
        var count = 0, start = 0
        while start < b.count, let bad = firstInvalidUTF8(b, from: start) {
            count += 1
            start = bad + 1
            if count > 100_000 { break }
        }
        return count
    }

    /// Whether the bytes are the start of a multi-byte UTF-8 sequence cut short.
    static func isPrefixOfScalar(_ tail: ArraySlice<UInt8>) -> Bool {
        guard let c = tail.first else { return false }
        let len = c & 0xE0 == 0xC0 ? 2 : c & 0xF0 == 0xE0 ? 3 : c & 0xF8 == 0xF0 ? 4 : 0
        return len > tail.count && tail.dropFirst().allSatisfy { $0 & 0xC0 == 0x80 }
    }

    /// Whether decoded text has a plausible share of CJK ideographs (so that Latin-1 or random
    /// bytes are not taken for GB18030).
    static func looksLikeChinese(_ s: String) -> Bool {
        var cjk = 0, other = 0
        for u in s.unicodeScalars.prefix(20_000) {
            if (0x4E00...0x9FFF).contains(u.value) || (0x3000...0x303F).contains(u.value) || (0xFF00...0xFFEF).contains(u.value) {
                cjk += 1
            } else if u.value >= 0x80 { other += 1 }
        }
        return cjk > 0 && cjk >= other * 4
    }

    static func lineOf(_ offset: Int, in b: [UInt8]) -> Int {
        var line = 1
        for x in b.prefix(min(offset, b.count)) where x == 0x0A { line += 1 }
        return line
    }
}
