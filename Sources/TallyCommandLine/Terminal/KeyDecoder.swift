/// A key press (or paste) decoded from terminal input.
package enum Key: Equatable, Sendable {
    /// Printable text: one or more characters typed or pasted without bracketing.
    case text(String)
    /// Text pasted between bracketed-paste markers, line breaks normalised to `\n`.
    case paste(String)
    /// Enter / Return (CR or LF; a CR LF pair counts once).
    case enter
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Backspace (DEL 0x7F or BS 0x08).
    case backspace
    /// Delete (forward).
    case delete
    /// Cursor left.
    case left
    /// Cursor right.
    case right
    /// Cursor up.
    case up
    /// Cursor down.
    case down
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Ctrl-Left or Alt-Left.
    case wordLeft
    /// Ctrl-Right or Alt-Right.
    case wordRight
    /// A control key other than those above, named by its lower-case letter or symbol:
    /// `.control("a")` for Ctrl-A (0x01), `.control("@")` for Ctrl-Space (0x00), `.control("\\")`
    /// for Ctrl-\ (0x1C).
    case control(Character)
    /// Alt (Meta) with a character, sent as ESC followed by it: `.alt("b")`; Alt-Backspace is
    /// `.alt("\u{7F}")`.
    case alt(Character)
    /// A lone Escape (reported only by `flush()`, when no sequence followed in time).
    case escape
}

/// Decodes the bytes a terminal sends in raw mode into `Key`s, incrementally: a UTF-8 character
/// or an escape sequence split across two reads is completed by the next `feed`.
///
/// Invalid UTF-8 becomes U+FFFD, unknown or over-long escape sequences are dropped whole, and no
/// input can make it fail. Printable text arriving in one read comes out as a single `.text` key,
/// so a large unbracketed paste costs one edit per read rather than one per character.
///
/// A lone ESC cannot be told from the start of a sequence until more bytes arrive or time passes:
/// when `hasPendingInput` is true after a feed, the reader should wait briefly for more input and
/// call `flush()` if none comes.
package struct KeyDecoder: Sendable {
    private enum State: Sendable, Equatable {
        case ground
        case escape
        case csi
        case ss3
        /// Inside an over-long CSI sequence: bytes are dropped up to its final byte.
        case csiIgnore
        case paste
    }

    private var state: State = .ground
    private var sequence: [UInt8] = []
    private var utf8: [UInt8] = []
    private var utf8Needed = 0
    private var pasteBytes: [UInt8] = []
    private var text = String.UnicodeScalarView()
    private var lastWasCR = false

    /// The longest CSI parameter string kept; longer sequences are skipped.
    static let maxSequenceLength = 32
    /// The bracketed-paste start and end markers.
    static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
    static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    /// A decoder in its initial state.
    package init() {}

    /// Whether an incomplete escape sequence or UTF-8 character is held back waiting for more
    /// bytes (a paste in progress does not count: it ends with its marker).
    package var hasPendingInput: Bool {
        state == .escape || state == .csi || state == .ss3 || state == .csiIgnore || utf8Needed > 0
    }

    /// Decodes `bytes`, returning the keys they complete.
    package mutating func feed<S: Sequence<UInt8>>(_ bytes: S) -> [Key] {
        var keys: [Key] = []
        for b in bytes { process(b, into: &keys) }
        flushText(into: &keys)
        return keys
    }

    /// Gives up waiting for the rest of a pending sequence: a lone ESC becomes `.escape`, an
    /// incomplete UTF-8 character U+FFFD, and an incomplete CSI/SS3 sequence is dropped.
    package mutating func flush() -> [Key] {
        var keys: [Key] = []
        if utf8Needed > 0 {
            utf8 = []
            utf8Needed = 0
            text.append("\u{FFFD}")
        }
        flushText(into: &keys)
        switch state {
        case .escape: keys.append(.escape)
        case .csi, .ss3, .csiIgnore: break
        case .ground, .paste: return keys
        }
        state = .ground
        sequence = []
        return keys
    }

    private mutating func flushText(into keys: inout [Key]) {
        guard !text.isEmpty else { return }
        keys.append(.text(String(text)))
        text = String.UnicodeScalarView()
    }

    private mutating func emit(_ key: Key, into keys: inout [Key]) {
        flushText(into: &keys)
        keys.append(key)
    }

    private mutating func process(_ b: UInt8, into keys: inout [Key]) {
        let wasCR = lastWasCR
        lastWasCR = false
        switch state {
        case .paste:
            pasteBytes.append(b)
            if b == 0x7E, pasteBytes.count >= KeyDecoder.pasteEnd.count,
               pasteBytes.suffix(KeyDecoder.pasteEnd.count).elementsEqual(KeyDecoder.pasteEnd) {
                pasteBytes.removeLast(KeyDecoder.pasteEnd.count)
                var s = String(decoding: pasteBytes, as: UTF8.self)
                s = s.replacingCRLF()
                pasteBytes = []
                state = .ground
                emit(.paste(s), into: &keys)
            }
        case .escape:
            processAfterEscape(b, into: &keys)
        case .csi:
            if b >= 0x40 && b <= 0x7E {
                let params = sequence
                sequence = []
                state = .ground
                if let key = KeyDecoder.csiKey(params: params, final: b) {
                    emit(key, into: &keys)
                } else if params == Array("200".utf8) && b == 0x7E {
                    flushText(into: &keys)
                    state = .paste
                    pasteBytes = []
                }
            } else if b >= 0x20 && b <= 0x3F {
                sequence.append(b)
                if sequence.count > KeyDecoder.maxSequenceLength {
                    sequence = []
                    state = .csiIgnore
                }
            } else {
                // Not part of a CSI sequence: abandon the sequence and read the byte afresh.
                sequence = []
                state = .ground
                process(b, into: &keys)
            }
        case .csiIgnore:
            if b >= 0x40 && b <= 0x7E {
                state = .ground
            } else if !(b >= 0x20 && b <= 0x3F) {
                state = .ground
                process(b, into: &keys)
            }
        case .ss3:
            if b >= 0x30 && b <= 0x3F, sequence.count < KeyDecoder.maxSequenceLength {
                sequence.append(b)  // some terminals send modifiers: ESC O 5 C
                return
            }
            let params = sequence
            sequence = []
            state = .ground
            if b >= 0x40 && b <= 0x7E {
                if let key = KeyDecoder.ss3Key(params: params, final: b) { emit(key, into: &keys) }
            } else {
                process(b, into: &keys)
            }
        case .ground:
            processGround(b, wasCR: wasCR, into: &keys)
        }
    }

    private mutating func processGround(_ b: UInt8, wasCR: Bool, into keys: inout [Key]) {
        if utf8Needed > 0 {
            if b & 0xC0 == 0x80 {
                utf8.append(b)
                utf8Needed -= 1
                if utf8Needed == 0 {
                    appendScalar(KeyDecoder.decodeUTF8(utf8))
                    utf8 = []
                }
                return
            }
            // A character cut short: replace it and read this byte afresh.
            utf8 = []
            utf8Needed = 0
            text.append("\u{FFFD}")
        }
        switch b {
        case 0x1B:
            flushText(into: &keys)
            state = .escape
        case 0x0D:
            emit(.enter, into: &keys)
            lastWasCR = true
        case 0x0A:
            if !wasCR { emit(.enter, into: &keys) }
        case 0x09:
            emit(.tab, into: &keys)
        case 0x7F, 0x08:
            emit(.backspace, into: &keys)
        case 0x00:
            emit(.control("@"), into: &keys)
        case 0x01...0x1A:
            emit(.control(Character(Unicode.Scalar(b + 0x60))), into: &keys)
        case 0x1C...0x1F:
            emit(.control(Character(Unicode.Scalar(b + 0x40))), into: &keys)
        case 0x20...0x7E:
            text.append(Unicode.Scalar(b))
        case 0xC2...0xDF:
            utf8 = [b]; utf8Needed = 1
        case 0xE0...0xEF:
            utf8 = [b]; utf8Needed = 2
        case 0xF0...0xF4:
            utf8 = [b]; utf8Needed = 3
        default:
            // 0x80–0xC1 (stray continuation, over-long lead) and 0xF5–0xFF never start a character.
            text.append("\u{FFFD}")
        }
    }

    private mutating func appendScalar(_ s: Unicode.Scalar) {
        // C1 controls (U+0080–U+009F) are not printable; drop them.
        if s.value >= 0x80 && s.value < 0xA0 { return }
        text.append(s)
    }

    private mutating func processAfterEscape(_ b: UInt8, into keys: inout [Key]) {
        switch b {
        case UInt8(ascii: "["):
            state = .csi
            sequence = []
        case UInt8(ascii: "O"):
            state = .ss3
            sequence = []
        case 0x1B:
            // ESC ESC: the first was a lone Escape; the second may start a sequence.
            emit(.escape, into: &keys)
            state = .escape
        case 0x7F, 0x08:
            state = .ground
            emit(.alt("\u{7F}"), into: &keys)
        case 0x20...0x7E:
            state = .ground
            emit(.alt(Character(Unicode.Scalar(b))), into: &keys)
        case 0x0D:
            state = .ground
            emit(.alt("\r"), into: &keys)
        default:
            // Escape followed by a control or non-ASCII byte: a lone Escape, then the byte.
            state = .ground
            emit(.escape, into: &keys)
            process(b, into: &keys)
        }
    }

    /// The key for `CSI params final`, or nil for sequences the editor does not use.
    static func csiKey(params: [UInt8], final: UInt8) -> Key? {
        let fields = String(decoding: params, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false)
        // Private-mode, intermediate-byte and other exotic sequences are not keys.
        if params.contains(where: { $0 < 0x30 || $0 > 0x3B }) { return nil }
        let first = fields.first.flatMap { Int($0) }
        let modifier = fields.count > 1 ? Int(fields[1]) ?? 1 : 1
        if let key = cursorKey(final: final, modifier: modifier) { return key }
        switch final {
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "~"):
            switch first {
            case 1, 7: return .home
            case 3: return .delete
            case 4, 8: return .end
            case 5: return .pageUp
            case 6: return .pageDown
            default: return nil  // 2 (Insert), 200/201 (paste markers), function keys
            }
        default:
            return nil
        }
    }

    /// The key for `SS3 final` (application cursor mode), or nil.
    static func ss3Key(params: [UInt8], final: UInt8) -> Key? {
        let modifier = Int(String(decoding: params, as: UTF8.self)) ?? 1
        if let key = cursorKey(final: final, modifier: modifier) { return key }
        return final == UInt8(ascii: "M") ? .enter : nil  // keypad Enter
    }

    /// The cursor keys that CSI and SS3 sequences share (arrows, Home, End). With a Ctrl, Alt or
    /// Meta `modifier` (xterm's 1 + shift 1, alt 2, ctrl 4, meta 8) the horizontal arrows move by
    /// word.
    private static func cursorKey(final: UInt8, modifier: Int) -> Key? {
        let word = modifier > 1 && (modifier - 1) & 0b1110 != 0
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return word ? .wordRight : .right
        case UInt8(ascii: "D"): return word ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        default: return nil
        }
    }

    /// Decodes one complete UTF-8 sequence (lead byte plus continuations); over-long forms,
    /// surrogates and values beyond U+10FFFF give U+FFFD.
    static func decodeUTF8(_ bytes: [UInt8]) -> Unicode.Scalar {
        guard let lead = bytes.first else { return "\u{FFFD}" }
        var value: UInt32
        let minimum: UInt32
        switch bytes.count {
        case 2: value = UInt32(lead & 0x1F); minimum = 0x80
        case 3: value = UInt32(lead & 0x0F); minimum = 0x800
        case 4: value = UInt32(lead & 0x07); minimum = 0x10000
        default: return "\u{FFFD}"
        }
        for b in bytes.dropFirst() { value = value << 6 | UInt32(b & 0x3F) }
        guard value >= minimum, let s = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return s
    }
}

extension String {
    /// The string with CR LF and lone CR turned into LF.
    func replacingCRLF() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in unicodeScalars {
            if s == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if !(s == "\n" && previousCR) { out.append(s) }
            previousCR = false
        }
        return String(out)
    }
}
