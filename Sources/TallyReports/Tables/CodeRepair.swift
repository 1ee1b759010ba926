import Tally

/// Classification codes damaged in extraction, read as the code they clearly are (review 16,
/// finding 806): a space inside the code (`2050 202`), the letter O for a zero or l/I for a one
/// (`2O50203`). A repair is never silent: the row gets its code with a warning `L030` saying what
/// was read, and a repair whose parent is not in the table (where the table lists that level) is
/// undone — the row is read without a code, as before.
///
/// A 项 code cut to its 款's five digits (`20805` under its own 款 `20805`) is ``TruncatedCodes``.
enum CodeRepair {
    /// What a repair read, carried from the cell to its row.
    struct Repaired {
        /// The cell as printed.
        var written: String
        /// Why it was repaired (`a space inside the code`).
        var why: String
    }

    /// The code a key cell before the name stands for when it is damaged — digit runs split by
    /// single spaces that join to a 3, 5 or 7 digit code (and are no `201 01 01` form, read
    /// without remark by ``TableReader/separatedCode(_:_:)``), or digits with O/o/l/I among them —
    /// whose 类 is a class of the 功能分类 or 经济分类; `nil` for anything else.
    static func read(_ b: [UInt8], _ cell: RawCell) -> (code: String, repaired: Repaired)? {
        var lo = cell.start, hi = cell.end
        while lo < hi, b[lo] == 0x20 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 { hi -= 1 }
        guard hi > lo, hi - lo <= 12 else { return nil }
        var digits: [UInt8] = [], runs = 1, letters = 0, spaceBefore = false
        for i in lo..<hi {
            let c = b[i]
            if Bytes.isDigit(c) { digits.append(c); spaceBefore = false; continue }
            if c == 0x20 {
                // One space between two runs.
                guard !spaceBefore else { return nil }
                spaceBefore = true; runs += 1
                continue
            }
            spaceBefore = false
            switch c {
            case UInt8(ascii: "O"), UInt8(ascii: "o"): digits.append(UInt8(ascii: "0")); letters += 1
            case UInt8(ascii: "l"), UInt8(ascii: "I"): digits.append(UInt8(ascii: "1")); letters += 1
            default: return nil
            }
        }
        guard [3, 5, 7].contains(digits.count), letters > 0 || runs >= 2, runs <= 3, letters == 0 || runs == 1,
              digits.count - letters >= 2 else { return nil }
        let cls = Substring(String(decoding: digits[..<3], as: UTF8.self))
        guard CodeChecker.isFunctionalClass(cls) || CodeChecker.isEconomicClass(cls) else { return nil }
        let written = String(decoding: b[lo..<hi], as: UTF8.self)
        let why = letters > 0 ? "a letter read as the digit it stands for: O as 0, l or I as 1" : "a space inside the code"
        return (String(decoding: digits, as: UTF8.self), Repaired(written: written, why: why))
    }

    /// Whether a key cell is a damaged code `read(_:_:)` repairs and a name cell follows it: the
    /// cell is a key cell, not the row's name.
    static func isCodeBeforeName(_ b: [UInt8], _ cells: [RawCell], _ contents: [CellContent], at i: Int, end: Int) -> Bool {
        guard read(b, cells[i]) != nil else { return false }
        for j in (i + 1)..<max(i + 1, end) { if case .text = contents[j] { return true } }
        return false
    }

    /// The warning on a repaired row.
    static func diagnostic(_ r: Repaired, code: String, name: String, line: Int, table: String) -> LoadDiagnostic {
        LoadDiagnostic(LoadDiagnosticID.repairedCode, line: line,
                       "code '\(r.written)' of '\(name)' read as '\(code)' (\(r.why))", table: table)
    }

    /// Undoes the repairs (`L030` on `rows`' lines) whose parent code is not in the table where
    /// the table lists the parent's level: such a code is not clearly what it was read as. The
    /// row keeps no code, and the warning says so.
    static func confirm(_ rows: inout [Row], diagnostics: inout [LoadDiagnostic], table: String) {
        guard diagnostics.contains(where: { $0.id == LoadDiagnosticID.repairedCode }) else { return }
        var codes = Set<String>(), lengths = Set<Int>()
        for r in rows { if let c = r.code { codes.insert(c); lengths.insert(c.utf8.count) } }
        for di in diagnostics.indices where diagnostics[di].id == LoadDiagnosticID.repairedCode {
            guard let ri = rows.firstIndex(where: { $0.line == diagnostics[di].line && $0.code != nil }),
                  let code = rows[ri].code else { continue }
            let length = code.utf8.count
            let parentLength = length == 7 ? 5 : length == 5 ? 3 : 0
            guard parentLength > 0, lengths.contains(parentLength) else { continue }
            let parent = String(Substring(code.utf8.prefix(parentLength)))
            guard !codes.contains(parent) else { continue }
            rows[ri].code = nil
            rows[ri].codeKind = nil
            diagnostics[di] = LoadDiagnostic(LoadDiagnosticID.repairedCode, line: diagnostics[di].line,
                "the damaged code of '\(rows[ri].name)' would read '\(code)', but its parent '\(parent)' is not in this table; the row is read without a code",
                table: table)
        }
    }
}
