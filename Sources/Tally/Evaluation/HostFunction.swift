/// A pure function a host registers for packs to call, with its declared arity.
///
/// Host functions must be pure: the same arguments give the same result, and they do no I/O on
/// behalf of a pack. Errors they throw become check errors (T0307), never crashes.
public struct HostFunction: Sendable {
    /// The name packs call it by.
    public var name: String
    /// How many arguments it accepts.
    public var arity: ClosedRange<Int>
    /// The implementation.
    public var body: @Sendable ([Value]) throws -> Value

    /// Creates a host function.
    public init(name: String, arity: ClosedRange<Int>, body: @escaping @Sendable ([Value]) throws -> Value) {
        self.name = name; self.arity = arity; self.body = body
    }
}
