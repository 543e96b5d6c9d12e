import ConvKit
import Foundation
@testable import LessonKit
import Testing
@testable import TutorUI

/// Once a prediction is answered its stepper may be stepped, but only through the output it
/// asked about: later outputs are what the questions after it ask for.
@Suite(.timeLimit(.minutes(10))) struct AnsweredPredictTests {
    static func answer(_ p: PredictStep, _ app: inout LessonApp) {
        for e in Array(Answers.text(p.exercise.expected)).map({ Event.char($0) }) + [.enter] { _ = app.update(e) }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func theStepperStaysOnTheOutputAskedAbout(_ size: Size) throws {
        for (lesson, index, p) in PredictConcealmentTests.predicts {
            var app = BundledLessonScreenTests.open(lesson, at: index, size)
            Self.answer(p, &app)
            let place = "\(lesson.id) step \(index + 1) at \(size.width)×\(size.height)"
            let trace = try #require(app.screen?.stepper?.trace, "\(place)")
            let first = trace.firstStep(ofOutput: p.outputFlat), last = trace.lastStep(ofOutput: p.outputFlat)
            let keys: [Event] = [.right, .right, .end, .char("G"), .down, .down, .char("]"), .char("["), .char("n"), .char("j"), .char("l"),
                                 .home, .char("g"), .left, .up, .char("k"), .char("p"), .char("r"), .char("o"), .char(" "), .tick, .tick]
            for key in keys {
                _ = app.update(key)
                let s = try #require(app.screen?.stepper, "\(place)")
                #expect((first...last).contains(s.position), "\(place): \(key) moved to product \(s.position + 1), out of \(first + 1)–\(last + 1)")
                // Past either end, the status line says why it stops.
                let past = key == .end && last < trace.count - 1 || key == .home && first > 0
                let hosted = try LessonLayout(#require(app.screen), size).stepperRows > 0
                if past && hosted { #expect(app.view(size).text.contains(p.outputLabel + ", the output predicted"), "\(place): \(key)") }
            }
            // Within the output it still steps.
            _ = app.update(.home)
            #expect(app.screen?.stepper?.position == first, "\(place)")
            _ = app.update(.right)
            #expect(app.screen?.stepper?.position == min(first + 1, last), "\(place)")
        }
    }
}
