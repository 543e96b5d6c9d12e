import ConvKit
import Foundation
import LessonKit

/// One lesson on screen: the session, the stepper embedded for stepper and predict steps, the
/// answer being typed and the feedback for the last input. Pure: events in, state out.
public struct LessonScreen: Sendable {
    public private(set) var session: LessonSession
    public private(set) var stepper: StepperState?
    public internal(set) var input = ""
    public private(set) var feedback: [FeedbackLine] = []
    /// Page of a long text step.
    public private(set) var page = 0
    /// Autoplay stops here (a stepper step's `until`).
    private(set) var autoplayTarget: Int?

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
        if session.index > 0 { feedback = [FeedbackLine(text: "Welcome back: resuming at step \(session.index + 1).", style: Style(.accent))] }
        setUpStep()
    }

    public var progress: LessonProgress { session.progress }

    /// Typing goes to the answer line only while a question waits for one.
    public var isTyping: Bool { session.phase == .asking }

    mutating func update(_ event: Event, layout: LessonLayout) -> Outcome {
        stepper?.size = layout.stepperSize
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
        case .reading, .answered:
            switch event {
            case .enter, .char(" ") where stepper == nil, .right where stepper == nil, .pageDown, .char("n") where stepper == nil:
                if case .text = session.step, (page + 1) * textRows < textLines(width: textWidth) {
                    page += 1
                    return .stay
                }
                return apply(.proceed)
            case .backspace, .left where stepper == nil, .pageUp, .char("b") where stepper == nil:
                if page > 0 { page -= 1; return .stay }
                return apply(.back)
            case .char("s") where stepper == nil, .tab where stepper != nil:
                return apply(.skip)
            case .char("q"), .escape: return apply(.quit)
            default:
                forward(event)
                return .stay
            }
        }
    }

    private mutating func typing(_ event: Event) -> Outcome {
        switch event {
        case .char(let c): input.append(c)
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
        case .moved: setUpStep()
        case .correct, .revealed: reveal()
        default: break
        }
        return .stay
    }

    private mutating func forward(_ event: Event) {
        guard stepper != nil else { return }
        // A predict step's stepper is frozen until answered, so the answer cannot be peeked at.
        if case .predict = session.step, session.phase == .asking { return }
        _ = stepper?.update(event)
    }

    private mutating func tick() {
        guard var s = stepper, s.autoplay else { return }
        _ = s.update(.tick)
        if let target = autoplayTarget, s.position >= target {
            s.position = target
            s.autoplay = false
            autoplayTarget = nil
            feedback = [FeedbackLine(text: "Your turn: step with ← → ↓ ↑, or press Enter to continue.", style: Style(.accent))]
        }
        stepper = s
    }

    private mutating func setUpStep() {
        stepper = nil
        autoplayTarget = nil
        page = 0
        input = ""
        switch session.step {
        case .stepper(let st):
            guard var s = try? StepperState(spec: st.spec) else { return }
            if let until = st.untilStep, until > 0 {
                s.autoplay = true
                // About four seconds to get there, at one of the stepper's own speeds.
                s.speedIndex = StepperState.speeds.firstIndex { $0 * 4 >= Double(until + 1) } ?? StepperState.speeds.count - 1
                autoplayTarget = until
            }
            stepper = s
        case .predict(let p):
            guard var s = try? StepperState(spec: p.spec) else { return }
            let first = s.trace.firstStep(ofOutput: p.outputFlat)
            s.position = max(0, p.beforeTerm > 1 ? first + p.beforeTerm - 2 : first - 1)
            stepper = s
        default: break
        }
    }

    /// After a prediction is answered, the stepper shows the product (or output) it was about.
    private mutating func reveal() {
        guard case .predict(let p) = session.step, var s = stepper else { return }
        let first = s.trace.firstStep(ofOutput: p.outputFlat)
        s.position = p.ask == .sum ? first + p.beforeTerm - 1 : s.trace.lastStep(ofOutput: p.outputFlat)
        stepper = s
    }

    func textLines(width: Int) -> Int {
        guard case .text(let t) = session.step else { return 0 }
        return TextLayout.lines(t, width: width).count
    }

    static func lines(_ f: LessonSession.Feedback, _ session: LessonSession) -> [FeedbackLine] {
        let good = Style(.good, [.bold]), bad = Style(.bad, [.bold]), note = Style(.accent), warn = Style(.warning)
        func hint(_ h: LessonSession.Hint?) -> FeedbackLine {
            h.map { FeedbackLine(text: "Hint \($0.number) of \($0.total): \($0.text)", style: note) }
                ?? FeedbackLine(text: "No more hints: try again, or type skip to see the answer.", style: note)
        }
        let explain = { (e: String?) in e.map { [FeedbackLine(text: $0, style: .plain)] } ?? [] }
        switch f {
        case .moved, .quit, .finished: return []
        case .correct(let e): return [FeedbackLine(text: "✓ Correct.", style: good)] + explain(e)
        case .wrong(let h): return [FeedbackLine(text: "✗ Not quite.", style: bad), hint(h)]
        case .rowAccepted(let row, let of): return [FeedbackLine(text: "✓ Row \(row) is right. Type row \(row + 1) of \(of).", style: good)]
        case .rowWrong(let row, let h): return [FeedbackLine(text: "✗ Row \(row) is not right.", style: bad), hint(h)]
        case .unreadable(let why): return [FeedbackLine(text: why, style: warn)]
        case .hint(let h): return session.phase == .asking ? [hint(h)] : []
        case .revealed(let answer, let e):
            return [FeedbackLine(text: "The answer: " + answer.split(separator: "\n").joined(separator: "; "), style: Style(.sum, [.bold]))] + explain(e)
        case .pressEnter: return [FeedbackLine(text: "Press Enter to continue.", style: note)]
        case .atFirstStep: return [FeedbackLine(text: "This is the first step.", style: note)]
        }
    }
}
