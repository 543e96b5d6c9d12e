import ConvKit
import LessonKit
import Testing
@testable import TutorUI

/// The menu lists a lesson file that does not load, with its first problem, after the others.
@Suite struct BrokenMenuTests {
    static let one = try! LessonReader.parse(
        "id: one\ntitle: One question\nsummary: S\ntopics: [conv2d]\nsteps:\n  - question: {id: q, prompt: P, kind: number, answer: 1}\n",
        file: "one.yaml").get()

    @Test func aBrokenFileIsListedWithItsFirstError() {
        var app = LessonApp(menu: [LessonApp.Entry(lesson: Self.one, progress: nil)])
        app.broken = [Diagnostic(file: "Lessons/02-bad.yaml", line: 7, column: 15, message: "dilation 4611686018427387904 is too large (at most 1000000)")]
        let size = Size(width: 80, height: 24)
        // Counts read as English: one exercise, one screen.
        #expect(app.view(size).text.contains("1 exercise · 1 screen"))
        _ = app.update(.down)
        let screen = app.view(size).text
        #expect(screen.contains("✗  2  02-bad.yaml — does not load"), "\(screen)")
        #expect(screen.contains("Lessons/02-bad.yaml:7:15: dilation 4611686018427387904 is too large"), "\(screen)")
        // Enter on it opens nothing; the good lesson still opens.
        _ = app.update(.enter)
        #expect(app.screen == nil)
        _ = app.update(.up)
        _ = app.update(.enter)
        #expect(app.screen?.session.lesson.id == "one")
    }
}
