import Foundation
import Testing

/// The environment variable that re-records snapshots: `TALLY_RECORD_SNAPSHOTS=1 swift test`.
public let recordSnapshotsVariable = "TALLY_RECORD_SNAPSHOTS"

/// Compares `text` with the snapshot file `__Snapshots__/<name>` beside the calling test file.
///
/// - When they differ, the test fails with the first differing line (and the actual output is
///   written to the temporary directory for a full diff).
/// - When the file is missing, it is written and the test fails once, saying so: CI never passes
///   on a snapshot nobody has looked at. Commit the recorded file.
/// - With `TALLY_RECORD_SNAPSHOTS=1`, a differing snapshot is rewritten and the test fails,
///   saying it was re-recorded; an identical one passes.
///
/// - Parameters:
///   - text: the rendered output.
///   - name: the snapshot's file name, extension included (`check.sarif.json`).
///   - file: the calling test file (its folder holds `__Snapshots__`).
///   - sourceLocation: where failures are reported.
public func assertSnapshot(_ text: String, named name: String, file: String = #filePath,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let url = folder.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment[recordSnapshotsVariable] == "1"
    let stored = FileManager.default.fileExists(atPath: url.path)
        ? (try? String(contentsOf: url, encoding: .utf8)) : nil

    if let stored, stored == text { return }

    if stored == nil || record {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            let what = stored == nil ? "was missing and has been recorded" : "differed and has been re-recorded"
            Issue.record("Snapshot \(name) \(what) at \(url.path): review it, commit it and run the tests again.",
                         sourceLocation: sourceLocation)
        } catch {
            Issue.record("Snapshot \(name) could not be written to \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }

    let actual = FileManager.default.temporaryDirectory.appendingPathComponent("tally-snapshots")
    try? FileManager.default.createDirectory(at: actual, withIntermediateDirectories: true)
    let actualURL = actual.appendingPathComponent(name)
    try? Data(text.utf8).write(to: actualURL, options: .atomic)
    Issue.record("""
        Snapshot \(name) differs from \(url.path):
        \(snapshotDifference(expected: stored ?? "", actual: text))
        The actual output is in \(actualURL.path); run with \(recordSnapshotsVariable)=1 to re-record.
        """, sourceLocation: sourceLocation)
}

/// The first differing line of two texts, with a line of context before it.
public func snapshotDifference(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var i = 0
    while i < e.count, i < a.count, e[i] == a[i] { i += 1 }
    var out: [String] = []
    if i > 0 { out.append("  \(i): \(e[i - 1])") }
    out.append("- \(i + 1): " + (i < e.count ? String(e[i]) : "<end of snapshot>"))
    out.append("+ \(i + 1): " + (i < a.count ? String(a[i]) : "<end of output>"))
    out.append("(expected \(e.count) lines, got \(a.count))")
    return out.joined(separator: "\n")
}
