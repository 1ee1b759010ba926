// libFuzzer target: compile the input as an expression (in the 公开05 context when the first
// byte is odd) against the conformance model, then evaluate it with tracing.
// Built by Scripts/fuzz.sh evaluator; never part of the package build.
import Foundation
import Tally

let evaluatorModel: InMemoryModel = FuzzModel.load()
let evaluatorEnvironment: Environment = {
    var env = Environment(model: evaluatorModel)
    env.factKinds = ["增长": ["金额", "增加额", "增长率", "科目"], "占比": ["金额", "占比", "科目"],
                     "完成率": ["预算", "决算", "完成率", "比较", "科目"]]
    return env
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvaluator(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let table: String? = bytes[0] & 1 == 1 ? "公开05" : nil
    let comp = CompiledExpression.compile(text, environment: evaluatorEnvironment, table: table, path: "<fuzz>")
    if let e = comp.expression {
        // Cut long (bounded) evaluations at 2 s, as in the checker target.
        let deadline = ContinuousClock.now + .seconds(2)
        let r = e.evaluate(on: evaluatorModel, explain: bytes[0] & 2 == 2, isCancelled: { ContinuousClock.now > deadline })
        _ = r.value?.display
    }
    return 0
}
