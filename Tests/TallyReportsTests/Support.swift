import Foundation
import Tally
import TallyReports
import TallyTestSupport

/// Paths and helpers for the loader tests.
enum Support {
    /// `Tests/TallyReportsTests/Fixtures`.
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// `<repo>/../shared`, when present.
    static let shared: URL? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }       // Tests/TallyReportsTests/Support.swift
        let s = url.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: s.appendingPathComponent("reports").path) ? s : nil
    }()

    static let loader = ReportLoader(tables: SampleSpecs.allTables, facts: SampleSpecs.facts)

    /// Loads a report's text with every sample declaration.
    static func load(_ text: String, loader: ReportLoader = Support.loader) throws -> LoadedReport {
        try loader.load(bytes: Array(text.utf8), path: "t.txt")
    }

    /// The two header lines of ``splitExpenseTable(_:title:unit:)``.
    static let expenseTableHeader = "项目\t\t本年支出合计\t基本支出\t项目支出\n科目编码\t科目名称"

    /// A 公开03 支出决算表 whose rows are split in two by the lines `pageBreak` (between the 20805 row
    /// and the 221 row): how page footers, running titles, continuation titles and repeated headers
    /// inside a table are tested.
    /// `unit` is the line under the table's number (`nil`: none, for titles that carry the unit).
    static func splitExpenseTable(_ pageBreak: String, title: String = "支出决算表", unit: String? = "单位：万元") -> String {
        """
        \(title)
        公开03表
        \(unit.map { $0 + "\n" } ?? "")\(expenseTableHeader)
        \t合计\t300.00\t200.00\t100.00
        208\t社会保障和就业支出\t200.00\t200.00\t
        20805\t行政事业单位养老支出\t200.00\t200.00\t
        \(pageBreak)
        221\t住房保障支出\t100.00\t\t100.00
        22102\t住房改革支出\t100.00\t\t100.00

        注：本表反映部门本年度各项支出情况。

        """
    }

    /// Loads a fixture with every sample declaration.
    static func fixture(_ name: String, loader: ReportLoader = Support.loader) throws -> LoadedReport {
        try loader.load(path: fixtures.appendingPathComponent(name).path)
    }

    /// A temporary directory for generated files.
    static func temporaryDirectory() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("tally-loader-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}

extension LoadedReport {
    /// The diagnostics with this id.
    func diagnostics(_ id: String) -> [LoadDiagnostic] { diagnostics.filter { $0.id == id } }

    /// The figure of `column` in the first row with `code` (or named `name`) of `table`.
    func value(_ table: String, code: String? = nil, name: String? = nil, group: String? = nil, _ column: String) -> Figure? {
        guard let t = self.table(named: table), let c = t.column(named: column) else { return nil }
        let candidates: [Int] = code.map { t.rows(code: $0) } ?? name.map { t.rows(named: $0) } ?? []
        for i in candidates where group == nil || t.rows[i].group == group { return t.rows[i].cells[c].figure }
        return nil
    }
}

extension Figure {
    /// The figure as written without separators (`9111.11`, `12.8%`).
    var written: String { kind == .percent ? display : jsonString() }
}
