import Testing
@testable import TallyCommandLine

/// The line editor's pure editing model: operations on Chinese text, cursor display columns,
/// history browsing, completion, and the horizontal-scroll window.
@Suite struct EditStateTests {
    @Test func insertingChineseMovesTheCursorTwoCellsPerCharacter() {
        var s = EditState()
        s.insert("公开05")
        #expect(s.text == "公开05")
        #expect(s.cursor == 4)
        #expect(s.displayColumn == 6)
        s.moveLeft(); s.moveLeft(); s.moveLeft()
        #expect(s.cursor == 1)
        #expect(s.displayColumn == 2)
        s.insert("x")
        #expect(s.text == "公x开05")
        #expect(s.displayColumn == 3)
        #expect(s.displayWidth == 7)
    }

    @Test func backspaceAndDeleteRemoveOneCharacter() {
        var s = EditState("功能分类", cursor: 2)
        s.backspace()
        #expect(s.text == "功分类")
        #expect(s.cursor == 1)
        s.deleteForward()
        #expect(s.text == "功类")
        #expect(s.displayColumn == 2)
        s.moveHome(); s.backspace()
        #expect(s.text == "功类")
        s.moveEnd(); s.deleteForward()
        #expect(s.text == "功类")
    }

    @Test func combiningMarksMoveAndDeleteWithTheirBase() {
        // "é" as e + U+0301: one character, one cell.
        var s = EditState("ae\u{301}b")
        #expect(s.displayWidth == 3)
        s.moveLeft()
        #expect(s.cursor == 3)
        s.moveLeft()
        #expect(s.cursor == 1)
        #expect(s.displayColumn == 1)
        s.moveRight()
        #expect(s.cursor == 3)
        s.backspace()
        #expect(s.text == "ab")
    }

    @Test func insertDropsControlCharacters() {
        var s = EditState()
        s.insert("a\u{1B}[31mb\tc\u{7}\u{85}d")
        #expect(s.text == "a[31mb cd")
        s.insert("\u{0}\u{1}")
        #expect(s.text == "a[31mb cd")
    }

    @Test func wordMovementStopsAtPathSeparators() {
        var s = EditState("sum(公开05.功能分类.210)")
        s.moveWordLeft()
        #expect(s.textBeforeCursor == "sum(公开05.功能分类.")
        s.moveWordLeft()
        #expect(s.textBeforeCursor == "sum(公开05.")
        #expect(s.displayColumn == 4 + 6 + 1)
        s.moveWordLeft(); s.moveWordLeft()
        #expect(s.cursor == 0)
        s.moveWordLeft()
        #expect(s.cursor == 0)
        s.moveWordRight()
        #expect(s.textBeforeCursor == "sum")
        s.moveWordRight()
        #expect(s.textBeforeCursor == "sum(公开05")
    }

    @Test func killCommandsFillTheKillBufferAndYankRestoresIt() {
        var s = EditState("a = 公开05.功能分类 + 1", cursor: 13)
        #expect(s.textBeforeCursor == "a = 公开05.功能分类")
        s.killToEnd()
        #expect(s.text == "a = 公开05.功能分类")
        s.yank()
        #expect(s.text == "a = 公开05.功能分类 + 1")

        s = EditState("a = 公开05.功能分类", cursor: 13)
        s.killWordBackward()
        #expect(s.text == "a = 公开05.")
        #expect(s.killBuffer == Array("功能分类".unicodeScalars))
        s.killWhitespaceWordBackward()
        #expect(s.text == "a = ")
        s.killToStart()
        #expect(s.text == "")
        #expect(s.cursor == 0)
        s.yank()
        #expect(s.text == "a = ")

        s = EditState("x 功能分类.y", cursor: 1)
        s.killWordForward()
        #expect(s.text == "x.y")
    }

    @Test func transposeSwapsCharacters() {
        var s = EditState("ab公", cursor: 1)
        s.transpose()
        #expect(s.text == "ba公")
        #expect(s.cursor == 2)
        s.moveEnd()
        s.transpose()
        #expect(s.text == "b公a")
    }

    @Test func historyBrowsingKeepsTheLineBeingEdited() {
        let entries = ["first", "第二", "third"]
        var s = EditState("草稿", cursor: 1)
        s.historyPrevious(entries)
        #expect(s.text == "third")
        #expect(s.cursor == 5)
        s.historyPrevious(entries)
        #expect(s.text == "第二")
        #expect(s.displayColumn == 4)
        s.historyPrevious(entries)
        s.historyPrevious(entries)  // stays at the oldest
        #expect(s.text == "first")
        s.historyNext(entries); s.historyNext(entries)
        #expect(s.text == "third")
        s.historyNext(entries)
        #expect(s.text == "草稿")
        #expect(s.historyIndex == nil)
        s.historyNext(entries)
        #expect(s.text == "草稿")
        var empty = EditState("x")
        empty.historyPrevious([])
        #expect(empty.text == "x")
    }

    @Test func completionContextSplitsTheDottedName() {
        let c = CompletionContext(line: "sum(公开05.功能分类.21", cursor: 16)
        #expect(c.word == "公开05.功能分类.21")
        #expect(c.qualifier == ["公开05", "功能分类"])
        #expect(c.prefix == "21")
        #expect(c.prefixRange == 14..<16)

        let afterDot = CompletionContext(line: "公开05.", cursor: 5)
        #expect(afterDot.prefix == "")
        #expect(afterDot.qualifier == ["公开05"])

        let fullWidth = CompletionContext(line: "公开05。功", cursor: 6)
        #expect(fullWidth.qualifier == ["公开05"])
        #expect(fullWidth.prefix == "功")

        let command = CompletionContext(line: ":lo", cursor: 3)
        #expect(command.prefix == "lo")
        #expect(command.qualifier.isEmpty)
    }

    @Test func singleCandidateReplacesThePrefix() {
        var s = EditState("sum(公开05.功能 + 1", cursor: 11)
        #expect(s.completionContext.prefix == "功能")
        let outcome = s.applyCompletion(["功能分类"])
        #expect(outcome == .completed)
        #expect(s.text == "sum(公开05.功能分类 + 1")
        #expect(s.textBeforeCursor == "sum(公开05.功能分类")
        #expect(s.displayColumn == 4 + 6 + 1 + 8)
    }

    @Test func severalCandidatesCompleteTheirCommonPrefix() {
        var s = EditState("公开05.一般")
        let candidates = ["一般公共预算支出", "一般公共预算收入", "一般公共预算支出"]
        let r1 = s.applyCompletion(candidates)
        #expect(r1 == .extended)
        #expect(s.text == "公开05.一般公共预算")
        let r2 = s.applyCompletion(candidates)
        #expect(r2 == .ambiguous)
        #expect(s.text == "公开05.一般公共预算")
        let r3 = s.applyCompletion([])
        #expect(r3 == .none)
        // Candidates agreeing on less than the typed prefix leave the line alone.
        var t = EditState("abc")
        let r4 = t.applyCompletion(["abx", "aby"])
        #expect(r4 == .ambiguous)
        #expect(t.text == "abc")
    }

    @Test func longestCommonPrefixWorksOnCharacters() {
        #expect(CompletionContext.longestCommonPrefix(["功能分类", "功能科目"]) == "功能")
        #expect(CompletionContext.longestCommonPrefix(["a"]) == "a")
        #expect(CompletionContext.longestCommonPrefix(["ab", "cd"]) == "")
        #expect(CompletionContext.longestCommonPrefix([]) == "")
    }

    @Test func windowKeepsTheCursorInViewOnLongChineseLines() {
        let line = Array(String(repeating: "预算", count: 30).unicodeScalars)  // 60 chars, 120 cells
        // Cursor at the end of a 20-cell window: the window ends at the cursor.
        let w = LineView.window(line, cursor: 60, offset: 0, width: 20)
        #expect(w.end == 60)
        #expect(w.cursorColumn <= 19)
        #expect(EditState.cells(line[w.offset..<60]) == w.cursorColumn)
        // Moving left inside the window keeps the offset.
        let w2 = LineView.window(line, cursor: 55, offset: w.offset, width: 20)
        #expect(w2.offset == w.offset)
        #expect(w2.cursorColumn == EditState.cells(line[w.offset..<55]))
        // Moving before the window scrolls back with some context.
        let w3 = LineView.window(line, cursor: 10, offset: w.offset, width: 20)
        #expect(w3.offset < 10)
        #expect(w3.offset >= 10 - 4)
        #expect(w3.cursorColumn == EditState.cells(line[w3.offset..<10]))
        // The character under the cursor always fits.
        for cursor in 0...60 {
            let v = LineView.window(line, cursor: cursor, offset: 0, width: 9)
            #expect(v.offset <= cursor && cursor <= v.end)
            #expect(v.cursorColumn + (cursor < 60 ? 2 : 1) <= 9)
            #expect(EditState.cells(line[v.offset..<v.end]) <= 9)
        }
    }

    @Test func renderPlacesTheCursorAfterThePromptByDisplayWidth() {
        var view = LineView(prompt: "\u{1B}[1mtally>\u{1B}[0m ")
        #expect(view.promptCells == 7)
        let s = EditState("公开05", cursor: 2)
        let out = view.render(s, columns: 80)
        #expect(out.hasPrefix("\r\u{1B}[1mtally>\u{1B}[0m 公开05\u{1B}[0K\r"))
        #expect(out.hasSuffix("\u{1B}[11C"))
    }

    @Test func completionListingAlignsChineseNames() {
        let rows = LineView.columns(["收入", "支出合计", "a"], width: 30)
        #expect(rows == ["收入      支出合计  a"])
        let narrow = LineView.columns(["收入", "支出合计", "a"], width: 20)
        #expect(narrow == ["收入      a", "支出合计"])
        #expect(LineView.columns(["收入", "支出合计", "a"], width: 12) == ["收入", "支出合计", "a"])
        let many = LineView.columns((0..<10).map { "n\($0)" }, width: 80, limit: 4)
        #expect(many.last == "… 6 more")
    }
}
