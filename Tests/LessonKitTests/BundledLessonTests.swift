import Foundation
import Testing
@testable import LessonKit

/// The real lessons, through the same engine a learner uses.
@Suite(.timeLimit(.minutes(10))) struct BundledLessonTests {
    static let folder = Fixture.folder.appendingPathComponent("../../../Lessons").standardizedFileURL

    /// The embedded copy unless CONVTUTOR_LESSONS names a folder, from any working directory.
    @Test func theBundledLessonsAreEmbeddedUnlessCONVTUTOR_LESSONSNamesAFolder() throws {
        let tree = EmbeddedFiles(display: "Lessons", files: [:])
        let found = LessonLibrary.bundled(embedded: tree, environment: [:], currentDirectory: URL(fileURLWithPath: "/"))
        guard case .embedded = try found.get() else { Issue.record("expected the embedded lessons, got \(found)"); return }
        let env = LessonLibrary.bundled(embedded: tree, environment: ["CONVTUTOR_LESSONS": Fixture.folder.path], currentDirectory: URL(fileURLWithPath: "/"))
        #expect(try env.get().display == Fixture.folder.standardizedFileURL.path)
        let missing = LessonLibrary.bundled(embedded: tree, environment: ["CONVTUTOR_LESSONS": "/no/such/folder"])
        #expect(throws: LessonLibrary.NotFound.self) { _ = try missing.get() }
    }

    /// Typing each revealed answer back is right, so every lesson can be finished with all exercises solved.
    @Test func everyLessonCanBeSolvedByTypingItsAnswers() {
        let c = LessonLibrary.load([Self.folder.path])
        #expect(c.diagnostics.isEmpty, "\(c.diagnostics.map(\.description))")
        for lesson in c.lessons {
            var s = LessonSession(lesson: lesson)
            var guard_ = 0
            while !s.isFinished && guard_ < 1000 {
                guard_ += 1
                guard s.phase == .asking, let e = s.exercise else { _ = s.handle(.proceed); continue }
                let typed: String
                switch e.expected {
                case .choice(let i): typed = "\(i)"
                case .grid(let rows, _): typed = rows.map { $0.map(Numbers.text).joined(separator: " ") }.joined(separator: "; ")
                default: typed = Answers.text(e.expected)
                }
                let f = s.handle(.answer(typed))
                #expect(f == .correct(explain: e.explain), "\(lesson.id)/\(e.id): typing '\(typed)' gave \(f)")
                if f != .correct(explain: e.explain) { _ = s.handle(.skip) }
            }
            #expect(s.isFinished)
            let solved = s.progress.exercises.values.filter(\.solved).count
            #expect(solved == lesson.exercises.count, "\(lesson.id)")
        }
    }

    /// QA 9: lesson 11's prediction on neuron 3 showed neuron 2's output just before a question
    /// asked for it; the question now comes first.
    @Test func noPredictionShowsALaterAnswer() throws {
        let c = LessonLibrary.load([Self.folder.path])
        let lesson = try #require(c.lessons.first { $0.id == "bias-and-relu" })
        let ids = lesson.exercises.map(\.id)
        let asked = try #require(ids.firstIndex(of: "middle-neuron"))
        let predicted = try #require(ids.firstIndex(of: "silent-neuron"))
        #expect(asked < predicted)
    }
}
