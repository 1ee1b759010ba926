// swift-tools-version: 6.0
import PackageDescription

/// Tally: a validation language and interpreter for Chinese department budget and
/// final-accounts disclosures. No third-party dependencies (the user's requirement).
let package = Package(
    name: "Tally",
    // Int128 (exact money arithmetic) needs macOS 15 on Apple platforms.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Tally", targets: ["Tally"]),
        .library(name: "TallyReports", targets: ["TallyReports"]),
        .executable(name: "tally", targets: ["tally"]),
    ],
    targets: [
        // The language core: syntax → semantics → evaluation. Never depends on loaders or terminals.
        .target(name: "Tally"),
        // Loads the extracted text of disclosure reports into the model the language evaluates.
        .target(name: "TallyReports", dependencies: ["Tally"]),
        // Commands, renderers, REPL and terminal handling behind the `tally` executable.
        .target(name: "TallyCommandLine", dependencies: ["Tally", "TallyReports"]),
        // Linked with the Swift runtime and Foundation built in on Linux: resolving the symbols of
        // twenty shared libraries was 11 M of the 14 M instructions a `tally --version` took, and
        // every call into them went through the PLT. The flag is needed when compiling too: it
        // makes the executable's objects name the static libraries Foundation needs (ICU…).
        .executableTarget(
            name: "tally", dependencies: ["TallyCommandLine"],
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))]
        ),
        // Speed figures for issue 7 (release build; see Docs/Benchmarks.md).
        .executableTarget(name: "TallyBench", dependencies: ["Tally", "TallyReports", "TallyCommandLine"]),
        // Shared helpers for the test targets (fixtures, paths, snapshot assertions).
        .target(name: "TallyTestSupport", dependencies: ["Tally", "TallyReports"]),
        .testTarget(name: "TallyTests", dependencies: ["Tally", "TallyTestSupport"]),
        // Fixtures and snapshots are read by path (TestPaths), not as bundle resources.
        .testTarget(name: "TallyReportsTests", dependencies: ["TallyReports", "TallyTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TallyCommandLineTests",
            dependencies: ["TallyCommandLine", "TallyTestSupport"],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
