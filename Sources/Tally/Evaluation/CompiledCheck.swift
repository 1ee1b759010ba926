/// A check compiled once and run on many reports.
struct CompiledCheck: Sendable {
    struct CompiledBinding: Sendable {
        var variable: String
        var slot: Int
        var domain: Node
        var filter: Node?
        /// As ``Node/loopSlots`` and ``Node/hoists`` of a loop: the filter's parts that read
        /// none of these are evaluated once per domain (see ``Evaluator/evalInvariant(_:)``).
        var loopSlots: UInt64
        var hoists: Bool
    }
    /// A `let name = expr` clause: `value` is worked out into `slot` once per binding, after
    /// the first `afterPreconditions` preconditions held.
    struct CompiledLet: Sendable {
        var name: String
        var slot: Int
        var value: Node
        var afterPreconditions: Int
    }
    var id: String
    var title: String
    var severity: CheckSeverity
    var context: String?
    var bindings: [CompiledBinding]
    var preconditions: [Node]
    var lets: [CompiledLet] = []
    var assertion: Node
    var message: [CompiledMessagePart]
    var span: SourceSpan
    var slots: Int
    /// The assertion's deciding comparisons, computed once, sorted (see
    /// ``Evaluator/isDecisive(_:)``).
    var decisive: [ObjectIdentifier]
}

enum CompiledMessagePart: Sendable {
    case text(String)
    case node(Node)
}
