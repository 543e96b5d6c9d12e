import Foundation
import Testing
@testable import LessonKit

@Suite(.timeLimit(.minutes(10))) struct ProgressTests {
    @Test func followsXDGStateHome() {
        #expect(ProgressStore.defaultURL(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/a"]).path == "/x/state/convtutor/progress.json")
        #expect(ProgressStore.defaultURL(environment: ["HOME": "/home/a"]).path == "/home/a/.local/state/convtutor/progress.json")
        #expect(ProgressStore.defaultURL(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/a"]).path == "/home/a/.local/state/convtutor/progress.json")
    }

    @Test func savesAndLoadsRoundTrip() throws {
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("deep/convtutor/progress.json"))
        #expect(store.load().progress == LearnerProgress())
        var p = LearnerProgress()
        var l = LessonProgress()
        l.step = 3
        l.exercises["q"] = ExerciseProgress(attempts: 2, hints: 1, solved: true, lastAnswer: "4")
        p.lessons["first"] = l
        try store.save(p)
        let loaded = store.load()
        #expect(loaded.progress == p)
        #expect(loaded.warning == nil)
    }

    @Test func writesAtomicallyLeavingNoTemporaryFiles() throws {
        let dir = try temporaryFolder()
        let store = ProgressStore(url: dir.appendingPathComponent("progress.json"))
        var p = LearnerProgress()
        for i in 0..<5 {
            p.lessons["l\(i)"] = LessonProgress()
            try store.save(p)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["progress.json"])
        #expect(store.load().progress.lessons.count == 5)
    }

    /// A reader racing a writer must only ever see a whole file, old or new: that is what the
    /// temporary file plus rename buys (a plain overwrite would show truncated JSON here).
    @Test func readersNeverSeeAHalfWrittenFile() async throws {
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("progress.json"))
        var big = LearnerProgress()
        for i in 0..<100 {
            var l = LessonProgress()
            for j in 0..<5 { l.exercises["exercise-\(j)"] = ExerciseProgress(attempts: j, hints: 1, solved: true, lastAnswer: "4 3 4; 2 4 3") }
            big.lessons["lesson-\(i)"] = l
        }
        try store.save(big)
        let writer = Task.detached {
            for _ in 0..<15 { try store.save(big) }
        }
        var reads = 0
        while reads < 200 {
            let loaded = store.load()
            #expect(loaded.warning == nil)
            #expect(loaded.progress.lessons.count == 100)
            reads += 1
        }
        try await writer.value
    }

    /// The temporary file cannot be created, here because its name (the file's, plus a
    /// suffix) is too long: this fails for root too, which ignores a read-only folder.
    @Test func aFailedSaveKeepsTheOldFile() throws {
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent(String(repeating: "p", count: 240) + ".json")
        try #"{"lessons": {"kept": {}}}"#.write(to: url, atomically: false, encoding: .utf8)
        let store = ProgressStore(url: url)
        var p = store.load().progress
        p.lessons["lost"] = LessonProgress()
        #expect(throws: ProgressStore.SaveError.self) { try store.save(p) }
        #expect(store.load().progress.lessons.keys.sorted() == ["kept"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
    }

    /// Saving renames a new file into place: a hard link to the old one still holds the old
    /// bytes, which a truncate-and-write (torn by a crash half-way) would have overwritten.
    @Test func savingReplacesTheFileByRename() throws {
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("progress.json"), old = dir.appendingPathComponent("old.json")
        let store = ProgressStore(url: url)
        var p = LearnerProgress()
        p.lessons["first"] = LessonProgress()
        try store.save(p)
        let before = try Data(contentsOf: url)
        #expect(link(url.path, old.path) == 0)
        _ = try store.merge(LessonProgress(), lesson: "second", mark: 0)
        #expect(try Data(contentsOf: old) == before)
        #expect(store.load().progress.lessons.keys.sorted() == ["first", "second"])
    }

    /// Tutors saving at once each read, merge and write the file under its lock. Each thread
    /// opens the lock file itself, and flock treats separate opens exactly like separate
    /// processes: without the lock, merges read stale files and exercises are lost.
    @Test(.timeLimit(.minutes(10))) func concurrentMergesKeepEveryExercise() throws {
        let url = try temporaryFolder().appendingPathComponent("progress.json")
        let tutors = 4, answers = 12
        let group = DispatchGroup()
        for t in 0..<tutors {
            group.enter()
            Thread {
                let store = ProgressStore(url: url)
                var mine = LessonProgress()
                for a in 0..<answers {
                    mine.exercises["t\(t)-q\(a)"] = Self.record(attempts: 1, solved: true)
                    _ = try? store.merge(mine, lesson: "shared", mark: 0)
                }
                // A merge may give up on the lock when the disk stalls; the last one carries
                // every answer of this tutor, so it is tried until it lands.
                for _ in 0..<10 where (try? store.merge(mine, lesson: "shared", mark: 0)) == nil {}
                group.leave()
            }.start()
        }
        group.wait()
        let saved = ProgressStore(url: url).load().progress.lessons["shared"]?.exercises.keys
        #expect(saved?.count == tutors * answers)
    }

    /// Another tutor holding the lock for long must not freeze this one: the save gives up
    /// with a reason after `lockPatience`, and the file is left as it was.
    @Test(.timeLimit(.minutes(10))) func aLockHeldElsewhereIsAnErrorNotAFreeze() throws {
        let url = try temporaryFolder().appendingPathComponent("progress.json")
        let store = ProgressStore(url: url)
        try store.save(LearnerProgress())
        let before = try Data(contentsOf: url)
        let lock = url.deletingLastPathComponent().appendingPathComponent(".progress.json.lock").path
        let holder = open(lock, O_RDWR | O_CREAT, 0o600)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        defer { close(holder) }
        #expect {
            _ = try store.merge(LessonProgress(), lesson: "x", mark: 0)
        } throws: { ($0 as? ProgressStore.SaveError)?.description.contains("progress is locked by another convtutor") == true }
        #expect(try Data(contentsOf: url) == before)
    }

    @Test(arguments: ["{not json", "", "[1, 2]", "{\"lessons\": 5}", "\u{0}\u{1}binary"])
    func corruptFilesAreMovedAsideWithAWarning(_ content: String) throws {
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("progress.json")
        try content.write(to: url, atomically: true, encoding: .utf8)
        let store = ProgressStore(url: url)
        let loaded = store.load(now: Date(timeIntervalSince1970: 0))
        #expect(loaded.progress == LearnerProgress())
        #expect(loaded.warning?.contains("progress.json.corrupt-19700101T000000Z") == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names == ["progress.json.corrupt-19700101T000000Z"])
        #expect(try String(contentsOf: dir.appendingPathComponent(names[0]), encoding: .utf8) == content)
        // A second corrupt file in the same second does not overwrite the first.
        try content.write(to: url, atomically: true, encoding: .utf8)
        _ = store.load(now: Date(timeIntervalSince1970: 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 2)
    }

    @Test func lenientAboutMissingFields() throws {
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("progress.json")
        try #"{"lessons": {"a": {"step": 2}, "b": {"exercises": {"q": {"solved": true}}}}}"#.write(to: url, atomically: true, encoding: .utf8)
        let p = ProgressStore(url: url).load()
        #expect(p.warning == nil)
        #expect(p.progress.lessons["a"]?.step == 2)
        #expect(p.progress.lessons["b"]?.exercises["q"]?.solved == true)
    }

    @Test func resetOneOrAll() throws {
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("progress.json"))
        var p = LearnerProgress()
        p.lessons["a"] = LessonProgress()
        p.lessons["b"] = LessonProgress()
        try store.save(p)
        try store.reset("a")
        #expect(store.load().progress.lessons.keys.sorted() == ["b"])
        try store.reset()
        #expect(store.load().progress.lessons.isEmpty)
        #expect(store.load().progress.resetAll == 2, "the file remembers the reset, for tutors still open")
        try store.reset()
    }

    static func record(attempts: Int, hints: Int = 0, solved: Bool = false) -> ExerciseProgress {
        ExerciseProgress(attempts: attempts, hints: hints, solved: solved, lastAnswer: nil)
    }

    /// QA: two tutors on one lesson lost each other's answers (saves replaced the whole lesson).
    @Test func twoTutorsMergeExerciseByExercise() throws {
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("progress.json"))
        var first = ProgressKeeper(store: store, loaded: store.load().progress)
        var second = ProgressKeeper(store: store, loaded: store.load().progress)
        var a = LessonProgress()
        a.step = 3
        a.exercises["q1"] = Self.record(attempts: 1, solved: true)
        a.exercises["q2"] = Self.record(attempts: 3, hints: 1)
        #expect(first.save(a, lesson: "l") == .saved)
        var b = LessonProgress()
        b.step = 5
        b.exercises["q2"] = Self.record(attempts: 1, hints: 2, solved: true)
        b.exercises["q3"] = Self.record(attempts: 2)
        #expect(second.save(b, lesson: "l") == .saved)
        let saved = try #require(store.load().progress.lessons["l"])
        #expect(saved.step == 5, "the step is the latest writer's")
        #expect(saved.exercises["q1"]?.solved == true, "solved in the first tutor, kept")
        #expect(saved.exercises["q2"] == Self.record(attempts: 3, hints: 2, solved: true), "attempts and hints take the larger count")
        #expect(saved.exercises["q3"]?.attempts == 2)
        // The first tutor writes again with its old view of q2: still solved.
        a.step = 4
        #expect(first.save(a, lesson: "l") == .saved)
        #expect(store.load().progress.lessons["l"]?.exercises["q2"]?.solved == true)
    }

    /// QA: `progress --reset` was undone by an open session's next save.
    @Test func aResetSticksAgainstAnOpenTutor() throws {
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("progress.json"))
        var open = ProgressKeeper(store: store, loaded: store.load().progress)
        var p = LessonProgress()
        p.step = 2
        p.exercises["q1"] = Self.record(attempts: 4, solved: true)
        #expect(open.save(p, lesson: "l") == .saved)
        try store.reset("l")
        p.step = 3
        guard case .restarted(let fresh) = open.save(p, lesson: "l") else { Issue.record("the reset went unnoticed"); return }
        #expect(fresh.exercises.isEmpty && fresh.step == 3, "starts fresh where the learner is")
        #expect(store.load().progress.lessons["l"]?.exercises.isEmpty == true, "old counts are not resurrected")
        // From then on it saves normally; a reset of everything is noticed too.
        var q = fresh
        q.exercises["q2"] = Self.record(attempts: 1, solved: true)
        #expect(open.save(q, lesson: "l") == .saved)
        try store.reset()
        guard case .restarted = open.save(q, lesson: "l") else { Issue.record("a full reset went unnoticed"); return }
        #expect(store.load().progress.lessons["l"]?.exercises.isEmpty == true)
        // A tutor that started after the reset saves normally.
        var later = ProgressKeeper(store: store, loaded: store.load().progress)
        #expect(later.save(q, lesson: "l") == .saved)
    }

    /// QA: with XDG_STATE_HOME pointing at a file the reason read "NSCocoaErrorDomain error 512".
    @Test func saveErrorsSayWhatIsWrong() throws {
        let dir = try temporaryFolder()
        let file = dir.appendingPathComponent("state")
        try "not a folder".write(to: file, atomically: true, encoding: .utf8)
        var keeper = ProgressKeeper(store: ProgressStore(url: file.appendingPathComponent("convtutor/progress.json")), loaded: LearnerProgress())
        #expect(keeper.save(LessonProgress(), lesson: "l") == .failed("cannot create folder \(file.path)/convtutor: \(file.path) is a file"))
        let inTheWay = dir.appendingPathComponent("convtutor")
        try "".write(to: inTheWay, atomically: true, encoding: .utf8)
        #expect(throws: ProgressStore.SaveError.self) { try ProgressStore(url: inTheWay.appendingPathComponent("progress.json")).save(LearnerProgress()) }
        do { try ProgressStore(url: inTheWay.appendingPathComponent("progress.json")).save(LearnerProgress()) } catch {
            #expect("\(error)" == "cannot create folder \(inTheWay.path): a file is in the way")
        }
    }
}

/// Counts stop at the limit the reader accepts, so the tool never writes a file it then calls corrupt.
@Suite(.timeLimit(.minutes(10))) struct SaturatedProgressTests {
    @Test func countsAtTheLimitStayReadableAfterResetsAndAnswers() throws {
        let store = ProgressStore(url: try temporaryFolder().appendingPathComponent("progress.json"))
        let max = LearnerProgress.maxCount
        let lesson = try Fixture.small()
        // Steps of the fixture: text, stepper, predict(3), ...: step 2 asks.
        var full = LessonProgress()
        full.step = 2
        full.exercises = Dictionary(uniqueKeysWithValues: lesson.steps.compactMap(\.exercise).map { ($0.id, ExerciseProgress(attempts: max, hints: max, solved: false, lastAnswer: nil)) })
        var p = LearnerProgress()
        p.generation = max
        p.lessons = [lesson.id: full, "other": LessonProgress()]
        try store.save(p)

        try store.reset("other")
        var loaded = store.load()
        #expect(loaded.warning == nil && loaded.progress.generation == max && loaded.progress.resets["other"] == max)

        var session = LessonSession(lesson: lesson, progress: loaded.progress.lessons[lesson.id])
        #expect(session.phase == .asking)
        _ = session.handle(.answer("0"))
        _ = session.handle(.answer("3"))
        var keeper = ProgressKeeper(store: store, loaded: loaded.progress)
        #expect(keeper.save(session.progress, lesson: lesson.id) == .saved)
        loaded = store.load()
        #expect(loaded.warning == nil)
        #expect(loaded.progress.lessons[lesson.id]?.exercises.values.map(\.attempts).max() == max)
    }
}
