// Shared by the checker and evaluator fuzz targets: the conformance model, read once from
// $TALLY_FUZZ_MODEL (Scripts/fuzz.sh sets it to Tests/Conformance/model.json).
import Foundation
import Tally

enum FuzzModel {
    static func load() -> InMemoryModel {
        guard let path = ProcessInfo.processInfo.environment["TALLY_FUZZ_MODEL"],
              let text = try? String(contentsOfFile: path, encoding: .utf8),
              let model = try? JSONModel.parse(text) else {
            fatalError("set TALLY_FUZZ_MODEL to Tests/Conformance/model.json (Scripts/fuzz.sh does)")
        }
        return model
    }
}
