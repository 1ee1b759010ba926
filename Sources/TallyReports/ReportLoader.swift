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
    /// The compiled templates with their declarations' indices, in declaration order; a template
    /// ``FactTemplate/matchesAlike(_:)`` an earlier one of its declaration is left out.
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
                case .success(let c):
                    // A template alike an earlier one of the declaration would only find its
                    // matches again (``FactTemplate/matchesAlike(_:)``).
                    if compiled.reversed().prefix(while: { $0.0 == i }).contains(where: { $0.1.matchesAlike(c) }) { continue }
                    compiled.append((i, c))
                case .failure(let e): errors.append("fact '\(f.name)': \(e.message)")
                }
            }
        }
        templates = compiled
        var precheckNumbers: [PrecheckKey: Int32] = [:]
        precheckIDs = compiled.map { (_, t) in
            t.leadBytes.indices.map { k -> Int32 in
                guard let lead = t.leadBytes[k] else { return -1 }
                let second = t.secondBytes[k]
                let words = PrecheckKey(lead: lead.bits, hasSecond: second != nil,
                                        second: second?.bits ?? (0, 0, 0, 0))
                if let id = precheckNumbers[words] { return id }
                let id = Int32(precheckNumbers.count)
                precheckNumbers[words] = id
                return id
            }
        }
        // Byte strings are keyed as ``FactTemplateMemo/ByteKey``s, hashed in one go (a `[UInt8]`
        // key hashes byte by byte).
        var literalNumbers: [FactTemplateMemo.ByteKey: Int32] = [:]
        sentenceLiteralIDs = compiled.map { (_, t) in
            t.sentenceLiterals.map { l in
                let key = FactTemplateMemo.ByteKey(bytes: l)
                if let id = literalNumbers[key] { return id }
                let id = Int32(literalNumbers.count)
                literalNumbers[key] = id
                return id
            }
        }
        var anchors: [[UInt8]] = [], templateAnchors: [Int] = [], anchorNumbers: [FactTemplateMemo.ByteKey: Int] = [:]
        for (_, t) in compiled {
            guard case .literal(let a) = t.elements[t.anchor] else { templateAnchors.append(anchors.count); anchors.append([]); continue }
            if let k = anchorNumbers[FactTemplateMemo.ByteKey(bytes: a)] { templateAnchors.append(k) } else {
                anchorNumbers[FactTemplateMemo.ByteKey(bytes: a)] = anchors.count
                templateAnchors.append(anchors.count); anchors.append(a)
            }
        }
        self.anchors = anchors
        self.templateAnchors = templateAnchors
        // A filter's key is its numbers as 8 bytes each and its continuation bytes as themselves,
        // hashed in one go (an `[Int]` with an element per byte hashed word by word): the
        // numbers before the bytes tell how many there are, so equal keys are equal filters.
        var filterNumbers: [FactTemplateMemo.ByteKey: Int] = [:], filters: [Int] = []
        for (ti, (_, t)) in compiled.enumerated() {
            var key: [UInt8] = []
            key.reserveCapacity(64 + t.continuationBytes.count + 8 * (t.continuationStarts?.count ?? 0))
            func append(_ n: Int) { withUnsafeBytes(of: n.littleEndian) { key.append(contentsOf: $0) } }
            append(templateAnchors[ti])
            if let p = t.precedingBytes {
                append(1)
                for w in [p.bits.0, p.bits.1, p.bits.2, p.bits.3] { append(Int(truncatingIfNeeded: w)) }
            } else {
                append(0)
            }
            if let starts = t.continuationStarts {
                append(1); append(starts.count)
                for s in starts { append(s) }
                key += t.continuationBytes
            } else {
                // Without continuation strings: the element after the anchor by its lead and
                // second bytes (none: anything continues).
                let k = t.anchor + 1
                append(0); append(k < precheckIDs[ti].count ? Int(precheckIDs[ti][k]) : -1)
            }
            let byteKey = FactTemplateMemo.ByteKey(bytes: key)
            if let f = filterNumbers[byteKey] { filters.append(f) } else {
                filterNumbers[byteKey] = filterNumbers.count
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
            builder = ReportBuilder(loader: self, text: ReportText(bytes: MarkupRows.untangled(decoded)))
            builder.diagnostics = diagnostics
        case .utf8(let utf8):
            // HTML and LaTeX table rows read as tab rows (review 16, findings 803, 804).
            let utf8 = MarkupRows.untangled(utf8)
            let text = ReportText(bytes: utf8)
            let norm = NormalizedText(text, anchorStarts: anchorIndex.startSet)
            let binary = norm.firstInvalidUTF8 == nil
                ? TextDecoding.isBinary(nul: norm.sawNUL, controls: norm.controls, count: utf8.count)
                : TextDecoding.isBinary(utf8)
            if binary { throw TextDecoding.binaryFile(path: path) }
            if let bad = norm.firstInvalidUTF8 {
                let (decoded, diagnostics) = try TextDecoding.repair(utf8, firstInvalid: bad, path: path)
                builder = ReportBuilder(loader: self, text: ReportText(bytes: MarkupRows.untangled(decoded)))
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

extension ReportLoader {
    /// An element's lead and second byte sets as a dictionary key (see ``precheckIDs``): nine
    /// words held inline, so a lookup neither allocates an array nor hashes its elements one by
    /// one through `Array`'s `Hashable`.
    struct PrecheckKey: Hashable {
        let lead0: UInt64, lead1: UInt64, lead2: UInt64, lead3: UInt64
        let hasSecond: Bool
        let second0: UInt64, second1: UInt64, second2: UInt64, second3: UInt64

        init(lead: (UInt64, UInt64, UInt64, UInt64), hasSecond: Bool, second: (UInt64, UInt64, UInt64, UInt64)) {
            (lead0, lead1, lead2, lead3) = lead
            self.hasSecond = hasSecond
            (second0, second1, second2, second3) = second
        }

        /// The nine words folded into one before they are hashed: `Hasher` then runs once per
        /// key instead of once per word (the synthesised hash was ~3.8 M instructions of building
        /// a loader for 部门预算; equality still compares every word).
        func hash(into hasher: inout Hasher) {
            var h: UInt64 = hasSecond ? 0x9E37_79B9_7F4A_7C15 : 0x6A09_E667_F3BC_C908
            @inline(__always) func mix(_ w: UInt64) {
                h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
            }
            mix(lead0); mix(lead1); mix(lead2); mix(lead3)
            mix(second0); mix(second1); mix(second2); mix(second3)
            hasher.combine(h)
        }
    }
}
