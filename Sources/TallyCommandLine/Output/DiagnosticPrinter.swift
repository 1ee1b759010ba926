import Tally

/// Prints language diagnostics to standard error with source snippets and CJK-correct carets.
package enum DiagnosticPrinter {
    package static func print(_ diagnostics: [Diagnostic], sources: [SourceFile], console: Console) {
        let renderer = DiagnosticRenderer(colors: console.errIsTerminal && !noColor)
        for d in diagnostics {
            let src = d.span.flatMap { span in sources.first { $0.path == span.file } } ?? (sources.count == 1 ? sources[0] : nil)
            console.err(renderer.render(d, source: src))
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 1 { console.err("\(errors) errors\n") }
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
