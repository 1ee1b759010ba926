/// The number each node got in an archive (``Pack/archived()``), by the node's identity: an
/// open-addressing table over the object addresses, hashed by one multiplication instead of
/// `Hasher` (a pack of 40,000 nodes asks about 150,000 times while it is archived, and a
/// `[ObjectIdentifier: Int]` spent about 25 M instructions on that).
///
/// The nodes must stay alive while they are numbered (the pack being archived holds them), so
/// that no address is reused.
struct NodeNumbers {
    /// `keys[i]`: the address of a node (0: empty slot); `values[i]` its number.
    private var keys: [UInt] = Array(repeating: 0, count: 1024)
    private var values: [Int] = Array(repeating: 0, count: 1024)
    private var count = 0

    @inline(__always)
    private func slot(_ key: UInt) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while keys[i] != key && keys[i] != 0 { i = (i + 1) & mask }
        return i
    }

    /// The number of `node`, if it has one.
    subscript(_ node: Node) -> Int? {
        let key = UInt(bitPattern: ObjectIdentifier(node))
        let i = slot(key)
        return keys[i] == key ? values[i] : nil
    }

    /// Gives `node` the number `n` (the table doubles when half full).
    mutating func set(_ node: Node, _ n: Int) {
        if (count + 1) * 2 > keys.count {
            let oldKeys = keys, oldValues = values
            keys = Array(repeating: 0, count: 2 * oldKeys.count)
            values = Array(repeating: 0, count: keys.count)
            for j in oldKeys.indices where oldKeys[j] != 0 {
                let i = slot(oldKeys[j])
                keys[i] = oldKeys[j]; values[i] = oldValues[j]
            }
        }
        let key = UInt(bitPattern: ObjectIdentifier(node))
        let i = slot(key)
        if keys[i] == 0 { count += 1 }
        keys[i] = key; values[i] = n
    }
}
