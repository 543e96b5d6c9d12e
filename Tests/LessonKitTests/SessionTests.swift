import Testing
@testable import LessonKit

@Suite struct SessionTests {
    /// Steps of the fixture: text, stepper, predict(3), number(4), shape, choice(2), grid.
    func start(_ progress: LessonProgress? = nil) throws -> LessonSession {
        LessonSession(lesson: try Fixture.small(), progress: progress)
    }

    @Test func readingStepsMoveOnWithEnter() throws {
        var s = try start()
        #expect(s.index == 0 && s.phase == .reading)
        #expect(s.handle(.answer("4")) == .pressEnter)
        #expect(s.handle(.hint) == .hint(nil))
        #expect(s.handle(.proceed) == .moved)
        #expect(s.index == 1 && s.phase == .reading)
        #expect(s.handle(.proceed) == .moved)
        #expect(s.phase == .asking)
    }

    @Test func wrongAnswersBringHintsThenTheRightOneCounts() throws {
        var s = try start(progressAt(3))
        #expect(s.index == 3)
        #expect(s.handle(.proceed) == .unreadable("Type a number (or hint, skip, back, quit)."))
        #expect(s.handle(.answer("five")) == .unreadable("Type a number, such as 4, -1.5 or 1/9."))
        #expect(s.record == nil, "unreadable input costs no attempt")
        guard case .wrong(let h1?) = s.handle(.answer("5")) else { Issue.record("expected a hint"); return }
        #expect(h1.number == 1 && h1.total == 2)
        guard case .hint(let h2?) = s.handle(.hint) else { Issue.record("expected hint 2"); return }
        #expect(h2.number == 2)
        #expect(s.handle(.hint) == .hint(nil))
        #expect(s.handle(.answer("3")) == .wrong(hint: nil))
        guard case .correct = s.handle(.answer("4")) else { Issue.record("4 is right"); return }
        #expect(s.phase == .answered(correct: true))
        #expect(s.record == ExerciseProgress(attempts: 3, hints: 2, solved: true, lastAnswer: "4"))
        #expect(s.handle(.answer("4")) == .pressEnter)
        #expect(s.handle(.proceed) == .moved)
        #expect(s.index == 4)
    }

    @Test func skipRevealsAndBackReturns() throws {
        var s = try start(progressAt(4))
        #expect(s.handle(.skip) == .revealed(answer: "1x3x3", explain: nil))
        #expect(s.progress.exercises["shape"]?.skipped == true)
        #expect(s.handle(.back) == .moved)
        #expect(s.index == 3 && s.phase == .asking, "going back asks again")
        #expect(s.handle(.skip) == .revealed(answer: "4", explain: "Five products are 1 and four are 0... wait, four products are 1."))
        var first = try start()
        #expect(first.handle(.back) == .atFirstStep)
    }

    @Test func gridsAreCheckedRowByRow() throws {
        var s = try start(progressAt(6))
        #expect(s.handle(.answer("4 3 4")) == .rowAccepted(row: 1, of: 3))
        #expect(s.handle(.answer("2 4")) == .unreadable("Row 2 has 3 numbers; you typed 2."))
        #expect(s.handle(.answer("2 4 4")) == .rowWrong(row: 2, hint: nil))
        #expect(s.whatToType.hasPrefix("Type row 2 of 3"))
        #expect(s.handle(.answer("2 4 3; 2 3 4")) == .correct(explain: nil))
        #expect(s.progress.exercises["grid"]?.attempts == 2)
        #expect(s.handle(.proceed) == .finished)
        #expect(s.isFinished && s.progress.done && s.progress.step == 0)
    }

    @Test func choicesAndPredictions() throws {
        var s = try start(progressAt(2))
        #expect(s.exercise?.id == "second-sum")
        #expect(s.handle(.answer("3")) == .correct(explain: nil))
        s = try start(progressAt(5))
        #expect(s.handle(.answer("1")) == .wrong(hint: nil))
        #expect(s.handle(.answer("cross-correlation")) == .correct(explain: nil))
    }

    @Test func resumesWhereItStoppedAndRestartsWhenDone() throws {
        #expect(try start(progressAt(5)).index == 5)
        #expect(try start(progressAt(99)).index == 6, "a shorter lesson clamps the saved step")
        var done = progressAt(3)
        done.done = true
        #expect(try start(done).index == 0)
        #expect(try start(done).progress.done, "finishing once is remembered")
    }

    @Test func typedLinesBecomeInputs() {
        #expect(LessonSession.Input(line: "") == .proceed)
        #expect(LessonSession.Input(line: "  HINT ") == .hint)
        #expect(LessonSession.Input(line: "skip") == .skip)
        #expect(LessonSession.Input(line: "back") == .back)
        #expect(LessonSession.Input(line: "quit") == .quit)
        #expect(LessonSession.Input(line: " 4 3 ") == .answer("4 3"))
    }

    private func progressAt(_ step: Int) -> LessonProgress {
        var p = LessonProgress()
        p.step = step
        return p
    }
}

extension ExerciseProgress {
    init(attempts: Int, hints: Int, solved: Bool, lastAnswer: String?) {
        self.init()
        self.attempts = attempts
        self.hints = hints
        self.solved = solved
        self.lastAnswer = lastAnswer
    }
}
