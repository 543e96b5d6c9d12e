import CNcurses
import TutorUI

/// Draws frames incrementally: only cells that changed since the last frame reach ncurses.
struct Painter {
    let palette: Palette
    let asciiOnly: Bool
    let recorder: CastRecorder?
    private var previous: CellBuffer?

    init(palette: Palette, asciiOnly: Bool = false, recorder: CastRecorder? = nil) {
        self.palette = palette
        self.asciiOnly = asciiOnly
        self.recorder = recorder
    }

    /// After a resize the screen contents are unknown, so the next frame repaints everything.
    mutating func invalidate() {
        previous = nil
        wclear(ct_stdscr())
    }

    mutating func draw(_ frame: CellBuffer, on screen: Size) {
        for run in frame.changedRuns(since: previous) where run.y < screen.height {
            for x in run.x..<min(run.x + run.length, screen.width) {
                // A wide character covers its continuation cell; ASCII stand-ins are narrow.
                if frame[x, run.y].isContinuation && !asciiOnly { continue }
                put(frame[x, run.y], x: x, y: run.y, bottomRight: x == screen.width - 1 && run.y == screen.height - 1)
            }
        }
        previous = frame
        refresh()
        recorder?.record(frame)
    }

    private func put(_ cell: Cell, x: Int, y: Int, bottomRight: Bool) {
        var cell = cell
        if !palette.shades, cell.style.fg != nil || cell.style.bg != nil {
            // No 256 colours: a heatmap cell becomes a character from a brightness ramp.
            cell = Shade.rampCell(cell.style)
        }
        // Frames drawn under Charset.ascii hold only ASCII already; this catches any cell that
        // reached the buffer some other way.
        if asciiOnly { cell = cell.ascii }
        // A spacing character plus at most CCHARW_MAX - 2 combining marks, NUL-terminated.
        var text = cell.character.unicodeScalars.prefix(Int(CCHARW_MAX) - 1).map { wchar_t(bitPattern: $0.value) }
        if let first = text.first, first < 0x20 || first == 0x7f { text = [0x20] }  // control codes would move the cursor
        text.append(0)
        let (attr, pair) = palette.resolve(cell.style)
        var cc = cchar_t()
        // The pair goes through setcchar's extension pointer, which takes pairs beyond 32767.
        var extended = pair
        setcchar(&cc, text, attr, 0, &extended)
        // Adding at the bottom-right cell advances the cursor past the screen's end; inserting
        // there writes the cell without moving the cursor, so nothing can scroll.
        if bottomRight {
            mvins_wch(Int32(y), Int32(x), &cc)
        } else {
            mvadd_wch(Int32(y), Int32(x), &cc)
        }
    }
}
