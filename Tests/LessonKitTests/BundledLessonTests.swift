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

    /// What a learner types for an expected answer: a choice by its number, a grid's rows joined by `;`.
    static func typed(_ expected: Expected) -> String {
        switch expected {
        case .choice(let i): return "\(i)"
        case .grid(let rows, _): return rows.map { $0.map(Numbers.text).joined(separator: " ") }.joined(separator: "; ")
        default: return Answers.text(expected)
        }
    }

    /// Every lesson played through the session: each exercise's known mistakes typed first, each
    /// answered with its own words, then the revealed answer typed back, which is right. So every
    /// lesson can be finished with all exercises solved, and no mistake falls back to a hint.
    @Test func everyLessonCanBeSolvedAndEveryMistakeGetsItsOwnWords() {
        let c = LessonLibrary.load([Self.folder.path])
        #expect(c.diagnostics.isEmpty, "\(c.diagnostics.map(\.description))")
        var mistakes = 0
        for lesson in c.lessons {
            var s = LessonSession(lesson: lesson)
            var guard_ = 0
            while !s.isFinished && guard_ < 1000 {
                guard_ += 1
                guard s.phase == .asking, let e = s.exercise else { _ = s.handle(.proceed); continue }
                for m in e.mistakes {
                    if case .grid(let rows, _) = m.answer, case .grid(let right, _) = e.expected {
                        // Row by row: the rows it shares with the answer are accepted, its first other row explained.
                        guard let n = rows.indices.first(where: { !Answers.rowMatches(rows[$0], right[$0], 1e-9) }) else { continue }
                        let f: LessonSession.Feedback
                        if s.acceptedRows.count > n {
                            // An earlier mistake got past this one's row: the whole grid again is checked from the top.
                            f = s.handle(.answer(rows.map { $0.map(Numbers.text).joined(separator: " ") }.joined(separator: "; ")))
                        } else {
                            for row in rows[s.acceptedRows.count..<n] { _ = s.handle(.answer(row.map(Numbers.text).joined(separator: " "))) }
                            f = s.handle(.answer(rows[n].map(Numbers.text).joined(separator: " ")))
                        }
                        #expect(f == .rowWrong(row: n + 1, hint: nil, mistake: m.says), "\(lesson.id)/\(e.id): the mistake's row \(n + 1) gave \(f)")
                    } else {
                        let f = s.handle(.answer(Self.typed(m.answer)))
                        #expect(f == .wrong(hint: nil, mistake: m.says), "\(lesson.id)/\(e.id): the mistake '\(Self.typed(m.answer))' gave \(f)")
                    }
                    #expect(s.phase == .asking)
                    mistakes += 1
                }
                // The rows still to type (a grid mistake may have had some accepted).
                var rest = e.expected
                if case .grid(let rows, let t) = e.expected { rest = .grid(Array(rows.dropFirst(s.acceptedRows.count)), tolerance: t) }
                let typed = Self.typed(rest)
                let f = s.handle(.answer(typed))
                #expect(f == .correct(explain: e.explain), "\(lesson.id)/\(e.id): typing '\(typed)' gave \(f)")
                if f != .correct(explain: e.explain) { _ = s.handle(.skip) }
            }
            #expect(s.isFinished)
            let solved = s.progress.exercises.values.filter(\.solved).count
            #expect(solved == lesson.exercises.count, "\(lesson.id)")
        }
        #expect(mistakes >= 11, "the bundled lessons' mistakes were played (\(mistakes))")
    }

    /// QA 9: lesson 11's prediction on neuron 3 showed neuron 2's output just before a question
    /// asked for it; the question now comes first.
    @Test func noPredictionShowsALaterAnswer() throws {
        let c = LessonLibrary.load([Self.folder.path])
        let lesson = try #require(c.lessons.first { $0.id == "bias-and-relu" })
        let ids = lesson.exercises.map(\.id)
        // By its id or the id it had before (`was:`), so a renamed question is still found.
        let asked = try #require(lesson.exercises.firstIndex { $0.id == "neuron-1" || $0.formerIDs.contains("neuron-1") })
        let predicted = try #require(ids.firstIndex(of: "silent-neuron"))
        #expect(asked < predicted)
    }
}
