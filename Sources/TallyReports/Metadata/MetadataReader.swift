import Tally

/// Reads report-level metadata: the department, year and type from the report's title line
/// (`2024 年度武汉市医疗保险中心部门决算`, `第二部分 武汉市黄陂区医疗保障局 2025 年部门预算表`),
/// the department preferably from a `部门：`/`单位名称：` line.
enum MetadataReader {
    static func read(_ text: ReportText, norm: NormalizedText) -> ReportMetadata {
        var meta = ReportMetadata()
        let pairs: [(String, ReportType)] = [
            ("部门决算", .finalAccounts), ("部门预算", .budget), ("单位决算", .finalAccounts), ("单位预算", .budget),
            ("决算公开", .finalAccounts), ("预算公开", .budget),
        ]
        let markers: [([UInt8], ReportType)] = pairs.map { (Array($0.0.utf8), $0.1) }
        var explicitDepartment: String? = nil
        var titleFound = false
        let departmentPrefixes = ["部门:", "部门名称:", "单位名称:", "预算单位:", "编制单位:"].map { Array($0.utf8) }
        for i in 0..<text.lineCount {
            let r = text.lineRange(i)
            guard !r.isEmpty, r.count <= 400 else { continue }
            // Only lines that hold a department prefix or a title marker matter: test the
            // folded text in place before copying the line's key.
            let wanted = (explicitDepartment == nil && departmentPrefixes.contains { norm.lineKeyHasLongerPrefix(i, $0) })
                || (!titleFound && markers.contains { norm.lineKeyContains(i, $0.0) })
            if !wanted { continue }
            let k = norm.lineKey(i)
            if explicitDepartment == nil {
                for p in departmentPrefixes where Bytes.hasPrefix(k, p) && k.count > p.count {
                    var v = Array(k[p.count...])
                    // `部门：X 单位：万元` on one line, or `编制单位：X ⇥ 金额单位：元` (review 11, finding 221:
                    // the department was read as `X金额`).
                    if let u = Bytes.find(Array("金额单位:".utf8), in: v) ?? Bytes.find(Array("计量单位:".utf8), in: v)
                        ?? Bytes.find(Array("单位:".utf8), in: v) { v = Array(v[..<u]) }
                    if !v.isEmpty { explicitDepartment = String(decoding: v, as: UTF8.self) }
                }
            }
            if !titleFound {
                for (m, type) in markers {
                    guard let at = Bytes.find(m, in: k), Bytes.scalarCount(k[...]) <= 60 else { continue }
                    var lead = Array(k[..<at])
                    if let part = Bytes.find(Array("部分".utf8), in: lead), part < 18 { lead = Array(lead[(part + 6)...]) }
                    var body = k
                    if let part = Bytes.find(Array("部分".utf8), in: body), part < 18 { body = Array(body[(part + 6)...]) }
                    if Bytes.contains(body, ",") || Bytes.contains(body, "。") || Bytes.contains(Array(body.dropFirst()), ":") {
                        continue
                    }
                    // A title names the year: `2024 年度…部门决算`, `…2025 年部门预算表`.
                    if TitleIndex.yearEnd(in: k) == nil { continue }
                    titleFound = true
                    meta.type = type
                    var head = Array(k[..<at])
                    // Strip `第二部分` and ':'.
                    if let part = Bytes.find(Array("部分".utf8), in: head), part < 18 { head = Array(head[(part + 6)...]) }
                    while let f = head.first, f == UInt8(ascii: ":") || f == UInt8(ascii: "-") { head.removeFirst() }
                    // The year: NNNN年(度).
                    if let yEnd = TitleIndex.yearEnd(in: k), let y = year(in: k, endingAt: yEnd) { meta.year = y }
                    // The department: the text before or after the year.
                    if let yEnd = TitleIndex.yearEnd(in: head) {
                        let yStart = yearStart(in: head, end: yEnd)
                        let before = Array(head[..<yStart]), after = Array(head[yEnd...])
                        let d = after.count >= 6 ? after : before
                        if !d.isEmpty { meta.department = String(decoding: d, as: UTF8.self) }
                    } else if !head.isEmpty {
                        meta.department = String(decoding: head, as: UTF8.self)
                    }
                    break
                }
            }
            if titleFound, explicitDepartment != nil { break }
        }
        if let d = explicitDepartment { meta.department = d }
        if meta.type == .unknown {
            var budget = 0, final = 0
            let jue = Array("决算".utf8), yu = Array("预算".utf8)
            var from = 0
            while let p = Bytes.find(jue, in: text.bytes, from: from) { final += 1; from = p + 1; if final > 50 { break } }
            from = 0
            while let p = Bytes.find(yu, in: text.bytes, from: from) { budget += 1; from = p + 1; if budget > 50 { break } }
            if final + budget > 0 { meta.type = final > budget ? .finalAccounts : .budget }
        }
        return meta
    }

    static func yearStart(in k: [UInt8], end: Int) -> Int {
        var s = end
        let nian = Array("年".utf8)
        // back over 度 and 年
        while s > 0, !Bytes.matches(k, nian, at: s - nian.count) { s -= 1 }
        s -= nian.count
        while s > 0, Bytes.isDigit(k[s - 1]) { s -= 1 }
        return max(0, s)
    }

    static func year(in k: [UInt8], endingAt end: Int) -> Int? {
        let s = yearStart(in: k, end: end)
        var e = s
        while e < k.count, Bytes.isDigit(k[e]) { e += 1 }
        guard let y = Int(String(decoding: k[s..<e], as: UTF8.self)), (1990...2100).contains(y) else { return nil }
        return y
    }
}
