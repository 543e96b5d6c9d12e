import Foundation
import Testing
@testable import LessonKit

/// Issue 14's typical wrong answers: each gets words of its own, not the next hint.
@Suite(.timeLimit(.minutes(10))) struct DiagnosedMistakeTests {
    static let lessons = LessonLibrary.load([BundledLessonTests.folder.path]).lessons

    /// (lesson id, exercise id, a typical wrong answer).
    static let typical: [(lesson: String, exercise: String, typed: String)] = [
        ("sliding-window", "top-left", "5"),          // the kernel's ones added up
        ("sliding-window", "top-left", "6"),          // the patch added up
        ("correlation-vs-convolution", "corr-first", "13"),  // the convolution's value
        ("padding-and-output-size", "same-corner", "4"),     // the padding forgotten
        ("padding-and-output-size", "full-shape", "5x5"),
        ("stride-and-dilation", "d2-shape", "3x3"),   // "dilation does not change the size"
        ("depthwise-separable", "dw-terms", "12"),    // the regular conv's count
        ("depthwise-separable", "big-dw", "9"),
        ("four-layers-one-input", "depthwise-params", "16"),
    ]

    @Test(arguments: typical.indices) func aTypicalMistakeGetsItsOwnWords(_ i: Int) throws {
        let c = Self.typical[i]
        let lesson = try #require(Self.lessons.first { $0.id == c.lesson }, "\(c.lesson)")
        let index = try #require(lesson.steps.firstIndex { $0.exercise?.id == c.exercise }, "\(c.lesson)/\(c.exercise)")
        var progress = LessonProgress()
        progress.step = index
        var s = LessonSession(lesson: lesson, progress: progress)
        let said = lesson.steps[index].exercise?.mistakes.first { Answers.check(c.typed, against: $0.answer) == .correct }?.says
        let words = try #require(said, "\(c.lesson)/\(c.exercise) has no mistake for \(c.typed)")
        #expect(s.phase == .asking)
        #expect(s.handle(.answer(c.typed)) == .wrong(hint: nil, mistake: words), "\(c.lesson)/\(c.exercise)")
    }

    /// The course diagnoses at least 40 mistakes, and every lesson that asks for numbers or
    /// shapes diagnoses at least one.
    @Test func everyLessonThatAsksForNumbersDiagnosesAMistake() {
        let all = Self.lessons.flatMap(\.exercises)
        #expect(all.reduce(0) { $0 + $1.mistakes.count } >= 40)
        for lesson in Self.lessons {
            let asks = lesson.exercises.contains {
                switch $0.expected { case .number, .shape, .grid: true; case .choice: false }
            }
            if asks { #expect(lesson.exercises.contains { !$0.mistakes.isEmpty }, "\(lesson.id)") }
        }
    }
}
