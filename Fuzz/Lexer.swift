// libFuzzer target: the lexer over arbitrary bytes (decoded leniently, as `tally` reads sources).
// Built by Scripts/fuzz.sh lexer; never part of the package build.
import Tally

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLexer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var lexer = Lexer(source: text, file: "<fuzz>")
    let tokens = lexer.tokenize()
    // Every span must lie inside the source and end after it starts.
    let n = text.utf8.count
    for t in tokens where t.span.start > t.span.end || t.span.end > n {
        fatalError("token span \(t.span.start)..<\(t.span.end) outside 0..<\(n)")
    }
    for d in lexer.diagnostics { if let s = d.span, s.start > s.end || s.end > n { fatalError("diagnostic span outside the source") } }
    return 0
}
