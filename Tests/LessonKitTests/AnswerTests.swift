import Testing
@testable import LessonKit

@Suite struct AnswerTests {
    @Test func numbersWithinTolerance() {
        let four = Expected.number(4, tolerance: 1e-6)
        #expect(Answers.check("4", against: four) == .correct)
        #expect(Answers.check(" 4.0000001 ", against: four) == .correct)
        #expect(Answers.check("8/2", against: four) == .correct)
        #expect(Answers.check("5", against: four) == .wrong)
        #expect(Answers.check("−4", against: .number(-4, tolerance: 0)) == .correct, "a typographic minus is a minus")
        #expect(Answers.check("0.33", against: .number(1.0 / 3, tolerance: 0.01)) == .correct)
        #expect(Answers.check("0.3", against: .number(1.0 / 3, tolerance: 0.01)) == .wrong)
        for junk in ["four", "", "nan", "inf", "1/0", "0x10", "4 4"] {
            guard case .unreadable = Answers.check(junk, against: four) else {
                Issue.record("'\(junk)' should be unreadable")
                continue
            }
        }
    }

    @Test func choicesByNumberLetterOrText() {
        let choices = ["true convolution", "cross-correlation"]
        for typed in ["2", "b", "B)", "Cross-Correlation"] {
            #expect(Answers.check(typed, against: .choice(2), choices: choices) == .correct, "\(typed)")
        }
        #expect(Answers.check("1", against: .choice(2), choices: choices) == .wrong)
        #expect(Answers.check("3", against: .choice(2), choices: choices) != .wrong, "out of range is unreadable, not wrong")
    }

    @Test func shapesInEverySpelling() {
        for typed in ["3x3", "3×3", "3 X 3", "3 3", "(3, 3)", "[1,3,3]", "1x3x3"] {
            #expect(Answers.check(typed, against: .shape([1, 3, 3])) == .correct, "\(typed)")
        }
        #expect(Answers.check("2x3x3", against: .shape([1, 3, 3])) == .wrong)
        #expect(Answers.check("3x3", against: .shape([2, 3, 3])) == .wrong, "only leading 1s may be left out")
        #expect(Answers.check("three", against: .shape([3, 3])) != .wrong)
    }

    @Test func gridsWholeOrByRows() {
        let g = Expected.grid([[4, 3], [2, 4]], tolerance: 1e-6)
        #expect(Answers.check("4 3; 2 4", against: g) == .correct)
        #expect(Answers.check("4,3;2,4", against: g) == .correct)
        #expect(Answers.check("4 3; 2 5", against: g) == .wrong)
        #expect(Answers.check("4 3", against: g) == .wrong)
        #expect(Answers.rows("1 2; 3 x") == nil)
        #expect(Answers.text(g) == "4 3\n2 4")
    }
}
