import ConvKit
import LessonKit

/// A lesson played for a room: text and questions wait for a key (the teacher talks, then
/// presses space), questions then reveal their answer and explanation, steppers play by
/// themselves. With `auto` everything advances on timers and the lesson starts over at the
/// end, for an unattended screen. Nothing is saved: a demo is not anybody's progress.
public struct DemoLesson: Program {
    let lesson: Lesson
    public private(set) var app: LessonApp
    let auto: Bool
    var stepsPerSecond: Double
    var paused = false
    let exitAtEnd: Bool
    /// The lesson step whose stepper the demo has started playing, so each plays once.
    var startedStep: Int?
    /// Seconds spent on the current screen (auto mode).
    var dwell = 0.0

    var cellWidth: Int

    public init(lesson: Lesson, stepsPerSecond: Double, auto: Bool, exitAtEnd: Bool = false, cellWidth: Int = 2) {
        self.lesson = lesson
        self.exitAtEnd = exitAtEnd
        app = LessonApp(lesson: lesson, progress: nil)
        app.turnsPagesItself = auto
        self.auto = auto
        self.stepsPerSecond = stepsPerSecond
        self.cellWidth = cellWidth
        app.tuning = (stepsPerSecond, cellWidth)
    }

    static let tick = 0.25

    var editing: Bool { app.screen?.stepper?.edit != nil }

    public var tickInterval: Double? { paused ? nil : min(Self.tick, app.tickInterval ?? Self.tick) }

    public mutating func update(_ event: Event) -> Effect {
        // While a stepper's values are being edited every key is the editor's.
        if editing, event != .interrupt { return app.update(event) }
        switch event {
        case .char("q"), .interrupt: return .quit
        case .resize: return app.update(event)
        case .tick: return advance(by: tickInterval ?? Self.tick)
        case .char("+"), .char("="), .char("-"), .char("_"):
            cellWidth = max(2, min(8, cellWidth + (event == .char("+") || event == .char("=") ? 1 : -1)))
            app.tuning = (stepsPerSecond, cellWidth)
            return .none
        case .char(">"), .char("."), .char("<"), .char(","):
            let up = event == .char(">") || event == .char(".")
            stepsPerSecond = max(0.5, min(1024, up ? stepsPerSecond * 2 : stepsPerSecond / 2))
            app.tuning = (stepsPerSecond, cellWidth)
            return .none
        case .char(" "), .enter:
            if auto {
                paused.toggle()
                return .none
            }
            return next()
        case .backspace, .pageUp, .left, .right:
            // Arrows step a stepper on screen; elsewhere they move between screens, as Backspace
            // does everywhere — including from a question, where a learner's Backspace would edit.
            if app.screen?.stepper != nil && (event == .left || event == .right) { return app.update(event) }
            return event == .right ? next() : app.update(.pageUp)
        default:
            // The rest goes to the lesson (paging text, its help).
            return app.update(event)
        }
    }

    /// What "next" means on the current screen: reveal a question's answer, else move on.
    mutating func next() -> Effect {
        dwell = 0
        guard let screen = app.screen else { return .quit }
        switch screen.session.phase {
        case .asking:
            for ch in "skip" { _ = app.update(.char(ch)) }
            return app.update(.enter)
        case .finished:
            if auto && !exitAtEnd {
                app = LessonApp(lesson: lesson, progress: nil)
                app.turnsPagesItself = true
                app.tuning = (stepsPerSecond, cellWidth)
            }
            return auto && !exitAtEnd ? .none : .quit
        default:
            if let s = screen.stepper, s.autoplay { return .none }   // let it finish playing
            return app.update(.enter)
        }
    }

    mutating func advance(by seconds: Double) -> Effect {
        _ = app.update(.tick)
        // A stepper the lesson leaves to the learner plays by itself in a demo, once.
        if let screen = app.screen, let s = screen.stepper, !s.autoplay, s.position == 0, startedStep != screen.session.index,
           case .stepper = screen.session.step {
            startedStep = screen.session.index
            _ = app.update(.char(" "))
        }
        guard auto, !paused, let screen = app.screen else { return .none }
        if let s = screen.stepper, s.autoplay { return .none }
        dwell += seconds
        // Long enough to read: about three words a second, at least four seconds, at the
        // default pace of 4; a faster --speed shortens every pause in proportion.
        var needed = 4.0
        if let words = app.shownTextWords { needed = max(4, Double(words) / 3) }
        if case .answered = screen.session.phase { needed = 6 }
        if case .finished = screen.session.phase { needed = 3 }
        return dwell >= needed * 4 / stepsPerSecond ? next() : .none
    }

    public func view(_ size: Size) -> CellBuffer {
        var b = app.view(size)
        if editing { return b }   // the editor's own key lines, whole
        if case .finished? = app.screen?.session.phase {
            let end = !auto ? "space or q: end the demo" : exitAtEnd ? "the demo ends in a moment · q quit" : "starting over in a moment · q quit"
            DemoBanner.draw(&b, keys: [end])
            return b
        }
        let keys = !auto ? ["space: next / reveal · ←→ step · Bksp back · +/- zoom · </> pace · q quit",
                            "space next · ←→ · Bksp back · +/- · </> · q quit"]
            : paused ? ["paused · space resumes · +/- zoom · </> pace · q quit", "paused · space resumes · q quit"]
            : ["playing by itself · space pauses · +/- zoom · </> pace · q quit", "playing · space pauses · q quit"]
        DemoBanner.draw(&b, keys: keys)
        return b
    }
}
