import ConvKit
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

    /// A question written without hints says so, rather than "no more".
    @Test func aQuestionWithoutHintsSaysItHasNone() throws {
        var s = try start(progressAt(3))
        #expect(s.noHintLeft == "No more hints: try again, or type skip to see the answer.")
        let bare = try LessonReader.parse(Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: number, answer: 1}\n", file: "t.yaml").get()
        s = LessonSession(lesson: bare, progress: nil)
        #expect(s.handle(.hint) == .hint(nil))
        #expect(s.noHintLeft == "This question has no hints: try again, or type skip to see the answer.")
    }

    @Test func wrongAnswersBringHintsThenTheRightOneCounts() throws {
        var s = try start(progressAt(3))
        #expect(s.index == 3)
        #expect(s.handle(.proceed) == .unreadable("Type a number (or hint, skip, back, quit)."))
        #expect(s.handle(.answer("five")) == .unreadable("Type a number, such as 7, -1.5 or 1/9."))
        #expect(s.record == nil, "unreadable input costs no attempt")
        guard case .wrong(let h1?, nil) = s.handle(.answer("5")) else { Issue.record("expected a hint"); return }
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
        #expect(s.handle(.skip) == .revealed(answer: "4", explain: "The X has five ones; four of them sit on a 1 in the top-left patch, so the sum is 4."))
        var first = try start()
        #expect(first.handle(.back) == .atFirstStep)
    }

    @Test func gridsAreCheckedRowByRow() throws {
        var s = try start(progressAt(6))
        #expect(s.handle(.answer("4 3 4")) == .rowAccepted(row: 1, of: 3))
        #expect(s.handle(.answer("2 4")) == .unreadable("Row 2 of 3 has 3 numbers; you typed 2."))
        #expect(s.handle(.answer("2 4 4")) == .rowWrong(row: 2, hint: nil))
        #expect(s.whatToType.hasPrefix("Type row 2 of 3"))
        #expect(s.handle(.answer("2 4 3; 2 3 4")) == .correct(explain: nil))
        #expect(s.progress.exercises["grid"]?.attempts == 2)
        #expect(s.handle(.proceed) == .finished)
        #expect(s.isFinished && s.progress.done && s.progress.step == 0)
    }

    /// Student QA: after a slip in row 3, the whole right grid typed again was refused ("2 are
    /// done, so 1 is left"); it is checked from the top, and the feedback says which rows are kept.
    @Test func theWholeGridTypedAgainIsCheckedFromTheTop() throws {
        var s = try start(progressAt(6))
        #expect(s.handle(.answer("4 3 4; 2 4 3; 1 1 1")) == .rowWrong(row: 3, hint: nil))
        #expect(s.acceptedRows.count == 2)
        #expect(LessonSession.rowNotRight(3, of: 3) == "Row 3 of 3 is not right (rows 1 and 2 are kept).")
        #expect(s.gridRowCount == 3)
        #expect(LessonSession.rowsRight(2, of: 3) == "Rows 1 and 2 of 3 are right. Type row 3 of 3.")
        #expect(s.handle(.answer("4 3 4; 2 4 3; 2 3 4")) == .correct(explain: nil))
        var t = try start(progressAt(6))
        _ = t.handle(.answer("4 3 4"))
        #expect(t.handle(.answer("4 3 4; 2 4 3; 2 3 5")) == .rowWrong(row: 3, hint: nil),
                "a whole grid again is checked from row 1, so its row 3 is the one that is wrong")
    }

    /// QA: `4 3 4; 2 4 3; 2 3 4; 1 1 1` was "correct" because rows past the last were ignored.
    @Test func extraGridRowsAreNotCorrect() throws {
        var s = try start(progressAt(6))
        #expect(s.handle(.answer("4 3 4; 2 4 3; 2 3 4; 1 1 1")) == .unreadable("The grid has 3 rows; you typed 4."))
        #expect(s.acceptedRows.isEmpty && s.phase == .asking)
        #expect(s.record == nil, "a wrong row count costs no attempt")
        #expect(s.handle(.answer("4 3 4; 2 4 3")) == .rowAccepted(row: 2, of: 3))
        #expect(s.handle(.answer("2 3 4; 1 1 1")) == .unreadable("The grid has 3 rows and 2 are done, so 1 is left; you typed 2."))
        #expect(s.handle(.answer("2 3 4")) == .correct(explain: nil))
    }

    /// Hints shown so far stay listed; a grid's row hints follow the row being typed, and a row
    /// already accepted never gets one.
    @Test func hintsAccumulateAndRowHintsFollowTheRow() throws {
        let yaml = Fixture.header + """
            steps:
              - question:
                  id: g
                  prompt: Type the output.
                  kind: grid
                  from: {layer: seed, value: output}
                  hints: ["Nine placements."]
                  row_hints: ["Row one is 4 3 4.", "Row two is 2 4 3.", "Row three is 2 3 4."]
            """
        var s = LessonSession(lesson: try parse(yaml).get())
        #expect(s.handle(.answer("1 1 1")) == .rowWrong(row: 1, hint: .init(text: "Nine placements.", number: 1, total: 2)))
        #expect(s.handle(.hint) == .hint(.init(text: "Row one is 4 3 4.", number: 2, total: 2)))
        #expect(s.shownHints.map(\.text) == ["Nine placements.", "Row one is 4 3 4."], "the first hint stays")
        #expect(s.handle(.hint) == .hint(nil))
        #expect(s.shownHints.count == 2, "no more hints does not take any away")
        #expect(s.handle(.answer("4 3 4")) == .rowAccepted(row: 1, of: 3))
        #expect(s.shownHints.map(\.text) == ["Nine placements."], "the accepted row's hint is gone")
        #expect(s.handle(.hint) == .hint(.init(text: "Row two is 2 4 3.", number: 2, total: 2)), "the next hint is about row 2")
        #expect(s.progress.exercises["g"]?.hints == 3)
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

@Suite struct LessonTextTests {
    /// QA: `(*filters*)` showed its stars; emphasis inside punctuation is emphasis.
    @Test func emphasisInsidePunctuation() {
        let words = LessonText.words("stacks (*filters*) and *kernel*, then \"*dot product*\".")
        let emphasised = words.flatMap { $0 }.filter(\.emphasis).map(\.text)
        #expect(emphasised == ["filters", "kernel", "dot", "product"])
        #expect(words.map { $0.map(\.text).joined() } == ["stacks", "(filters)", "and", "kernel,", "then", "\"dot", "product\"."])
        #expect(LessonText.words("np.sum(P * K) is 2*3").flatMap { $0 }.allSatisfy { !$0.emphasis }, "a lone star is not emphasis")
    }

    @Test func plainTextHasNoStars() {
        #expect(LessonText.plain("A *kernel* (*filter*) is\nan *element-wise\nproduct* sum.\n\n  1 * 2") == "A kernel (filter) is\nan element-wise\nproduct sum.\n\n  1 * 2")
    }

    /// Channels are positions, 0-based like `compute`'s `channel 0:` and every index.
    @Test func traceTextNamesChannelsFromZero() throws {
        let t = try GridText.parse("1 2; 3 4 | 5 6; 7 8")
        #expect(TraceText.grid(t, blank: nil).hasPrefix("channel 0:\n"))
        #expect(TraceText.grid(t, blank: nil).contains("channel 1:\n"))
    }
}

/// `mistakes:` give a known wrong answer its own words instead of the next hint.
@Suite struct MistakeTests {
    @Test func aKnownMistakeIsExplained() throws {
        let yaml = Fixture.header + """
            steps:
              - question:
                  id: q
                  prompt: True convolution, top-left?
                  kind: number
                  answer: 13
                  hints: [Turn the kernel first.]
                  mistakes:
                    - {answer: 17, says: "17 is cross-correlation's answer: turn the kernel first."}
              - question:
                  id: c
                  prompt: Which?
                  kind: choice
                  choices: [a, b, c]
                  answer: 2
                  mistakes: [{answer: 3, says: "c is a trap."}]
            """
        let lesson = try parse(yaml).get()
        var s = LessonSession(lesson: lesson)
        #expect(s.handle(.answer("17")) == .wrong(hint: nil, mistake: "17 is cross-correlation's answer: turn the kernel first."))
        #expect(s.handle(.answer("12")) == .wrong(hint: LessonSession.Hint(text: "Turn the kernel first.", number: 1, total: 1)),
                "other wrong answers still get the hints, none used up by the mistake")
        #expect(s.record?.attempts == 2)
        guard case .correct = s.handle(.answer("13")) else { Issue.record("13 is right"); return }
        _ = s.handle(.proceed)
        #expect(s.handle(.answer("3")) == .wrong(hint: nil, mistake: "c is a trap."))
        #expect(s.handle(.answer("1")) == .wrong(hint: nil))
    }

    /// A grid mistake speaks through its rows: a wrong row typed as the mistake has it, for that row.
    @Test func aGridMistakeIsExplainedRowByRow() throws {
        let yaml = Fixture.header + """
            steps:
              - question:
                  id: g
                  prompt: The output?
                  kind: grid
                  answer: "4 3 4; 2 4 3"
                  hints: [Slide the kernel.]
                  mistakes: [{answer: "4 3 4; 3 4 2", says: "That row is read right to left."}]
            """
        var s = LessonSession(lesson: try parse(yaml).get())
        #expect(s.handle(.answer("3 4 2")) == .rowWrong(row: 1, hint: .init(text: "Slide the kernel.", number: 1, total: 1)),
                "the mistake's second row typed for the first is just wrong")
        #expect(s.handle(.answer("4 3 4")) == .rowAccepted(row: 1, of: 2))
        #expect(s.handle(.answer("3 4 2")) == .rowWrong(row: 2, hint: nil, mistake: "That row is read right to left."))
        #expect(s.record?.explained == 1)
        #expect(s.handle(.answer("2 4 3")) == .correct(explain: nil))
        var plain = LessonSession(lesson: try parse(yaml).get())
        _ = plain.handle(.answer("4 3 4"))
        #expect(PlainLesson.text(plain.handle(.answer("3 4 2")), plain) == "Row 2 of 2 is not right (row 1 is kept). That row is read right to left.")
    }
}
