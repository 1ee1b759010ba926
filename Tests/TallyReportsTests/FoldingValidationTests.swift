import Testing
@testable import TallyReports

/// The folding pass makes the binary test and the UTF-8 validation of ``TextDecoding`` (the
/// loader no longer runs those passes on text the fold finds valid): its verdicts must be theirs.
@Suite struct FoldingValidationTests {
    /// Byte strings around every rule of the validation and of the binary test.
    static let inputs: [[UInt8]] = {
        let report = Array("一、部门预算为 9,111.11 万元；增长 3.5%。\n（一）基本支出\t12.00\t3.00\n".utf8)
        var out: [[UInt8]] = [report, [], [0x41], [0x00], Array("ab\u{1}c".utf8), [0x0C, 0x09, 0x0D, 0x0A]]
        let sequences: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE4, 0xB8],
            [0xE4, 0xB8, 0x41], [0xE9, 0xBF, 0xBF], [0xE4, 0x00, 0x80], [0xF0, 0x00, 0x00, 0x00], [0xE3, 0x80, 0x82],
        ]
        for s in sequences {
            out.append(s)
            out.append(report + s)
            out.append(s + report)
            out.append(Array(report[..<7]) + s + Array(report[7...]))
        }
        // Control characters just under and over 1 %, valid and not.
        let controls = report + [UInt8](repeating: 0x01, count: report.count / 100)
        out += [controls, controls + [0x01, 0x01], controls + [0xFF], report + [0x00] + report]
        return out
    }()

    @Test func validationAndBinaryCountsAreTextDecodings() {
        for bytes in Self.inputs {
            let norm = NormalizedText(ReportText(bytes: bytes))
            let expected = TextDecoding.firstInvalidUTF8(bytes)
            #expect(norm.firstInvalidUTF8 == expected, "\(bytes)")
            if expected == nil {
                #expect(TextDecoding.isBinary(nul: norm.sawNUL, controls: norm.controls, count: bytes.count)
                        == TextDecoding.isBinary(bytes), "\(bytes)")
            }
        }
    }

    @Test func loadingGivesDecodesVerdicts() {
        let loader = ReportLoader(tables: [], facts: [])
        for bytes in Self.inputs {
            let viaDecode: String
            do { viaDecode = "ok \(try TextDecoding.decode(bytes, path: "x").0)" } catch { viaDecode = "\((error as Error as? ReportLoadError).map { $0.id + $0.message } ?? "?")" }
            let viaLoad: String
            do { viaLoad = "ok \(try loader.load(bytes: bytes, path: "x").text.bytes)" } catch { viaLoad = "\((error as Error as? ReportLoadError).map { $0.id + $0.message } ?? "?")" }
            #expect(viaLoad == viaDecode, "\(bytes)")
        }
    }

    @Test func headingPrefilterAgreesWithTheKey() {
        let lines = ["一、基本情况", "（一）收入预算", "第一部分 部门概况", "表1 收支总表", "附表2", "公开03表",
                     "1.人员经费", "“三公”经费情况", "收入预算为100万元，增长5%。", "单位:万元", "- 项目",
                     String(repeating: "长", count: 60), "一、" + String(repeating: "长", count: 38), "第二部分"]
        let text = ReportText(bytes: Array(lines.joined(separator: "\n").utf8))
        let matcher = FactMatcher(text: text, norm: NormalizedText(text))
        for (i, line) in lines.enumerated() {
            let k = Bytes.key(Array(line.utf8))
            let stripped = TitleIndex.stripLeader(k).rest.count < k.count
            let expected = Bytes.scalarCount(k[...]) <= 40 && !Bytes.contains(k, "。") && !Bytes.contains(k, ",")
                && (stripped || Bytes.hasPrefix(k, Array("第".utf8)) && Bytes.contains(k, "部分"))
            #expect(matcher.isHeadingLine(i + 1) == expected, "\(line)")
        }
    }
}
