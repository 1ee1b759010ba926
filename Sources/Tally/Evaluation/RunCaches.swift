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
    /// What a slot remembers besides its text: the folded key and two facts about it.
    struct Entry {
        /// `NameFolding.key(raw)`.
        var key: String
        /// Whether every character of `raw` is a number (an index reads it as a code).
        var isCode: Bool
        /// `RunCaches.isPlain(key)`.
        var plain: Bool
    }

    /// Checks over facts fold many more texts than checks over rows (every field of every fact
    /// of a join, every `x.text + "|"`): 256 slots thrashed on report 001.
    private static let slotCount = 1024
    /// Per slot, in three arrays (allocated on first use: an evaluator made for one REPL
    /// expression that folds no name would otherwise fill and destroy a thousand empty slots):
    /// the text's hash (0 with an empty `raws` entry: never used), the text, and its entry. A
    /// hit compares the hash and the text in place and copies out only the entry; a slot of one
    /// optional struct holding both texts was copied whole, two retains and two releases, on
    /// every hit.
    private var hashes: [UInt64] = []
    private var raws: [String] = []
    private var entries: [Entry] = []

    /// The remembered entry of `s`, made on a miss.
    private mutating func lookup(_ s: String) -> Entry {
        if hashes.isEmpty {
            hashes = Array(repeating: 0, count: NameCache.slotCount)
            raws = Array(repeating: "", count: NameCache.slotCount)
            entries = Array(repeating: Entry(key: "", isCode: false, plain: false), count: NameCache.slotCount)
        }
        let h = RunCaches.hash(s)
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(NameCache.slotCount - 1))
        // An unused slot holds the empty text with hash 0: the empty text hashes otherwise
        // (FNV-1a's offset basis), so it never matches an unused slot.
        if hashes[slot] == h, RunCaches.sameBytes(raws[slot], s) { return entries[slot] }
        let key = NameFolding.key(s)
        let e = Entry(key: key, isCode: s.allSatisfy(\.isNumber), plain: RunCaches.isPlain(key))
        hashes[slot] = h
        raws[slot] = s
        entries[slot] = e
        return e
    }

    /// The folded key of `s` and whether it reads as a code.
    mutating func entry(_ s: String) -> (key: String, isCode: Bool) {
        let e = lookup(s)
        return (e.key, e.isCode)
    }

    /// `NameFolding.key(s)` and whether that key is plain (see ``RunCaches/isPlain(_:)``), remembered.
    mutating func folded(_ s: String) -> (key: String, plain: Bool) {
        let e = lookup(s)
        return (e.key, e.plain)
    }

    /// `NameFolding.key(s)`, remembered.
    mutating func key(_ s: String) -> String { lookup(s).key }
}

/// Column indices by (table, folded column name), remembered for one run.
struct ColumnCache {
    struct Entry {
        var hash: UInt64
        var table: Table
        var key: String
        var column: Int?
    }

    /// Allocated on first use (see ``NameCache``).
    private var slots: [Entry?] = []

    /// `t.column(foldedKey: key)`, remembered.
    mutating func column(_ t: Table, _ key: String) -> Int? {
        if slots.isEmpty { slots = Array(repeating: nil, count: 128) }
        // The table's address mixed in, not its `hashValue` (SipHash, most of a lookup's cost).
        let h = RunCaches.mix(RunCaches.hash(key), RunCaches.word(ObjectIdentifier(t)))
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 17)) & 127)
        if let e = slots[slot], e.hash == h, e.table === t, RunCaches.sameBytes(e.key, key) { return e.column }
        let c = t.column(foldedKey: key)
        slots[slot] = Entry(hash: h, table: t, key: key, column: c)
        return c
    }
}

enum RunCaches {
    /// Mixes a word into a running key hash. The evaluator's memo keys hash their words mixed
    /// into one (``Evaluator/RowMemoKey``, ``Evaluator/RememberKey``…): SipHash over each word
    /// costs more than the rest of a lookup.
    @inline(__always)
    static func mix(_ x: UInt64, _ w: UInt64) -> UInt64 {
        let y = (x ^ w) &* 0x9E37_79B9_7F4A_7C15
        return y ^ (y >> 29)
    }

    /// A memo key's mixed word as the hash a `Dictionary` with `seed` uses, for keys that
    /// implement `_rawHashValue(seed:)` (the hook `Dictionary` hashes through): the standard
    /// `Hasher` (SipHash) over the one word cost more than the rest of a lookup, on every find
    /// and every resize of the evaluator's memo tables. The seed is mixed in, so tables of
    /// different seeds still spread the same keys differently.
    @inline(__always)
    static func seeded(_ word: UInt64, _ seed: Int) -> Int {
        Int(truncatingIfNeeded: mix(word, UInt64(bitPattern: Int64(seed))))
    }

    /// A reference's address as a word, for ``mix(_:_:)``.
    @inline(__always)
    static func word(_ id: ObjectIdentifier) -> UInt64 { UInt64(UInt(bitPattern: id)) }

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
    /// printable ASCII, the common CJK ideographs and the punctuation reports write between
    /// them (、。“”（）≥ and the like; none has a canonical decomposition, combines with a
    /// neighbour or joins a grapheme cluster). For such texts `Character`-wise search and
    /// comparison are byte-wise search and comparison.
    static func isPlain(_ s: String) -> Bool {
        // Over the contiguous bytes when the text has them (native texts do): the iterator of
        // a `String.UTF8View` cost several times as much per byte.
        if let r = s.utf8.withContiguousStorageIfAvailable({ isPlain(bytes: $0) }) { return r }
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            if b < 0x80 {
                if b < 0x21 || b == 0x7F { return false }
                continue
            }
            guard b >= 0xE0, b <= 0xEF, let b1 = it.next(), let b2 = it.next() else { return false }
            let u = (UInt32(b & 0x0F) << 12) | (UInt32(b1 & 0x3F) << 6) | UInt32(b2 & 0x3F)
            if !isPlainScalar(u) { return false }
        }
        return true
    }

    /// ``isPlain(_:)`` of UTF-8 bytes.
    static func isPlain(bytes p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b < 0x21 || b == 0x7F { return false }
                i += 1
                continue
            }
            guard b >= 0xE0, b <= 0xEF, i + 2 < n else { return false }
            let u = (UInt32(b & 0x0F) << 12) | (UInt32(p[i + 1] & 0x3F) << 6) | UInt32(p[i + 2] & 0x3F)
            if !isPlainScalar(u) { return false }
            i += 3
        }
        return true
    }

    /// The three-byte scalars ``isPlain(_:)`` accepts.
    @inline(__always)
    static func isPlainScalar(_ u: UInt32) -> Bool {
        switch u {
        case 0x4E00...0x9FFF: return true  // CJK unified ideographs
        case 0x2010...0x2027, 0x2030: return true  // dashes, quotes, bullet, ellipsis, per mille
        case 0x2264, 0x2265: return true  // ≤ ≥ (not ≠ ≮ ≯ ≰ ≱, which decompose)
        case 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301B: return true  // 、。〃 and brackets
        case 0xFF01...0xFF5E: return true  // full-width forms of ASCII
        default: return false
        }
    }

    /// The bytes of the first `n` characters of `s` and how many characters `s` has, when every
    /// scalar of `s` is a character of its own (printable ASCII, spaces, and what ``isPlain(_:)``
    /// accepts); `nil` otherwise, and then `Character`-wise counting must be used.
    static func plainCharacters(_ s: String, prefix n: Int = 0) -> (count: Int, prefixBytes: Int)? {
        if let r = s.utf8.withContiguousStorageIfAvailable({ plainCharacters(bytes: $0, prefix: n) }) { return r }
        var count = 0, prefixBytes = 0, offset = 0
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            if count == n { prefixBytes = offset }
            if b < 0x80 {
                if b < 0x20 || b == 0x7F { return nil }
                offset += 1
            } else {
                guard b >= 0xE0, b <= 0xEF, let b1 = it.next(), let b2 = it.next() else { return nil }
                let u = (UInt32(b & 0x0F) << 12) | (UInt32(b1 & 0x3F) << 6) | UInt32(b2 & 0x3F)
                if !isPlainScalar(u) { return nil }
                offset += 3
            }
            count += 1
        }
        if count <= n { prefixBytes = offset }
        return (count, prefixBytes)
    }

    /// ``plainCharacters(_:prefix:)`` of UTF-8 bytes.
    static func plainCharacters(bytes p: UnsafeBufferPointer<UInt8>, prefix n: Int) -> (count: Int, prefixBytes: Int)? {
        let total = p.count
        var count = 0, prefixBytes = 0, offset = 0
        while offset < total {
            if count == n { prefixBytes = offset }
            let b = p[offset]
            if b < 0x80 {
                if b < 0x20 || b == 0x7F { return nil }
                offset += 1
            } else {
                guard b >= 0xE0, b <= 0xEF, offset + 2 < total else { return nil }
                let u = (UInt32(b & 0x0F) << 12) | (UInt32(p[offset + 1] & 0x3F) << 6) | UInt32(p[offset + 2] & 0x3F)
                if !isPlainScalar(u) { return nil }
                offset += 3
            }
            count += 1
        }
        if count <= n { prefixBytes = offset }
        return (count, prefixBytes)
    }

    /// Whether two folded keys are equal: by bytes when both are plain (then canonical
    /// equivalence is byte equality: no scalar has another spelling), else as `String ==`.
    @inline(__always)
    static func sameKey(_ a: (key: String, plain: Bool), _ b: (key: String, plain: Bool)) -> Bool {
        if a.plain && b.plain { return sameBytes(a.key, b.key) }
        return a.key == b.key
    }

    /// Whether `needle`'s bytes occur in `haystack`'s bytes.
    static func containsBytes(_ haystack: String, _ needle: String) -> Bool {
        let fast = haystack.utf8.withContiguousStorageIfAvailable { h in
            needle.utf8.withContiguousStorageIfAvailable { n in containsBytes(h, n) }
        }
        if let f = fast, let found = f { return found }
        return Array(haystack.utf8).withUnsafeBufferPointer { h in
            Array(needle.utf8).withUnsafeBufferPointer { n in containsBytes(h, n) }
        }
    }

    /// Whether the bytes `n` occur in the bytes `h`.
    static func containsBytes(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
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
