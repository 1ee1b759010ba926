import Foundation
import Testing
@testable import TallyCommandLine

/// The line editor's history: bounds, repeats, encoding of multi-line entries, and persistence.
@Suite struct HistoryTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tally-history-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func consecutiveRepeatsAndBlankEntriesAreNotStored() {
        var h = History(limit: 10)
        let r1 = h.add("a")
        #expect(r1)
        let r2 = h.add("a")
        #expect(!r2)
        let r3 = h.add("   ")
        #expect(!r3)
        let r4 = h.add("")
        #expect(!r4)
        let r5 = h.add("b")
        #expect(r5)
        let r6 = h.add("a")
        #expect(r6)
        #expect(h.entries == ["a", "b", "a"])
    }

    @Test func historyIsBounded() {
        var h = History(limit: 3)
        for i in 0..<10 { h.add("e\(i)") }
        #expect(h.entries == ["e7", "e8", "e9"])
    }

    @Test func continuationLinesJoinTheNewestEntry() {
        var h = History(limit: 10)
        h.add("check 收支平衡 {")
        h.appendToNewest("  收入 == 支出")
        h.appendToNewest("")
        h.appendToNewest("}")
        #expect(h.entries == ["check 收支平衡 {\n  收入 == 支出\n}"])
    }

    @Test func encodingRoundTripsMultiLineAndBackslashes() {
        let entries = ["a\nb", "c:\\path\\n", "\\", "x\r\ny", "公开05.功能分类", "trailing\\"]
        for e in entries {
            let line = History.encode(e)
            #expect(!line.contains("\n") && !line.unicodeScalars.contains("\r"))
            #expect(History.decode(line) == e)
        }
        #expect(History.encode("a\nb\\c") == "a\\nb\\\\c")
        #expect(History.decode("unknown \\q escape") == "unknown \\q escape")
    }

    @Test func fileRoundTripThroughTheEditor() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("state/tally/history")  // directory created on save
        do {
            let editor = LineEditor(historyURL: url, environment: [:])
            editor.addHistory("sum(公开05.功能分类.210.*.小计)")
            editor.addHistory("sum(公开05.功能分类.210.*.小计)")
            editor.addHistory("check x {\n  a == b\n}")
            editor.addHistory(":tables")
            editor.saveHistory()
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == "sum(公开05.功能分类.210.*.小计)\ncheck x {\\n  a == b\\n}\n:tables\n")
        let again = LineEditor(historyURL: url, environment: [:])
        #expect(again.history.entries == ["sum(公开05.功能分类.210.*.小计)", "check x {\n  a == b\n}", ":tables"])
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func fileIsCompactedToTheLimit() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("history").path
        var file = HistoryFile(path: path, limit: 5)
        for i in 0..<11 { file.append("entry \(i)") }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count <= 10)
        #expect(lines.last == "entry 10")
        var reload = HistoryFile(path: path, limit: 5)
        let r7 = reload.load()
        #expect(r7.entries == (6...10).map { "entry \($0)" })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(leftovers == ["history"])
    }

    @Test func damagedFilesLoadWithoutTrouble() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("history")
        let bytes: [UInt8] = Array("one\r\n\n".utf8) + [0xFF, 0xFE] + Array("\ntwo\ntwo\nthree\\".utf8)
        try Data(bytes).write(to: url)
        var file = HistoryFile(path: url.path)
        let r8 = file.load()
        #expect(r8.entries == ["one", "\u{FFFD}\u{FFFD}", "two", "three\\"])
        var missing = HistoryFile(path: dir.appendingPathComponent("none").path)
        let r9 = missing.load()
        #expect(r9.entries.isEmpty)
    }

    @Test func hugeEntriesStayInMemoryOnly() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("history").path
        var file = HistoryFile(path: path)
        file.append(String(repeating: "x", count: HistoryFile.maxPersistedEntryBytes + 1))
        file.append("small")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "small\n")
    }

    @Test func defaultPathFollowsXDGStateHome() {
        #expect(LineEditor.defaultHistoryPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/tally/history")
        #expect(LineEditor.defaultHistoryPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h/"])
            == "/h/.local/state/tally/history")
        #expect(LineEditor.defaultHistoryPath(environment: ["HOME": "/h"]) == "/h/.local/state/tally/history")
        #expect(LineEditor.defaultHistoryPath(environment: [:]) == nil)
    }

    @Test func colourPolicyRespectsNoColor() {
        #expect(Terminal.colorAllowed(environment: ["TERM": "xterm"]))
        #expect(!Terminal.colorAllowed(environment: ["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(Terminal.colorAllowed(environment: ["TERM": "xterm", "NO_COLOR": ""]))
        #expect(!Terminal.colorAllowed(environment: ["TERM": "dumb"]))
        #expect(Terminal.visibleCells("\u{1B}[1;32m公开\u{1B}[0m> \u{1B}]8;;http://x\u{7}y") == 7)
    }
}
