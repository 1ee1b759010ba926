import Tally

/// Classification of the lines under a table title: meta lines (单位, 部门, 公开05表), notes
/// (注, 说明, 备注), page footers, 栏次 rows.
enum TableRegion {
    /// Whether a line key is a table's meta line: its unit, department, number, date.
    static func isMetaKey(_ k: [UInt8]) -> Bool {
        for p in metaPrefixes where Bytes.hasPrefix(k, p) { return true }
        if Bytes.contains(k, "单位:万元") || Bytes.contains(k, "单位:元") { return true }
        // `公开 05 表`, `表 3`, `(2020年度)`, `2024年度`, `万元`, `元`, `单`
        for w in metaWords where Bytes.equals(k, w) { return true }
        if k.count <= 24, let f = k.first, f == 0xE8 || f == 0xE5 || f == 0xE9 || Bytes.isDigit(f) {
            let leader = TitleIndex.stripLeader(k)
            if leader.number != nil, leader.rest.isEmpty { return true }
        }
        if k.count <= 16, let y = TitleIndex.yearEnd(in: k), k.count - y <= 1 { return true }
        return false
    }

    static let metaWords: [StaticString] = ["万元", "元", "单", "单位", "单位:", "单位:万"]
    static let metaPrefixes: [StaticString] = ["单位:", "单位名称", "部门:", "部门名称", "部门(单位)", "编制单位", "填报单位", "填报日期",
                                               "金额单位", "预算单位", "单位:万", "公开部门", "报送日期", "位:"]
    static let notePrefixes: [StaticString] = ["注:", "注1", "说明:", "备注:", "备注", "数据来源", "注释", "本表", "填表说明"]
    static let emptyMarkers: [StaticString] = ["没有", "当年无", "本年无", "部门无", "单位无", "年度无", "年无", "不涉及", "无此项",
                                               "为空表", "无相关", "无数据", "未安排", "表为空"]

    /// Whether a line key is a note under a table.
    static func isNoteKey(_ k: [UInt8]) -> Bool {
        for p in notePrefixes where Bytes.hasPrefix(k, p) { return true }
        return false
    }

    /// Whether a note explains that the table is empty (本部门当年无…, 没有…, 不涉及).
    static func explainsEmpty(_ k: [UInt8]) -> Bool { Bytes.containsAny(k, emptyMarkers) }

    /// Whether a line key is a page footer: `— 8—`, `- 8 -`, `·8·`, `8`, `4/14`, `第 8 页`,
    /// `第8页共20页`, `第 4 页，共 14 页`, `第4页（共14页）` — ``PageFooter/kind(of:)``, the one
    /// definition the narrative's fact view uses too (review 16, finding 801: this test knew
    /// digits, `-`, `/`, 第, 页 and 共 only, so a comma or brackets in the footer ended the table).
    static func isFooterKey(_ k: [UInt8]) -> Bool { PageFooter.kind(ofKey: k) != nil }

    static let columnNumberLabels: [StaticString] = ["栏次", "类", "款", "项", "行次", "*", "**", "栏", "次", "金额单位:万元"]

    /// Whether a line is a 栏次 row: only 栏次/类/款/项/行次/`*` labels (or key column labels such as
    /// 科目名称) and consecutive small integers (at least two).
    static func isColumnNumberRow(_ line: RawLine, _ b: [UInt8]) -> Bool {
        var numbers: [Int] = []
        for (ci, c) in line.cells.enumerated() where !c.isEmpty {
            if case .number(let t) = line.contents[ci], t.isPlainDigits, case let v = Int(t.mantissa), v < 200 {
                numbers.append(v); continue
            }
            // Any other number or a dash folds to something with digits or `-`: no label.
            if case .text = line.contents[ci] {} else { return false }
            let k = Bytes.key(b[c.start..<c.end])
            if columnNumberLabels.contains(where: { Bytes.equals(k, $0) }) { continue }
            // `类 ⇥ 款 ⇥ 项 ⇥ 科目名称 ⇥ 1 ⇥ 2 …`: a key column's label beside the numbers (review 11,
            // finding 226; read as the header's lowest line, its numbers hid the column names).
            if ColumnLayout.isKeyLabel(k) { continue }
            return false
        }
        guard numbers.count >= 2 else {
            // `栏次 1` alone (a one-column table) still counts when labelled.
            return numbers.count == 1 && line.cells.contains { !$0.isEmpty && Bytes.equals(Bytes.key(b[$0.start..<$0.end]), "栏次") }
        }
        for i in 1..<numbers.count where numbers[i] != numbers[i - 1] + 1 { return false }
        return true
    }
}
