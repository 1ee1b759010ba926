#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-run memories of work that depends only on its inputs, so a check repeated over every row
/// and column does not redo it: name folding of texts and column lookups by folded name.
///
/// Both are small direct-mapped tables keyed by an FNV-1a hash of the UTF-8 bytes and verified by
/// comparing bytes (never by `String ==`, which compares canonically: two texts that are
/// canonically equal but written differently may fold differently). A miss just recomputes, so
/// the caches never change a result. They belong to one ``Evaluator`` and are never shared.
struct NameCache {
    struct Entry {
        var hash: UInt64
        var raw: String
        /// `NameFolding.key(raw)`.
        var key: String
        /// Whether every character of `raw` is a number (an index reads it as a code).
        var isCode: Bool
    }

    private var slots: [Entry?] = Array(repeating: nil, count: 256)

    /// The folded key of `s` and whether it reads as a code.
    mutating func entry(_ s: String) -> (key: String, isCode: Bool) {
        let h = RunCaches.hash(s)
        let slot = Int(truncatingIfNeeded: h & 255)
        if let e = slots[slot], e.hash == h, RunCaches.sameBytes(e.raw, s) { return (e.key, e.isCode) }
        let e = Entry(hash: h, raw: s, key: NameFolding.key(s), isCode: s.allSatisfy(\.isNumber))
        slots[slot] = e
        return (e.key, e.isCode)
    }

    /// `NameFolding.key(s)`, remembered.
    mutating func key(_ s: String) -> String { entry(s).key }
}

/// Column indices by (table, folded column name), remembered for one run.
struct ColumnCache {
    struct Entry {
        var hash: UInt64
        var table: Table
        var key: String
        var column: Int?
    }

    private var slots: [Entry?] = Array(repeating: nil, count: 128)

    /// `t.column(foldedKey: key)`, remembered.
    mutating func column(_ t: Table, _ key: String) -> Int? {
        let h = RunCaches.hash(key) ^ UInt64(UInt(bitPattern: ObjectIdentifier(t).hashValue))
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 17)) & 127)
        if let e = slots[slot], e.hash == h, e.table === t, RunCaches.sameBytes(e.key, key) { return e.column }
        let c = t.column(foldedKey: key)
        slots[slot] = Entry(hash: h, table: t, key: key, column: c)
        return c
    }
}

enum RunCaches {
    /// FNV-1a over the UTF-8 bytes.
    static func hash(_ s: String) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable({ buf -> UInt64 in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in buf { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            return h
        }) { return h }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// Whether two texts are the same bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }
        if let f = fast, let same = f { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Whether every scalar of `s` is its own character and has no other canonical spelling:
    /// printable ASCII and the common CJK ideographs. For such texts `Character`-wise search
    /// and comparison are byte-wise search and comparison.
    static func isPlain(_ s: String) -> Bool {
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            if b < 0x80 {
                if b < 0x21 || b == 0x7F { return false }
                continue
            }
            // A three-byte sequence E4–E9: U+4000…U+9FFF; accept U+4E00…U+9FFF.
            guard b >= 0xE4, b <= 0xE9, let b1 = it.next(), let _ = it.next() else { return false }
            if b == 0xE4 && b1 < 0xB8 { return false }
        }
        return true
    }

    /// Whether `needle`'s bytes occur in `haystack`'s bytes.
    static func containsBytes(_ haystack: String, _ needle: String) -> Bool {
        let h = Array(haystack.utf8), n = Array(needle.utf8)
        if n.isEmpty { return true }
        if n.count > h.count { return false }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var k = 1
                while k < n.count && h[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }
}
