import Foundation
import Testing
import TallyTestSupport
@testable import Tally

/// ``Pack/archived()`` and ``Pack/init(archive:sources:)``: a pack read back is the pack that was
/// written (archiving it again gives the same bytes), and damaged bytes give `nil`, never a trap.
struct PackArchiveTests {
    static func compile(_ text: String, path: String = "/pack/a.tally", hostFunctions: [HostFunction] = []) -> Pack? {
        Pack.compile(sources: [SourceFile(path: path, text: text)], hostFunctions: hostFunctions).pack
    }

    static let small = """
    table 公开01 "收入支出决算总表" {
      rows by 名称
      columns 本年收入, 本年支出 | 支出, optional 上年支出 | "上年数"
    }
    fact 增长 "{科目:text}比上年增长{增幅}%", "{科目:text}增加{增幅:percent}"
    let 合计 = 公开01.合计
    check T-1 "合计等于各项之和" error on 公开01
      for r in rows(公开01) where r.level == 1 and not contains(r.name, "其中")
      when exists(合计.本年收入):
        合计.本年收入 == sum(x.本年收入 for x in rows(公开01) where x.level == 1) within 0.5
      message "{r.name} {合计.本年收入} 与 {sum([x.本年支出 for x in rows(公开01)])} 不符"
    check T-2 "增长" warning
      for f in facts(增长):
        exactly f.增幅 == 12.50% or f.增幅 >= -3 and [1, 2.0, "a", true] != [] and (if f.科目 == "x" then 1 else 2) > 0
    """

    /// A fact with a repeating group keeps its template and its list field (`部分`) through an
    /// archive, and a check summing over the items reads back the same.
    @Test func aRepeatingGroupSurvivesTheArchive() throws {
        let text = """
        fact 清单 "{总额}万元，其中：{部分 2..*: {名:text}{额}万元 / [，|、]}。"
        check L-1 "各部分之和等于总额" error
          for f in facts(清单)
          let s = sum(p.额 for p in f.部分):
            f.总额 == s and not (any p in f.部分: contains(p.名, "比"))
          message "{f.总额} 与 {s}（{count(f.部分)} 项）"
        """
        let pack = try #require(Self.compile(text))
        #expect(pack.factSpecs.first?.fields == ["总额", "部分"])
        let bytes = try #require(pack.archived())
        let back = try #require(Pack(archive: bytes, sources: pack.sources))
        #expect(back.archived() == bytes)
        #expect(back.factSpecs == pack.factSpecs)
        #expect(back.checks.map(\.assertion.shapeHash) == pack.checks.map(\.assertion.shapeHash))
    }

    @Test func aPackReadBackArchivesToTheSameBytes() throws {
        let pack = try #require(Self.compile(Self.small))
        let bytes = try #require(pack.archived())
        let back = try #require(Pack(archive: bytes, sources: pack.sources))
        #expect(back.archived() == bytes)
        #expect(back.catalogue == pack.catalogue)
        #expect(back.letNames == pack.letNames)
        #expect(back.maxSlots == pack.maxSlots)
        #expect(back.tableSpecs == pack.tableSpecs)
        #expect(back.tableSpecs.first?.columns.map(\.isOptional) == [false, false, true])
        #expect(back.factSpecs == pack.factSpecs)
        #expect(back.checks.map(\.assertion.shapeHash) == pack.checks.map(\.assertion.shapeHash))
        #expect(back.checks.map(\.decisive.count) == pack.checks.map(\.decisive.count))
    }

    /// The shipped packs, the archive's real use: every check, let and declaration survives.
    @Test(arguments: ["部门决算", "部门预算"])
    func theShippedPacksReadBack(_ name: String) throws {
        let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks/\(name)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tally") }.sorted()
        let sources = names.map { SourceFile(path: folder.appendingPathComponent($0).path, text: TestPaths.read(folder.appendingPathComponent($0))) }
        let pack = try #require(Pack.compile(sources: sources).pack)
        let bytes = try #require(pack.archived())
        let back = try #require(Pack(archive: bytes, sources: sources))
        #expect(back.archived() == bytes)
        #expect(back.catalogue == pack.catalogue)
        #expect(back.checks.count == pack.checks.count)
        #expect(back.lets.count == pack.lets.count)
    }

    /// A node read back keeps the properties its op gives it: what the archive holds of them
    /// (``Node/Derived``, the constants' label texts) is what the compiler's initialiser works
    /// out again from the node's id, span and op, and its children are the read-back nodes
    /// of the original's children, in order.
    @Test(arguments: ["部门决算", "small"])
    func nodesReadBackKeepWhatTheirOpsGive(_ name: String) throws {
        let pack: Pack
        if name == "small" {
            pack = try #require(Self.compile(Self.small))
        } else {
            let folder = TestPaths.repositoryRoot.appendingPathComponent("Checks/\(name)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tally") }.sorted()
            let sources = names.map { SourceFile(path: folder.appendingPathComponent($0).path, text: TestPaths.read(folder.appendingPathComponent($0))) }
            pack = try #require(Pack.compile(sources: sources).pack)
        }
        let bytes = try #require(pack.archived())
        let back = try #require(Pack(archive: bytes, sources: pack.sources))
        var compared = 0, constants = 0
        var seen = Set<ObjectIdentifier>()
        func same(_ a: Node, _ b: Node) {
            guard seen.insert(ObjectIdentifier(b)).inserted else { return }
            compared += 1
            let again = Node(b.id, b.span, b.op)
            #expect(b.derived == a.derived)
            #expect(again.derived == b.derived)
            #expect(again.shapeLabel == b.shapeLabel && b.shapeLabel == a.shapeLabel)
            #expect(again.hasShape == b.hasShape && again.shapeHash == b.shapeHash && again.mayBeKept == b.mayBeKept)
            #expect((b.lineGuard == nil) == (a.lineGuard == nil) && (b.equalityGuard == nil) == (a.equalityGuard == nil))
            #expect(a.id == b.id && a.span == b.span && a.childCount == b.childCount)
            if case .constant = b.op { constants += 1 }
            for i in 0..<min(a.childCount, b.childCount) { same(a.child(i), b.child(i)) }
        }
        for (a, b) in zip(pack.lets, back.lets) { same(a, b) }
        for (c, d) in zip(pack.checks, back.checks) {
            same(c.assertion, d.assertion)
            for (p, q) in zip(c.preconditions, d.preconditions) { same(p, q) }
            for (x, y) in zip(c.bindings, d.bindings) {
                same(x.domain, y.domain)
                if let f = x.filter, let g = y.filter { same(f, g) }
                #expect((x.filter == nil) == (y.filter == nil))
            }
            for (x, y) in zip(c.lets, d.lets) { same(x.value, y.value) }
        }
        #expect(compared > (name == "small" ? 40 : 10_000))
        #expect(constants > 0)
    }

    /// ``Node/childCount`` and ``Node/child(_:)`` give an op's operands in order: a loop's
    /// domain, filter and body, a tolerance after the sides it compares.
    @Test func childrenFollowTheOp() {
        let span = SourceSpan(start: 0, end: 1, file: "/p.tally")
        let a = Node(1, span, .variable(0)), b = Node(2, span, .letValue(0)), c = Node(3, span, .constant(.bool(true)))
        #expect(a.childCount == 0 && a.children.isEmpty)
        let loop = Node(4, span, .quantifier(.all, slot: 1, domain: a, filter: b, body: c))
        #expect(loop.children.map(\.id) == [1, 2, 3])
        let noFilter = Node(5, span, .comprehension(slot: 1, domain: a, filter: nil, body: c))
        #expect(noFilter.children.map(\.id) == [1, 3])
        let within = Node(6, span, .compare(.equal, a, b, .within(c)))
        #expect(within.children.map(\.id) == [1, 2, 3])
        #expect(Node(7, span, .compare(.equal, a, b, .exact)).children.map(\.id) == [1, 2])
        #expect(Node(8, span, .builtin(.sum, [c, b, a])).children.map(\.id) == [3, 2, 1])
        #expect(Node(9, span, .conditional(c, a, b)).children.map(\.id) == [3, 1, 2])
    }

    /// Every truncation and a damaged byte at many places: `nil` or a pack, never a trap; a
    /// wrong version is refused.
    @Test func damagedArchivesAreRefused() throws {
        let pack = try #require(Self.compile(Self.small))
        let bytes = try #require(pack.archived())
        for n in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(Pack(archive: Array(bytes[0..<n]), sources: pack.sources) == nil)
        }
        for k in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            var damaged = bytes
            damaged[k] ^= 0xA5
            _ = Pack(archive: damaged, sources: pack.sources)
        }
        #expect(Pack(archive: bytes + [0], sources: pack.sources) == nil)
        #expect(Pack(archive: [], sources: pack.sources) == nil)
    }

    /// Node ids take 32 bits in an archive: a parsed expression's id as it is, a function body
    /// copy's (``Compiler/copyIDBase`` and up) as a negative number; a number that fits no
    /// 32-bit field makes the writer refuse the archive rather than write another number.
    @Test func idsAndIndexesFitTheirFields() {
        for id in [0, 1, 99_999, Int(Int32.max), Compiler.copyIDBase, Compiler.copyIDBase + 123_456] {
            #expect(NodeID.read(NodeID.archived(id)) == id)
        }
        var w = ArchiveWriter()
        w.int32(Int(Int32.max)); w.ref(Int(UInt32.max))
        #expect(w.fits)
        w.int32(NodeID.archived(-1))
        #expect(!w.fits)
        var v = ArchiveWriter()
        v.span(SourceSpan(start: 1 << 33, end: 1 << 33, file: "/p.tally"))
        #expect(!v.fits)
    }

    /// A pack whose checks fall in both halves of the node table (read on two threads) and share
    /// a let and a function: read back, a node shared across the halves is still one node.
    @Test func theTwoHalvesOfTheNodeTableShareTheirCommonNodes() throws {
        var text = "table 公开01 \"表\" {\n  rows by 名称\n  columns 本年收入, 本年支出\n}\nlet 总 = 公开01.合计\n"
        text += "let 差(a, b) = abs(a.本年收入 - b.本年支出)\n"
        for i in 0..<8 {
            text += "check C-\(i) \"c\" error on 公开01\n  for r in rows(公开01) where r.level == \(i % 3):\n"
            text += "    差(r, 总) <= \(i) and r.本年收入 >= \(i)\n"
        }
        let pack = try #require(Self.compile(text))
        let bytes = try #require(pack.archived())
        let back = try #require(Pack(archive: bytes, sources: pack.sources))
        #expect(back.archived() == bytes)
        func distinct(_ p: Pack) -> Int {
            var seen = Set<ObjectIdentifier>()
            func walk(_ n: Node) { if seen.insert(ObjectIdentifier(n)).inserted { n.children.forEach(walk) } }
            p.lets.forEach(walk)
            for c in p.checks { c.archiveRoots.forEach(walk) }
            return seen.count
        }
        #expect(distinct(back) == distinct(pack))
        #expect(back.checks.map(\.assertion.shapeHash) == pack.checks.map(\.assertion.shapeHash))
    }

    @Test func aPackWithAHostFunctionIsNotArchived() throws {
        let double = HostFunction(name: "double", arity: 1...1) { args in args[0] }
        let pack = try #require(Self.compile("check H \"h\" error: double(1) == 1", hostFunctions: [double]))
        #expect(pack.archived() == nil)
    }
}

/// ``NodeNumbers``, the archive writer's table of node numbers by identity: every node numbered
/// is found with its number (across the table's growths), and a node never numbered is not.
struct NodeNumbersTests {
    @Test func everyNumberedNodeIsFoundAcrossGrowths() {
        let nodes = (0..<5000).map { Node($0, SourceSpan(start: $0, end: $0 + 1), .variable($0 % 7)) }
        var numbers = NodeNumbers()
        for (k, n) in nodes.enumerated() where k % 2 == 0 { numbers.set(n, k * 3) }
        for (k, n) in nodes.enumerated() {
            #expect(numbers[n] == (k % 2 == 0 ? k * 3 : nil))
        }
        // Numbering a node again replaces its number, nothing else.
        numbers.set(nodes[10], 1)
        #expect(numbers[nodes[10]] == 1)
        #expect(numbers[nodes[12]] == 36)
    }

    /// A node shared by two parents is written once: the archive holds as many node records as
    /// distinct nodes, so a shared subtree read back is one node again.
    @Test func aSharedNodeIsArchivedOnce() throws {
        let pack = try #require(PackArchiveTests.compile(PackArchiveTests.small))
        let bytes = try #require(pack.archived())
        let back = try #require(Pack(archive: bytes, sources: pack.sources))
        func distinct(_ p: Pack) -> Int {
            var seen = Set<ObjectIdentifier>()
            func walk(_ n: Node) { if seen.insert(ObjectIdentifier(n)).inserted { n.children.forEach(walk) } }
            p.lets.forEach(walk)
            for c in p.checks { walk(c.assertion); c.preconditions.forEach(walk); c.bindings.forEach { walk($0.domain) } }
            return seen.count
        }
        #expect(distinct(back) == distinct(pack))
    }
}
