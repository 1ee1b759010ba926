import Tally

/// Prints language diagnostics to standard error with source snippets and CJK-correct carets.
package enum DiagnosticPrinter {
    package static func print(_ diagnostics: [Diagnostic], sources: [SourceFile], console: Console) {
        console.err(render(diagnostics, sources: sources, console: console))
    }

    /// The diagnostics as `print` writes them, as one text: a caller that writes it at once keeps
    /// it in one piece when two packs compile on two threads.
    package static func render(_ diagnostics: [Diagnostic], sources: [SourceFile], console: Console) -> String {
        let renderer = DiagnosticRenderer(colors: console.errIsTerminal && !noColor)
        var out = ""
        for d in diagnostics {
            let src = d.span.flatMap { span in sources.first { $0.path == span.file } } ?? (sources.count == 1 ? sources[0] : nil)
            out += renderer.render(d, source: src)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 1 { out += "\(errors) errors\n" }
        return out
    }

    static var noColor: Bool { getenvString("NO_COLOR") != nil }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}
