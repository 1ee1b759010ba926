/// An expression node. Every node has an id (unique within its source) so explanations can
/// attach values to sub-expressions, and the span of the source it came from.
public struct Expr: Sendable {
    /// Unique within one parse.
    public var id: Int
    /// Source range.
    public var span: SourceSpan
    /// What the node is.
    public var kind: ExprKind
    /// Whether the source wrote the node in parentheses (`(a or b)`): for tools that care how
    /// far a quantifier's body reaches (``Linter``); evaluation does not.
    public var parenthesized = false

    /// Creates a node.
    public init(id: Int, span: SourceSpan, kind: ExprKind) {
        self.id = id; self.span = span; self.kind = kind
    }
}

/// Expression forms; see `Grammar/tally.ebnf`.
public indirect enum ExprKind: Sendable {
    /// A decimal literal with its written decimals.
    case number(Rational, decimals: Int)
    /// A percent literal (`12.8%`): the percent number and its written decimals.
    case percent(Rational, decimals: Int)
    case string(String)
    case bool(Bool)
    /// A bare name.
    case name(String)
    /// `base.segment`.
    case member(Expr, PathSegment)
    /// `base[index]`: a row by code or name computed at run time.
    case index(Expr, Expr)
    /// `f(args)`.
    case call(String, [Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// A comparison, with its equality mode.
    case compare(ComparisonOperator, Expr, Expr, ComparisonMode)
    /// `if c then a else b`.
    case conditional(Expr, Expr, Expr)
    /// `all x in xs where c: body` / `any …`.
    case quantifier(Quantifier, Binding, Expr)
    /// `[body for x in xs where c]`, also as the sole argument of a call: `sum(body for x in xs)`.
    case comprehension(Expr, Binding)
    /// `[a, b, c]`.
    case list([Expr])
    /// What the parser produced where a syntax error was reported; never evaluated.
    case invalid
}

/// One path segment after a dot.
public enum PathSegment: Sendable, Hashable {
    /// A name: a column, a row, a property, a fact field.
    case name(String)
    /// A numeric segment: a classification code or 行次.
    case code(String)
    /// `.*`: the children.
    case children
    /// `.**`: all descendants.
    case descendants
}

/// `for x in xs where c`.
public struct Binding: Sendable {
    /// The variable.
    public var variable: String
    /// The variable's span.
    public var variableSpan: SourceSpan
    /// The collection.
    public var domain: Expr
    /// The optional filter.
    public var filter: Expr?
}

public enum Quantifier: String, Sendable, CaseIterable { case all, any }
public enum UnaryOperator: String, Sendable { case negate = "-", not }
public enum BinaryOperator: String, Sendable, CaseIterable { case add = "+", subtract = "-", multiply = "*", divide = "/", and, or }
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// How `==`/`!=` judge equality.
public enum ComparisonMode: Sendable {
    /// The default: the intervals implied by each side's precision meet.
    case precision
    /// `exactly a == b`: exact values (a percent against the other side rounded to its decimals).
    case exact
    /// `a == b within t`: |a - b| ≤ t.
    case within(Expr)
}

// MARK: - Declarations

/// A top-level declaration of a pack file.
public enum Declaration: Sendable {
    case table(TableDeclaration)
    case fact(FactDeclaration)
    case check(CheckDeclaration)
    case `let`(LetDeclaration)
    case include(path: String, span: SourceSpan)
}

/// `table NAME "title", "alias" { … }`.
public struct TableDeclaration: Sendable {
    public var spec: TableSpec
    public var span: SourceSpan
    public var nameSpan: SourceSpan
}

/// `fact NAME "template", "template"`.
public struct FactDeclaration: Sendable {
    public var spec: FactSpec
    public var span: SourceSpan
    public var nameSpan: SourceSpan
}

/// `check ID "title" severity [on T] {for … | when … | let … = …} : assertion [message "…"]`.
public struct CheckDeclaration: Sendable {
    public var id: String
    public var title: String
    public var severity: CheckSeverity
    /// The table context (`on 公开05`, or an enclosing `on 公开05 { … }` block).
    public var context: String?
    public var bindings: [Binding]
    /// `when` preconditions: when one is false the binding is *not applicable*.
    public var preconditions: [Expr]
    /// `let name = expr` clauses: values worked out once per binding, in clause order among the
    /// `when` preconditions, and read by name in later clauses, the assertion and the message.
    public var lets: [LetClause] = []
    public var assertion: Expr
    /// The message template: literal parts and `{expr}` interpolations.
    public var message: [MessagePart]
    public var span: SourceSpan
    public var idSpan: SourceSpan
}

/// `let name = expr` among a check's clauses.
public struct LetClause: Sendable {
    public var name: String
    public var nameSpan: SourceSpan
    public var value: Expr
    /// How many `when` preconditions come before it: it is worked out after those and before
    /// the rest, so a `when` can guard what it needs (`when count(xs) == 1 let x = first(xs)`).
    public var afterPreconditions: Int
}

/// A part of a message template.
public enum MessagePart: Sendable {
    case text(String)
    case expr(Expr)
}

/// `let NAME = expr`.
public struct LetDeclaration: Sendable {
    public var name: String
    /// The parameters of a function (`let 表数(x, u) = …`); empty for a value.
    public var parameters: [String] = []
    public var value: Expr
    public var context: String?
    public var span: SourceSpan
    public var nameSpan: SourceSpan
}

/// A parsed source file.
public struct SourceUnit: Sendable {
    public var file: SourceFile
    public var declarations: [Declaration]
}
