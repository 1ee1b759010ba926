/// Why an evaluation did not produce a value.
enum EvaluationError: Error {
    /// The report lacks data the expression needs: the result is *not applicable*.
    case notApplicable(String)
    /// The check itself is broken (a runtime fault): the result is an *error*.
    case fault(DiagnosticID, String, SourceSpan)
}
