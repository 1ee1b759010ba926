/// A check compiled once and run on many reports.
struct CompiledCheck: Sendable {
    struct CompiledBinding: Sendable {
        var variable: String
        var slot: Int
        var domain: Node
        var filter: Node?
    }
    var id: String
    var title: String
    var severity: CheckSeverity
    var context: String?
    var bindings: [CompiledBinding]
    var preconditions: [Node]
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
