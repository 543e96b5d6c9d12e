import ConvKit

/// The lesson engine line by line: what `convtutor lesson --plain` runs, for pipes, screen
/// readers and classrooms without curses. I/O is injected so tests can play a whole lesson.
public struct PlainLesson {
    public private(set) var session: LessonSession
    let readLine: () -> String?
    let write: (String) -> Void
    /// Called after every input, so progress is never more than one answer behind.
    let save: (LessonProgress) -> Void
    /// How to come back, e.g. `convtutor lesson first-output`.
    let resumeCommand: String

    public init(session: LessonSession, resumeCommand: String, readLine: @escaping () -> String?, write: @escaping (String) -> Void, save: @escaping (LessonProgress) -> Void) {
        self.session = session
        self.resumeCommand = resumeCommand
        self.readLine = readLine
        self.write = write
        self.save = save
    }

    public mutating func run() {
        let lesson = session.lesson
        say("Lesson: \(lesson.title) (\(lesson.id))\n\(lesson.summary)")
        say("\(lesson.steps.count) steps, \(lesson.exercises.count) exercises. Type an answer at the > prompt, or hint, skip, back, quit; Enter continues.")
        if session.index > 0 { say("Resuming at step \(session.index + 1) of \(lesson.steps.count).") }
        showStep()
        while true {
            write("> ")
            guard let line = readLine() else {
                save(session.progress)
                say("\nProgress saved.")
                return
            }
            let feedback = session.handle(LessonSession.Input(line: line))
            save(session.progress)
            switch feedback {
            case .quit:
                say("Progress saved; resume with: \(resumeCommand)")
                return
            case .finished:
                say(Self.completion(session))
                return
            default:
                say(Self.text(feedback, session))
                if feedback == .moved { showStep() }
            }
        }
    }

    private func say(_ s: String) { if !s.isEmpty { write(s + "\n") } }

    private func showStep() {
        say("\n── Step \(session.index + 1) of \(session.lesson.steps.count) ──\n" + Self.text(of: session))
    }

    /// The current step as text.
    public static func text(of session: LessonSession) -> String {
        guard let step = session.step else { return "" }
        switch step {
        case .text(let t):
            return t.trimmingCharacters(in: .newlines) + "\n(press Enter)"
        case .stepper(let s):
            guard let layer = try? s.spec.layer() else { return "" }
            var lines = [TraceText.summary(s.layerName, s.spec, layer), TraceText.operands(s.spec), TraceText.run(layer, until: s.untilStep)]
            if let note = s.note { lines.append(note) }
            lines.append("(press Enter)")
            return lines.joined(separator: "\n")
        case .predict(let p):
            guard let layer = try? p.spec.layer() else { return "" }
            let trace = Trace(layer)
            var lines = ["Predict. " + TraceText.summary(p.layerName, p.spec, layer), TraceText.operands(p.spec)]
            if p.beforeTerm > 1 { lines += TraceText.equation(layer, trace, output: p.outputFlat, products: p.beforeTerm - 1) }
            let next = trace[trace.firstStep(ofOutput: p.outputFlat) + p.beforeTerm - 1]
            lines.append("Next, product \(p.beforeTerm) of \(trace.termsPerOutput): \(TraceText.describe(next)).")
            var prompt = p.prompt
            if p.ask == .output, layer.bias(ofOutput: p.outputFlat) != nil || layer.relu {
                prompt += " (Include \([layer.bias(ofOutput: p.outputFlat) != nil ? "the bias" : nil, layer.relu ? "the ReLU" : nil].compactMap { $0 }.joined(separator: " and ")).)"
            }
            lines.append(prompt)
            return lines.joined(separator: "\n")
        case .question(let q):
            var lines = [q.prompt.trimmingCharacters(in: .newlines)]
            switch q.expected {
            case .number: break
            case .choice: lines += q.choices.enumerated().map { "  \($0.offset + 1)) \($0.element)" }
            case .shape: lines.append("(type a shape, such as 3x3)")
            case .grid(let rows, _):
                lines.append("(type the \(rows.count) rows one per line, numbers separated by spaces; or all at once with ; between rows)")
            }
            return lines.joined(separator: "\n")
        }
    }

    public static func text(_ feedback: LessonSession.Feedback, _ session: LessonSession) -> String {
        func hint(_ h: LessonSession.Hint?) -> String {
            guard let h else { return "No more hints: try again, or type skip to see the answer." }
            return "Hint \(h.number) of \(h.total): \(h.text)"
        }
        switch feedback {
        case .moved, .finished, .quit: return ""
        case .correct(let explain): return (["Correct."] + [explain].compactMap { $0 }).joined(separator: " ") + "\n(press Enter)"
        case .wrong(let h): return "Not quite. " + hint(h)
        case .rowAccepted(let row, let of): return "Row \(row) is right. Type row \(row + 1) of \(of)."
        case .rowWrong(let row, let h): return "Row \(row) is not right. " + hint(h)
        case .unreadable(let why): return why
        case .hint(let h):
            if session.phase != .asking { return "There is nothing to answer here; press Enter to continue." }
            return h.map { "Hint \($0.number) of \($0.total): \($0.text)" } ?? "No more hints for this one."
        case .revealed(let answer, let explain):
            let a = answer.contains("\n") ? "The answer:\n" + answer.indented : "The answer: \(answer)."
            return ([a] + [explain].compactMap { $0 }).joined(separator: "\n") + "\n(press Enter)"
        case .pressEnter: return "Press Enter to continue (or back, quit)."
        case .atFirstStep: return "This is the first step."
        }
    }

    public static func completion(_ session: LessonSession) -> String {
        let all = session.lesson.exercises
        let records = all.map { session.progress.exercises[$0.id] ?? ExerciseProgress() }
        let solved = records.filter(\.solved).count
        let firstTry = records.filter { $0.solved && $0.attempts == 1 }.count
        let skipped = records.filter { $0.skipped && !$0.solved }.count
        var s = "Lesson complete: \(solved) of \(all.count) exercises solved (\(firstTry) at the first try)"
        if skipped > 0 { s += ", \(skipped) skipped" }
        return s + "."
    }
}
