/// The evaluated arguments of one builtin call, the first three held inline.
///
/// Builtins take one to three arguments; collecting them in an `Array` allocated storage on
/// every call (about one call in ten steps of a run). Held in place, they cost no allocation;
/// an array is built only where a builtin needs one (``array``: `sum(a, b, c)`, `count(x)` of
/// a non-list).
struct ArgumentValues {
    private var first: Value?, second: Value?, third: Value?
    /// The arguments after the third, in order.
    private var rest: [Value] = []
    /// How many arguments have been appended.
    private(set) var count = 0

    /// Appends the next argument.
    mutating func append(_ v: Value) {
        switch count {
        case 0: first = v
        case 1: second = v
        case 2: third = v
        default: rest.append(v)
        }
        count += 1
    }

    /// Argument `i` (`0 ..< count`).
    subscript(i: Int) -> Value {
        switch i {
        case 0: return first!
        case 1: return second!
        case 2: return third!
        default: return rest[i - 3]
        }
    }

    /// The arguments as an array, in order.
    var array: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(self[i]) }
        return out
    }
}
