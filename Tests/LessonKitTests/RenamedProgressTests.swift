import Foundation
import Testing
@testable import LessonKit

/// Saved progress of renamed exercises (`was:`) and hand-edited records.
@Suite(.timeLimit(.minutes(10))) struct RenamedProgressTests {
    static func record(_ attempts: Int, solved: Bool = false) -> ExerciseProgress {
        var r = ExerciseProgress()
        (r.attempts, r.solved) = (attempts, solved)
        return r
    }

    static let lesson = """
        steps:
          - question: {id: new, was: [old1, old2], prompt: P, kind: number, answer: 4}
          - question: {id: other, prompt: P, kind: number, answer: 4}
        """

    /// v1 `old1` tried 3 times; v2 renamed it `old2` and it was solved there; v3 lists both.
    @Test func everyFormerRecordIsMerged() throws {
        let lesson = try parse(Fixture.header + Self.lesson).get()
        var learner = LearnerProgress()
        learner.lessons["t"] = LessonProgress()
        learner.lessons["t"]?.exercises = ["old1": Self.record(3), "old2": Self.record(1, solved: true)]
        let p = try #require(learner.progress(of: lesson))
        #expect(p.exercises["new"] == Self.record(3, solved: true), "solved in old2, attempts from old1")
    }

    /// Once carried, the former records leave the file: no reader (`convtutor progress` for a
    /// lesson played by path counts the file's keys) sees the exercise twice, and the store's
    /// merge does not bring them back from the file.
    @Test func aCarriedRecordLeavesItsFormerIdsInTheFile() throws {
        let lesson = try parse(Fixture.header + Self.lesson).get()
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("progress.json"))
        var file = LearnerProgress()
        file.lessons["t"] = LessonProgress()
        file.lessons["t"]?.exercises = ["old2": Self.record(1, solved: true), "new": Self.record(2, solved: true)]
        try store.save(file)
        let loaded = store.load().progress
        let p = try #require(loaded.progress(of: lesson))
        #expect(p.exercises.keys.sorted() == ["new"])
        var keeper = ProgressKeeper(store: store, loaded: loaded)
        #expect(keeper.save(p, lesson: "t") == .saved)
        let saved = try #require(store.load().progress.lessons["t"])
        #expect(saved.exercises.keys.sorted() == ["new"], "old2 is gone from the file")
        #expect(saved.exercises["new"]?.solved == true)
    }

    /// One mistyped field costs that record only, with a warning, and the file is not moved.
    @Test func aBadRecordIsLeftOutAndTheRestKept() throws {
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("progress.json")
        let json = #"{"version":1,"lessons":{"sliding-window":{"step":3,"done":true},"t-x":{"step":1,"exercises":{"old":{"attempts":"3","solved":true},"ok":{"attempts":2}}},"t-y":{"step":"2"}}}"#
        try json.write(to: url, atomically: true, encoding: .utf8)
        let loaded = ProgressStore(url: url).load()
        #expect(loaded.progress.lessons["sliding-window"]?.done == true)
        #expect(loaded.progress.lessons["t-x"]?.exercises.keys.sorted() == ["ok"])
        #expect(loaded.progress.lessons["t-y"] == nil)
        #expect(loaded.warning?.hasSuffix("left out what could not be read (lesson 't-x', exercise 'old'; lesson 't-y'); the rest is kept") == true, "\(loaded.warning ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["progress.json"])
    }

    /// A command that only shows progress leaves even an unreadable file where it is.
    @Test func showingNeverMovesAnUnreadableFile() throws {
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("progress.json")
        try "{not json".write(to: url, atomically: true, encoding: .utf8)
        let loaded = ProgressStore(url: url).load(moveAside: false)
        #expect(loaded.progress == LearnerProgress())
        #expect(loaded.warning?.hasSuffix("could not be read; showing no progress and leaving the file as it is") == true)
        #expect(try String(contentsOf: url, encoding: .utf8) == "{not json")
    }
}
