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
        for junk in ["four", "", "nan", "1/0", "0x10", "4 4", "1e999"] {
            guard case .unreadable = Answers.check(junk, against: four) else {
                Issue.record("'\(junk)' should be unreadable")
                continue
            }
        }
    }

    /// A max window wholly in the padding is −∞: typed as the screens write it, it is right,
    /// and nothing finite is close to it.
    @Test func minusInfinityIsAnAnswer() {
        let minusInf = Expected.number(-.infinity, tolerance: 1e-6)
        for typed in ["-inf", "-∞", "−∞", "-Infinity"] { #expect(Answers.check(typed, against: minusInf) == .correct, "\(typed)") }
        for typed in ["inf", "-1e308", "0"] { #expect(Answers.check(typed, against: minusInf) == .wrong, "\(typed)") }
        #expect(Answers.check("inf", against: .number(4, tolerance: 1e-6)) == .wrong)
    }

    /// A format tip must not name the answer (lesson 1's first answer is 4).
    @Test func tipsNeverGiveTheAnswerAway() {
        #expect(Answers.check("four", against: .number(4, tolerance: 0)) == .unreadable("Type a number, such as 7, -1.5 or 1/9."))
        #expect(Answers.check("seven", against: .number(7, tolerance: 0)) == .unreadable("Type a number, such as -1.5, 1/9 or 12."))
        #expect(Answers.check("x", against: .number(1.0 / 9, tolerance: 0.001)) == .unreadable("Type a number, such as 7, -1.5 or 12."))
        // Student QA r25: a channels×rows×columns question's tip showed a 2-D example.
        #expect(Answers.shapeExample(avoiding: [1, 3, 3]) == "2x4x6")
        #expect(Answers.shapeExample(avoiding: [2, 4, 6]) == "3x5x5")
        #expect(Answers.shapeExample(avoiding: [3, 3]) == "4x6")
        #expect(Answers.shapeExample(avoiding: [4, 6]) == "5x7")
        #expect(Answers.check("big", against: .shape([4, 6])) == .unreadable("Type a shape such as 5x7 or 2x4x6."))
    }

    @Test func thousandsSeparatorsAndYesNo() {
        #expect(Answers.check("18,432", against: .number(18432, tolerance: 0)) == .correct)
        #expect(Answers.check("1,234,567.5", against: .number(1234567.5, tolerance: 0)) == .correct)
        #expect(Answers.check("1,5", against: .number(15, tolerance: 0)) != .correct, "not a thousands separator")
        let yesNo = ["Yes: every output adds products from every channel", "No: each output reads one channel"]
        #expect(Answers.check("yes", against: .choice(1), choices: yesNo) == .correct)
        #expect(Answers.check("No", against: .choice(1), choices: yesNo) == .wrong)
        #expect(Answers.check("yes", against: .choice(1), choices: ["Yes, always", "Yes, but rarely"]) != .correct, "ambiguous")
    }

    @Test func choicesByNumberLetterOrText() {
        let choices = ["true convolution", "cross-correlation"]
        for typed in ["2", "b", "B)", "Cross-Correlation"] {
            #expect(Answers.check(typed, against: .choice(2), choices: choices) == .correct, "\(typed)")
        }
        #expect(Answers.check("1", against: .choice(2), choices: choices) == .wrong)
        #expect(Answers.check("3", against: .choice(2), choices: choices) != .wrong, "out of range is unreadable, not wrong")
    }

    /// A choice whose text ends in ")" or "." is found by its text, typed or copied as shown.
    @Test func choicesEndingInAParenthesisByText() {
        let choices = ["All three channels", "Only the first (red)", "Only the third (blue)"]
        for typed in ["Only the third (blue)", "only  the third (BLUE) ", "3) Only the third (blue)", "c.", "3)"] {
            #expect(Answers.check(typed, against: .choice(3), choices: choices) == .correct, "\(typed)")
        }
        #expect(Answers.check("Only the first (red)", against: .choice(3), choices: choices) == .wrong)
        #expect(Answers.check("Only the", against: .choice(3), choices: choices)
                == .unreadable("Type a choice's number (1 to 3), its letter (a to c) or its text."))
        #expect(Answers.check("Stop.", against: .choice(1), choices: ["Stop.", "Go."]) == .correct)
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
