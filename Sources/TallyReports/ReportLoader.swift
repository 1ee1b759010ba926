import Foundation
import Tally

/// Loads the extracted text of a 部门预算 or 部门决算 report into the model Tally evaluates,
/// reading tables and narrative facts as a pack declares them.
///
/// A loader is built once from the pack's table and fact declarations (titles are indexed and
/// templates compiled then) and reused for every report; it is a value and `Sendable`.
///
/// ```swift
/// let loader = ReportLoader(tables: pack.tables, facts: pack.facts)
/// let report = try loader.load(path: "report.txt")
/// for d in report.diagnostics { print(d) }
/// ```
public struct ReportLoader: Sendable {
    /// The largest file ``load(path:)`` reads: 16 MB, over 300 times the largest report seen,
    /// so memory stays bounded (about six times the file size at the peak).
    public static let maxFileBytes = 16 * 1024 * 1024

    /// The table declarations.
    public let tableSpecs: [TableSpec]
    /// The fact declarations.
    public let factSpecs: [FactSpec]
    let titleIndex: TitleIndex
    /// The table declarations with what is derived from them, by declaration index.
    let preparedTables: [PreparedTableSpec]
    let templates: [(spec: Int, template: FactTemplate)]
    /// The distinct anchors (first literals) of the templates, and each template's anchor.
    let anchors: [[UInt8]]
    let templateAnchors: [Int]
    /// The anchors indexed for one pass over a report.
    let anchorIndex: AnchorIndex
    /// For each template (by index in ``templates``), for each element: a number shared by the
    /// elements of all templates with the same lead and second bytes
    /// (``FactMatcher/Precheck``), -1 for an element that can start with anything; text captures
    /// and gaps before equal elements grow alike, so the matcher remembers growths by it.
    let precheckIDs: [[Int32]]
    /// For each template, for each of its ``FactTemplate/sentenceLiterals``: a number shared by
    /// equal literals of all templates, by which a load remembers where each starts in each
    /// sentence (``FactMatcher/reachesSentenceLiterals(_:at:ids:)``).
    let sentenceLiteralIDs: [[Int32]]
    let templateErrors: [String]
    /// For each template, the number of its position filter: templates with the same anchor,
    /// ``FactTemplate/precedingBytes`` and continuation (``FactTemplate/continuationStarts``, or
    /// the element after the anchor without them) rule out the same anchor positions
    /// (``FactMatcher/mayPrecede(_:at:)``, ``FactMatcher/mayContinue(_:at:)``), so a load
    /// filters the positions once per number (the 增长 and 下降 families open alike).
    let templateFilters: [Int]
    /// The number of distinct position filters.
    let filterCount: Int

    /// Creates a loader for a pack's declarations.
    /// - Parameters:
    ///   - tables: the table declarations (titles, row keys, columns, groups).
    ///   - facts: the fact declarations; templates that cannot be used are reported as `L015`
    ///     diagnostics on every load (see ``validate(template:)``).
    public init(tables: [TableSpec], facts: [FactSpec]) {
        tableSpecs = tables
        factSpecs = facts
        titleIndex = TitleIndex(specs: tables)
        preparedTables = tables.map(PreparedTableSpec.init)
        var compiled: [(Int, FactTemplate)] = [], errors: [String] = []
        var memo = FactTemplateMemo()
        for (i, f) in facts.enumerated() {
            for t in f.templates {
                switch FactTemplate.compile(t, memo: &memo) {
                case .success(let c): compiled.append((i, c))
                case .failure(let e): errors.append("fact '\(f.name)': \(e.message)")
                }
            }
        }
        templates = compiled
        var precheckNumbers: [[UInt64]: Int32] = [:]
        precheckIDs = compiled.map { (_, t) in
            t.leadBytes.indices.map { k -> Int32 in
                guard let lead = t.leadBytes[k] else { return -1 }
                let second = t.secondBytes[k]
                let words = [lead.bits.0, lead.bits.1, lead.bits.2, lead.bits.3, second == nil ? 0 : 1,
                             second?.bits.0 ?? 0, second?.bits.1 ?? 0, second?.bits.2 ?? 0, second?.bits.3 ?? 0]
                if let id = precheckNumbers[words] { return id }
                let id = Int32(precheckNumbers.count)
                precheckNumbers[words] = id
                return id
            }
        }
        var literalNumbers: [[UInt8]: Int32] = [:]
        sentenceLiteralIDs = compiled.map { (_, t) in
            t.sentenceLiterals.map { l in
                if let id = literalNumbers[l] { return id }
                let id = Int32(literalNumbers.count)
                literalNumbers[l] = id
                return id
            }
        }
        var anchors: [[UInt8]] = [], templateAnchors: [Int] = [], anchorNumbers: [[UInt8]: Int] = [:]
        for (_, t) in compiled {
            guard case .literal(let a) = t.elements[t.anchor] else { templateAnchors.append(anchors.count); anchors.append([]); continue }
            if let k = anchorNumbers[a] { templateAnchors.append(k) } else {
                anchorNumbers[a] = anchors.count
                templateAnchors.append(anchors.count); anchors.append(a)
            }
        }
        self.anchors = anchors
        self.templateAnchors = templateAnchors
        var filterNumbers: [[Int]: Int] = [:], filters: [Int] = []
        for (ti, (_, t)) in compiled.enumerated() {
            var key = [templateAnchors[ti]]
            if let p = t.precedingBytes {
                key += [1, Int(truncatingIfNeeded: p.bits.0), Int(truncatingIfNeeded: p.bits.1),
                        Int(truncatingIfNeeded: p.bits.2), Int(truncatingIfNeeded: p.bits.3)]
            } else {
                key.append(0)
            }
            if let starts = t.continuationStarts {
                key += [1, starts.count] + starts + t.continuationBytes.map { Int($0) }
            } else {
                // Without continuation strings: the element after the anchor by its lead and
                // second bytes (none: anything continues).
                let k = t.anchor + 1
                key += [0, k < precheckIDs[ti].count ? Int(precheckIDs[ti][k]) : -1]
            }
            if let f = filterNumbers[key] { filters.append(f) } else {
                filterNumbers[key] = filterNumbers.count
                filters.append(filterNumbers.count - 1)
            }
        }
        templateFilters = filters
        filterCount = filterNumbers.count
        anchorIndex = AnchorIndex(anchors: anchors)
        templateErrors = errors
    }

    /// Checks a fact template's syntax.
    /// - Returns: `nil` when the template is usable, otherwise what is wrong with it.
    public static func validate(template: String) -> String? {
        switch FactTemplate.compile(template) {
        case .success: nil
        case .failure(let e): e.message
        }
    }

    /// Reads and loads a report file.
    ///
    /// - Parameter path: the file to read.
    /// - Returns: the loaded report; problems inside it are ``LoadedReport/diagnostics``.
    /// - Throws: ``ReportLoadError`` when the file cannot be read (`L0904`), is larger than
    ///   ``maxFileBytes`` (`L0905`, refused before reading), or is empty, binary or
    ///   undecodable (see ``load(bytes:path:)``).
    public func load(path: String) throws(ReportLoadError) -> LoadedReport {
        try load(bytes: ReportFile.read(path), path: path)
    }

    /// Loads report text.
    ///
    /// The text is UTF-8 (a byte-order mark is dropped); GB18030/GBK and UTF-16 with a
    /// byte-order mark are detected and decoded, with an `L014` note.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - path: the path to name in errors and results.
    /// - Throws: ``ReportLoadError`` for an empty file (`L0901`), a binary file (`L0902`) or
    ///   text in no supported encoding (`L0903`).
    public func load(bytes: [UInt8], path: String) throws(ReportLoadError) -> LoadedReport {
        guard bytes.count <= ReportLoader.maxFileBytes else {
            throw ReportLoadError(id: LoadDiagnosticID.fileTooLarge,
                                  message: "the file has \(bytes.count) bytes, more than the \(ReportLoader.maxFileBytes) a report may have",
                                  path: path)
        }
        // The binary test and UTF-8 validation of TextDecoding.decode are made by the folding
        // pass (one pass over the report); text that is not valid UTF-8 is repaired or decoded
        // and folded again.
        var builder: ReportBuilder
        switch try TextDecoding.prepare(bytes, path: path) {
        case .decoded(let decoded, let diagnostics):
            builder = ReportBuilder(loader: self, text: ReportText(bytes: decoded))
            builder.diagnostics = diagnostics
        case .utf8(let utf8):
            let text = ReportText(bytes: utf8)
            let norm = NormalizedText(text, anchorStarts: anchorIndex.startSet)
            let binary = norm.firstInvalidUTF8 == nil
                ? TextDecoding.isBinary(nul: norm.sawNUL, controls: norm.controls, count: utf8.count)
                : TextDecoding.isBinary(utf8)
            if binary { throw TextDecoding.binaryFile(path: path) }
            if let bad = norm.firstInvalidUTF8 {
                let (decoded, diagnostics) = try TextDecoding.repair(utf8, firstInvalid: bad, path: path)
                builder = ReportBuilder(loader: self, text: ReportText(bytes: decoded))
                builder.diagnostics = diagnostics
            } else {
                builder = ReportBuilder(loader: self, text: text, norm: norm)
            }
        }
        let text = builder.text
        for e in templateErrors {
            builder.diagnostics.append(LoadDiagnostic(LoadDiagnosticID.invalidFactTemplate, line: 0, e))
        }
        builder.run()
        return LoadedReport(path: path, metadata: builder.metadata, tables: builder.tables, facts: builder.facts, factRuns: builder.factRuns,
                            diagnostics: builder.diagnostics, unrecognizedTables: builder.unrecognized, text: text,
                            absence: builder.absence)
    }
}
