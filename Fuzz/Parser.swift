// libFuzzer target: the parser (pack units and standalone expressions) plus diagnostic rendering.
// Built by Scripts/fuzz.sh parser; never part of the package build.
import Tally

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = SourceFile(path: "<fuzz>", text: text)
    var unitParser = Parser(file: file)
    _ = unitParser.parseUnit()
    var exprParser = Parser(file: file)
    _ = exprParser.parseStandaloneExpression()
    // Rendering carets under the source must cope with any span the parser reports.
    let all = unitParser.diagnostics + exprParser.diagnostics
    let renderer = DiagnosticRenderer()
    for d in all.prefix(20) {
        _ = renderer.render(d, source: file)
        _ = renderer.json(d, source: file)
    }
    return 0
}
