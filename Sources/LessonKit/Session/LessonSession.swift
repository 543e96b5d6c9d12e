import ConvKit
import Foundation

/// One learner going through one lesson: a pure state machine that the plain runner and the
/// full-screen UI both drive. It never does I/O; callers save `progress` after each input.
public struct LessonSession: Sendable {
    public let lesson: Lesson
    public private(set) var index: Int
    public private(set) var phase: Phase
    /// The exercise's own hints shown during this visit (row hints are counted apart).
    public private(set) var hintsShown = 0
    /// Whether the hint for the grid row being typed has been shown.
    public private(set) var rowHintShown = false
    /// Row hints shown during this visit, across rows.
    private var rowHintsUsed = 0
    /// Grid rows already typed correctly for the current grid question.
    public private(set) var acceptedRows: [[Double]] = []
    public private(set) var progress: LessonProgress
    /// A lesson finished before and started again asks every question afresh; otherwise a
    /// question answered earlier shows that answer when the learner comes back to it.
    private let replaying: Bool

    public enum Phase: Sendable, Equatable {
        /// A text or stepper step: Enter moves on.
        case reading
        /// A question or prediction waiting for an answer.
        case asking
        /// Answered (or skipped, `correct: false`): the explanation is showing; Enter moves on.
        case answered(correct: Bool)
        /// Past the last step.
        case finished
    }

    public enum Input: Sendable, Equatable {
        case answer(String)
        /// Enter on its own.
        case proceed
        case hint, skip, back, quit

        /// A typed line: the words hint/skip/back/quit (and q), Enter alone, or an answer.
        public init(line: String) {
            let t = line.trimmingCharacters(in: .whitespacesAndNewlines)
            switch t.lowercased() {
            case "": self = .proceed
            case "hint", "h", "?": self = .hint
            case "skip": self = .skip
            case "back": self = .back
            case "quit", "q", "exit": self = .quit
            default: self = .answer(t)
            }
        }
    }

    public struct Hint: Sendable, Equatable {
        public let text: String
        public let number: Int
        public let total: Int
    }

    public enum Feedback: Sendable, Equatable {
        /// The step changed: show it.
        case moved
        case finished
        case correct(explain: String?)
        /// Wrong; the next hint is shown with it while hints remain. A known mistake gets its
        /// own words (`mistake`) instead of the next hint.
        case wrong(hint: Hint?, mistake: String? = nil)
        /// A grid row was right; `row` (1-based) of `of` rows are done.
        case rowAccepted(row: Int, of: Int)
        /// A grid row was wrong; a known mistake's row gets its own words (`mistake`) instead of the next hint.
        case rowWrong(row: Int, hint: Hint?, mistake: String? = nil)
        /// Could not be read as an answer of this kind; costs no attempt.
        case unreadable(String)
        /// The next hint, or nil when there are none left.
        case hint(Hint?)
        case revealed(answer: String, explain: String?)
        /// Back on an exercise answered before: its accepted answer (or, if it was skipped, the
        /// answer shown then), not a blank prompt. Enter moves on.
        case answeredBefore(answer: String, solved: Bool, explain: String?)
        /// Only Enter, back and quit mean something here.
        case pressEnter
        case atFirstStep
        case quit
    }

    /// Starts at the saved step, or at the beginning of a lesson already finished.
    public init(lesson: Lesson, progress: LessonProgress? = nil) {
        self.lesson = lesson
        self.progress = progress ?? LessonProgress()
        index = 0
        phase = .reading
        replaying = progress?.done == true
        if let progress, !progress.done { index = min(max(0, progress.step), max(0, lesson.steps.count - 1)) }
        // A new run counts afresh: the tally and the saved counts cover this run only.
        if replaying {
            self.progress.run = LearnerProgress.counted(self.progress.run)
            self.progress.exercises = [:]
        }
        enter(index)
    }

    public var step: LessonStep? { lesson.steps.indices.contains(index) ? lesson.steps[index] : nil }
    public var exercise: Exercise? { step?.exercise }
    public var isFinished: Bool { phase == .finished }
    public var record: ExerciseProgress? { exercise.flatMap { progress.exercises[$0.id] } }

    /// The current exercise's earlier answer, while it shows as answered on a second visit.
    public var recalled: Feedback? {
        guard case .answered(let solved) = phase, let e = exercise, let r = record, r.solved || r.skipped else { return nil }
        return .answeredBefore(answer: Answers.text(e.expected, choices: e.choices), solved: solved, explain: e.explain)
    }

    /// Carries on with other progress: the lesson was reset elsewhere and starts fresh here.
    public mutating func adopt(_ progress: LessonProgress) {
        self.progress = progress
    }

    public mutating func handle(_ input: Input) -> Feedback {
        switch input {
        case .quit: return .quit
        case .back:
            guard index > 0 else { return .atFirstStep }
            enter(index - 1)
            return .moved
        case .proceed:
            switch phase {
            case .reading, .answered: return advance()
            case .asking: return .unreadable(whatToType)
            case .finished: return .finished
            }
        case .skip:
            switch phase {
            case .asking: return reveal()
            case .reading, .answered: return advance()
            case .finished: return .finished
            }
        case .hint:
            guard phase == .asking else { return .hint(nil) }
            return .hint(nextHint())
        case .answer(let text):
            guard phase == .asking, let exercise else { return phase == .finished ? .finished : .pressEnter }
            return answer(text, exercise)
        }
    }

    // MARK: - Transitions

    private mutating func enter(_ i: Int) {
        index = i
        hintsShown = 0
        rowHintShown = false
        rowHintsUsed = 0
        acceptedRows = []
        phase = lesson.steps.indices.contains(i) ? (lesson.steps[i].exercise == nil ? .reading : .asking) : .finished
        if !replaying, let e = exercise, let r = progress.exercises[e.id], r.solved || r.skipped { phase = .answered(correct: r.solved) }
        progress.step = i
    }

    private mutating func advance() -> Feedback {
        if index + 1 < lesson.steps.count {
            enter(index + 1)
            return .moved
        }
        phase = .finished
        progress.done = true
        progress.step = 0
        return .finished
    }

    private mutating func reveal() -> Feedback {
        guard let e = exercise else { return advance() }
        update(e.id) { if !$0.solved { $0.skipped = true } }
        answered(correct: false)
        return .revealed(answer: Answers.text(e.expected, choices: e.choices), explain: e.explain)
    }

    /// The hint for the grid row being typed, if the author wrote row hints.
    private var currentRowHint: String? {
        guard let e = exercise, e.rowHints.indices.contains(acceptedRows.count) else { return nil }
        return e.rowHints[acceptedRows.count]
    }

    private var hintTotal: Int { (exercise?.hints.count ?? 0) + (currentRowHint == nil ? 0 : 1) }

    /// What a learner reads when no hint is left: a question written without any says so, not
    /// "no more". Both modes use it, after a wrong answer and on `hint`.
    public var noHintLeft: String {
        let none = exercise.map { $0.hints.isEmpty && $0.rowHints.isEmpty } ?? false
        return (none ? "This question has no hints" : "No more hints") + ": try again, or type skip to see the answer."
    }

    /// Every hint shown so far for this exercise (a grid's row hint only while its row is being
    /// typed), so earlier hints stay on screen when a later one comes.
    public var shownHints: [Hint] {
        guard let e = exercise, phase != .reading, phase != .finished else { return [] }
        var list = e.hints.prefix(hintsShown).enumerated().map { Hint(text: $0.element, number: $0.offset + 1, total: hintTotal) }
        if rowHintShown, let r = currentRowHint { list.append(Hint(text: r, number: e.hints.count + 1, total: hintTotal)) }
        return list
    }

    /// The exercise's hints first, then the hint for the grid row being typed.
    private mutating func nextHint() -> Hint? {
        guard let e = exercise else { return nil }
        if hintsShown < e.hints.count {
            hintsShown += 1
            let shown = hintsShown + rowHintsUsed
            update(e.id) { $0.hints = max($0.hints, shown) }
            return Hint(text: e.hints[hintsShown - 1], number: hintsShown, total: hintTotal)
        }
        guard let r = currentRowHint, !rowHintShown else { return nil }
        rowHintShown = true
        rowHintsUsed += 1
        let shown = hintsShown + rowHintsUsed
        update(e.id) { $0.hints = max($0.hints, shown) }
        return Hint(text: r, number: e.hints.count + 1, total: hintTotal)
    }

    private mutating func answer(_ text: String, _ e: Exercise) -> Feedback {
        if case .grid(let rows, let tolerance) = e.expected { return answerRows(text, e, rows, tolerance) }
        switch Answers.check(text, against: e.expected, choices: e.choices) {
        case .unreadable(let why): return .unreadable(why)
        case .correct:
            solved(e, text)
            return .correct(explain: e.explain)
        case .wrong:
            update(e.id) { $0.attempts = LearnerProgress.counted($0.attempts); $0.lastAnswer = text }
            if let known = e.mistakes.first(where: { Answers.check(text, against: $0.answer, choices: e.choices) == .correct }) {
                return .wrong(hint: nil, mistake: explained(e, known))
            }
            return .wrong(hint: nextHint())
        }
    }

    /// Grids are typed a row at a time (or several rows joined by `;`); each row is checked as it comes.
    private mutating func answerRows(_ text: String, _ e: Exercise, _ rows: [[Double]], _ tolerance: Double) -> Feedback {
        guard let typed = Answers.rows(text) else { return .unreadable("Type the numbers of row \(acceptedRows.count + 1) of \(rows.count), separated by spaces.") }
        // The whole grid typed again after some rows were kept: it is checked from the top.
        if typed.count == rows.count && !acceptedRows.isEmpty { acceptedRows = [] }
        let left = rows.count - acceptedRows.count
        if typed.count > left {
            if acceptedRows.isEmpty { return .unreadable("The grid has \(rows.count.counting("row")); you typed \(typed.count).") }
            let done = acceptedRows.count
            return .unreadable("The grid has \(rows.count.counting("row")) and \(done) \(done == 1 ? "is" : "are") done, so \(left) \(left == 1 ? "is" : "are") left; you typed \(typed.count).")
        }
        for row in typed {
            let n = acceptedRows.count
            let want = rows[n]
            guard row.count == want.count else { return .unreadable("Row \(n + 1) of \(rows.count) has \(want.count.counting("number")); you typed \(row.count).") }
            guard Answers.rowMatches(row, want, tolerance) else {
                update(e.id) { $0.attempts = LearnerProgress.counted($0.attempts); $0.lastAnswer = text }
                if let known = e.mistakes.first(where: { m in
                    if case .grid(let rows, let tolerance) = m.answer { rows.indices.contains(n) && Answers.rowMatches(row, rows[n], tolerance) } else { false }
                }) {
                    return .rowWrong(row: n + 1, hint: nil, mistake: explained(e, known))
                }
                return .rowWrong(row: n + 1, hint: nextHint())
            }
            acceptedRows.append(row)
            rowHintShown = false
        }
        if acceptedRows.count == rows.count {
            solved(e, acceptedRows.map { $0.map(Numbers.text).joined(separator: " ") }.joined(separator: "; "))
            return .correct(explain: e.explain)
        }
        return .rowAccepted(row: acceptedRows.count, of: rows.count)
    }

    /// What a grid answer's rows did, in the same words in plain mode and full screen: which rows
    /// are kept, so a learner knows what to type next (one row, or the whole grid again).
    public static func rowsRight(_ row: Int, of total: Int) -> String {
        let kept = row == 1 ? "Row 1 of \(total) is right" : row == 2 ? "Rows 1 and 2 of \(total) are right" : "Rows 1 to \(row) of \(total) are right"
        return kept + ". Type row \(row + 1) of \(total)."
    }

    /// A row is a count ("row 3 of 3"), never a position: out(2,2) lies in row 3 of 3.
    public static func rowNotRight(_ row: Int, of total: Int) -> String {
        let kept = row == 2 ? " (row 1 is kept)" : row == 3 ? " (rows 1 and 2 are kept)" : row > 3 ? " (rows 1 to \(row - 1) are kept)" : ""
        return "Row \(row) of \(total) is not right\(kept)."
    }

    /// The rows of the grid being answered (nil when the exercise is not a grid).
    public var gridRowCount: Int? {
        guard case .grid(let rows, _)? = exercise?.expected else { return nil }
        return rows.count
    }

    /// A known mistake's words, counted as help received.
    private mutating func explained(_ e: Exercise, _ known: Mistake) -> String {
        update(e.id) { $0.explained = LearnerProgress.counted($0.explained) }
        return known.says
    }

    private mutating func solved(_ e: Exercise, _ text: String) {
        update(e.id) { $0.attempts = LearnerProgress.counted($0.attempts); $0.solved = true; $0.lastAnswer = text }
        answered(correct: true)
    }

    /// An answered exercise is behind the learner: resuming starts at the step after it.
    private mutating func answered(correct: Bool) {
        phase = .answered(correct: correct)
        progress.step = min(index + 1, max(0, lesson.steps.count - 1))
    }

    private mutating func update(_ id: String, _ change: (inout ExerciseProgress) -> Void) {
        var record = progress.exercises[id] ?? ExerciseProgress()
        change(&record)
        progress.exercises[id] = record
    }

    /// What to type, for a learner who pressed Enter on a question.
    public var whatToType: String {
        guard let e = exercise else { return "Press Enter to continue." }
        let keys = " (or hint, skip, back, quit)"
        switch e.expected {
        case .number: return "Type a number" + keys + "."
        case .choice: return Answers.choiceTip(e.choices.count) + keys + "."
        case .shape(let want): return "Type a shape such as \(Answers.shapeExample(avoiding: want))" + keys + "."
        case .grid(let rows, _): return "Type row \(acceptedRows.count + 1) of \(rows.count): numbers separated by spaces" + keys + "."
        }
    }
}
