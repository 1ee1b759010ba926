/// A `tally` subcommand: its name, one-line summary, usage, an example, and what it runs.
/// The one command table drives dispatch and `tally --help`.
package struct Command: Sendable {
    package var name: String
    package var summary: String
    package var usage: String
    package var details: String
    package var example: String
    package var valued: Set<String>
    package var flags: Set<String>
    package var run: @Sendable (Arguments, Console) -> Int32

    package var help: String {
        "\(summary)\n\nUsage: \(usage)\n\n\(details)\n\nExample:\n  \(example)\n"
    }
}

/// Exit statuses of every command.
package enum ExitStatus {
    /// Success, and no error-severity finding.
    package static let ok: Int32 = 0
    /// Checks ran and an error-severity finding was reported (or `fmt --check` found changes).
    package static let findings: Int32 = 1
    /// Something prevented the command: usage, unreadable input, a broken pack or expression.
    package static let failure: Int32 = 2
}
