import ConvKit
import Foundation
import LessonKit

/// One lesson on screen: the session, the stepper embedded for stepper and predict steps, the
/// answer being typed and the feedback for the last input. Pure: events in, state out.
public struct LessonScreen: Sendable {
    public private(set) var session: LessonSession
    /// What a stepper or predict step shows: one layer's stepper, or a stack's screens around
    /// the stepper of its last layer.
    enum Hosted: Sendable {
        case layer(StepperState)
        case stack(StackViews)
    }
    private var hosted: Hosted?
    /// The stepper on screen: the layer's, or the stack's last layer's.
    public private(set) var stepper: StepperState? {
        get {
            switch hosted {
            case .layer(let s): s
            case .stack(let v): v.stepper
            case nil: nil
            }
        }
        set {
            guard let newValue else { hosted = nil; return }
            if case .stack(var v) = hosted {
                v.stepper = newValue
                hosted = .stack(v)
            } else {
                hosted = .layer(newValue)
            }
        }
    }
    /// A stack stepper step's screens (stepping its last layer, or an output followed back).
    public var stack: StackViews? {
        if case .stack(let v) = hosted { return v }
        return nil
    }
    public internal(set) var input = ""
    public private(set) var feedback: [FeedbackLine] = []
    /// Page of a long text step.
    public private(set) var page = 0
    /// Autoplay stops here (a stepper step's `until`).
    private(set) var autoplayTarget: Int?
    /// A stepper step's last reachable trace step: stepping on would show what a later,
    /// unanswered prediction on the same layer hides.
    private(set) var reach: Int?

    public struct FeedbackLine: Sendable, Equatable {
        public let text: String
        public let style: Style
    }

    public enum Outcome: Sendable, Equatable {
        case stay
        /// Leave the lesson (to the menu, or quit when there is none).
        case leave
    }

    public init(lesson: Lesson, progress: LessonProgress?) {
        session = LessonSession(lesson: lesson, progress: progress)
        if session.index > 0 { feedback = [FeedbackLine(text: "Welcome back: resuming at screen \(session.index + 1).", style: Style(.accent))] }
        setUpStep()
    }

    public var progress: LessonProgress { session.progress }

    /// Typing goes to the answer line only while a question waits for one.
    public var isTyping: Bool { session.phase == .asking }

    mutating func update(_ event: Event, layout: LessonLayout) -> Outcome {
        if case .stack(var v) = hosted {
            // The stack's screens give its stepper the rows under their own line; resized only
            // when the size changes, as a resize redoes the stepper's layout search.
            let size = layout.stepperSize, rows = StackViews.stackRows
            v.stepper.host = Size(width: 0, height: layout.size.height - size.height + rows)
            if v.stepper.size != Size(width: size.width, height: size.height - rows) { _ = v.update(.resize(size)) }
            hosted = .stack(v)
        } else {
            stepper?.size = layout.stepperSize
            stepper?.host = Size(width: 0, height: layout.size.height - layout.stepperSize.height)
        }
        if event == .tick { tick(); return .stay }
        if let s = stepper, s.edit != nil, case .stepper = session.step {
            // The stepper's editor owns every key, Enter included, until it closes.
            _ = stepper?.update(event)
            return .stay
        }
        let (textRows, textWidth) = (layout.textRows, layout.textWidth)
        switch session.phase {
        case .asking: return typing(event)
        case .finished:
            return event == .enter || event == .char("q") || event == .escape ? .leave : .stay
        case .answered where stepper == nil:
            // Only Enter moves on: letters typed ahead (a second "skip", a "b") must not skip screens.
            switch event {
            case .enter, .pageDown: return apply(.proceed)
            case .backspace, .pageUp: return apply(.back)
            case .escape, .char("q"): return apply(.quit)
            default: return .stay
            }
        case .reading, .answered:
            // Without an embedded stepper, space, arrows and letters page too; with one, they are its keys.
            let bare = stepper == nil
            if event == .enter || event == .pageDown || bare && [.char(" "), .right, .char("n")].contains(event) {
                if page + 1 < pageCount(width: textWidth, rows: textRows) {
                    page += 1
                    return .stay
                }
                return apply(.proceed)
            }
            if event == .backspace || event == .pageUp || bare && [.left, .char("b")].contains(event) {
                if page > 0 { page -= 1; return .stay }
                return apply(.back)
            }
            if bare, case .text = session.step, [.home, .char("g"), .end, .char("G")].contains(event) {
                // Straight to the first or last page: the laid-out lines are indexed, never walked.
                page = event == .home || event == .char("g") ? 0 : max(0, pageCount(width: textWidth, rows: textRows) - 1)
                return .stay
            }
            // On a stack, Tab (like u) follows the output back.
            if event == (bare ? .char("s") : .tab), stack == nil { return apply(.skip) }
            if event == .char("q") || event == .escape { return apply(.quit) }
            forward(event)
            return .stay
        }
    }

    static let longestAnswer = 400

    private mutating func typing(_ event: Event) -> Outcome {
        switch event {
        case .char(let c):
            // An answer is a number, a shape or one grid row: a long paste is cut here rather
            // than laid out again for every character of it.
            guard input.count < Self.longestAnswer else {
                feedback = [FeedbackLine(text: "An answer is at most \(Self.longestAnswer) characters; Backspace to edit.", style: Style(.warning))]
                return .stay
            }
            input.append(c)
        case .backspace: if !input.isEmpty { input.removeLast() }
        case .enter:
            let line = input
            input = ""
            return apply(LessonSession.Input(line: line))
        case .tab: return apply(.hint)
        case .escape: return apply(.quit)
        case .pageUp: return apply(.back)
        default: break
        }
        return .stay
    }

    private mutating func apply(_ input: LessonSession.Input) -> Outcome {
        let result = session.handle(input)
        feedback = Self.lines(result, session)
        switch result {
        case .quit: return .leave
        case .moved:
            setUpStep()
            if let earlier = session.recalled {
                feedback = Self.lines(earlier, session)
                reveal()
            }
        case .finished:
            stepper = nil
            autoplayTarget = nil
        case .correct, .revealed: reveal()
        default: break
        }
        return .stay
    }

    /// The lesson was reset elsewhere: carry on from here with a fresh record.
    mutating func adopt(_ progress: LessonProgress) {
        session.adopt(progress)
    }

    private mutating func forward(_ event: Event) {
        guard stepper != nil else { return }
        // A predict step's stepper is frozen until answered, so the answer cannot be peeked at.
        if case .predict = session.step, session.phase == .asking { return }
        if case .predict = session.step, event == .char("o") {
            stepper?.message = "o is for the stepper screens; this one shows the layer predicted"
            return
        }
        if case .stack(var v) = hosted {
            _ = v.update(event)
            hosted = .stack(v)
        } else {
            _ = stepper?.update(event)
        }
        confine()
        // Stepping past the autoplay target by hand makes it moot.
        if let target = autoplayTarget, let s = stepper, s.position > target { autoplayTarget = nil }
    }

    private mutating func tick() {
        guard var s = stepper, s.autoplay else { return }
        let before = s.position
        _ = s.update(.tick)
        if let target = autoplayTarget, before < target, s.position >= target {
            s.position = target
            s.autoplay = false
            autoplayTarget = nil
            if !isDemo {
                let invite = reach == target ? "Your turn: ← steps back over it" : "Your turn: step with ← → ↓ ↑"
                feedback = [FeedbackLine(text: invite + ", or press Enter to continue.", style: Style(.accent))]
            }
        }
        stepper = s
        confine()
    }

    /// An answered prediction's stepper stays on the output it asked about: stepping on would
    /// show later outputs, which the questions after it may ask for.
    private mutating func confine() {
        if let reach, var s = stepper, s.position > reach {
            s.move(to: reach)
            s.autoplay = false
            s.message = "a later question asks what comes after this; Enter moves on"
            stepper = s
            return
        }
        guard case .predict(let p) = session.step, var s = stepper else { return }
        let first = s.trace.firstStep(ofOutput: p.outputFlat), last = s.trace.lastStep(ofOutput: p.outputFlat)
        guard s.position < first || s.position > last else { return }
        s.move(to: min(max(s.position, first), last))
        s.autoplay = false
        s.message = "this step stays on \(p.outputLabel), the output predicted; Enter moves on"
        stepper = s
    }

    /// Just before the first product that a later exercise on this layer hides (a prediction's
    /// concealed products, a question's cells: all of them for a whole output), unless this run
    /// has answered it (never before the step's own `until`, which the author chose to show).
    private func reach(of st: StepperStep, _ trace: Trace) -> Int? {
        let hidden = session.lesson.steps[(session.index + 1)...].compactMap { step -> Int? in
            guard let e = step.exercise else { return nil }
            if let r = session.progress.exercises[e.id], r.solved || r.skipped { return nil }
            switch step {
            case .predict(let p) where p.spec == st.spec:
                return trace.firstStep(ofOutput: p.outputFlat) + p.productsShown(answered: false)
            case .question(let q):
                guard let a = q.asks, a.spec == st.spec else { return nil }
                return a.cells.map { $0.map { trace.firstStep(ofOutput: $0) }.min() ?? 0 } ?? 0
            default: return nil
            }
        }
        guard let first = hidden.min() else { return nil }
        return max(0, first - 1, st.untilStep ?? 0)
    }

    /// The status line under a stepper step's stepper: where autoplay is going (and whether it is
    /// paused), else the last feedback, else what to do.
    var status: FeedbackLine {
        if let goal = autoplayGoal, let s = stepper {
            return s.autoplay
                ? FeedbackLine(text: "playing to \(goal)… space pauses", style: Style(.dim))
                : FeedbackLine(text: "paused: space plays on to \(goal)", style: Style(.dim))
        }
        // Before older feedback (a welcome back): the note on screen names another output.
        if let opened = noteOpening { return FeedbackLine(text: "The note is about \(opened). Enter continues.", style: Style(.dim)) }
        if let f = feedback.first { return f }
        // A demo's own banner says which keys work; a learner's instructions would contradict it.
        if isDemo { return FeedbackLine(text: "", style: Style(.dim)) }
        if stack?.isFollowing == true {
            return FeedbackLine(text: "Arrows follow another output; u or Tab steps the layer; Enter continues.", style: Style(.dim))
        }
        return FeedbackLine(text: "Step with ← → ↓ ↑ at your pace; press Enter to continue.", style: Style(.dim))
    }

    /// The output a stack step's note speaks of ("output (0,0) of layer 2"), once the learner
    /// has moved off it (another output, another layer, or stepping again): the note still names it.
    var noteOpening: String? {
        guard note != nil, case .stepper(let st) = session.step, case .stack(_, let stack, let o?) = st.stepped,
              let v = self.stack, v.layer != stack.layers.count || v.field?.output != o,
              let shape = stack.layers.last?.outputShape else { return nil }
        return "output \(Position.text(Tensor.unravel(o, shape), in: shape)) of layer \(stack.layers.count)"
    }

    /// A demo is watched, not typed into: the room sees no instructions meant for a learner.
    var isDemo: Bool { tuning != nil }

    /// The note under a stepper step. A demo shows `plain_note`, the words written for a reader
    /// who presses no keys ("G jumps to the end. Then press Enter." is the learner's note).
    var note: String? {
        guard case .stepper(let st) = session.step else { return nil }
        guard isDemo, let plain = st.plainNote else { return st.note }
        return plain.isEmpty ? nil : plain
    }

    /// What the autoplay is heading for, in the stepper's own words: "the end of out(0,0)".
    var autoplayGoal: String? {
        guard let target = autoplayTarget, let s = stepper, target < s.trace.count else { return nil }
        let step = s.trace[target]
        let o = step.output
        let shown = o.count == 3 && s.layer.outputShape.first == 1 ? Array(o.dropFirst()) : o
        let label = s.gradient?.cellName(o) ?? "out(" + shown.map(String.init).joined(separator: ",") + ")"
        return step.isLastTerm ? "the end of \(label)" : "\(s.termWord) \(step.termIndex + 1) of \(label)"
    }

    /// A demo's pace (steps per second) and zoom, applied to every stepper this lesson opens.
    public var tuning: (stepsPerSecond: Double, cellWidth: Int)? {
        didSet { applyTuning() }
    }

    mutating func applyTuning() {
        guard let tuning, var s = stepper else { return }
        if s.zoom != tuning.cellWidth { s.zoom = tuning.cellWidth }
        s.demoKeys = true
        s.speedIndex = StepperState.speeds.lastIndex { $0 <= tuning.stepsPerSecond } ?? 0
        stepper = s
    }

    private mutating func setUpStep() {
        defer { applyTuning() }
        stepper = nil
        autoplayTarget = nil
        reach = nil
        page = 0
        input = ""
        switch session.step {
        case .stepper(let st):
            switch st.stepped {
            case .stack(_, let stack, let following):
                guard let v = try? StackViews(stack: stack, following: following) else { return }
                hosted = .stack(v)
            case .layer:
                guard let s = try? StepperState(spec: st.spec) else { return }
                hosted = .layer(s)
            }
            guard var s = stepper else { return }
            if let until = st.untilStep, until > 0 {
                s.autoplay = true
                // About four seconds to get there, at one of the stepper's own speeds.
                s.speedIndex = StepperState.speeds.firstIndex { $0 * 4 >= Double(until + 1) } ?? StepperState.speeds.count - 1
                autoplayTarget = until
            }
            if !isDemo { reach = reach(of: st, s.trace) }
            stepper = s
        case .predict(let p):
            guard var s = try? StepperState(spec: p.spec) else { return }
            if let stack = p.stack { s.inputWord = StackViews.inputWord(layer: stack.layers.count) }
            // Products 1 to K − 1 on show, K onwards concealed until the answer (a whole output
            // asked for before its first product: the stepper on it, every term concealed).
            let first = s.trace.firstStep(ofOutput: p.outputFlat)
            s.position = first + max(0, p.beforeTerm - 2)
            s.concealed = first + p.productsShown(answered: false)
            stepper = s
        default: break
        }
    }

    /// After a prediction is answered, the stepper shows the product (or output) it was about.
    private mutating func reveal() {
        guard case .predict(let p) = session.step, var s = stepper else { return }
        let first = s.trace.firstStep(ofOutput: p.outputFlat)
        s.concealed = nil
        s.position = first + p.productsShown(answered: true) - 1
        stepper = s
    }

    /// A text step's words as this screen shows them: a demo, which nobody types into, reads the
    /// step's `plain:` words where the lesson has them.
    var text: String? { session.lesson.text(ofStep: session.index, plain: isDemo) }

    /// The text step laid out, and its pages (see `TextLayout.pages`).
    func textPages(width: Int, rows: Int) -> (lines: [TextLayout.Line], pages: [Range<Int>]) {
        guard let text else { return ([], [0..<0]) }
        let lines = TextLayout.lines(text, width: width)
        return (lines, TextLayout.pages(lines, rows: rows))
    }

    func pageCount(width: Int, rows: Int) -> Int { text == nil ? 0 : textPages(width: width, rows: rows).pages.count }

    /// The status for the last input. Hints are not repeated here: every hint shown so far is
    /// drawn from `session.shownHints`, so a new one never replaces an earlier one.
    static func lines(_ f: LessonSession.Feedback, _ session: LessonSession) -> [FeedbackLine] {
        let good = Style(.good, [.bold]), bad = Style(.bad, [.bold]), note = Style(.accent), warn = Style(.warning)
        let noMore = session.noHintLeft
        let explain = { (e: String?) in e.map { [FeedbackLine(text: $0, style: .plain)] } ?? [] }
        let shown = { (label: String, answer: String, style: Style) -> [FeedbackLine] in
            let rows = answer.split(separator: "\n")
            // A grid reads as a grid: one row a line, under the heading.
            if rows.count > 1 { return [FeedbackLine(text: label, style: style)] + rows.map { FeedbackLine(text: "  " + $0, style: style) } }
            return [FeedbackLine(text: label + " " + answer, style: style)]
        }
        switch f {
        case .moved, .quit, .finished: return []
        case .correct(let e): return [FeedbackLine(text: "✓ Correct.", style: good)] + explain(e)
        case .wrong(let h, let mistake):
            // A known mistake's words lead, so they survive where a short screen keeps one line.
            if let mistake { return [FeedbackLine(text: "✗ " + mistake, style: bad)] }
            // Saying back what was typed shows a slip (a typo, the wrong choice) for what it is.
            let typed = session.record?.lastAnswer.map { ": \($0) is not it." } ?? "."
            return [FeedbackLine(text: "✗ Not quite" + typed + (h == nil ? " " + noMore : ""), style: bad)]
        case .rowAccepted(let row, let of): return [FeedbackLine(text: "✓ " + LessonSession.rowsRight(row, of: of), style: good)]
        case .rowWrong(let row, let h, let mistake):
            let total = session.gridRowCount ?? row
            if let mistake { return [FeedbackLine(text: "✗ Row \(row) of \(total): " + mistake, style: bad)] }
            return [FeedbackLine(text: "✗ " + LessonSession.rowNotRight(row, of: total) + (h == nil ? " " + noMore : ""), style: bad)]
        case .unreadable(let why): return [FeedbackLine(text: why, style: warn)]
        case .hint(let h): return session.phase == .asking && h == nil ? [FeedbackLine(text: noMore, style: note)] : []
        case .revealed(let answer, let e): return shown("The answer:", answer, Style(.sum, [.bold])) + explain(e)
        case .answeredBefore(let answer, let solved, let e):
            return shown(solved ? "✓ Your answer:" : "The answer:", answer, solved ? good : Style(.sum, [.bold])) + explain(e)
        case .pressEnter: return [FeedbackLine(text: "Press Enter to continue.", style: note)]
        case .atFirstStep: return [FeedbackLine(text: "This is the first step.", style: note)]
        }
    }

    /// Every hint shown so far, as lines.
    var hintLines: [FeedbackLine] {
        guard session.phase == .asking else { return [] }
        return session.shownHints.map { FeedbackLine(text: "Hint \($0.number) of \($0.total): \($0.text)", style: Style(.accent)) }
    }
}
