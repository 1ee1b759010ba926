/// The anchors (first literals) of a pack's fact templates, indexed by their first three bytes
/// so that one pass over a report's folded text finds every occurrence of all of them.
///
/// Searching each anchor with `memchr` on its rarest byte costs a pass per anchor, and a pack
/// has dozens of anchors whose bytes are all common in Chinese text. Anchors shorter than three
/// bytes (and any starting inside a UTF-8 sequence) are still searched one by one.
struct AnchorIndex: Sendable {
    /// The anchors, by index.
    let anchors: [[UInt8]]
    /// For hash `h` of three bytes, the anchors starting with bytes of that hash are
    /// `ids[starts[h]..<starts[h + 1]]`.
    let starts: [Int32]
    let ids: [Int32]
    /// The anchors' bytes one after another: anchor `i` is `flat[offsets[i]..<offsets[i + 1]]`.
    let flat: [UInt8]
    let offsets: [Int32]
    /// Anchors of fewer than three bytes or starting with a UTF-8 continuation byte (searched by ``NormalizedText/occurrences(of:from:frequencies:)``).
    let short: [Int]

    static let bucketBits = 12

    /// The first characters of the indexed anchors, as a bitmap over scalar values below
    /// U+10000 (1,024 words); `nil` when an indexed anchor starts with anything else. Given to
    /// ``NormalizedText/init(_:anchorStarts:)``, it lets the folding pass note where an anchor
    /// may start, so that ``occurrences(in:)`` looks only there.
    let startSet: [UInt64]?

    @inline(__always)
    static func hash(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        ((Int(b & 0x3F) << 6) | Int(c & 0x3F)) ^ (Int(a) << 4 & 0xFF0) ^ (Int(b & 0xC0) >> 6) ^ (Int(c & 0xC0) >> 4)
    }

    init(anchors: [[UInt8]]) {
        self.anchors = anchors
        let n = 1 << AnchorIndex.bucketBits
        var lists = [[Int32]](repeating: [], count: n)
        var short: [Int] = []
        for (i, a) in anchors.enumerated() {
            if a.count < 3 || a[0] & 0xC0 == 0x80 { if !a.isEmpty { short.append(i) }; continue }
            lists[AnchorIndex.hash(a[0], a[1], a[2]) & (n - 1)].append(Int32(i))
        }
        var starts: [Int32] = [0], ids: [Int32] = []
        for l in lists { ids.append(contentsOf: l); starts.append(Int32(ids.count)) }
        self.starts = starts; self.ids = ids; self.short = short
        var flat: [UInt8] = [], offsets: [Int32] = [0]
        for a in anchors { flat.append(contentsOf: a); offsets.append(Int32(flat.count)) }
        self.flat = flat; self.offsets = offsets
        var words: [UInt64]? = [UInt64](repeating: 0, count: 1024)
        for a in anchors where a.count >= 3 && a[0] & 0xC0 != 0x80 {
            let (v, n) = a.withUnsafeBufferPointer { Bytes.scalar($0, 0) }
            // A first character that is not one well-formed scalar below U+10000 cannot be
            // told by its value: no bitmap, every position is looked at.
            let wellFormed = n == 1 ? a[0] < 0x80 : (1..<n).allSatisfy { a[$0] & 0xC0 == 0x80 }
            guard v < 0x10000, wellFormed, n == (v < 0x80 ? 1 : v < 0x800 ? 2 : 3) else { words = nil; break }
            words![Int(v >> 6)] |= 1 << UInt64(v & 63)
        }
        startSet = words
    }

    /// Every start of every anchor in `norm`, by anchor index, in increasing order (the same as
    /// ``NormalizedText/occurrences(of:from:frequencies:)`` gives for each; an empty anchor has none).
    func occurrences(in norm: NormalizedText) -> [[Int]] {
        var out = [[Int]](repeating: [], count: anchors.count)
        let mask = (1 << AnchorIndex.bucketBits) - 1
        norm.bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { st in
                ids.withUnsafeBufferPointer { id in
                    flat.withUnsafeBufferPointer { fl in
                        offsets.withUnsafeBufferPointer { off in
                            let n = b.count
                            guard n >= 3 else { return }
                            /// The anchors starting at `p` (a character start, `p + 2 < n`).
                            @inline(__always) func match(_ p: Int, _ c0: UInt8, _ c1: UInt8, _ c2: UInt8) {
                                let h = AnchorIndex.hash(c0, c1, c2) & mask
                                var k = Int(st[h])
                                let e = Int(st[h + 1])
                                while k < e {
                                    let ai = Int(id[k])
                                    let lo = Int(off[ai]), len = Int(off[ai + 1]) - lo
                                    // Every indexed anchor has three bytes or more: those first.
                                    if p + len <= n, fl[lo] == c0, fl[lo + 1] == c1, fl[lo + 2] == c2 {
                                        var j = 3
                                        // Eight bytes at a time, then the rest.
                                        while j + 8 <= len,
                                              UnsafeRawPointer(b.baseAddress! + p + j).loadUnaligned(as: UInt64.self)
                                                == UnsafeRawPointer(fl.baseAddress! + lo + j).loadUnaligned(as: UInt64.self) { j += 8 }
                                        while j < len, b[p + j] == fl[lo + j] { j += 1 }
                                        if j == len { out[ai].append(p) }
                                    }
                                    k += 1
                                }
                            }
                            if let candidates = norm.anchorCandidates {
                                // Only where the folding pass saw a character some anchor starts with.
                                for c in candidates {
                                    let p = Int(c)
                                    guard p + 2 < n else { break }
                                    let c0 = b[p]
                                    if c0 & 0xC0 == 0x80 { continue }
                                    match(p, c0, b[p + 1], b[p + 2])
                                }
                                return
                            }
                            var p = 0
                            while p + 2 < n {
                                let c0 = b[p]
                                // No indexed anchor starts with a UTF-8 continuation byte.
                                if c0 & 0xC0 == 0x80 { p += 1; continue }
                                let c1 = b[p + 1], c2 = b[p + 2]
                                match(p, c0, c1, c2)
                                // The continuation bytes of a three-byte character (most of Chinese
                                // text) are passed over at once.
                                p += c0 & 0xF0 == 0xE0 && c1 & 0xC0 == 0x80 && c2 & 0xC0 == 0x80 ? 3 : 1
                            }
                        }
                    }
                }
            }
        }
        if !short.isEmpty {
            // The rarest byte of a needle is searched for: a one-byte needle has no choice to make.
            let frequencies = short.contains { anchors[$0].count > 1 } ? norm.byteFrequencies() : nil
            for i in short { out[i] = norm.occurrences(of: anchors[i], frequencies: frequencies) }
        }
        return out
    }
}
