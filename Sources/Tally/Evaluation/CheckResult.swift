/// The outcome of one check for one binding (one row, one fact, or the check as a whole).
public struct CheckResult: Sendable {
    /// Pass, fail, not applicable, error (the check itself is broken), or waived.
    public enum Status: String, Sendable, Hashable, Codable {
        case pass
        case fail
        /// The check needs data the report does not have; ``CheckResult/message`` says why.
        case notApplicable = "not_applicable"
        /// The check is broken (a runtime fault); never a failure of the report.
        case error
        /// A failure a reviewer accepted in a waiver file.
        case waived
    }

    /// The check's stable id (`R05-02`).
    public var checkID: String
    /// The check's Chinese title.
    public var title: String
    /// The check's severity: error (强制) or warning (提示).
    public var severity: CheckSeverity
    /// The outcome.
    public var status: Status
    /// What the result is about: table, row, column and report line.
    public var location: ResultLocation?
    /// The binding, in words (`row 2101599 其他医疗保障管理事务支出`), when the check iterates.
    public var binding: String?
    /// The compared left side, when the check's assertion is a comparison.
    public var lhs: Figure?
    /// The compared right side.
    public var rhs: Figure?
    /// Where the right side was read, when it is a single figure of the report (the left side's
    /// place is ``location``).
    public var rhsLocation: ResultLocation?
    /// `lhs - rhs`.
    public var difference: Rational?
    /// The rounding allowance applied (the largest |difference| that would have held).
    public var allowance: Rational?
    /// The message: the check's template filled in, or the reason for not applicable / error.
    public var message: String
    /// Every sub-expression's value, for explanations (empty unless explain was on or it failed).
    public var trace: [TraceEntry]
    /// For waived results: the waiver's reason.
    public var waiver: String?

    /// Creates a result.
    public init(checkID: String, title: String, severity: CheckSeverity, status: Status,
                location: ResultLocation? = nil, binding: String? = nil, lhs: Figure? = nil, rhs: Figure? = nil,
                difference: Rational? = nil, allowance: Rational? = nil, message: String = "",
                trace: [TraceEntry] = [], waiver: String? = nil) {
        self.checkID = checkID; self.title = title; self.severity = severity; self.status = status
        self.location = location; self.binding = binding; self.lhs = lhs; self.rhs = rhs
        self.difference = difference; self.allowance = allowance; self.message = message
        self.trace = trace; self.waiver = waiver
    }
}

/// A check's severity.
public enum CheckSeverity: String, Sendable, Hashable, Codable {
    /// 强制: a hard accounting identity; fails the run.
    case error
    /// 提示: a plausibility or wording check.
    case warning
}

/// Where a result, or a value in an explanation, comes from in the report.
public struct ResultLocation: Sendable, Hashable {
    /// The table name (`公开05`), if any.
    public var table: String?
    /// The row's code, if it has one.
    public var rowCode: String?
    /// The row's name.
    public var rowName: String?
    /// The column name.
    public var column: String?
    /// The fact kind, for narrative values.
    public var fact: String?
    /// The report line (1-based).
    public var line: Int?

    /// Creates a location.
    public init(table: String? = nil, rowCode: String? = nil, rowName: String? = nil, column: String? = nil,
                fact: String? = nil, line: Int? = nil) {
        self.table = table; self.rowCode = rowCode; self.rowName = rowName; self.column = column
        self.fact = fact; self.line = line
    }

    /// A short human description: `公开05 2101599 其他医疗保障管理事务支出 · 小计 (line 212)`.
    public var summary: String {
        var parts: [String] = []
        if let t = table { parts.append(t) }
        if let f = fact { parts.append("narrative " + f) }
        let row = [rowCode, rowName].compactMap { $0 }.joined(separator: " ")
        if !row.isEmpty { parts.append(row) }
        var s = parts.joined(separator: " ")
        if let c = column { s += (s.isEmpty ? "" : " · ") + c }
        if let l = line { s += (s.isEmpty ? "" : " ") + "(line \(l))" }
        return s
    }
}

/// One sub-expression's value in an explanation.
public struct TraceEntry: Sendable {
    /// The sub-expression's source span.
    public var span: SourceSpan
    /// The sub-expression as written.
    public var source: String
    /// Its value, rendered.
    public var value: String
    /// Where the value came from, when it was read from the report.
    public var origin: ResultLocation?

    /// Creates a trace entry.
    public init(span: SourceSpan, source: String, value: String, origin: ResultLocation? = nil) {
        self.span = span; self.source = source; self.value = value; self.origin = origin
    }
}
