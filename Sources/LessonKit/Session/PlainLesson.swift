import ConvKit

/// The lesson engine line by line: what `convtutor lesson --plain` runs, for pipes, screen
/// readers and classrooms without curses. I/O is injected so tests can play a whole lesson.
/// A write that throws (the reader went away, the disk is full) ends the lesson with that
/// error; progress is saved after every input, so nothing is lost.
public struct PlainLesson {
    public private(set) var session: LessonSession
    let readLine: () -> String?
    let write: (String) throws -> Void
    /// Called after every input, so progress is never more than one answer behind.
    let save: (LessonProgress) -> ProgressKeeper.Outcome
    /// How to come back, e.g. `convtutor lesson first-output`.
    let resumeCommand: String
    /// Why progress is not being saved, once a save has failed (and until one works).
    private var saveProblem: String?
    /// The columns lines are broken to fit (see `width(columns:)`).
    let width: Int

    /// `columns`: the terminal's width, when known (see `width(columns:)`).
    public init(session: LessonSession, resumeCommand: String, columns: Int? = nil, readLine: @escaping () -> String?,
                write: @escaping (String) throws -> Void, save: @escaping (LessonProgress) -> ProgressKeeper.Outcome) {
        self.session = session
        self.width = Self.width(columns: columns)
        self.resumeCommand = resumeCommand
        self.readLine = readLine
        self.write = write
        self.save = save
    }

    public mutating func run() throws {
        let lesson = session.lesson
        try say("Lesson: \(lesson.title) (\(lesson.id))\n" + LessonText.plain(lesson.summary))
        try say("\(lesson.steps.count.counting("step")), \(lesson.exercises.count.counting("exercise")). Type an answer at the > prompt, or hint, skip, back, quit; Enter continues.")
        if lesson.steps.contains(where: { if case .text = $0 { return false }; if case .question = $0 { return false }; return true }) {
            try say("Where the lesson speaks of the stepper, the worked equations printed here show the same steps.")
        }
        if session.index > 0 { try say("Resuming at screen \(session.index + 1) of \(lesson.steps.count).") }
        try showStep()
        while true {
            try write("> ")
            guard let line = readLine() else {
                try store()
                try say("\nSo far: " + Self.tally(session))
                try say(saveProblem == nil ? "Progress saved." : "Progress not saved: \(saveProblem!).")
                return
            }
            let feedback = session.handle(LessonSession.Input(line: line))
            try store()
            switch feedback {
            case .quit:
                try say("So far: " + Self.tally(session))
                // Not wrapped: the command is meant to be copied whole.
                if saveProblem == nil { try write(Escaped.text("Progress saved; resume with: \(resumeCommand)\n")) } else { try say("Progress not saved: \(saveProblem!).") }
                return
            case .finished:
                try say(Self.completion(session))
                if let saveProblem { try say("Progress not saved: \(saveProblem).") }
                return
            default:
                try say(Self.text(feedback, session))
                if feedback == .moved {
                    try showStep()
                    if let earlier = session.recalled { try say(Self.text(earlier, session)) }
                }
            }
        }
    }

    /// Saves, and says so when saving starts failing (once) or the lesson was reset elsewhere.
    private mutating func store() throws {
        switch save(session.progress) {
        case .saved:
            saveProblem = nil
        case .restarted(let fresh):
            session.adopt(fresh)
            saveProblem = nil
            try say("(This lesson's progress was reset in another window; its record starts again from here.)")
        case .failed(let why):
            if saveProblem == nil { try say("Warning: progress is not being saved: \(why).") }
            saveProblem = why
        }
    }

    /// The width plain mode writes to: the terminal's, else 80, and never below 40 (grids and
    /// equations need some room; a narrower terminal wraps them itself).
    public static func width(columns: Int?) -> Int { max(40, columns ?? 80) }

    /// Writes a block of lines, each long one broken to fit `width` columns (2 fewer, as the
    /// first may follow the "> " prompt).
    private func say(_ s: String) throws {
        guard !s.isEmpty else { return }
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let lead = String(line.prefix(while: { $0 == " " }))
            return Self.wrap(String(line.dropFirst(lead.count)), width: width - 2 - lead.count, indent: "  ")
                .split(separator: "\n", omittingEmptySubsequences: false).map { lead + $0 }.joined(separator: "\n")
        }
        // Lesson text is anyone's file: it must not drive the terminal.
        try write(Escaped.text(lines.joined(separator: "\n") + "\n"))
    }

    private func showStep() throws {
        try say("\n── Screen \(session.index + 1) of \(session.lesson.steps.count) ──\n" + Self.text(of: session, width: width))
    }

    /// A long line broken at spaces to fit `width`, later lines starting with `indent`.
    public static func wrap(_ line: String, width: Int = 80, indent: String = "") -> String {
        guard line.count > width, !line.contains("\n") else { return line }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ") {
            let prefix = lines.isEmpty ? "" : indent
            if !current.isEmpty && prefix.count + current.count + 1 + word.count > width {
                lines.append(prefix + current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append((lines.isEmpty ? "" : indent) + current) }
        return lines.joined(separator: "\n")
    }

    /// The current step as text, for lines of `width` columns.
    public static func text(of session: LessonSession, width: Int = 80) -> String {
        guard let step = session.step else { return "" }
        switch step {
        case .text:
            let t = session.lesson.text(ofStep: session.index, plain: true) ?? ""
            return LessonText.plain(t.trimmingCharacters(in: .newlines)) + "\n(press Enter)"
        case .stepper(let s):
            guard let layer = try? s.spec.layer(), let op = try? s.spec.steppedOp(naming: "grad_output") else { return "" }
            var lines: [String]
            switch s.stepped {
            case .stack(let name, let stack, let following?):
                lines = [StackText.summary(name, stack)] + StackText.followed(stack, output: following)
            case .stack(let name, let stack, nil):
                lines = [StackText.summary(name, stack), "Its last layer, \(stack.layerName(stack.layers.count)), stepped:"]
                    + stepped(s, layer, op, width: width)
            case .layer:
                lines = stepped(s, layer, op, width: width)
            }
            if let note = s.note(plain: true) { lines.append(LessonText.plain(note)) }
            lines.append("(press Enter)")
            return lines.joined(separator: "\n")
        case .predict(let p):
            guard let layer = try? p.spec.layer() else { return "" }
            // Nothing still to come: the products asked about are the learner's to find.
            let intro = p.stack.map { [StackText.summary(p.layerName, $0), "Predict. " + StackText.lastLayer(of: p.layerName, $0) + ". "] } ?? ["Predict. "]
            let lines = intro.dropLast() + [intro[intro.count - 1] + TraceText.summary(p.spec, layer), TraceText.operands(p.spec, width: width - 2)]
                + TraceText.worked(p, answered: false) + [p.work, p.prompt]
            return lines.joined(separator: "\n")
        case .question(let q):
            // Indented 2 within the 2 `say` keeps for the prompt: a wider line would be re-wrapped
            // word by word, running the grids' titles together.
            var lines = q.show.map { TraceText.showcase($0.spec, width: width - 4).map { $0.isEmpty ? "" : "  " + $0 } } ?? []
            lines.append(LessonText.plain(q.prompt.trimmingCharacters(in: .newlines)))
            switch q.expected {
            case .number: break
            case .choice:
                lines += q.choices.enumerated().map { "  \($0.offset + 1)) \(LessonText.plain($0.element))" }
                lines.append("(\(Answers.choiceTip(q.choices.count, capitalized: false)))")
            case .shape(let want): lines.append("(type a shape, such as \(Answers.shapeExample(avoiding: want)))")
            case .grid(let rows, _) where rows.count == 1:
                lines.append("(type the row, numbers separated by spaces)")
            case .grid(let rows, _):
                lines.append("(type the \(rows.count.counting("row")) one per line, numbers separated by spaces, or all at once with ;)")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A stepper step's layer and its products, up to `until:` (all of them without).
    private static func stepped(_ s: StepperStep, _ layer: Layer, _ op: any ReductionLayer, width: Int) -> [String] {
        [TraceText.summary(s.spec, layer), TraceText.operands(s.spec, width: width - 2),
         TraceText.run(op, gradient: s.spec.gradient?.wrt, until: s.untilStep, width: width - 2)]
    }

    public static func text(_ feedback: LessonSession.Feedback, _ session: LessonSession) -> String {
        func hint(_ h: LessonSession.Hint?) -> String {
            guard let h else { return session.noHintLeft }
            return "Hint \(h.number) of \(h.total): \(LessonText.plain(h.text))"
        }
        // An answered prediction shows the products it asked about, as the stepper does.
        let explained = { (e: String?) in e.map(LessonText.plain) }
        var worked: [String] { if case .predict(let p) = session.step { TraceText.worked(p, answered: true) } else { [] } }
        switch feedback {
        case .moved, .finished, .quit: return ""
        case .correct(let explain): return ([(["Correct."] + [explained(explain)].compactMap { $0 }).joined(separator: " ")] + worked + ["(press Enter)"]).joined(separator: "\n")
        case .wrong(let h, let mistake): return "Not quite. " + (mistake ?? hint(h))
        case .rowAccepted(let row, let of): return LessonSession.rowsRight(row, of: of)
        case .rowWrong(let row, let h, let mistake): return LessonSession.rowNotRight(row, of: session.gridRowCount ?? row) + " " + (mistake ?? hint(h))
        case .unreadable(let why): return why
        case .hint(let h):
            if session.phase != .asking { return "There is nothing to answer here; press Enter to continue." }
            return hint(h)
        case .revealed(let answer, let explain):
            let a = answer.contains("\n") ? "The answer:\n" + answer.indented : "The answer: \(answer)."
            return ([a] + [explained(explain)].compactMap { $0 } + worked).joined(separator: "\n") + "\n(press Enter)"
        case .answeredBefore(let answer, let solved, let explain):
            let label = solved ? "Answered before:" : "Skipped before; the answer:"
            let a = answer.contains("\n") ? label + "\n" + answer.indented : "\(label) \(answer)."
            return ([a] + [explained(explain)].compactMap { $0 } + worked).joined(separator: "\n") + "\n(press Enter)"
        case .pressEnter: return "Press Enter to continue (or back, quit)."
        case .atFirstStep: return "This is the first step."
        }
    }

    public static func completion(_ session: LessonSession) -> String { "Lesson complete: " + tally(session) }

    /// Solved (first try, with help, retried) and skipped: how this run's exercises went so
    /// far. Help is a hint or a `mistakes:` explanation (so not "with hints": none was asked); the
    /// retried group (wrong, then right with no help) is named only when it has any.
    public static func tally(_ session: LessonSession) -> String {
        let all = session.lesson.exercises
        let outcomes = all.map { (session.progress.exercises[$0.id] ?? ExerciseProgress()).outcome }
        func count(_ o: ExerciseProgress.Outcome) -> Int { outcomes.filter { $0 == o }.count }
        let solved = count(.firstTry) + count(.helped) + count(.laterTry)
        let later = count(.laterTry) > 0 ? ", \(count(.laterTry)) retried" : ""
        return "\(solved) of \(all.count) solved (\(count(.firstTry)) first try, \(count(.helped)) with help\(later)), \(count(.skipped)) skipped."
    }

    /// One exercise's row on the end screen: how it went.
    public static func outcomeLabel(_ o: ExerciseProgress.Outcome, demo: Bool = false) -> String {
        switch o {
        case .firstTry: return "✓ first try"
        case .helped: return "✓ with help"
        case .laterTry: return "✓ retried"
        case .skipped: return demo ? "· shown" : "· skipped"
        case .open: return "· not answered"
        }
    }
}
