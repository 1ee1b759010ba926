/// The catalogue of diagnostic ids. Each id is stable across releases; the conformance suite has
/// a file exercising every one.
public struct DiagnosticID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The severity a diagnostic with this id has unless stated otherwise.
    public var defaultSeverity: Diagnostic.Severity {
        DiagnosticID.warnings.contains(self) ? .warning : .error
    }
    static let warnings: Set<DiagnosticID> = [.unusedLet]

    // MARK: Lexer (T00xx)
    /// A character that cannot start any token.
    public static let unexpectedCharacter = DiagnosticID(rawValue: "T0001")
    /// A string literal without its closing quote.
    public static let unterminatedString = DiagnosticID(rawValue: "T0002")
    /// A malformed number literal.
    public static let malformedNumber = DiagnosticID(rawValue: "T0003")
    /// A number literal too large or too precise to hold exactly.
    public static let numberTooLarge = DiagnosticID(rawValue: "T0004")
    /// A backtick-quoted name without its closing backtick.
    public static let unterminatedQuotedName = DiagnosticID(rawValue: "T0005")

    // MARK: Parser (T01xx)
    /// A token that does not fit the grammar here.
    public static let unexpectedToken = DiagnosticID(rawValue: "T0101")
    /// The input ended in the middle of a construct.
    public static let unexpectedEnd = DiagnosticID(rawValue: "T0102")
    /// Expressions nested deeper than ``Limits/maxNestingDepth``.
    public static let nestingTooDeep = DiagnosticID(rawValue: "T0103")
    /// A check severity other than error/warning/强制/提示.
    public static let unknownSeverity = DiagnosticID(rawValue: "T0104")
    /// A table item the grammar does not know.
    public static let unknownTableItem = DiagnosticID(rawValue: "T0105")
    /// A source file larger than ``Limits/maxSourceBytes``.
    public static let sourceTooLarge = DiagnosticID(rawValue: "T0106")

    // MARK: Names and types (T02xx)
    /// A name that resolves to nothing.
    public static let unknownName = DiagnosticID(rawValue: "T0201")
    /// A name that resolves to more than one thing.
    public static let ambiguousName = DiagnosticID(rawValue: "T0202")
    /// A column name the table does not declare.
    public static let unknownColumn = DiagnosticID(rawValue: "T0203")
    /// A function that does not exist.
    public static let unknownFunction = DiagnosticID(rawValue: "T0204")
    /// A function called with the wrong number of arguments.
    public static let wrongArity = DiagnosticID(rawValue: "T0205")
    /// A table name no declaration or model provides.
    public static let unknownTable = DiagnosticID(rawValue: "T0206")
    /// A fact kind or fact field no pattern declares.
    public static let unknownFact = DiagnosticID(rawValue: "T0207")
    /// Two declarations with the same name or check id.
    public static let duplicateDeclaration = DiagnosticID(rawValue: "T0208")
    /// An operation applied to a value of the wrong type, known at compile time.
    public static let typeMismatch = DiagnosticID(rawValue: "T0209")
    /// A `let` that nothing uses.
    public static let unusedLet = DiagnosticID(rawValue: "T0210")
    /// A `let` that refers to itself, directly or through other lets.
    public static let cyclicLet = DiagnosticID(rawValue: "T0211")
    /// An include outside the pack's folder, or one that cannot be read.
    public static let includeRefused = DiagnosticID(rawValue: "T0212")

    // MARK: Evaluation (T03xx)
    /// A division by an exact zero.
    public static let divisionByZero = DiagnosticID(rawValue: "T0301")
    /// An exact value left the 128-bit range.
    public static let arithmeticOverflow = DiagnosticID(rawValue: "T0302")
    /// Evaluation took more than ``Limits/maxSteps`` steps.
    public static let stepBudgetExceeded = DiagnosticID(rawValue: "T0303")
    /// Evaluation nested deeper than ``Limits/maxEvaluationDepth``.
    public static let evaluationTooDeep = DiagnosticID(rawValue: "T0304")
    /// A value of the wrong type at run time.
    public static let runtimeTypeError = DiagnosticID(rawValue: "T0305")
    /// A list longer than ``Limits/maxCollectionSize``.
    public static let collectionTooLarge = DiagnosticID(rawValue: "T0306")
    /// A host function reported an error.
    public static let hostFunctionFailed = DiagnosticID(rawValue: "T0307")
    /// Evaluation was cancelled by the host.
    public static let cancelled = DiagnosticID(rawValue: "T0308")

    /// Every id of the language core, for documentation and the conformance suite.
    public static let all: [DiagnosticID] = [
        .unexpectedCharacter, .unterminatedString, .malformedNumber, .numberTooLarge, .unterminatedQuotedName,
        .unexpectedToken, .unexpectedEnd, .nestingTooDeep, .unknownSeverity, .unknownTableItem, .sourceTooLarge,
        .unknownName, .ambiguousName, .unknownColumn, .unknownFunction, .wrongArity, .unknownTable,
        .unknownFact, .duplicateDeclaration, .typeMismatch, .unusedLet, .cyclicLet, .includeRefused,
        .divisionByZero, .arithmeticOverflow, .stepBudgetExceeded, .evaluationTooDeep, .runtimeTypeError,
        .collectionTooLarge, .hostFunctionFailed, .cancelled,
    ]
}
