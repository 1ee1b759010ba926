import Tally
@testable import TallyReports

/// Loading a text with one fact template, and reading a field as written: what the suites that
/// test fact matching share.
protocol FactProbe {}

extension FactProbe {
    /// The facts `template` finds in `text` (declared as fact `f`, no tables).
    func facts(_ template: String, _ text: String) throws -> [Fact] {
        let loader = ReportLoader(tables: [], facts: [FactSpec(name: "f", templates: [template])])
        return try loader.load(bytes: Array(text.utf8), path: "t.txt").facts(kind: "f")
    }

    /// Field `name` of `f` as written, when it is a figure.
    func figure(_ f: Fact?, _ name: String) -> String? {
        if case .figure(let x, _)? = f?.fields[name] { return x.written }
        return nil
    }
}
