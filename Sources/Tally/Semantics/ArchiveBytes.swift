#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte format of a compiled-pack archive (``Pack/archived()``): little-endian words for
/// the host's records and for counts; strings and spans as 32-bit indexes into tables of the
/// distinct ones (a span is three 32-bit numbers: start, end and its file's string index), node
/// references as 32-bit indexes into a table of nodes written children first. (Zigzag varints
/// made the archive of 部门预算 2.2 → 1.0 MB but cost about 9 M instructions more to read than
/// words do, in every process that reads it; fixed 32-bit fields cost no more than words and
/// took the 部门决算 archive from 9.9 to about 4 MB, most of it node records whose eight-byte
/// references and 24-byte spans were written in place.)
///
/// Hosts write their own records with it too (a cache entry's header: ``word(_:)``,
/// ``text(_:)``, ``raw(_:)``), which ``ArchiveReader`` reads back.
public struct ArchiveWriter {
    private(set) var bytes: [UInt8] = []
    /// The distinct strings by index, shared by the writers of one archive.
    let table: StringTable

    /// The string table of an archive: writers of its parts share it, so that each numbers its
    /// strings as the whole archive does.
    final class StringTable {
        /// By bytes: two texts that are canonically equivalent but written differently stay two
        /// (and a path is hashed without normalisation checks).
        var indexes: [ExactText: Int] = [:]
        /// The distinct strings, in the order they were first written.
        var strings: [String] = []
        /// The string written last and its index.
        var last: (String, Int)?
        /// The file of the span written last and its index: spans interleave with other
        /// strings, but their files are the same few paths.
        var lastFile: (String, Int)?
        /// The distinct spans by their start, end and file's string index.
        var spanIndexes: [SpanKey: UInt32] = [:]
        /// The distinct spans, in the order they were first written.
        var spans: [SpanKey] = []
        /// Set when a number did not fit its 32-bit field: the archive cannot be used.
        var overflowed = false
    }

    /// A span as written in the span table.
    struct SpanKey: Hashable {
        let start: UInt32, end: UInt32, file: UInt32

        /// By start and end only, one word (spans of the same offsets in two files are rare,
        /// and told apart by `==`): a third of the hashing of every node's span as a pack is
        /// archived.
        func hash(into h: inout Hasher) { h.combine(UInt64(start) << 32 | UInt64(end)) }
    }

    /// Whether every number fitted its field (else the archive must not be used).
    var fits: Bool { !table.overflowed }

    /// A writer with a string table of its own.
    public init() { table = StringTable() }

    /// A writer for a part of the archive `other` writes (sharing its string table).
    init(sharing other: ArchiveWriter) { table = other.table }

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

    /// Appends what `part` wrote (a writer sharing this one's string table).
    mutating func append(_ part: ArchiveWriter) { bytes.append(contentsOf: part.bytes) }

    /// The bytes written so far (without the string table).
    public var written: [UInt8] { bytes }

    /// Eight bytes, little-endian.
    public mutating func word(_ w: UInt64) {
        withUnsafeBytes(of: w.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ n: Int) { word(UInt64(bitPattern: Int64(n))) }

    /// Bytes as they are.
    public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// A string in place (its length in bytes, then its UTF-8 bytes), not in the string table.
    public mutating func text(_ s: String) {
        word(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// An enumeration's case as its position in `cases` (which hold every case).
    mutating func ordinal<E: Equatable>(_ e: E, _ cases: [E]) {
        byte(UInt8(truncatingIfNeeded: cases.firstIndex(of: e) ?? 0xFF))
    }

    mutating func int128(_ x: Int128) {
        let bits = UInt128(bitPattern: x)
        word(UInt64(truncatingIfNeeded: bits)); word(UInt64(truncatingIfNeeded: bits >> 64))
    }

    /// A string as its index in the string table.
    mutating func string(_ s: String) { ref(stringIndex(s)) }

    /// The index of `s` in the string table (added when it is new).
    private func stringIndex(_ s: String) -> Int {
        // The file of every span is the same few paths: the last string written is tried first.
        if let (last, i) = table.last, RunCaches.sameBytes(last, s) { return i }
        let key = ExactText(s)
        if let i = table.indexes[key] { table.last = (s, i); return i }
        table.indexes[key] = table.strings.count
        table.last = (s, table.strings.count)
        table.strings.append(s)
        return table.strings.count - 1
    }

    /// Four bytes, little-endian: an index (of a node, string or span) or a count below 2³².
    mutating func ref(_ n: Int) {
        guard n >= 0, n <= Int(UInt32.max) else { table.overflowed = true; ref32(0); return }
        ref32(UInt32(n))
    }

    private mutating func ref32(_ n: UInt32) {
        withUnsafeBytes(of: n.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Four bytes, little-endian: a signed number that fits 32 bits (an id or a slot).
    mutating func int32(_ n: Int) {
        guard let v = Int32(exactly: n) else { table.overflowed = true; ref32(0); return }
        ref32(UInt32(bitPattern: v))
    }

    mutating func strings(_ list: [String]) {
        int(list.count)
        for s in list { string(s) }
    }

    mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    /// A span as its index in the span table.
    mutating func span(_ s: SourceSpan) {
        let file: Int
        if let (last, i) = table.lastFile, RunCaches.sameBytes(last, s.file) { file = i } else {
            file = stringIndex(s.file)
            table.lastFile = (s.file, file)
        }
        guard s.start >= 0, s.end >= 0, s.start <= Int(UInt32.max), s.end <= Int(UInt32.max) else {
            table.overflowed = true; ref32(0); return
        }
        let key = SpanKey(start: UInt32(s.start), end: UInt32(s.end), file: UInt32(file))
        if let i = table.spanIndexes[key] { ref32(i); return }
        let i = UInt32(table.spans.count)
        table.spanIndexes[key] = i
        table.spans.append(key)
        ref32(i)
    }

    mutating func optionalSpan(_ s: SourceSpan?) {
        bool(s != nil)
        if let s { span(s) }
    }

    /// The string table and the span table followed by the body: what ``ArchiveReader`` reads.
    public func finished() -> [UInt8] {
        var head = ArchiveWriter()
        head.int(table.strings.count)
        for s in table.strings {
            head.ref(s.utf8.count)
            head.bytes.append(contentsOf: s.utf8)
        }
        head.int(table.spans.count)
        for k in table.spans { head.ref32(k.start); head.ref32(k.end); head.ref32(k.file) }
        return head.bytes + bytes
    }
}

/// Why an archive could not be read: it is malformed (truncated, from another format version,
/// or damaged). Readers give up and compile the pack instead.
public struct ArchiveError: Error, Sendable {}

/// Reads what ``ArchiveWriter`` wrote, checking every length and index: a damaged archive
/// throws ``ArchiveError``, never traps.
///
/// The bytes are read through a raw buffer kept for the reader's life (``Storage``): read
/// through an array, every integer of the 250,000 in a shipped pack's archive paid for a call,
/// a retain and bounds checks (about 35 instructions; now about 10). `@unchecked Sendable`:
/// the buffer is its own ``Storage``'s, which no one writes after it is made.
public struct ArchiveReader: @unchecked Sendable {
    /// An archive's bytes, never written after they are read, freed with the last reader.
    public final class Storage: @unchecked Sendable {
        let buffer: UnsafeRawBufferPointer
        /// The length of the anonymous mapping the bytes are in, or 0 when they were allocated.
        private let mapped: Int

        /// A copy of `bytes`.
        public init(_ bytes: [UInt8]) {
            let b = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
            bytes.withUnsafeBytes { if let base = $0.baseAddress { b.baseAddress!.copyMemory(from: base, byteCount: $0.count) } }
            buffer = UnsafeRawBufferPointer(rebasing: b[0..<bytes.count])
            mapped = 0
        }

        /// Files at least this long are read into memory mapped for them and advised to be
        /// backed by huge pages: a shipped pack's 5 MB entry read into allocated memory took
        /// about 1,200 page faults (each costly in a virtual machine) as it was written.
        static let hugeThreshold = 2 << 20

        /// Writable memory for `size` bytes: an anonymous mapping advised to use huge pages
        /// when `size` is at least ``hugeThreshold`` (its length is returned), else allocated.
        private static func memory(_ size: Int) -> (UnsafeMutableRawBufferPointer, mapped: Int)? {
            #if os(Linux)
            if size >= hugeThreshold {
                let length = (size + (2 << 20) - 1) & ~((2 << 20) - 1)
                guard let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                      p != MAP_FAILED else { return nil }
                _ = madvise(p, length, 14)  // MADV_HUGEPAGE; a refusal only costs the faults
                return (UnsafeMutableRawBufferPointer(start: p, count: length), length)
            }
            #endif
            return (UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, size), alignment: 8), 0)
        }

        /// The bytes of the file at `path`, read straight into the storage (no other copy is
        /// made); `nil` when it cannot be opened or read whole.
        public init?(contentsOfFile path: String) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_size >= 0, st.st_size < Int.max / 2 else { return nil }
            let size = Int(st.st_size)
            guard let (b, length) = Storage.memory(size) else { return nil }
            var got = 0
            while got < size {
                let n = read(fd, b.baseAddress! + got, size - got)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { Storage.free(b, length); return nil }
                got += n
            }
            buffer = UnsafeRawBufferPointer(rebasing: b[0..<size])
            mapped = length
        }

        private static func free(_ b: UnsafeMutableRawBufferPointer, _ mapped: Int) {
            if mapped > 0 { _ = munmap(b.baseAddress, mapped) } else { b.deallocate() }
        }

        /// How many bytes there are.
        public var count: Int { buffer.count }

        /// `body`'s result on the bytes (which must not escape it).
        public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(buffer) }

        deinit {
            if mapped > 0 {
                _ = munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress), mapped)
            } else {
                UnsafeMutableRawBufferPointer(mutating: buffer).deallocate()
            }
        }
    }

    private let storage: Storage
    /// `storage.buffer`, held here so that a read does not go through the class.
    private let bytes: UnsafeRawBufferPointer
    /// The position of the next byte to read.
    public private(set) var at = 0
    private var stringTable: [String] = []
    private var spanTable: [SourceSpan] = []

    /// A reader over `bytes`, the string table read.
    init(_ bytes: [UInt8]) throws(ArchiveError) {
        self.init(Storage(bytes))
        try readStringTable()
    }

    /// A reader at the start of `storage`, with no string table (until ``readStringTable()``).
    public init(_ storage: Storage) {
        self.storage = storage
        bytes = storage.buffer
    }

    /// Reads the string and span tables written by ``ArchiveWriter/finished()`` at the reader's
    /// position: the strings and spans the rest of the archive refers to.
    public mutating func readStringTable() throws(ArchiveError) {
        let n = try count()
        stringTable.reserveCapacity(n)
        for _ in 0..<n {
            let length = Int(try ref())
            guard length <= self.bytes.count - at else { throw ArchiveError() }
            stringTable.append(String(decoding: UnsafeRawBufferPointer(rebasing: self.bytes[at..<(at + length)]), as: UTF8.self))
            at += length
        }
        let spans = try count()
        guard spans <= (self.bytes.count - at) / 12 else { throw ArchiveError() }
        spanTable.reserveCapacity(spans)
        for _ in 0..<spans {
            let start = Int(try ref()), end = Int(try ref())
            spanTable.append(SourceSpan(start: start, end: end, file: try string()))
        }
    }

    /// Moves past `n` bytes.
    public mutating func skip(_ n: Int) throws(ArchiveError) {
        guard n >= 0, n <= bytes.count - at else { throw ArchiveError() }
        at += n
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { at == bytes.count }

    /// The bytes not read yet.
    public var rest: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[at...]) }

    /// Eight bytes, little-endian.
    @inline(__always)
    public mutating func word() throws(ArchiveError) -> UInt64 {
        guard bytes.count - at >= 8 else { throw ArchiveError() }
        let w = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)
        at += 8
        return UInt64(littleEndian: w)
    }

    @inline(__always)
    mutating func int() throws(ArchiveError) -> Int { Int(Int64(bitPattern: try word())) }

    /// A non-negative count no larger than the bytes left (every counted item takes a byte).
    mutating func count() throws(ArchiveError) -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - at else { throw ArchiveError() }
        return n
    }

    @inline(__always)
    mutating func byte() throws(ArchiveError) -> UInt8 {
        guard at < bytes.count else { throw ArchiveError() }
        at += 1
        return bytes[at - 1]
    }

    mutating func bool() throws(ArchiveError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw ArchiveError()
        }
    }

    mutating func int128() throws(ArchiveError) -> Int128 {
        let low = try word(), high = try word()
        return Int128(bitPattern: UInt128(high) << 64 | UInt128(low))
    }

    /// `n` bytes as they are.
    public mutating func raw(_ n: Int) throws(ArchiveError) -> [UInt8] {
        guard n >= 0, n <= bytes.count - at else { throw ArchiveError() }
        defer { at += n }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]))
    }

    /// A string written in place by ``ArchiveWriter/text(_:)``.
    public mutating func text() throws(ArchiveError) -> String {
        let n = try word()
        guard n <= UInt64(bytes.count - at) else { throw ArchiveError() }
        defer { at += Int(n) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + Int(n))]), as: UTF8.self)
    }

    /// Four bytes, little-endian (see ``ArchiveWriter/ref(_:)``).
    @inline(__always)
    mutating func ref() throws(ArchiveError) -> UInt32 {
        guard bytes.count - at >= 4 else { throw ArchiveError() }
        let w = bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)
        at += 4
        return UInt32(littleEndian: w)
    }

    /// A signed number written by ``ArchiveWriter/int32(_:)``.
    @inline(__always)
    mutating func int32() throws(ArchiveError) -> Int { Int(Int32(bitPattern: try ref())) }

    mutating func string() throws(ArchiveError) -> String {
        let i = Int(try ref())
        guard i < stringTable.count else { throw ArchiveError() }
        return stringTable[i]
    }

    mutating func strings() throws(ArchiveError) -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    mutating func optionalString() throws(ArchiveError) -> String? {
        try bool() ? try string() : nil
    }

    mutating func span() throws(ArchiveError) -> SourceSpan {
        let i = Int(try ref())
        guard i < spanTable.count else { throw ArchiveError() }
        return spanTable[i]
    }

    mutating func optionalSpan() throws(ArchiveError) -> SourceSpan? {
        try bool() ? try span() : nil
    }

    /// The case at the position read in `cases` (see ``ArchiveWriter/ordinal(_:_:)``).
    @inline(__always)
    mutating func ordinal<E>(_ cases: [E]) throws(ArchiveError) -> E {
        let i = Int(try byte())
        guard i < cases.count else { throw ArchiveError() }
        return cases[i]
    }

    /// A value of a `String`-backed enum.
    mutating func raw<E: RawRepresentable>(_: E.Type) throws(ArchiveError) -> E where E.RawValue == String {
        guard let e = E(rawValue: try string()) else { throw ArchiveError() }
        return e
    }
}
