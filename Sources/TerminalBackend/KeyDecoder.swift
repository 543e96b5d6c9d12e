import CNcurses
import TutorUI

enum Input {
    case event(Event)
    case resize
    case timeout
    case ignored
    /// Ctrl-Z: give the terminal back and stop, as a cooked terminal would.
    case suspend
    /// Ctrl-C (SIGINT) or Ctrl-\ (SIGQUIT): end as that signal would, terminal restored.
    case terminate(Int32)
}

/// Reads one input and turns it into an `Event`. Under a UTF-8 locale `get_wch` decodes UTF-8
/// itself; under any other (LANG=C) it would drop every byte ≥ 0x80, so the input is read a
/// byte at a time and decoded as the UTF-8 terminals send whatever the locale says.
struct KeyDecoder {
    /// Read byte by byte (a non-UTF-8 locale) rather than character by character.
    let bytewise: Bool

    /// One read: a character (a byte when bytewise), a key terminfo decoded, or nothing in time.
    private enum Raw: Equatable {
        case character(UInt32)
        case key(Int32)
        case nothing
    }

    private func next() -> Raw {
        if bytewise {
            let c = wgetch(ct_stdscr())
            if c == ERR { return .nothing }
            return c >= KEY_MIN ? .key(c) : .character(UInt32(c))
        }
        var wch: wint_t = 0
        switch get_wch(&wch) {
        case OK: return .character(UInt32(wch))
        case KEY_CODE_YES: return .key(Int32(bitPattern: wch))
        default: return .nothing
        }
    }

    /// Gives a read back, so the next `next()` returns it again.
    private func unread(_ raw: Raw) {
        switch raw {
        case .character(let c) where bytewise: ungetch(Int32(c))
        case .character(let c): unget_wch(wchar_t(bitPattern: c))
        case .key(let code): ungetch(code)
        case .nothing: break
        }
    }

    func read() -> Input {
        switch next() {
        case .character(27): return escape()
        case .character(let c) where bytewise && c >= 0x80: return utf8(startingWith: UInt8(c))
        case .character(let c): return Self.character(c)
        case .key(let code): return Self.key(code)
        case .nothing: return .timeout
        }
    }

    /// The rest of a character whose first byte came alone: a byte that breaks it off is read
    /// again as input of its own, and whatever was not a character is typed as one U+FFFD.
    private func utf8(startingWith first: UInt8) -> Input {
        var decoder = TypedBytes()
        var step = decoder.feed(first)
        timeout(EscapeSequence.byteMilliseconds)
        while step == .more {
            let raw = next()
            guard case .character(let c) = raw, c <= 0xFF else {
                unread(raw)
                return .event(.char(decoder.end() ?? "\u{FFFD}"))
            }
            step = decoder.feed(UInt8(c))
            if step == .broken {
                unread(raw)
                return .event(.char("\u{FFFD}"))
            }
        }
        guard case .character(let typed) = step else { return .ignored }
        return .event(.char(typed))
    }

    /// terminfo did not know what followed this ESC: read the rest of the sequence so none of
    /// it leaks as keys, and take the common sequences terminfo may lack. The sequence says how
    /// long to wait for each next character, so one split by a slow link is still read whole.
    private func escape() -> Input {
        var sequence = EscapeSequence()
        while true {
            timeout(sequence.waitMilliseconds)
            let raw = next()
            guard case .character(let c) = raw, let scalar = Unicode.Scalar(c) else {
                // Nothing more in time, or a key terminfo decoded (then that key comes next).
                unread(raw)
                return sequence.timedOut().map(Input.event) ?? .ignored
            }
            switch sequence.feed(Character(scalar)) {
            case .more: continue
            case .key(let event): return event.map(Input.event) ?? .ignored
            case .notASequence:
                unread(raw)
                return .event(.escape)
            }
        }
    }

    private static func character(_ wch: UInt32) -> Input {
        switch wch {
        case 3: return .terminate(SIGINT)
        case 0x1C: return .terminate(SIGQUIT)
        case 0x1A: return .suspend
        case 9: return .event(.tab)
        case 10, 13: return .event(.enter)
        case 8, 127: return .event(.backspace)
        case 0..<32: return .ignored
        default:
            guard let scalar = Unicode.Scalar(wch) else { return .ignored }
            return .event(.char(Character(scalar)))
        }
    }

    private static func key(_ code: Int32) -> Input {
        switch code {
        case KEY_UP: return .event(.up)
        case KEY_DOWN: return .event(.down)
        case KEY_LEFT: return .event(.left)
        case KEY_RIGHT: return .event(.right)
        case KEY_HOME: return .event(.home)
        case KEY_END: return .event(.end)
        case KEY_PPAGE: return .event(.pageUp)
        case KEY_NPAGE: return .event(.pageDown)
        case KEY_ENTER: return .event(.enter)
        case KEY_BACKSPACE: return .event(.backspace)
        case KEY_DC: return .event(.delete)
        case KEY_BTAB: return .event(.backTab)
        case KEY_RESIZE: return .resize
        case KEY_MOUSE:
            var mouse = MEVENT()
            guard getmouse(&mouse) == OK, mouse.bstate & ct_button1_press_or_click() != 0 else { return .ignored }
            return .event(.click(x: Int(mouse.x), y: Int(mouse.y)))
        default: return .ignored
        }
    }
}
