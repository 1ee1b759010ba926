// libFuzzer target: load the input as a report with the shipped packs' table and fact
// declarations (Checks/部门决算 and Checks/部门预算, folder in $TALLY_FUZZ_CHECKS), then run each
// pack on what was loaded — the whole path `tally check` takes after reading the file.
// Built by Scripts/fuzz.sh loader; never part of the package build.
import Foundation
import Tally
import TallyReports

let shippedPacks: [(pack: Pack, loader: ReportLoader)] = {
    guard let dir = ProcessInfo.processInfo.environment["TALLY_FUZZ_CHECKS"] else {
        fatalError("set TALLY_FUZZ_CHECKS to the Checks folder (Scripts/fuzz.sh does)")
    }
    return ["部门决算", "部门预算"].map { name in
        let folder = URL(fileURLWithPath: dir).appendingPathComponent(name)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tally") }.sorted()
        let sources = names.map { n in
            SourceFile(path: n, text: (try? String(contentsOf: folder.appendingPathComponent(n), encoding: .utf8)) ?? "")
        }
        guard let pack = Pack.compile(sources: sources).pack else { fatalError("the shipped pack \(name) does not compile") }
        return (pack, ReportLoader(tables: pack.tableSpecs, facts: pack.factSpecs))
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReportLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for (pack, loader) in shippedPacks {
        do {
            let report = try loader.load(bytes: bytes, path: "<fuzz>")
            _ = pack.run(on: report)
        } catch {
            _ = error.description
        }
    }
    return 0
}
