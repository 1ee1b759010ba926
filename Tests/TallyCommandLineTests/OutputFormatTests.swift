import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Tally
import TallyTestSupport
@testable import TallyCommandLine

/// SARIF, JUnit and GitHub renderings of hand-built runs: snapshots of the whole output, then
/// the structure each consumer relies on.
@Suite struct OutputFormatTests {
    // MARK: - Fixtures

    static let finalPath = "报告/北京市某区卫生健康委员会 2023年部门决算.txt"
    static let brokenPath = "报告/某部门2024年预算,副本.txt"

    static func amount(_ s: String) -> Figure {
        let p = Rational.parseDecimal(s)!
        return Figure.amount(p.value, decimals: p.decimals)
    }

    static func span() -> SourceSpan { SourceSpan(start: 0, end: 1, file: "部门决算/checks.tally") }

    /// The pack's catalogue, compiled from declarations (the catalogue has no public initialiser).
    static func catalogue() throws -> [Pack.CheckInfo] {
        let src = SourceFile(path: "部门决算/checks.tally", text: """
        check R05-02 "上级科目等于下级科目之和" error: 1 == 1
        check C-03 "小计等于基本支出加项目支出" error: 1 == 1
        check N-04 "占比与金额一致" warning: 1 == 1
        check M-07 "三公经费合计" error: 1 == 1
        check X-09 "完成率计算" warning: 1 == 1
        """)
        let comp = Pack.compile(sources: [src])
        let pack = try #require(comp.pack, "\(comp.diagnostics)")
        return pack.catalogue
    }

    /// A final-accounts report with one result of every status and three load diagnostics.
    static func finalRun() throws -> ReportRun {
        // 4.8% stated, 442.56 / 9111.11 computed: a percent comparison.
        let stated = Figure.percent(Rational.parseDecimal("4.8")!.value, decimals: 1)
        let computed = Figure.exact(try Rational(44256, 911111))
        let share = CheckResult(
            checkID: "N-04", title: "占比与金额一致", severity: .warning, status: .fail,
            location: ResultLocation(fact: "占比", line: 307), binding: "fact 占比 住房保障支出",
            lhs: stated, rhs: computed, difference: try stated.value.subtracting(computed.value),
            allowance: try Rational(5, 10000),
            message: "住房保障支出占比 4.8% 与金额 442.56 / 9111.11 不符",
            trace: [
                TraceEntry(span: span(), source: "f.占比", value: "4.8%", origin: ResultLocation(fact: "占比", line: 307)),
                TraceEntry(span: span(), source: "f.金额", value: "442.56", origin: ResultLocation(fact: "占比", line: 307)),
                TraceEntry(span: span(), source: "公开05.合计.小计", value: "9111.11",
                           origin: ResultLocation(table: "公开05", rowName: "合计", column: "小计", line: 198)),
            ])
        let lhs = amount("512.36"), rhs = amount("511.36")
        let cell = ResultLocation(table: "公开05", rowCode: "21011", rowName: "行政事业单位医疗", column: "小计", line: 212)
        let hierarchy = CheckResult(
            checkID: "R05-02", title: "上级科目等于下级科目之和", severity: .error, status: .fail,
            location: cell, binding: "row 21011 行政事业单位医疗",
            lhs: lhs, rhs: rhs, difference: try lhs.value.subtracting(rhs.value), allowance: try Rational(3, 100),
            message: "行政事业单位医疗 的小计 512.36 与下级之和 511.36 不符 <差 1 万元> & \"需核对\"",
            trace: [
                TraceEntry(span: span(), source: "row.小计", value: "512.36", origin: cell),
                TraceEntry(span: span(), source: "sum(row.*.小计)", value: "511.36"),
            ])
        let pass = CheckResult(
            checkID: "R05-02", title: "上级科目等于下级科目之和", severity: .error, status: .pass,
            location: ResultLocation(table: "公开05", rowCode: "210", rowName: "卫生健康支出", column: "小计", line: 205),
            binding: "row 210 卫生健康支出")
        let notApplicable = CheckResult(
            checkID: "M-07", title: "三公经费合计", severity: .error, status: .notApplicable,
            message: "报告中没有表 公开09（本部门当年无“三公”经费支出）")
        let w1 = amount("1200.50"), w2 = amount("1200.49")
        let waived = CheckResult(
            checkID: "C-03", title: "小计等于基本支出加项目支出", severity: .error, status: .waived,
            location: ResultLocation(table: "公开05", rowCode: "2100201", rowName: "综合医院", column: "小计", line: 230),
            binding: "row 2100201 综合医院", lhs: w1, rhs: w2, difference: try w1.value.subtracting(w2.value),
            allowance: .zero, message: "综合医院 的小计与基本支出加项目支出不等",
            waiver: "原表四舍五入差异，已与财务科核对（张三，至 2025-12-31）")
        let broken = CheckResult(
            checkID: "X-09", title: "完成率计算", severity: .warning, status: .error,
            location: ResultLocation(fact: "完成率", line: 330),
            message: "division by zero in f.决算 / f.预算\u{01}")
        return ReportRun(
            path: finalPath, metadata: ReportMetadata(department: "北京市某区卫生健康委员会", year: 2023, type: .finalAccounts, unit: "万元"),
            packName: "部门决算",
            loadDiagnostics: [
                LoadIssue(id: "L003", severity: .warning, line: 120,
                          message: "functional code '210110' has 6 digits: a 项 code truncated?", table: "公开05"),
                LoadIssue(id: "L001", severity: .note, line: 400,
                          message: "table 公开08 has no rows; the report says 本部门当年无政府性基金收支", table: "公开08"),
                LoadIssue(id: "L013", severity: .error, line: 1, message: "required table 公开03 支出决算表 is missing"),
            ],
            results: [share, hierarchy, pass, notApplicable, waived, broken],
            counts: [.fail: 2, .pass: 1, .notApplicable: 1, .waived: 1, .error: 1])
    }

    /// A report that could not be checked.
    static func brokenRun() -> ReportRun {
        ReportRun(path: brokenPath, failure: "L0902: the file is binary (NUL bytes at offset 12)")
    }

    static func render<W: RunWriter>(_ writer: W, _ runs: [ReportRun], catalogue: [Pack.CheckInfo]) -> String {
        var w = writer
        var out = w.begin(catalogue: catalogue)
        for r in runs { out += w.write(r) }
        return out + w.end()
    }

    // MARK: - Snapshots

    @Test func sarifSnapshot() throws {
        let out = Self.render(SARIFWriter(), [try Self.finalRun(), Self.brokenRun()], catalogue: try Self.catalogue())
        assertSnapshot(out, named: "check.sarif.json")
    }

    @Test func junitSnapshot() throws {
        let out = Self.render(JUnitWriter(), [try Self.finalRun(), Self.brokenRun()], catalogue: try Self.catalogue())
        assertSnapshot(out, named: "check.junit.xml")
    }

    @Test func githubSnapshots() throws {
        let runs = [try Self.finalRun(), Self.brokenRun()]
        assertSnapshot(Self.render(GitHubWriter(), runs, catalogue: try Self.catalogue()), named: "check.github.txt")
        assertSnapshot(Self.render(GitHubWriter(notices: true), runs, catalogue: try Self.catalogue()),
                       named: "check.github-notices.txt")
    }

    // MARK: - SARIF structure

    @Test func sarifParsesBackWithRulesLevelsAndLines() throws {
        let catalogue = try Self.catalogue()
        let out = Self.render(SARIFWriter(pretty: false, informationURI: "https://example.org/tally"),
                              [try Self.finalRun(), Self.brokenRun()], catalogue: catalogue)
        #expect(!out.dropLast().contains("\n"))
        let log = try JSONValue.parse(out)
        #expect(log["version"] == .string("2.1.0"))
        #expect(log["$schema"] == .string(SARIFWriter.schema))
        guard case .array(let runs)? = log["runs"], runs.count == 1 else { Issue.record("one run expected"); return }
        let run = runs[0]
        #expect(run["columnKind"] == .string("unicodeCodePoints"))
        let driver = try #require(run["tool"]?["driver"])
        #expect(driver["name"] == .string("tally"))
        #expect(driver["version"] == .string(TallyMain.version))
        #expect(driver["informationUri"] == .string("https://example.org/tally"))

        guard case .array(let rules)? = driver["rules"] else { Issue.record("rules expected"); return }
        let ruleIDs = rules.compactMap { $0["id"]?.stringValue }
        // The catalogue first, in order, then load diagnostic ids as they appear.
        #expect(ruleIDs == ["R05-02", "C-03", "N-04", "M-07", "X-09", "L003", "L001", "L013"])
        #expect(rules[0]["shortDescription"]?["text"] == .string("上级科目等于下级科目之和"))
        #expect(rules[0]["name"] == .string("R05-02"))
        #expect(rules[2]["defaultConfiguration"]?["level"] == .string("warning"))
        #expect(rules[3]["defaultConfiguration"]?["level"] == .string("error"))
        #expect(rules[6]["defaultConfiguration"]?["level"] == .string("note"))

        guard case .array(let results)? = run["results"] else { Issue.record("results expected"); return }
        // 3 load diagnostics, 2 failures, 1 waived; no pass, no not-applicable, no broken check.
        #expect(results.compactMap { $0["ruleId"]?.stringValue } == ["L003", "L001", "L013", "N-04", "R05-02", "C-03"])
        for r in results {
            guard let id = r["ruleId"]?.stringValue, case .number(let n)? = r["ruleIndex"], let i = Int(n) else {
                Issue.record("ruleId and ruleIndex expected"); continue
            }
            #expect(ruleIDs[i] == id)
        }
        let share = try #require(results.first { $0["ruleId"] == .string("N-04") })
        #expect(share["level"] == .string("warning"))
        #expect(share["message"]?["text"] == .string(
            "住房保障支出占比 4.8% 与金额 442.56 / 9111.11 不符 — 4.8% vs 4.8574% (difference -0.0574%, allowance 0.05%)"))
        let physical = share["locations"].flatMap { if case .array(let a) = $0 { return a.first } else { return nil } }?["physicalLocation"]
        #expect(physical?["region"]?["startLine"] == .int(307))
        #expect(physical?["artifactLocation"]?["uri"]?.stringValue?.hasPrefix("%E6%8A%A5%E5%91%8A/") == true)

        let hierarchy = try #require(results.first { $0["ruleId"] == .string("R05-02") })
        #expect(hierarchy["level"] == .string("error"))
        #expect(hierarchy["suppressions"] == nil)
        let waived = try #require(results.first { $0["ruleId"] == .string("C-03") })
        guard case .array(let suppressions)? = waived["suppressions"] else { Issue.record("suppression expected"); return }
        #expect(suppressions.first?["kind"] == .string("external"))
        #expect(suppressions.first?["justification"]?.stringValue?.hasPrefix("原表四舍五入差异") == true)

        let invocation = try #require({ if case .array(let a)? = run["invocations"] { return a.first } else { return nil } }())
        #expect(invocation["executionSuccessful"] == .bool(false))
        guard case .array(let notes)? = invocation["toolExecutionNotifications"] else { Issue.record("notifications expected"); return }
        #expect(notes.count == 2)
        #expect(notes.contains { $0["associatedRule"]?["id"] == .string("X-09") })
    }

    @Test func sarifWithoutLinesOrFailuresStaysValid() throws {
        let run = ReportRun(path: "/abs/报告 1.txt", results: [
            CheckResult(checkID: "Z-1", title: "无目录的检查", severity: .error, status: .fail, message: "m"),
        ])
        let log = try JSONValue.parse(Self.render(SARIFWriter(), [run], catalogue: []))
        let run0 = try #require({ if case .array(let a)? = log["runs"] { return a.first } else { return nil } }())
        // A check the catalogue lacks is still a rule; the region is omitted without a line.
        #expect(run0["tool"]?["driver"]?["rules"] == .array([.object([
            ("id", .string("Z-1")), ("name", .string("Z-1")),
            ("shortDescription", .object([("text", .string("无目录的检查"))])),
            ("defaultConfiguration", .object([("level", .string("error"))])),
        ])]))
        #expect(run0["tool"]?["driver"]?["informationUri"] == nil)
        let result = try #require({ if case .array(let a)? = run0["results"] { return a.first } else { return nil } }())
        let loc = try #require({ if case .array(let a)? = result["locations"] { return a.first } else { return nil } }())
        #expect(loc["physicalLocation"]?["region"] == nil)
        #expect(loc["physicalLocation"]?["artifactLocation"]?["uri"] == .string("file:///abs/%E6%8A%A5%E5%91%8A%201.txt"))
        #expect(loc["physicalLocation"]?["artifactLocation"]?["uriBaseId"] == nil)
        let invocation = try #require({ if case .array(let a)? = run0["invocations"] { return a.first } else { return nil } }())
        #expect(invocation == .object([("executionSuccessful", .bool(true))]))
    }

    @Test func sarifURIs() {
        #expect(SARIFWriter.uri(forPath: "reports/a b.txt") == "reports/a%20b.txt")
        #expect(SARIFWriter.uri(forPath: "./r/x%#?.txt") == "r/x%25%23%3F.txt")
        #expect(SARIFWriter.uri(forPath: "r\\决算.txt") == "r/%E5%86%B3%E7%AE%97.txt")
        #expect(SARIFWriter.uri(forPath: "C:\\r\\a.txt") == "file:///C:/r/a.txt")
    }

    // MARK: - JUnit structure

    @Test func junitIsWellFormedWithCounts() throws {
        let out = Self.render(JUnitWriter(), [try Self.finalRun(), Self.brokenRun()], catalogue: try Self.catalogue())
        let doc = try #require(XMLCheck.parse(out))
        #expect(doc.name == "testsuites")
        #expect(doc.attributes["tests"] == "10")
        #expect(doc.attributes["failures"] == "3")
        #expect(doc.attributes["errors"] == "2")
        #expect(doc.attributes["skipped"] == "2")
        let suites = doc.children.filter { $0.name == "testsuite" }
        #expect(suites.map { $0.attributes["name"] } == [Self.finalPath, Self.brokenPath])
        let first = suites[0]
        #expect(first.attributes["tests"] == "9")
        #expect(first.attributes["failures"] == "3")     // two failing checks and the error-severity load diagnostic
        #expect(first.attributes["errors"] == "1")       // the broken check
        #expect(first.attributes["skipped"] == "2")      // not applicable and waived
        let cases = first.children.filter { $0.name == "testcase" }
        #expect(cases.count == 9)
        // Counts agree with the elements.
        #expect(cases.filter { $0.children.contains { $0.name == "failure" } }.count == 3)
        #expect(cases.filter { $0.children.contains { $0.name == "skipped" } }.count == 2)
        let hierarchy = try #require(cases.first { $0.attributes["name"] == "R05-02 上级科目等于下级科目之和 [row 21011 行政事业单位医疗]" })
        #expect(hierarchy.attributes["classname"] == "R05-02")
        let failure = try #require(hierarchy.children.first { $0.name == "failure" })
        #expect(failure.attributes["type"] == "error")
        #expect(failure.attributes["message"]?.contains("<差 1 万元> & \"需核对\"") == true)
        #expect(failure.text.contains("difference  1"))
        #expect(failure.text.contains("allowance   0.03"))
        #expect(failure.text.contains("公开05 21011 行政事业单位医疗 · 小计 (line 212)"))
        #expect(failure.text.contains("row.小计 = 512.36   ← 公开05 21011 行政事业单位医疗 · 小计 (line 212)"))
        let share = try #require(cases.first { $0.attributes["classname"] == "N-04" })
        #expect(share.children.first?.attributes["type"] == "warning")
        // Control characters are removed.
        #expect(!out.unicodeScalars.contains { $0.value == 0x01 })
        let second = suites[1]
        #expect(second.attributes["errors"] == "1")
        #expect(second.children.first?.children.first?.name == "error")
    }

    #if canImport(FoundationXML) || os(macOS)
    @Test func junitParsesWithFoundationXML() throws {
        let out = Self.render(JUnitWriter(), [try Self.finalRun(), Self.brokenRun()], catalogue: try Self.catalogue())
        let doc = try XMLDocument(xmlString: out, options: [])
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.elements(forName: "testsuite").count == 2)
        let first = try #require(root.elements(forName: "testsuite").first)
        #expect(first.attribute(forName: "name")?.stringValue == Self.finalPath)
        #expect(first.elements(forName: "testcase").count == 9)
    }
    #endif

    @Test func xmlEscaping() {
        #expect(JUnitWriter.attribute("a&b<c>d\"e'f\ng\u{0}h\u{1F}i\u{7F}j\u{FFFE}报") == "a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;ghij报")
        #expect(JUnitWriter.text("x\r\ny\tz\u{0B}") == "x&#13;\ny\tz")
    }

    @Test func emptyJUnitRun() {
        let out = Self.render(JUnitWriter(), [], catalogue: [])
        #expect(out == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tally\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\"/>\n")
    }

    // MARK: - GitHub

    @Test func githubEscaping() {
        #expect(GitHubWriter.escapeData("100% 完成\r\n下一行: a,b") == "100%25 完成%0D%0A下一行: a,b")
        #expect(GitHubWriter.escapeProperty("R-1 标题: a,b%\n") == "R-1 标题%3A a%2Cb%25%0A")
        #expect(GitHubWriter.escapeData("a\u{1}b\u{1B}[31mc\td") == "ab[31mc\td")
        #expect(GitHubWriter.command("error", file: "报告/a,b.txt", line: 12, title: "C-1 总计: 收支", message: "x\ny")
                == "::error file=报告/a%2Cb.txt,line=12,title=C-1 总计%3A 收支::x%0Ay\n")
        #expect(GitHubWriter.command("warning", file: "r.txt", line: nil, title: nil, message: "m") == "::warning file=r.txt::m\n")
    }

    @Test func githubAnnotationKinds() throws {
        let out = Self.render(GitHubWriter(), [try Self.finalRun()], catalogue: [])
        let lines = out.split(separator: "\n").map(String.init)
        // L003 warning, L013 error, N-04 warning fail, R05-02 error fail, X-09 broken; no note, no n/a, no waived.
        #expect(lines.map { String($0.prefix { $0 != " " }) } == ["::warning", "::error", "::warning", "::error", "::error"])
        #expect(lines.allSatisfy { $0.hasPrefix("::") })
        #expect(lines[3].contains("line=212,title=R05-02 上级科目等于下级科目之和::"))
        let withNotices = Self.render(GitHubWriter(notices: true), [try Self.finalRun()], catalogue: [])
        #expect(withNotices.split(separator: "\n").filter { $0.hasPrefix("::notice") }.count == 3)
    }
}

/// A small XML reader for the tests: elements, attributes and text, with entity decoding; `nil`
/// when tags do not balance or the document is not one element after the declaration.
enum XMLCheck {
    /// An element.
    struct Element {
        var name: String
        var attributes: [String: String] = [:]
        var children: [Element] = []
        var text = ""
    }

    static func parse(_ s: String) -> Element? {
        var chars = Substring(s)
        if chars.hasPrefix("<?xml") {
            guard let end = chars.range(of: "?>") else { return nil }
            chars = chars[end.upperBound...]
        }
        var stack: [Element] = []
        var root: Element?
        while !chars.isEmpty {
            if chars.first == "<" {
                guard let close = chars.firstIndex(of: ">") else { return nil }
                var tag = chars[chars.index(after: chars.startIndex)..<close]
                chars = chars[chars.index(after: close)...]
                if tag.hasPrefix("/") {
                    guard var e = stack.popLast(), e.name == tag.dropFirst() else { return nil }
                    e.text = decode(e.text)
                    if stack.isEmpty { guard root == nil else { return nil }; root = e } else { stack[stack.count - 1].children.append(e) }
                    continue
                }
                let selfClosing = tag.hasSuffix("/")
                if selfClosing { tag = tag.dropLast() }
                guard let e = element(tag) else { return nil }
                if selfClosing {
                    if stack.isEmpty { guard root == nil else { return nil }; root = e } else { stack[stack.count - 1].children.append(e) }
                } else {
                    stack.append(e)
                }
            } else {
                let next = chars.firstIndex(of: "<") ?? chars.endIndex
                let text = chars[..<next]
                if text.contains(">") { return nil }
                if stack.isEmpty { guard text.allSatisfy(\.isWhitespace) else { return nil } } else { stack[stack.count - 1].text += text }
                chars = chars[next...]
            }
        }
        return stack.isEmpty ? root : nil
    }

    static func element(_ tag: Substring) -> Element? {
        var rest = tag
        let name = rest.prefix { !$0.isWhitespace }
        guard !name.isEmpty else { return nil }
        var e = Element(name: String(name))
        rest = rest.dropFirst(name.count)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.isEmpty { return e }
            guard let eq = rest.firstIndex(of: "=") else { return nil }
            let key = String(rest[..<eq])
            rest = rest[rest.index(after: eq)...]
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            guard let q = rest.firstIndex(of: "\"") else { return nil }
            let value = rest[..<q]
            if value.contains("<") || value.contains("&") && !validEntities(value) { return nil }
            guard e.attributes[key] == nil else { return nil }
            e.attributes[key] = decode(value)
            rest = rest[rest.index(after: q)...]
        }
    }

    static func validEntities(_ s: Substring) -> Bool {
        var rest = s
        while let amp = rest.firstIndex(of: "&") {
            guard let semi = rest[amp...].firstIndex(of: ";") else { return false }
            let name = rest[rest.index(after: amp)..<semi]
            guard ["amp", "lt", "gt", "quot", "apos"].contains(name) || name.hasPrefix("#") else { return false }
            rest = rest[rest.index(after: semi)...]
        }
        return true
    }

    static func decode<S: StringProtocol>(_ s: S) -> String {
        var out = String(s)
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"),
                               ("&#10;", "\n"), ("&#13;", "\r"), ("&#9;", "\t"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: char)
        }
        return out
    }
}
