import Foundation
import Testing
@testable import LessonKit

/// The end-of-lesson tally: its groups add up to the number solved, and cover this run only.
@Suite(.timeLimit(.minutes(10))) struct TallyTests {
    static let allRight = ["", "", "3", "", "4", "", "3x3", "", "b", "", "4 3 4; 2 4 3; 2 3 4", ""]

    func play(_ lines: [String], from progress: LessonProgress? = nil) throws -> (String, LessonProgress?) {
        var input = lines[...]
        var output = ""
        var saved: LessonProgress?
        var runner = PlainLesson(
            session: LessonSession(lesson: try Fixture.small(), progress: progress), resumeCommand: "convtutor lesson fixture-small",
            readLine: { input.popFirst() }, write: { output += $0 }, save: { saved = $0; return .saved })
        try runner.run()
        return (output, saved)
    }

    @Test func replayingAFinishedLessonCountsTheNewRunOnly() throws {
        let (first, saved) = try play(Self.allRight)
        #expect(first.hasSuffix("Lesson complete: 5 of 5 solved (5 first try, 0 with help), 0 skipped.\n"))
        let (again, savedAgain) = try play(Self.allRight, from: saved)
        #expect(again.hasSuffix("Lesson complete: 5 of 5 solved (5 first try, 0 with help), 0 skipped.\n"), "\(again)")
        #expect(savedAgain?.exercises["first-value"]?.attempts == 1)
        // What the file keeps: the newer run's counts, not the larger of the two runs.
        let file = LessonProgress.merged(saved, try #require(savedAgain))
        #expect(file.exercises["first-value"]?.attempts == 1)
        #expect(file.done)
        // A tutor still on the older run does not write its counts over the newer run's.
        var stale = try #require(saved)
        stale.exercises["first-value"]?.attempts = 7
        #expect(LessonProgress.merged(file, stale).exercises["first-value"]?.attempts == 1)
    }

    @Test func aReplayWithHelpReportsThisRunsHelp() throws {
        var helped = Self.allRight
        helped[2...2] = ["2", "3"]   // wrong, the hint, then right
        let (_, saved) = try play(helped)
        let (again, _) = try play(Self.allRight, from: saved)
        #expect(again.hasSuffix("5 of 5 solved (5 first try, 0 with help), 0 skipped.\n"), "\(again)")
    }

    @Test func answersPutRightAfterAnExplanationOrARetryAreCounted() throws {
        var lines = Self.allRight
        lines[6...6] = ["4x4", "3x3"]   // the shape has no hints: right on a later try
        lines[4...4] = ["6", "4"]       // a known mistake's explanation, then right
        let (out, saved) = try play(lines)
        let unwrapped = out.replacingOccurrences(of: "\n  ", with: " ")
        #expect(unwrapped.hasSuffix("Lesson complete: 5 of 5 solved (3 first try, 1 with help, 1 retried), 0 skipped.\n"), "\(out)")
        #expect(saved?.exercises["first-value"]?.explained == 1)
        #expect(saved?.exercises["first-value"]?.outcome == .helped)
        #expect(saved?.exercises["shape"]?.outcome == .laterTry)
    }

    @Test func progressFilesWithoutRunsStillLoad() throws {
        let old = #"{"step": 0, "done": true, "exercises": {"shape": {"attempts": 2, "hints": 1, "solved": true}}}"#
        let p = try JSONDecoder().decode(LessonProgress.self, from: Data(old.utf8))
        #expect(p.run == 0 && p.exercises["shape"]?.explained == 0 && p.exercises["shape"]?.outcome == .helped)
        let replay = LessonSession(lesson: try Fixture.small(), progress: p)
        #expect(replay.progress.run == 1 && replay.progress.exercises.isEmpty, "a finished lesson started again counts afresh")
    }
}
