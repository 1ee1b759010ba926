import Tally

/// `tally check --format sarif`: one SARIF 2.1.0 log for the whole run, for code-scanning tools
/// (GitHub code scanning, the SARIF viewers of editors).
///
/// - The rules are the pack's catalogue (`id`, `name` = id, `shortDescription` = the Chinese
///   title, `defaultConfiguration.level` from the severity), followed by the load diagnostic ids
///   and any check id a result names that the catalogue lacks, in order of first appearance.
/// - Each failing result is a SARIF result located in the report file (`uri` = the report path as
///   given, percent-encoded; `region.startLine` = the report line when known). Waived failures
///   are results too, with an external suppression carrying the waiver's reason.
/// - Each load diagnostic is a result whose rule is its id (`L003`), level from its severity.
/// - Broken checks (status `error`) and reports that could not be checked are tool execution
///   notifications of `invocations[0]`; `executionSuccessful` is false when a report could not
///   be checked.
///
/// Passing and not-applicable results are not written. The log needs every rule before any
/// result refers to it by index, so the writer collects: `begin` and `write` return nothing and
/// `end` returns the whole document.
package struct SARIFWriter: RunWriter {
    /// The schema URI written as `$schema`.
    package static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The `uriBaseId` given to relative report paths: the directory `tally check` ran in, which
    /// code-scanning uploads treat as the repository root.
    package static let sourceRoot = "%SRCROOT%"

    /// Pretty-print with two-space indentation (the default) or write one line.
    package var pretty: Bool
    /// `tool.driver.informationUri`: the tool's home page, written when given (an absolute URI).
    package var informationURI: String?
    /// `tool.driver.version`.
    package var toolVersion: String

    private var rules: [Rule] = []
    private var ruleIndex: [String: Int] = [:]
    private var results: [JSONValue] = []
    private var notifications: [JSONValue] = []
    private var executionSuccessful = true

    /// A rule of the log, kept until `end` writes the catalogue.
    private struct Rule {
        var id: String
        var description: String
        var level: String
    }

    /// Creates a writer.
    /// - Parameters:
    ///   - pretty: indent the JSON (default) or write it on one line.
    ///   - informationURI: the tool's home page, for `tool.driver.informationUri`; omitted when nil.
    ///   - toolVersion: the version reported in `tool.driver.version`.
    package init(pretty: Bool = true, informationURI: String? = nil, toolVersion: String = TallyMain.version) {
        self.pretty = pretty
        self.informationURI = informationURI
        self.toolVersion = toolVersion
    }

    /// Registers the pack's catalogue as the log's first rules; writes nothing.
    package mutating func begin(catalogue: [Pack.CheckInfo]) -> String {
        for info in catalogue {
            _ = rule(info.id, description: info.title, level: Self.level(info.severity))
        }
        return ""
    }

    /// Collects one report's findings; writes nothing.
    package mutating func write(_ run: ReportRun) -> String {
        let uri = Self.uri(forPath: run.path)
        if let failure = run.failure {
            executionSuccessful = false
            notifications.append(.object([
                ("level", .string("error")),
                ("message", message("\(run.path): \(failure)")),
                ("locations", .array([location(uri: uri, line: nil, note: nil)])),
            ]))
        }
        for issue in run.loadDiagnostics {
            let level = Self.level(issue.severity)
            let index = rule(issue.id, description: "report load diagnostic \(issue.id)", level: level)
            results.append(.object([
                ("ruleId", .string(issue.id)),
                ("ruleIndex", .int(index)),
                ("level", .string(level)),
                ("message", message(issue.message)),
                ("locations", .array([location(uri: uri, line: issue.line, note: issue.table)])),
            ]))
        }
        for result in run.results {
            switch result.status {
            case .fail, .waived:
                results.append(sarifResult(result, path: run.path, uri: uri))
            case .error:
                let index = rule(result.checkID, description: result.title, level: Self.level(result.severity))
                var n: [(String, JSONValue)] = [
                    ("level", .string("error")),
                    ("message", message("\(result.checkID) \(result.title): the check could not be evaluated: \(result.message)")),
                ]
                n.append(("locations", .array([location(uri: uri, line: result.location?.line, note: Self.where(result))])))
                n.append(("associatedRule", .object([("id", .string(result.checkID)), ("index", .int(index))])))
                notifications.append(.object(n))
            case .pass, .notApplicable:
                break
            }
        }
        return ""
    }

    /// The whole log, ending with a newline.
    package mutating func end() -> String {
        var driver: [(String, JSONValue)] = [("name", .string("tally")), ("version", .string(toolVersion))]
        if let info = informationURI { driver.append(("informationUri", .string(info))) }
        driver.append(("rules", .array(rules.map { r in
            .object([
                ("id", .string(r.id)),
                ("name", .string(r.id)),
                ("shortDescription", .object([("text", .string(r.description))])),
                ("defaultConfiguration", .object([("level", .string(r.level))])),
            ])
        })))
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(executionSuccessful))]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object(driver))])),
            ("invocations", .array([.object(invocation)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        let log: JSONValue = .object([
            ("$schema", .string(Self.schema)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.serialized(pretty: pretty) + "\n"
    }

    // MARK: - Pieces

    private mutating func sarifResult(_ r: CheckResult, path: String, uri: String) -> JSONValue {
        let level = Self.level(r.severity)
        let index = rule(r.checkID, description: r.title, level: level)
        var o: [(String, JSONValue)] = [
            ("ruleId", .string(r.checkID)),
            ("ruleIndex", .int(index)),
            ("level", .string(level)),
            ("message", message(FindingText.summary(r))),
            ("locations", .array([location(uri: uri, line: r.location?.line, note: Self.where(r))])),
        ]
        // Stable across edits that move lines: the check, the report and what the result is about.
        let identity = [r.checkID, path, r.binding ?? Self.where(r) ?? ""].joined(separator: "|")
        o.append(("partialFingerprints", .object([("tallyFinding/v1", .string(identity))])))
        var properties: [(String, JSONValue)] = []
        if let b = r.binding { properties.append(("binding", .string(b))) }
        if let t = FindingText.comparison(r) {
            properties += [("lhs", .string(t.lhs)), ("rhs", .string(t.rhs)), ("difference", .string(t.difference)),
                           ("allowance", .string(t.allowance)), ("percent", .bool(t.isPercent))]
        }
        if !properties.isEmpty { o.append(("properties", .object(properties))) }
        if r.status == .waived {
            var s: [(String, JSONValue)] = [("kind", .string("external")), ("status", .string("accepted"))]
            s.append(("justification", .string(r.waiver ?? "")))
            o.append(("suppressions", .array([.object(s)])))
        }
        return .object(o)
    }

    /// The index of rule `id`, adding it when the log does not have it yet.
    private mutating func rule(_ id: String, description: String, level: String) -> Int {
        if let i = ruleIndex[id] { return i }
        rules.append(Rule(id: id, description: description, level: level))
        ruleIndex[id] = rules.count - 1
        return rules.count - 1
    }

    private func message(_ text: String) -> JSONValue { .object([("text", .string(text))]) }

    private func location(uri: String, line: Int?, note: String?) -> JSONValue {
        var artifact: [(String, JSONValue)] = [("uri", .string(uri))]
        if !Self.isAbsoluteURI(uri) { artifact.append(("uriBaseId", .string(Self.sourceRoot))) }
        var physical: [(String, JSONValue)] = [("artifactLocation", .object(artifact))]
        if let line, line >= 1 { physical.append(("region", .object([("startLine", .int(line))]))) }
        var o: [(String, JSONValue)] = [("physicalLocation", .object(physical))]
        if let note, !note.isEmpty { o.append(("message", message(note))) }
        return .object(o)
    }

    /// What a result is about, without its line (the region has it): `公开05 21011 行政事业单位医疗 · 小计`.
    private static func `where`(_ r: CheckResult) -> String? {
        guard var l = r.location else { return nil }
        l.line = nil
        let s = l.summary
        return s.isEmpty ? nil : s
    }

    /// The SARIF level of a check severity.
    package static func level(_ s: CheckSeverity) -> String { s == .error ? "error" : "warning" }

    /// The SARIF level of a load diagnostic severity.
    package static func level(_ s: Diagnostic.Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    /// A report path as a URI reference: `/` separators, every byte outside RFC 3986's unreserved
    /// set percent-encoded (CJK names included; consumers decode them), absolute paths as `file:` URIs.
    package static func uri(forPath path: String) -> String {
        var p = path.replacingBackslashes()
        var prefix = ""
        if p.hasPrefix("/") {
            prefix = "file://"
        } else if p.utf8.count >= 2, let first = p.unicodeScalars.first, first.isASCIILetter,
                  p.unicodeScalars.dropFirst().first == ":" {
            prefix = "file:///"   // a Windows drive path, `C:/reports/…`
        }
        if p.hasPrefix("./") { p.removeFirst(2) }
        var out = prefix
        for b in p.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: ":") where !prefix.isEmpty:
                out += ":"
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    private static func isAbsoluteURI(_ uri: String) -> Bool { uri.hasPrefix("file:") }
}

/// Text the machine-readable formats share: a result in one line, and its comparison.
enum FindingText {
    /// The comparison of a result on one scale, when the result compares two figures.
    static func comparison(_ r: CheckResult) -> ComparisonText? {
        guard let l = r.lhs, let rh = r.rhs else { return nil }
        let difference = r.difference ?? ((try? l.value.subtracting(rh.value)) ?? .zero)
        return ComparisonText(lhs: l, rhs: rh, difference: difference, allowance: r.allowance ?? .zero)
    }

    /// `9111.11 vs 9110.11 (difference 1, allowance 0.01)`; percents carry `%`.
    static func comparisonLine(_ t: ComparisonText) -> String {
        "\(t.unit(t.lhs)) vs \(t.unit(t.rhs)) (difference \(t.unit(t.difference)), allowance \(t.unit(t.allowance)))"
    }

    /// The result's message (its title when the message is empty), then the comparison when it compares.
    static func summary(_ r: CheckResult) -> String {
        let text = r.message.isEmpty ? r.title : r.message
        guard let t = comparison(r) else { return text }
        return text + " — " + comparisonLine(t)
    }
}

private extension String {
    func replacingBackslashes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\\" ? "/" : $0 }))
    }
}

private extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
