import CNcurses
import TutorUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One ncurses screen, from `newterm` to `endwin`. `newterm` rather than `initscr` because
/// initscr exits the process on an unknown TERM instead of letting us report it.
struct CursesSession {
    private let screen: OpaquePointer
    let palette: Palette
    /// True when the locale cannot encode the UI's Unicode (e.g. LANG unset, as over some SSH
    /// links or in CI): cells are then drawn with ASCII stand-ins rather than garbled bytes.
    let asciiOnly: Bool

    init(colors mode: ColorMode, theme: Theme = .standard) throws {
        if let problem = fullScreenUnavailable() { throw problem }
        setlocale(LC_ALL, "")
        asciiOnly = Charset.ofLocale() == .ascii
        Signals.install()
        guard let screen = newterm(nil, ct_stdout(), ct_stdin()) else {
            Signals.restore()
            throw TerminalError.initFailed("ncurses could not start on this terminal")
        }
        self.screen = screen
        raw()  // Ctrl-C arrives as a key, so quitting always goes through the program
        noecho()
        keypad(ct_stdscr(), true)
        curs_set(0)
        // ncurses matches terminfo's keys within this; KeyDecoder then waits longer for the
        // rest of a sequence that arrives split (EscapeSequence.waitMilliseconds).
        set_escdelay(25)
        mouseinterval(0)  // report presses at once instead of waiting to pair them into clicks
        mousemask(ct_button1_press_or_click(), nil)
        palette = Palette(colored: mode == .auto && has_colors() && !Self.noColorRequested, projector: theme == .projector)
    }

    private static var noColorRequested: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0  // no-color.org: set and non-empty
    }

    var size: Size { Size(width: Int(ct_cols()), height: Int(ct_lines())) }

    /// Gives the terminal back as the user had it, then stops until continued (Ctrl-Z, SIGTSTP).
    func suspend() {
        endwin()
        Signals.stopSelf()
    }

    /// After any stop, a shell may have put its own modes back and drawn over the screen. Leaving
    /// program mode here makes the next refresh enter it afresh (raw, keypad, mouse, hidden
    /// cursor, alternate screen); the caller then repaints every cell.
    func resume() {
        if !isendwin() { endwin() }
    }

    func close() {
        endwin()
        delscreen(screen)
        Signals.restore()
    }
}

/// Why the full-screen UI cannot run here, or nil when it can: standard input and output must
/// be a terminal, and $TERM must name one whose cursor can be moved (not `dumb`).
public func fullScreenUnavailable() -> TerminalError? {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return .notATerminal }
    guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
        return .cannotDraw("TERM is not set")
    }
    switch ct_term_addressable() {
    case 1: return nil
    case 0: return .cannotDraw("TERM=\(term) cannot move the cursor")
    default: return .cannotDraw("terminfo does not know TERM=\(term.debugDescription)")
    }
}
