import ConvKit
import LessonKit

/// Where the parts of a lesson screen go at one size, shared by the view and the reducer.
///
/// Stepper and predict steps put the embedded stepper on top and give it every row the lesson
/// panel under it does not need: the panel holds only the prompt or note, the hints and
/// feedback, the answer line, an optional warning and the key line. The stepper's own two key
/// rows are left off (the lesson's key line replaces them), so it is drawn two rows taller
/// than the rows it shows. When even that leaves the stepper below its minimum, the step is
/// shown as text instead (`stepperTooShort`), never as a nested "too small" box.
struct LessonLayout {
    static let menuTop = 2
    /// The stepper's key rows at its bottom, which the lesson hides under its own panel.
    static let stepperKeyRows = 2
    /// The most feedback and hint lines the panel under a stepper takes before older hints give
    /// way (the newest feedback is never cut: the stepper shrinks, or the step becomes text).
    static let panelFeedbackCap = 6

    let size: Size
    /// Rows of the embedded stepper shown on screen (0 when there is none or it does not fit).
    let stepperRows: Int
    /// The step has a stepper, but the screen is too short to host it.
    let stepperTooShort: Bool
    /// The panel under the stepper, top to bottom (the warning and the key line come after).
    let panel: [PanelLine]
    let textRows: Int
    let textWidth: Int
    /// A one-line warning above the key line (progress not being saved).
    let warning: String?

    struct PanelLine: Equatable {
        enum Kind: Equatable { case text, input }
        var text: String
        var style: Style
        var kind: Kind = .text
    }

    init(_ s: LessonScreen, _ size: Size, warning: String? = nil) {
        self.size = size
        self.warning = warning
        let bottom = 1 + (warning == nil ? 0 : 1)
        textWidth = max(10, min(size.width - 4, 76))
        // Header and a blank, the text, its "more" line, a line of feedback, then the keys.
        textRows = max(1, size.height - 6 - (warning == nil ? 0 : 1))
        guard s.stepper != nil, !s.session.isFinished else {
            (stepperRows, stepperTooShort, panel, keyRows) = (0, false, [], Self.stepperKeyRows)
            return
        }
        if s.stepper?.edit != nil, case .stepper = s.session.step {
            // Editing: the stepper keeps the screen down to the lesson's key line, which shows its keys.
            (stepperRows, stepperTooShort, panel, keyRows) = (max(0, size.height - bottom), false, [], Self.stepperKeyRows)
            return
        }
        let width = size.width - 2
        // A stack's screens have their line above the stepper; followed back, one key row.
        keyRows = s.stack?.isFollowing == true ? 1 : Self.stepperKeyRows
        let least = (s.stack == nil ? StepperLayout.minimum.height : StackViews.minimum.height) - keyRows
        // Rows the panel may use while the stepper keeps its minimum.
        let room = size.height - bottom - least
        var top: [PanelLine] = []
        var status: [PanelLine] = []
        var hints: [[PanelLine]] = []
        var tail: [PanelLine] = []
        switch s.session.step {
        case .predict(let p):
            top = Self.wrapped(p.prompt, width, Style(.normal, [.bold]), cap: 2)
            status = s.feedback.flatMap { Self.wrapped($0.text, width, $0.style) }
            if s.isTyping {
                hints = s.hintLines.map { Self.wrapped($0.text, width, $0.style) }
                tail = [PanelLine(text: s.input, style: .plain, kind: .input)]
            }
        default:
            top = s.note.map { Self.wrapped($0, width, Style(.accent, [.bold]), cap: 2) } ?? []
            // The status line is always there, so the stepper does not jump when it changes.
            let line = s.status
            tail = [PanelLine(text: TextLayout.cut(line.text, width: width), style: line.style)]
        }
        // Fit: the oldest hints give way first, then the prompt or note; the verdict and the
        // newest hint are never cut. When they still do not fit beside the stepper at its
        // minimum, the step is shown as text, where they do.
        let allHints = hints.count
        // Hints that gave way leave a line saying so.
        func over(_ limit: Int) -> Bool { top.count + status.count + hints.reduce(hints.count < allHints ? 1 : 0) { $0 + $1.count } + tail.count > limit }
        func cutLast(_ lines: inout [PanelLine]) {
            lines.removeLast()
            lines[lines.count - 1].text = Self.ellipsized(lines[lines.count - 1].text, width)
        }
        while over(top.count + tail.count + Self.panelFeedbackCap), hints.count > 1 { hints.removeFirst() }
        // A waiting prediction's grids are where its work is found: they keep their rows before
        // the older hints do.
        if hints.count > 1, s.isTyping, case .predict = s.session.step, let stepper = s.stepper,
           let rows = Self.wholeGridRows(stepper, width: size.width, from: least, to: size.height - bottom) {
            while over(size.height - bottom - rows), hints.count > 1 { hints.removeFirst() }
        }
        while over(room), hints.count > 1 { hints.removeFirst() }
        while over(room), top.count > 1 { cutLast(&top) }
        if over(room), !status.isEmpty || !hints.isEmpty { top = [] }
        // A followed field is its own picture and the key line names its keys: the status
        // line gives way before the note does.
        if over(room), s.stack?.isFollowing == true { tail = [] }
        let hidden = allHints - hints.count
        let note = hidden == 0 ? [] : [PanelLine(text: TextLayout.cut("(\(hidden.counting("earlier hint")) hidden: a taller window shows \(hidden == 1 ? "it" : "them"))", width: width), style: Style(.dim))]
        let feedback = status + note + hints.flatMap { $0 }
        panel = top + feedback + tail
        let hosted = panel.count <= room
        stepperTooShort = !hosted
        stepperRows = hosted ? size.height - bottom - panel.count : 0
        rowsNeeded = bottom + least + max(panel.count, 1)
    }

    /// The fewest visible stepper rows at which every grid shows whole, or nil when none does.
    static func wholeGridRows(_ stepper: StepperState, width: Int, from least: Int, to most: Int) -> Int? {
        guard least <= most else { return nil }
        return (least...most).first { StepperLayout(stepper, Size(width: width, height: $0 + stepperKeyRows)).whole }
    }

    /// The height at which this step's stepper would fit (for the message shown when it does not).
    private(set) var rowsNeeded = 0

    /// The key rows at the bottom of what is hosted, left off under the lesson's panel.
    let keyRows: Int

    /// The size the stepper (or stack) is drawn at: its visible rows plus the key rows left off.
    var stepperSize: Size { Size(width: size.width, height: stepperRows + keyRows) }

    /// Clicks only mean something on the stepper (its rows start at the top of the screen).
    func ignores(_ event: Event) -> Bool {
        if case .click(_, let y) = event { return y >= stepperRows }
        return false
    }

    static func wrapped(_ text: String, _ width: Int, _ style: Style, cap: Int = .max) -> [PanelLine] {
        var lines = TextLayout.plain(text, width: width)
        if lines.count > cap {
            lines = Array(lines.prefix(cap))
            lines[cap - 1] = ellipsized(lines[cap - 1], width)
        }
        return lines.map { PanelLine(text: $0, style: style) }
    }

    /// The line with "…" at its end, cut at a word if it has to be.
    static func ellipsized(_ line: String, _ width: Int) -> String {
        (line + "…").cellWidth <= width ? line + "…" : TextLayout.cut(line + "…", width: width)
    }
}
