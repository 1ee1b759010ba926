import Foundation

/// A fresh directory under the system's temporary folder for one test's files, removed with
/// everything in it when the value is released, so a test run leaves nothing behind.
///
/// Keep the value alive for as long as the test uses the directory (an optimised build may
/// release a local after its last use, so end the test with `withExtendedLifetime`):
///
///     let scratch = try ScratchDirectory("tally-fmt")
///     defer { withExtendedLifetime(scratch) {} }
///     let file = scratch.file("a.tally")
public final class ScratchDirectory: Sendable {
    /// The directory (it exists until the value is released).
    public let url: URL

    /// Creates `<temporary folder>/<prefix>-<unique>`.
    public init(_ prefix: String = "tally-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The directory's path.
    public var path: String { url.path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
