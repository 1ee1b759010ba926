/// Limits that keep every check terminating and every input bounded. Each has its own test.
public enum Limits {
    /// Maximum nesting of expressions in source (parentheses, operators, calls). Parsing is
    /// recursive; this cap keeps the Swift stack far from overflowing (100,000 nested parentheses
    /// give error T0103).
    public static let maxNestingDepth = 200
    /// Maximum evaluation steps (node visits) for one check over one report, and for one `let`
    /// (evaluated once per report, its steps are its own, not those of the check that uses it
    /// first); stops pathological checks (nested loops over every row) with error T0303.
    public static let maxSteps = 5_000_000
    /// Maximum nesting of quantifiers and comprehensions at run time (error T0304).
    public static let maxEvaluationDepth = 64
    /// Maximum nesting of evaluation at run time, lets included (error T0304): a `let` is
    /// evaluated inside the expression that uses it, so lets built on lets nest deeper than any
    /// one expression, and a chain of them overflowed the stack. Each level takes about 7 KB of
    /// stack in release builds and 40 KB in debug ones; 128 levels stay well inside an 8 MB
    /// thread stack in both (and under AddressSanitizer), far beyond what real checks use.
    public static let maxRecursionDepth = 128
    /// Maximum length of a list built during evaluation (nested lists and the UTF-8 bytes of
    /// texts counted in full), and of a text joined with `+`, in bytes (error T0306).
    public static let maxCollectionSize = 1_000_000
    /// Maximum size of one source file (error T0106).
    public static let maxSourceBytes = 4 * 1024 * 1024
}
