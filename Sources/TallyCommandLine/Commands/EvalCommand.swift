import Foundation
import Tally

/// `tally eval`: evaluates one expression, optionally against a model, and prints its value; for
/// a comparison, the verdict first, then both sides, the difference and the allowance.
enum EvalCommand {
    static let command = Command(
        name: "eval",
        summary: "evaluate one expression (against a JSON model or a report)",
        usage: "tally eval [--model FILE.json|REPORT.txt] [--table T] [--format text|json] [--explain] EXPR",
        details: """
        Prints the value of EXPR. For a comparison the first word is 'true' or 'false', followed by
        both sides' values, their difference and the rounding allowance that was applied.
        '==' is precision-aware: each figure stands for the interval its written decimals imply.

        Options:
          --model FILE   a JSON model (see README) or a report text file to evaluate against
          --pack DIR     the pack whose table and fact declarations read a report (default: by report type)
          --table T      evaluate inside table T, so rows and classifications need no table prefix
          --format F     text (default) or json
          --explain      show the value of every sub-expression under the source

        Exit status: 0 when it evaluated, 2 on a syntax, name or runtime error.
        """,
        example: "tally eval --model Examples/公开05.json --table 公开05 'sum(功能分类.210.*) == 卫生健康支出'",
        valued: ["--model", "--table", "--format", "--pack"],
        flags: ["--explain"],
        run: run)

    static func run(_ args: Arguments, _ console: Console) -> Int32 {
        guard !args.positionals.isEmpty else {
            console.err("error: no expression given\nusage: \(command.usage)\n"); return ExitStatus.failure
        }
        let text = args.positionals.joined(separator: " ")
        let format = args.value("--format") ?? "text"
        guard format == "text" || format == "json" else {
            console.err("error: unknown format '\(format)' (use text or json)\n"); return ExitStatus.failure
        }
        var model: any ReportModel = InMemoryModel()
        var environment = Environment()
        var pack: Pack? = nil
        if let path = args.value("--model") {
            switch ModelInput.load(path: path, packPath: args.value("--pack"), console: console) {
            case .failure: return ExitStatus.failure
            case .success(let loaded):
                model = loaded.model; pack = loaded.pack
                environment = Environment(model: model)
                if let p = loaded.pack {
                    for (k, v) in Environment(tables: p.tableSpecs, facts: p.factSpecs).tables where environment.tables[k] == nil { environment.tables[k] = v }
                    for (k, v) in Environment(tables: p.tableSpecs, facts: p.factSpecs).factKinds { environment.factKinds[k] = v }
                }
            }
        }
        let compilation = CompiledExpression.compile(text, environment: environment, table: args.value("--table"), pack: pack)
        guard let expr = compilation.expression else {
            DiagnosticPrinter.print(compilation.diagnostics, sources: [SourceFile(path: "<expr>", text: text)], console: console)
            return ExitStatus.failure
        }
        let result = expr.evaluate(on: model, explain: args.has("--explain"))
        if let e = result.error {
            DiagnosticPrinter.print([e], sources: [expr.source], console: console)
            return ExitStatus.failure
        }
        if let why = result.notApplicable {
            console.err("error: cannot evaluate here: \(why)\n")
            return ExitStatus.failure
        }
        guard let value = result.value else { return ExitStatus.failure }
        if format == "json" {
            console.out(ResultJSON.expression(value, result).serialized(pretty: true) + "\n")
        } else {
            console.out(ResultText.expression(value, result))
            if args.has("--explain") { console.out(ExplainRenderer.render(source: expr.source.text, trace: result.trace)) }
        }
        return ExitStatus.ok
    }
}
