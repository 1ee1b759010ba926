import Foundation
import Testing
import Tally
import TallyReports
import TallyTestSupport
@testable import TallyCommandLine

/// ``PackCache``: a stored pack is found again and checks reports exactly as the compiled one;
/// a changed, added or removed source, a damaged entry or another folder mean no pack (the
/// caller compiles); the cache can be turned off.
@Suite(.serialized) struct PackCacheTests {
    /// A pack folder with two files, copied from the shipped 部门预算 pack's tables and a check.
    static func makePack(_ scratch: ScratchDirectory) throws -> URL {
        let folder = scratch.url.appendingPathComponent("pack")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        table 公开01 "收入支出决算总表" {
          rows by 名称
          columns 本年收入, 本年支出
        }
        """.write(to: folder.appendingPathComponent("a.tally"), atomically: true, encoding: .utf8)
        try """
        check C-1 "合计" error on 公开01: 合计.本年收入 == 合计.本年支出
        """.write(to: folder.appendingPathComponent("b.tally"), atomically: true, encoding: .utf8)
        return folder
    }

    static func compile(_ folder: URL) throws -> PackLocator.Loaded {
        try #require(PackLocator.compile(folder: folder, console: Console.capturing()))
    }

    /// The pack of ``makePack(_:)`` compiled and stored in a cache folder of `scratch`: the folder,
    /// the cache folder and the `.pack` entries it holds (one, with no temporary file beside it).
    static func storedPack(_ scratch: ScratchDirectory) throws -> (folder: URL, dir: String, entries: [String]) {
        let folder = try makePack(scratch), dir = scratch.url.appendingPathComponent("cache").path
        PackCache.store(try compile(folder), directory: dir)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pack") }
        return (folder, dir, entries)
    }

    @Test func aStoredPackIsFoundAgain() throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let folder = try Self.makePack(scratch), dir = scratch.url.appendingPathComponent("cache").path
        #expect(PackCache.load(folder: folder, directory: dir) == nil)
        let loaded = try Self.compile(folder)
        PackCache.store(loaded, directory: dir)
        let cached = try #require(PackCache.load(folder: folder, directory: dir))
        #expect(cached.pack.archived() == loaded.pack.archived())
        #expect(cached.pack.catalogue == loaded.pack.catalogue)
        #expect(cached.pack.sources.map(\.path) == loaded.pack.sources.map(\.path))
        #expect(cached.pack.sources.map(\.text) == loaded.pack.sources.map(\.text))
        #expect(cached.name == "pack")
        // Another folder with the same files has an entry of its own.
        let other = scratch.url.appendingPathComponent("other")
        try FileManager.default.copyItem(at: folder, to: other)
        #expect(PackCache.load(folder: other, directory: dir) == nil)
    }

    @Test func aChangedAddedOrRemovedSourceIsAMiss() throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let (folder, dir, _) = try Self.storedPack(scratch)
        #expect(PackCache.load(folder: folder, directory: dir) != nil)
        // The same length, one byte changed.
        let b = folder.appendingPathComponent("b.tally")
        let text = TestPaths.read(b)
        try text.replacingOccurrences(of: "C-1", with: "C-2").write(to: b, atomically: true, encoding: .utf8)
        #expect(PackCache.load(folder: folder, directory: dir) == nil)
        try text.write(to: b, atomically: true, encoding: .utf8)
        #expect(PackCache.load(folder: folder, directory: dir) != nil)
        try "let x = 1\n".write(to: folder.appendingPathComponent("c.tally"), atomically: true, encoding: .utf8)
        #expect(PackCache.load(folder: folder, directory: dir) == nil)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("c.tally"))
        #expect(PackCache.load(folder: folder, directory: dir) != nil)
        try FileManager.default.removeItem(at: b)
        #expect(PackCache.load(folder: folder, directory: dir) == nil)
    }

    @Test func aDamagedEntryIsAMiss() throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let (folder, dir, entries) = try Self.storedPack(scratch)
        #expect(entries.count == 1, "no temporary file is left behind: \(entries)")
        let path = dir + "/" + entries[0]
        let good = try #require(FileManager.default.contents(atPath: path))
        for cut in [0, 5, good.count / 2, good.count - 1] {
            try good.prefix(cut).write(to: URL(fileURLWithPath: path))
            #expect(PackCache.load(folder: folder, directory: dir) == nil)
        }
        var flipped = [UInt8](good)
        flipped[flipped.count - 3] ^= 0x10
        try Data(flipped).write(to: URL(fileURLWithPath: path))
        #expect(PackCache.load(folder: folder, directory: dir) == nil)
        try good.write(to: URL(fileURLWithPath: path))
        #expect(PackCache.load(folder: folder, directory: dir) != nil)
    }

    @Test func theCacheFolderFollowsTheEnvironment() {
        #expect(PackCache.directory(environment: ["TALLY_CACHE": "0", "HOME": "/h"]) == nil)
        #expect(PackCache.directory(environment: ["TALLY_CACHE": "off", "TALLY_CACHE_DIR": "/c"]) == nil)
        #expect(PackCache.directory(environment: ["TALLY_CACHE_DIR": "/c", "HOME": "/h"]) == "/c")
        #expect(PackCache.directory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/tally")
        #expect(PackCache.directory(environment: ["HOME": "/h"]) == "/h/.cache/tally")
        #expect(PackCache.directory(environment: [:]) == nil)
    }

    /// The entry's hash (its checksum and the sources' fingerprints) changes whenever one byte
    /// does, whatever the byte's place (in any of the four lanes or the tail) and length.
    @Test func everyChangedByteChangesTheHash() {
        for length in [0, 1, 7, 8, 31, 32, 33, 64, 100, 257] {
            var bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let original = bytes.withUnsafeBytes { PackCache.hash($0) }
            for k in 0..<length {
                for flip: UInt8 in [0x01, 0x80] {
                    bytes[k] ^= flip
                    #expect(bytes.withUnsafeBytes { PackCache.hash($0) } != original, "length \(length), byte \(k)")
                    bytes[k] ^= flip
                }
            }
            // A longer input with the same bytes first is another input.
            #expect((bytes + [0]).withUnsafeBytes { PackCache.hash($0) } != original)
        }
    }

    /// An entry whose archive is damaged but whose checksum was made to match (so the cache's
    /// own check passes) is read without a trap: the pack's checks are either refused (the
    /// checker then compiles) or read.
    @Test func aDamagedArchiveBehindAGoodChecksumNeverTraps() throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let (folder, dir, entries) = try Self.storedPack(scratch)
        let path = dir + "/" + entries[0]
        let good = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        let bodyStart = PackCache.magic.count + 8
        var refused = 0
        for k in stride(from: bodyStart, to: good.count, by: max(1, (good.count - bodyStart) / 200)) {
            var damaged = good
            damaged[k] ^= 0x5A
            let sum = damaged[bodyStart...].withUnsafeBytes { PackCache.hash($0) }
            withUnsafeBytes(of: sum.littleEndian) { for i in 0..<8 { damaged[PackCache.magic.count + i] = $0[i] } }
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            if PackCache.load(folder: folder, directory: dir) == nil { refused += 1 }
        }
        #expect(refused > 0)
        try Data(good).write(to: URL(fileURLWithPath: path))
        #expect(PackCache.load(folder: folder, directory: dir) != nil)
    }

    /// The samples of the 部门决算 pack, checked by `checker` with the catalogue of `pack`.
    static func output(_ checker: ReportChecker, catalogue: [Pack.CheckInfo]) -> String {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks/部门决算")
        let samples = TestPaths.files(in: folder.appendingPathComponent("samples"), withExtension: "txt")
        var writer = JSONWriter()
        var out = writer.begin(catalogue: catalogue)
        for s in samples.prefix(12) { out += writer.write(checker.check(path: s.path)) }
        return out + writer.end()
    }

    /// A pack given with `--pack` and held by the cache (its checks read on a thread of their
    /// own while the first reports load) checks reports exactly as the compiled pack.
    @Test func aPackGivenWithPackIsReadFromTheCacheAsCompiled() throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks/部门决算")
        let dir = scratch.url.appendingPathComponent("cache").path
        let loaded = try Self.compile(folder)
        PackCache.store(loaded, directory: dir)
        let archive = try #require(PackCache.open(folder: folder, directory: dir))
        let cached = ReportChecker(fixedArchive: archive, folder: folder, console: Console.capturing(), includePasses: true,
                                   waivers: Waivers(), runThreads: 2)
        let compiled = ReportChecker(fixedPack: loaded, console: Console.capturing(), includePasses: true, waivers: Waivers())
        let fromCache = Self.output(cached, catalogue: try #require(cached.fixedPack()).pack.catalogue)
        #expect(fromCache == Self.output(compiled, catalogue: loaded.pack.catalogue))
        #expect(fromCache.contains("\"status\":\"pass\""))
    }

    /// An entry whose declarations read but whose checks do not (damaged behind a checksum made
    /// to match): the pack given with `--pack` is compiled instead, and checks as compiled.
    @Test func aPackWhoseChecksCannotBeReadIsCompiledInstead() throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let (folder, dir, entries) = try Self.storedPack(scratch)
        let path = dir + "/" + entries[0]
        let good = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        let bodyStart = PackCache.magic.count + 8
        // The last bytes are the checks' records: damaged there, the declarations still read.
        var found: PackArchive?
        for k in stride(from: good.count - 1, to: good.count - 60, by: -1) where found == nil {
            var damaged = good
            damaged[k] ^= 0xFF
            let sum = damaged[bodyStart...].withUnsafeBytes { PackCache.hash($0) }
            withUnsafeBytes(of: sum.littleEndian) { for i in 0..<8 { damaged[PackCache.magic.count + i] = $0[i] } }
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            if let a = PackCache.open(folder: folder, directory: dir), a.pack() == nil { found = a }
        }
        let archive = try #require(found)
        let checker = ReportChecker(fixedArchive: archive, folder: folder, console: Console.capturing(), includePasses: true,
                                    waivers: Waivers())
        let pack = try #require(checker.fixedPack())
        let loaded = try Self.compile(folder)
        #expect(pack.pack.archived() == loaded.pack.archived())
        let compiled = ReportChecker(fixedPack: loaded, console: Console.capturing(), includePasses: true, waivers: Waivers())
        #expect(Self.output(checker, catalogue: pack.pack.catalogue) == Self.output(compiled, catalogue: loaded.pack.catalogue))
    }

    /// The shipped packs from the cache check their samples exactly as when compiled.
    @Test(arguments: ["部门决算", "部门预算"])
    func aCachedShippedPackChecksAsTheCompiledOne(_ name: String) throws {
        let scratch = try ScratchDirectory("tally-cache")
        defer { withExtendedLifetime(scratch) {} }
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks/\(name)")
        let dir = scratch.url.appendingPathComponent("cache").path
        let loaded = try Self.compile(folder)
        PackCache.store(loaded, directory: dir)
        let cached = try #require(PackCache.load(folder: folder, directory: dir))
        let samples = TestPaths.files(in: folder.appendingPathComponent("samples"), withExtension: "txt")
        #expect(!samples.isEmpty)
        func output(_ pack: PackLocator.Loaded) -> String {
            let checker = ReportChecker(fixedPack: pack, console: Console.capturing(), includePasses: true, waivers: Waivers())
            var writer = JSONWriter()
            var out = writer.begin(catalogue: pack.pack.catalogue)
            for s in samples { out += writer.write(checker.check(path: s.path)) }
            return out + writer.end()
        }
        let compiled = output(loaded), fromCache = output(cached)
        #expect(compiled == fromCache)
        #expect(compiled.contains("\"status\":\"pass\""))
    }
}
