import Tally

/// Classification of the lines under a table title: meta lines (单位, 部门, 公开05表), notes
/// (注, 说明, 备注), page footers, 栏次 rows.
enum TableRegion {
    /// Whether a line key is a table's meta line: its unit, department, number, date.
    static func isMetaKey(_ k: [UInt8]) -> Bool {
        for p in metaPrefixes where Bytes.hasPrefix(k, p) { return true }
        if Bytes.contains(k, "单位:万元") || Bytes.contains(k, "单位:元") { return true }
        // `公开 05 表`, `表 3`, `(2020年度)`, `2024年度`, `万元`, `元`, `单`
        let s = String(decoding: k, as: UTF8.self)
        if s == "万元" || s == "元" || s == "单" || s == "单位" || s == "单位:" || s == "单位:万" { return true }
        let leader = TitleIndex.stripLeader(k)
        if leader.number != nil, leader.rest.isEmpty { return true }
        if let y = TitleIndex.yearEnd(in: k), k.count - y <= 1, k.count <= 16 { return true }
        return false
    }

    static let metaPrefixes: [[UInt8]] = ["单位:", "单位名称", "部门:", "部门名称", "部门(单位)", "编制单位", "填报单位", "填报日期",
                                          "金额单位", "预算单位", "单位:万", "公开部门", "报送日期", "位:"].map { Array($0.utf8) }

    /// Whether a line key is a note under a table.
    static func isNoteKey(_ k: [UInt8]) -> Bool {
        for p in ["注:", "注1", "注 ", "说明:", "备注:", "备注", "数据来源", "注释", "本表", "填表说明"] where Bytes.hasPrefix(k, Array(p.utf8)) {
            return true
        }
        return false
    }

    /// Whether a note explains that the table is empty (本部门当年无…, 没有…, 不涉及).
    static func explainsEmpty(_ k: [UInt8]) -> Bool {
        for p in ["没有", "当年无", "本年无", "部门无", "单位无", "年度无", "不涉及", "无此项", "为空表", "无相关"] where Bytes.contains(k, p) {
            return true
        }
        return false
    }

    /// Whether a line key is a page footer: `— 8—`, `- 8 -`, `8`, `第 8 页`, `第8页共20页`.
    static func isFooterKey(_ k: [UInt8]) -> Bool {
        guard !k.isEmpty, k.count <= 24 else { return false }
        var digits = 0
        for x in k {
            if Bytes.isDigit(x) { digits += 1; continue }
            if x == UInt8(ascii: "-") || x == UInt8(ascii: "/") { continue }
            if x >= 0x80 { continue }
            return false
        }
        guard digits > 0 else { return false }
        let s = String(decoding: k, as: UTF8.self)
        let stripped = s.filter { !$0.isNumber && $0 != "-" && $0 != "/" }
        return stripped.isEmpty || stripped == "第页" || stripped == "第页共页" || stripped == "页"
    }

    /// Whether a line is a 栏次 row: only 栏次/类/款/项/行次/`*` labels and consecutive small
    /// integers (at least two).
    static func isColumnNumberRow(_ line: RawLine, _ b: [UInt8]) -> Bool {
        var numbers: [Int] = []
        for c in line.cells where !c.isEmpty {
            let k = Bytes.key(b[c.start..<c.end])
            if case .number(let t) = CellContent.of(c, in: b), t.isPlainDigits, let v = Int(t.digits), v < 200 {
                numbers.append(v); continue
            }
            let s = String(decoding: k, as: UTF8.self)
            if ["栏次", "类", "款", "项", "行次", "*", "**", "栏", "次", "金额单位:万元"].contains(s) { continue }
            return false
        }
        guard numbers.count >= 2 else {
            // `栏次 1` alone (a one-column table) still counts when labelled.
            return numbers.count == 1 && line.cells.contains { !$0.isEmpty && Bytes.key(b[$0.start..<$0.end]) == Array("栏次".utf8) }
        }
        for i in 1..<numbers.count where numbers[i] != numbers[i - 1] + 1 { return false }
        return true
    }
}
