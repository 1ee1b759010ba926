// libFuzzer target: compile the input as a pack (parser + checker), then run it on the
// conformance model (Tests/Conformance/model.json, path in $TALLY_FUZZ_MODEL) when it compiles.
// Includes are resolved by a host that refuses every path, as an embedder without files would.
// Built by Scripts/fuzz.sh checker; never part of the package build.
import Foundation
import Tally

let checkerModel: InMemoryModel = FuzzModel.load()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChecker(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = SourceFile(path: "<fuzz>", text: text)
    // Once without a model (only the pack's own tables), once with the model's tables.
    _ = Pack.compile(sources: [file])
    let comp = Pack.compile(sources: [file], model: checkerModel, resolveInclude: { _, _ in .failure(IncludeRefusal("fuzzing")) })
    if let pack = comp.pack {
        // Budgets stop every check, but a full 5,000,000-step run takes seconds under ASan: cut
        // runs at 2 s through the host's cancellation hook to keep the fuzzer fast (a check that
        // never polls it still shows up as a libFuzzer timeout).
        let deadline = ContinuousClock.now + .seconds(2)
        let results = pack.run(on: checkerModel, options: RunOptions(explainAll: true, isCancelled: { ContinuousClock.now > deadline }))
        for r in results { _ = r.location?.summary; _ = r.message }
    }
    return 0
}
