import Foundation
import Tally

/// Accepted discrepancies, kept in a version-controlled JSON file:
///
/// ```json
/// {"waivers": [
///   {"check": "N-GROWTH", "report": "reports/004_*.txt", "line": 306,
///    "reason": "上年数口径调整，已与财政局确认", "by": "张三", "until": "2026-12-31"}
/// ]}
/// ```
/// `report` is a glob on the report path (`*` and `?`), `line` optional. A matching failure is
/// reported as *waived* with the reason and who accepted it — never dropped silently. Expired
/// waivers (past `until`) no longer apply and are reported on stderr.
struct Waivers {
    struct Waiver {
        var check: String
        var report: String?
        var line: Int?
        var reason: String
        var by: String
        var until: String?
    }
    var items: [Waiver] = []
    var expired: [Waiver] = []

    /// Today's date in the local time zone as `YYYY-MM-DD`, the form `until` is written in.
    static func today() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .current
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }

    static func load(path: String, today: String) throws -> Waivers {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WaiverError("cannot read waiver file '\(path)'")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch let e as JSONParseError {
            throw WaiverError("\(path): invalid JSON at byte \(e.offset): \(e.message)")
        }
        guard case .array(let list)? = root["waivers"] else { throw WaiverError("\(path): expected {\"waivers\": [...]}") }
        var w = Waivers()
        for (i, item) in list.enumerated() {
            guard let check = item["check"]?.stringValue, let reason = item["reason"]?.stringValue,
                  let by = item["by"]?.stringValue else {
                throw WaiverError("\(path): waiver \(i + 1) needs 'check', 'reason' and 'by'")
            }
            var line: Int? = nil
            if case .number(let n)? = item["line"] { line = Int(n) }
            let waiver = Waiver(check: check, report: item["report"]?.stringValue, line: line, reason: reason, by: by,
                                until: item["until"]?.stringValue)
            if let u = waiver.until, u < today { w.expired.append(waiver) } else { w.items.append(waiver) }
        }
        return w
    }

    /// Marks the failures a waiver covers as waived.
    func apply(to run: inout ReportRun) {
        guard !items.isEmpty else { return }
        for i in run.results.indices where run.results[i].status == .fail {
            let r = run.results[i]
            if let w = items.first(where: { w in
                w.check == r.checkID && (w.report.map { Waivers.glob($0, run.path) } ?? true)
                    && (w.line == nil || w.line == r.location?.line)
            }) {
                run.results[i].status = .waived
                run.results[i].waiver = "\(w.reason) — \(w.by)" + (w.until.map { "，有效期至 \($0)" } ?? "")
                run.counts[.fail, default: 1] -= 1
                run.counts[.waived, default: 0] += 1
            }
        }
    }

    /// Shell-style glob with `*` and `?`; a pattern without `/` matches the file name.
    static func glob(_ pattern: String, _ path: String) -> Bool {
        let subject = pattern.contains("/") ? path : (path.split(separator: "/").last.map(String.init) ?? path)
        let p = Array(pattern), s = Array(subject)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] { pi += 1; si += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = si; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; si = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

struct WaiverError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
