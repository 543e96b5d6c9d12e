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

/// Reads one input with `get_wch`, which decodes UTF-8 itself, and turns it into an `Event`.
enum KeyDecoder {
    /// How long the rest of an escape sequence may take to arrive (as ncurses' ESCDELAY).
    static let sequenceMilliseconds: Int32 = 25

    static func read() -> Input {
        var wch: wint_t = 0
        switch get_wch(&wch) {
        case OK: return wch == 27 ? escape() : character(wch)
        case KEY_CODE_YES: return key(Int32(bitPattern: wch))
        default: return .timeout
        }
    }

    /// terminfo did not know what followed this ESC: read the rest of the sequence so none of
    /// it leaks as keys, and take the common sequences terminfo may lack.
    private static func escape() -> Input {
        var sequence = EscapeSequence()
        timeout(sequenceMilliseconds)
        while true {
            var wch: wint_t = 0
            let result = get_wch(&wch)
            guard result == OK, let scalar = Unicode.Scalar(UInt32(wch)) else {
                // Nothing more (a lone Esc), or a key terminfo decoded: Esc, then that key.
                if result == KEY_CODE_YES { ungetch(Int32(bitPattern: wch)) }
                return .event(.escape)
            }
            switch sequence.feed(Character(scalar)) {
            case .more: continue
            case .key(let event): return event.map(Input.event) ?? .ignored
            case .notASequence:
                unget_wch(wchar_t(bitPattern: wch))
                return .event(.escape)
            }
        }
    }

    private static func character(_ wch: wint_t) -> Input {
        switch wch {
        case 3: return .terminate(SIGINT)
        case 0x1C: return .terminate(SIGQUIT)
        case 0x1A: return .suspend
        case 9: return .event(.tab)
        case 10, 13: return .event(.enter)
        case 8, 127: return .event(.backspace)
        case 0..<32: return .ignored
        default:
            guard let scalar = Unicode.Scalar(UInt32(wch)) else { return .ignored }
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
