import Foundation
import Tally

/// Compiled packs kept on disk between processes, so that `tally check` of one report does not
/// parse and compile the pack's sources again (about half of such a process's work).
///
/// An entry is found by the executable (its size, modification time and file number), the pack
/// folder and the names of its `.tally` files; it holds the path, length and hash of every
/// source the pack was compiled from (included files too) and ``Pack/archived()``. It is used
/// only when every source still has that length and hash, and only as a whole: any error
/// (a missing folder, an unreadable, truncated or damaged entry, another version) means the
/// pack is compiled as if there were no cache, and the entry is written again.
///
/// Entries live in `$TALLY_CACHE_DIR`, else `$XDG_CACHE_HOME/tally`, else `~/.cache/tally`;
/// `TALLY_CACHE=0` turns the cache off. An entry is written to a temporary file and renamed
/// into place, so a reader never sees half of one.
enum PackCache {
    /// The first bytes of an entry (the format's version is in its name).
    static let magic = Array("TALLY-PACK-CACHE 2\n".utf8)

    /// The cache folder, or `nil` when the cache is off or there is no home to put it in.
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let off = environment["TALLY_CACHE"], ["0", "off", "no", "false"].contains(off.lowercased()) { return nil }
        if let d = environment["TALLY_CACHE_DIR"], !d.isEmpty { return d }
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") { return x + "/tally" }
        if let h = environment["HOME"], h.hasPrefix("/") { return h + "/.cache/tally" }
        return nil
    }

    /// The compiled pack in `folder`, when the cache holds it for the folder's current sources.
    static func load(folder: URL, directory: String? = PackCache.directory()) -> PackLocator.Loaded? {
        guard let archive = open(folder: folder, directory: directory), let pack = archive.pack() else { return nil }
        return PackLocator.Loaded(pack: pack, name: folder.lastPathComponent, folder: folder)
    }

    /// The archive of the compiled pack in `folder` with its declarations read (the checks are
    /// read by ``PackArchive/pack()``), when the cache holds it for the folder's current sources.
    /// The entry is read once, into the buffer the archive is then read from.
    static func open(folder: URL, directory: String? = PackCache.directory()) -> PackArchive? {
        guard let dir = directory, let names = sourceNames(folder) else { return nil }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let storage = ArchiveReader.Storage(contentsOfFile: entryPath(dir, folder: folder, names: names)) else { return nil }
        var reader = ArchiveReader(storage)
        guard let entry = Entry(&reader), entry.executable == executableIdentity, entry.folder == folder.path else { return nil }
        // The top-level files must be the pack's first sources, as listed (nothing added or
        // removed), and every source must lie in the folder and be unchanged.
        let topLevel = names.map { folder.appendingPathComponent($0).path }
        guard entry.sources.count >= topLevel.count, zip(entry.sources, topLevel).allSatisfy({ $0.path == $1 }) else { return nil }
        var sources: [SourceFile] = []
        for s in entry.sources {
            let url = URL(fileURLWithPath: s.path)
            // Compared by bytes: the text was valid UTF-8 when it was hashed, so bytes with
            // its length and hash decode to it again.
            guard url.resolvingSymlinksInPath().path.hasPrefix(root + "/"),
                  let file = ArchiveReader.Storage(contentsOfFile: s.path),
                  UInt64(file.count) == s.length, file.withBytes({ hash($0) }) == s.hash else { return nil }
            sources.append(SourceFile(path: s.path, text: file.withBytes { String(decoding: $0, as: UTF8.self) }))
        }
        return PackArchive(reader, sources: sources)
    }

    /// Writes `loaded` into the cache (silently does nothing when it cannot).
    static func store(_ loaded: PackLocator.Loaded, directory: String? = PackCache.directory()) {
        guard let dir = directory, let names = sourceNames(loaded.folder), let archive = loaded.pack.archived() else { return }
        var body = ArchiveWriter()
        body.word(executableIdentity)
        body.text(loaded.folder.path)
        body.word(UInt64(loaded.pack.sources.count))
        for s in loaded.pack.sources {
            let (length, hash) = fingerprint(s.text)
            body.text(s.path); body.word(length); body.word(hash)
        }
        body.raw(archive)
        var out = ArchiveWriter()
        out.raw(magic)
        out.word(body.written.withUnsafeBytes { hash($0) })
        out.raw(body.written)
        let fm = FileManager.default
        try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = entryPath(dir, folder: loaded.folder, names: names)
        let temp = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard fm.createFile(atPath: temp, contents: Data(out.written)) else { return }
        if rename(temp, path) != 0 { unlink(temp); return }
        prune(dir, keeping: path)
    }

    /// At most this many entries are kept (a pack folder has one entry per build of tally).
    static let maxEntries = 32

    /// Removes the oldest entries beyond ``maxEntries`` (entries of packs in folders long gone,
    /// of older builds) and temporary files left by a process that stopped while writing.
    private static func prune(_ dir: String, keeping kept: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return }
        func modified(_ p: String) -> Date { ((try? fm.attributesOfItem(atPath: p))?[.modificationDate] as? Date) ?? .distantPast }
        for n in names where n.contains(".pack.tmp-") && Date().timeIntervalSince(modified(dir + "/" + n)) > 600 {
            try? fm.removeItem(atPath: dir + "/" + n)
        }
        let entries = names.filter { $0.hasSuffix(".pack") }.map { dir + "/" + $0 }
        guard entries.count > maxEntries else { return }
        let oldest = entries.filter { $0 != kept }.map { ($0, modified($0)) }.sorted { $0.1 < $1.1 }
        for (p, _) in oldest.prefix(entries.count - maxEntries) { try? fm.removeItem(atPath: p) }
    }

    /// The names of the `.tally` files directly in `folder`, sorted (as ``PackLocator`` reads them).
    private static func sourceNames(_ folder: URL) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        let tally = names.filter { $0.hasSuffix(".tally") }.sorted()
        return tally.isEmpty ? nil : tally
    }

    /// Where the entry for these sources is: a name hashed from the executable, the folder and
    /// the file names (an entry for the same files is overwritten when they change).
    private static func entryPath(_ dir: String, folder: URL, names: [String]) -> String {
        let key = ([String(executableIdentity), folder.path] + names).joined(separator: "\n")
        return dir + "/" + String(fingerprint(key).hash, radix: 16) + ".pack"
    }

    /// The running executable's size, modification time and file number, hashed: a rebuilt
    /// tally never reads the entries of another build.
    static let executableIdentity: UInt64 = {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let a = try? FileManager.default.attributesOfItem(atPath: real) else { return 0 }
        let size = (a[.size] as? NSNumber)?.uint64Value ?? 0
        let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let inode = (a[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        return fingerprint("\(real)\n\(size)\n\(time.bitPattern)\n\(inode)").hash
    }()

    /// A text's length in bytes and a 64-bit hash of its bytes.
    static func fingerprint(_ s: String) -> (length: UInt64, hash: UInt64) {
        var s = s
        return s.withUTF8 { (UInt64($0.count), hash(UnsafeRawBufferPointer($0))) }
    }

    /// A hash of bytes word by word (not cryptographic: it tells a changed file from the one
    /// that was compiled, which no one is trying to fool, since both are the user's own, and a
    /// damaged entry from a whole one). Four lanes of 64-bit words, each word folded in by one
    /// `xor` and one multiplication by an odd constant (so a change to one word always changes
    /// its lane), mixed at the end: about 3 instructions a word, not 8 as one lane mixed fully
    /// after every word took over the 5 MB of a shipped pack's entry.
    static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0xFF51_AFD7_ED55_8CCD
        var h0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count), h1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var h2: UInt64 = 0x1656_67B1_9E37_79F9, h3: UInt64 = 0x85EB_CA77_C2B2_AE63
        var i = 0
        while i + 32 <= b.count {
            h0 = (h0 ^ b.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h1 = (h1 ^ b.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            h2 = (h2 ^ b.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
            h3 = (h3 ^ b.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
            i += 32
        }
        @inline(__always) func mix(_ h: inout UInt64, _ w: UInt64) {
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        var h = h0
        h ^= h >> 32
        mix(&h, h1); mix(&h, h2); mix(&h, h3)
        while i + 8 <= b.count { mix(&h, b.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8 }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < b.count { tail |= UInt64(b[i]) << shift; shift += 8; i += 1 }
        mix(&h, tail)
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    /// An entry's header: what it was made from. The archive follows it.
    struct Entry {
        var executable: UInt64
        var folder: String
        var sources: [(path: String, length: UInt64, hash: UInt64)]

        /// Reads the header `reader` is at, leaving it at the archive; `nil` when the bytes are
        /// not a whole entry of this version (the checksum covers everything after it).
        init?(_ reader: inout ArchiveReader) {
            do {
                guard try reader.raw(PackCache.magic.count) == PackCache.magic else { return nil }
                let sum = try reader.word()
                guard PackCache.hash(reader.rest) == sum else { return nil }
                executable = try reader.word()
                folder = try reader.text()
                let count = try reader.word()
                guard count <= UInt64(reader.rest.count) else { return nil }
                sources = []
                for _ in 0..<count {
                    let p = try reader.text(), length = try reader.word(), hash = try reader.word()
                    sources.append((p, length, hash))
                }
            } catch {
                return nil
            }
        }
    }
}
