import CNcurses
import TutorUI

enum Input {
    case event(Event)
    case resize
    case timeout
    case ignored
}

/// Reads one input with `get_wch`, which decodes UTF-8 itself, and turns it into an `Event`.
enum KeyDecoder {
    static func read() -> Input {
        var wch: wint_t = 0
        switch get_wch(&wch) {
        case OK: return character(wch)
        case KEY_CODE_YES: return key(Int32(bitPattern: wch))
        default: return .timeout
        }
    }

    private static func character(_ wch: wint_t) -> Input {
        switch wch {
        case 3: return .event(.interrupt)
        case 9: return .event(.tab)
        case 10, 13: return .event(.enter)
        case 8, 127: return .event(.backspace)
        case 27: return .event(.escape)
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
