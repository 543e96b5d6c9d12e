import LessonKit
import Testing
@testable import TutorUI

/// Under a stepper the newest feedback (the verdict, the hint just given, the explanation) is
/// shown whole: the stepper gives way, or the step is shown as text, before any of it is cut.
@Suite(.timeLimit(.minutes(10))) struct FeedbackFitTests {
    /// The screen's words with line breaks and runs of spaces as single spaces.
    static func words(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    static func enter(_ text: String, _ app: inout LessonApp) {
        for ch in text { _ = app.update(.char(ch)) }
        _ = app.update(.enter)
    }

    @Test(arguments: [Size(width: 60, height: 16), Size(width: 80, height: 24)])
    func predictionsShowTheNewestHintAndTheExplanationWhole(_ size: Size) throws {
        var checked = 0
        for lesson in BundledLessonScreenTests.lessons {
            for step in lesson.steps.indices {
                guard case .predict(let p) = lesson.steps[step], let e = lesson.steps[step].exercise else { continue }
                var app = BundledLessonScreenTests.open(lesson, at: step, size)
                let where_ = "\(lesson.id) screen \(step + 1) at \(size.width)×\(size.height)"
                Self.enter("-98765", &app)
                var screen = Self.words(app.view(size).text)
                #expect(screen.contains("-98765 is not it"), "\(where_): \(screen)")
                if let hint = e.hints.first {
                    #expect(screen.contains(Self.words(hint)), "\(where_): the hint is cut or missing:\n\(app.view(size).text)")
                }
                Self.enter("skip", &app)
                screen = Self.words(app.view(size).text)
                if let explain = e.explain {
                    #expect(screen.contains(Self.words(explain)), "\(where_): the explanation is cut:\n\(app.view(size).text)")
                }
                _ = p
                checked += 1
            }
        }
        #expect(checked > 3)
    }
}
