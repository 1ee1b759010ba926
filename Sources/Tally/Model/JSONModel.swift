/// A model read from JSON, for tests, `tally eval --model` and hosts without a text report.
///
/// ```json
/// {
///   "metadata": {"department": "…", "year": 2024, "type": "决算", "unit": "万元"},
///   "tables": {
///     "公开05": {
///       "title": "一般公共预算财政拨款支出决算表",
///       "rowKey": "功能分类",
///       "columns": ["小计", "基本支出", "项目支出"],
///       "rows": [
///         {"code": "210", "name": "卫生健康支出", "cells": {"小计": "8397.66", "基本支出": "3171.79"}, "line": 180}
///       ]
///     }
///   },
///   "facts": [{"kind": "占比", "line": 12, "fields": {"金额": "442.56", "占比": "4.8%", "科目": {"text": "住房保障支出"}}}]
/// }
/// ```
/// Rows may also be an object keyed by code or name (`"rows": {"210": {...}}`). Amounts are
/// decimal strings (JSON numbers are accepted and read from their exact text); `""` or `null` is
/// a blank cell. The JSON Schema is `Grammar/model.schema.json`.
public enum JSONModel {
    /// A JSON model error with a JSON path.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// Where in the document (`tables.公开05.rows[3].cells.小计`).
        public var path: String
        /// What is wrong.
        public var message: String
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// Parses a JSON model.
    public static func parse(_ text: String) throws(LoadError) -> InMemoryModel {
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch let e as JSONParseError {
            throw LoadError(path: "", message: "invalid JSON at byte \(e.offset): \(e.message)")
        } catch { throw LoadError(path: "", message: "invalid JSON") }
        guard case .object = root else { throw LoadError(path: "", message: "the model must be a JSON object") }
        var meta = ReportMetadata()
        if let m = root["metadata"] {
            meta.department = m["department"]?.stringValue
            if case .number(let y)? = m["year"] { meta.year = Int(y) }
            if let t = m["type"]?.stringValue { meta.type = t.contains("预算") ? .budget : t.contains("决算") ? .finalAccounts : .unknown }
            meta.unit = m["unit"]?.stringValue
        }
        var tables: [Table] = []
        if let t = root["tables"] {
            guard case .object(let members) = t else { throw LoadError(path: "tables", message: "must be an object of tables") }
            for (name, tv) in members { tables.append(try table(name, tv)) }
        }
        var facts: [Fact] = []
        if case .array(let fs)? = root["facts"] {
            for (i, f) in fs.enumerated() { facts.append(try fact(f, path: "facts[\(i)]", index: i)) }
        }
        return InMemoryModel(metadata: meta, tables: tables, facts: facts)
    }

    static func figure(_ v: JSONValue, path: String) throws(LoadError) -> Figure? {
        let text: String
        switch v {
        case .null: return nil
        case .string(let s): text = s
        case .number(let n): text = n
        default: throw LoadError(path: path, message: "an amount must be a decimal string")
        }
        let trimmed = text.trimmingCharacters(in: " ")
        if trimmed.isEmpty { return nil }
        if trimmed.hasSuffix("%"), let (v, d) = Rational.parseDecimal(String(trimmed.dropLast())) { return .percent(v, decimals: d) }
        guard let (v, d) = Rational.parseDecimal(trimmed) else {
            throw LoadError(path: path, message: "'\(text)' is not a decimal amount")
        }
        return .amount(v, decimals: d)
    }

    static func table(_ name: String, _ v: JSONValue) throws(LoadError) -> Table {
        let path = "tables.\(name)"
        guard case .object = v else { throw LoadError(path: path, message: "a table must be an object") }
        var columns: [Column] = []
        if case .array(let cs)? = v["columns"] {
            for c in cs { if let s = c.stringValue { columns.append(Column(name: s)) } }
        }
        let key = v["rowKey"]?.stringValue.flatMap(RowKey.init(written:)) ?? .functional
        var rowValues: [(String?, JSONValue)] = []
        switch v["rows"] {
        case .array(let rs)?: rowValues = rs.map { (nil, $0) }
        case .object(let rs)?: rowValues = rs.map { ($0.0, $0.1) }
        case nil: break
        default: throw LoadError(path: path + ".rows", message: "rows must be an array or an object")
        }
        // Columns not declared are taken from the cells, in order of appearance.
        for (_, r) in rowValues {
            if case .object(let cells)? = r["cells"] {
                for (c, _) in cells where !columns.contains(where: { $0.name == c }) { columns.append(Column(name: c)) }
            }
        }
        var rows: [Row] = []
        for (i, (k, r)) in rowValues.enumerated() {
            let rp = "\(path).rows[\(k ?? String(i))]"
            let code = r["code"]?.stringValue ?? k.flatMap { $0.allSatisfy(\.isNumber) ? $0 : nil }
            let name = r["name"]?.stringValue ?? (code == nil ? k : nil) ?? ""
            var line = 0
            if case .number(let l)? = r["line"] { line = Int(l) ?? 0 }
            var cells = [Cell](repeating: .blank(line: line), count: columns.count)
            if case .object(let cs)? = r["cells"] {
                for (c, cv) in cs {
                    guard let ci = columns.firstIndex(where: { $0.name == c }) else { continue }
                    cells[ci] = Cell(figure: try figure(cv, path: "\(rp).cells.\(c)"), line: line)
                }
            }
            var lineNumber: Int? = nil
            if case .number(let n)? = r["lineNumber"] { lineNumber = Int(n) }
            let isTotal = name.contains("合计") || name.contains("总计")
            rows.append(Row(code: code, codeKind: code == nil ? nil : (key == .economic ? .economic : key == .lineNumber ? nil : .functional),
                            lineNumber: lineNumber, name: name, group: r["group"]?.stringValue, cells: cells, line: line, isTotal: isTotal))
        }
        var line = 0
        if case .number(let l)? = v["line"] { line = Int(l) ?? 0 }
        return Table(name: name, title: v["title"]?.stringValue ?? name, line: line, columns: columns, rows: rows,
                     rowKeys: [key, .name])
    }

    static func fact(_ v: JSONValue, path: String, index: Int) throws(LoadError) -> Fact {
        guard let kind = v["kind"]?.stringValue else { throw LoadError(path: path, message: "a fact needs a 'kind'") }
        var line = 0
        if case .number(let l)? = v["line"] { line = Int(l) ?? 0 }
        var fields: [String: FactField] = [:]
        if case .object(let fs)? = v["fields"] {
            for (k, fv) in fs {
                if case .object = fv, let t = fv["text"]?.stringValue { fields[k] = .text(t, line: line); continue }
                // A repeating group's items: `{"items": [{"kind": …, "line": …, "fields": {…}}, …]}`.
                if case .object = fv, case .array(let xs)? = fv["items"] {
                    var items: [Fact] = []
                    for (j, x) in xs.enumerated() { items.append(try fact(x, path: "\(path).fields.\(k).items[\(j)]", index: j)) }
                    fields[k] = .list(items, line: items.first?.line ?? line)
                    continue
                }
                if let f = try figure(fv, path: "\(path).fields.\(k)") { fields[k] = .figure(f, line: line) }
            }
        }
        return Fact(kind: kind, fields: fields, line: line, offset: line * 10_000 + index, text: v["text"]?.stringValue ?? "")
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
