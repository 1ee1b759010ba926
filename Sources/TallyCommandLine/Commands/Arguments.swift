/// A small command-line parser: options with values (`--format json`, `--format=json`), flags,
/// and positionals, with `--` ending options and `-` meaning standard input.
package struct Arguments {
    package var positionals: [String] = []
    package var options: [String: [String]] = [:]
    package var flags: Set<String> = []

    /// A usage error, printed with the command's usage line; exit status 2.
    package struct UsageError: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
        package init(_ m: String) { message = m }
    }

    /// Parses `args` given which options take values and which are flags.
    package init(_ args: [String], valued: Set<String>, flags known: Set<String>) throws {
        var i = 0, onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") { positionals.append(a); continue }
            if a == "--" { onlyPositionals = true; continue }
            var name = a, value: String? = nil
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq]); value = String(a[a.index(after: eq)...])
            }
            if valued.contains(name) {
                if value == nil {
                    guard i < args.count else { throw UsageError("option '\(name)' needs a value") }
                    value = args[i]; i += 1
                }
                options[name, default: []].append(value!)
            } else if known.contains(name) {
                if value != nil { throw UsageError("flag '\(name)' takes no value") }
                flags.insert(name)
            } else {
                // Negative numbers in expressions (`tally eval -1 + 2`) are positionals.
                if let c = a.dropFirst().first, c.isNumber { positionals.append(a); continue }
                throw UsageError("unknown option '\(name)'")
            }
        }
    }

    package func value(_ name: String) -> String? { options[name]?.last }
    package func has(_ flag: String) -> Bool { flags.contains(flag) }
}
