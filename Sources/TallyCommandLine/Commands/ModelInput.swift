import Foundation
import Tally

/// Reads the model a command evaluates against: a JSON model, or (with the loader) a report.
enum ModelInput {
    struct Loaded {
        var model: any ReportModel
        var pack: Pack?
    }

    static func load(path: String, packPath: String?, console: Console) -> Result<Loaded, ModelInputFailure> {
        guard let data = FileManager.default.contents(atPath: path) else {
            console.err("error: cannot read '\(path)'\n"); return .failure(.init())
        }
        if path.hasSuffix(".json") {
            guard let text = String(data: data, encoding: .utf8) else {
                console.err("error: '\(path)' is not UTF-8 text\n"); return .failure(.init())
            }
            do { return .success(Loaded(model: try JSONModel.parse(text), pack: nil)) } catch {
                console.err("error: \(path): \(error)\n"); return .failure(.init())
            }
        }
        guard let (report, pack) = ReportInput.load(path: path, packName: packPath, console: console) else {
            return .failure(.init())
        }
        return .success(Loaded(model: report, pack: pack.pack))
    }
}

struct ModelInputFailure: Error {}
