import Tally

/// What the templates of one pack have in common, worked out once for all of them while a
/// ``ReportLoader`` compiles them (``FactTemplate/compile(_:memo:)``).
///
/// A pack writes the same few choices over and over (`[，|。|,]`, `{单位:万元|元}`: 1,144 choices
/// but 89 different ones in 部门预算), and the templates of one fact capture the same names:
/// splitting, keying and sorting each choice again, and hashing each Chinese capture name into a
/// new field dictionary (with normalisation), was about a third of building a loader.
struct FactTemplateMemo {
    /// A template's fields with placeholder values, and the entry of each capture in them (see
    /// ``FactTemplate/fieldPrototype`` and ``FactTemplate/fieldSlots``).
    struct Fields {
        let prototype: [String: FactField]
        let slots: [Dictionary<String, FactField>.Index]
    }

    /// Bytes as a dictionary key, hashed in one go (an array of bytes hashes byte by byte).
    struct ByteKey: Hashable {
        let bytes: [UInt8]

        static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The words of each choice by the bytes written between its brackets (or after the colon).
    private var choices: [ByteKey: [[UInt8]]?] = [:]
    /// The fields of each list of capture names, by the names' bytes (each followed by a zero).
    private var fields: [ByteKey: Fields] = [:]

    /// The words of the choice written as `written`, made by `make` the first time.
    mutating func words(of written: ArraySlice<UInt8>, _ make: (ArraySlice<UInt8>) -> [[UInt8]]?) -> [[UInt8]]? {
        let key = ByteKey(bytes: Array(written))
        if let hit = choices[key] { return hit }
        let words = make(written)
        choices[key] = .some(words)
        return words
    }

    /// The fields of a template capturing `names`, in order (names may repeat).
    mutating func fields(named names: [String]) -> Fields {
        var bytes: [UInt8] = []
        for n in names { bytes.append(contentsOf: n.utf8); bytes.append(0) }
        let key = ByteKey(bytes: bytes)
        if let hit = fields[key] { return hit }
        var prototype: [String: FactField] = [:]
        prototype.reserveCapacity(names.count)
        for n in names { prototype[n] = .text("", line: 0) }
        let made = Fields(prototype: prototype, slots: names.map { prototype.index(forKey: $0)! })
        fields[key] = made
        return made
    }
}
