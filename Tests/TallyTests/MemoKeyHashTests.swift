import Testing
@testable import Tally

/// The evaluator's memo keys hash through `_rawHashValue(seed:)` (their mixed word and the
/// table's seed, not SipHash): dictionaries keyed by them must still find every key stored and
/// none that was not, and equal keys must hash alike.
@Suite struct MemoKeyHashTests {
    final class Marker {}

    @Test func rowKeysAreFoundUnderManyNeighbours() {
        let by = [Marker(), Marker()], tables = [Marker(), Marker(), Marker()]
        var d: [Evaluator.RowMemoKey: Int] = [:]
        var n = 0
        for b in by { for t in tables { for row in 0..<700 {
            d[Evaluator.RowMemoKey(by: ObjectIdentifier(b), table: ObjectIdentifier(t), row: row)] = n
            n += 1
        } } }
        #expect(d.count == n)
        n = 0
        var wrong = 0
        for b in by { for t in tables { for row in 0..<700 {
            if d[Evaluator.RowMemoKey(by: ObjectIdentifier(b), table: ObjectIdentifier(t), row: row)] != n { wrong += 1 }
            n += 1
        } } }
        #expect(wrong == 0)
        // Rows past the stored ones, and the two identities swapped, are not found.
        #expect(d[Evaluator.RowMemoKey(by: ObjectIdentifier(by[0]), table: ObjectIdentifier(tables[0]), row: 700)] == nil)
        #expect(d[Evaluator.RowMemoKey(by: ObjectIdentifier(tables[0]), table: ObjectIdentifier(by[0]), row: 3)] == nil)
    }

    @Test func equalKeysHashAlikeAndSeedsMatter() {
        let m = Marker()
        let a = Evaluator.RowMemoKey(by: ObjectIdentifier(m), table: ObjectIdentifier(m), row: 5)
        let b = Evaluator.RowMemoKey(by: ObjectIdentifier(m), table: ObjectIdentifier(m), row: 5)
        #expect(a == b)
        #expect(a._rawHashValue(seed: 17) == b._rawHashValue(seed: 17))
        #expect(a._rawHashValue(seed: 17) != a._rawHashValue(seed: 18))
        #expect(a.hashValue == b.hashValue)
    }

    @Test func rememberKeysDifferingInOneWordAreDistinct() {
        var d: [Evaluator.RememberKey: Int] = [:]
        var keys: [Evaluator.RememberKey] = []
        for site in UInt64(0)..<40 {
            for w in UInt64(0)..<40 {
                var k = Evaluator.RememberKey(site: site)
                k.b.w1 = w
                keys.append(k)
            }
        }
        for (i, k) in keys.enumerated() { d[k] = i }
        #expect(d.count == keys.count)
        #expect(keys.enumerated().allSatisfy { d[$0.element] == $0.offset })
        var absent = Evaluator.RememberKey(site: 3)
        absent.c.w2 = 1
        #expect(d[absent] == nil)
    }
}
