import Foundation

/// Paths the test suites use: the repository, its fixtures, and the shared sample reports that
/// integration tests read when present (`../shared` beside the repository).
public enum TestPaths {
    /// The repository root (found from this source file's location).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // Sources/TallyTestSupport/TestPaths.swift
        return url
    }()

    /// `Tests/Conformance`.
    public static var conformance: URL { repositoryRoot.appendingPathComponent("Tests/Conformance") }

    /// `../shared` beside the repository, when present (CI puts it there; a bare clone has none).
    public static var shared: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("reports").path) ? url : nil
    }

    /// The message integration tests print when `../shared` is absent.
    public static let sharedMissing = "../shared/reports is absent beside the repository: skipping the sample-report integration test"

    /// Every file under `directory` with extension `ext`, sorted by path.
    public static func files(in directory: URL, withExtension ext: String) -> [URL] {
        guard let e = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let u as URL in e where u.pathExtension == ext { out.append(u) }
        return out.sorted { $0.path < $1.path }
    }

    /// Reads a UTF-8 file.
    public static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
