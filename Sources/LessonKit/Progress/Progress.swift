import Foundation

/// Everything the tutor remembers about a learner, keyed by lesson id then exercise id.
/// Decoding is lenient about missing fields so older or hand-edited files still load.
public struct LearnerProgress: Codable, Sendable, Equatable {
    public var version = 1
    public var lessons: [String: LessonProgress] = [:]
    /// Resets are numbered; a tutor that loaded a lesson before its latest reset must not write
    /// the old counts back. `generation` is the number of the latest reset of anything,
    /// `resetAll` that of the latest reset of everything, `resets` that of each lesson.
    public var generation = 0
    public var resetAll = 0
    public var resets: [String: Int] = [:]
    /// Records that could not be read and were left out ("lesson 'a', exercise 'q'"): one
    /// mistyped hand edit costs that record, not every lesson's progress. Never written.
    public var unreadable: [String] = []

    enum CodingKeys: String, CodingKey { case version, lessons, generation, resetAll, resets }

    public init() {}

    /// The largest step, count or reset number a file may hold. A hand-edited 2⁶³−1 would
    /// overflow the next `+ 1`; past this, the file is unreadable and moved aside like any
    /// corrupt one.
    public static let maxCount = 1_000_000_000

    /// One more, held at `maxCount`: every count the tool writes is one it can read back.
    static func counted(_ n: Int) -> Int { min(n, maxCount - 1) + 1 }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        let records = try c.decodeIfPresent([String: Tolerant<LessonProgress>].self, forKey: .lessons) ?? [:]
        for (id, record) in records.sorted(by: { $0.key < $1.key }) {
            guard var lesson = record.value else { unreadable.append("lesson '\(id)'"); continue }
            unreadable += lesson.unreadable.map { "lesson '\(id)', exercise '\($0)'" }
            lesson.unreadable = []
            lessons[id] = lesson
        }
        generation = try c.count(.generation)
        resetAll = try c.count(.resetAll)
        resets = try c.decodeIfPresent([String: Int].self, forKey: .resets) ?? [:]
        guard resets.values.allSatisfy({ $0 <= Self.maxCount }) else {
            throw DecodingError.dataCorruptedError(forKey: .resets, in: c, debugDescription: "a reset number past \(Self.maxCount)")
        }
    }

    /// The number of the latest reset that cleared this lesson (0: never reset).
    public func resetMark(for id: String) -> Int { max(resetAll, resets[id] ?? 0) }

    /// Forgets one lesson, or every lesson, and numbers the reset so open tutors notice it.
    public mutating func reset(_ id: String?) {
        generation = Self.counted(max(generation, resetAll, resets.values.max() ?? 0))
        if let id {
            lessons[id] = nil
            resets[id] = generation
        } else {
            lessons = [:]
            resets = [:]
            resetAll = generation
        }
    }
}

public struct LessonProgress: Codable, Sendable, Equatable {
    /// The step to resume at (0-based).
    public var step = 0
    /// Reached the end at least once.
    public var done = false
    /// Which run through the lesson `exercises` belong to: a finished lesson started again
    /// begins a new run, whose counts replace the earlier run's (0 in files written before runs).
    public var run = 0
    public var exercises: [String: ExerciseProgress] = [:]
    /// ISO 8601, for `convtutor progress`.
    public var updated: String?
    /// Former ids (`was:`) whose records were carried to the new ids: a save removes them from
    /// the file. Never written itself.
    public var retired: Set<String> = []
    /// Ids of exercise records that could not be read (see `LearnerProgress.unreadable`).
    var unreadable: [String] = []

    enum CodingKeys: String, CodingKey { case step, done, run, exercises, updated }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.count(.step)
        done = try c.decodeIfPresent(Bool.self, forKey: .done) ?? false
        run = try c.count(.run)
        let records = try c.decodeIfPresent([String: Tolerant<ExerciseProgress>].self, forKey: .exercises) ?? [:]
        exercises = records.compactMapValues(\.value)
        unreadable = records.filter { $0.value.value == nil }.keys.sorted()
        updated = try c.decodeIfPresent(String.self, forKey: .updated)
    }

    public var isStarted: Bool { step > 0 || done || !exercises.isEmpty }

    /// `newer` written over `older` exercise by exercise: an exercise solved in either stays
    /// solved, attempts and hints take the larger count, and the step is the newer writer's.
    /// Only counts from the same run are merged: the later run's exercises replace the other's.
    public static func merged(_ older: LessonProgress?, _ newer: LessonProgress) -> LessonProgress {
        guard let older else { return newer }
        var m = newer
        m.done = older.done || newer.done
        if older.run != newer.run {
            if older.run > newer.run { m.run = older.run; m.exercises = older.exercises }
        } else {
            for (id, o) in older.exercises {
                m.exercises[id] = ExerciseProgress.merged(o, newer.exercises[id])
            }
        }
        // A record carried to its new id must not come back from the file under the old one.
        for id in newer.retired { m.exercises[id] = nil }
        return m
    }
}

public struct ExerciseProgress: Codable, Sendable, Equatable {
    /// Answers checked (right or wrong); unreadable input does not count.
    public var attempts = 0
    /// The most hints shown at once.
    public var hints = 0
    public var solved = false
    public var skipped = false
    /// Wrong answers that got a `mistakes:` explanation: help received, like a hint.
    public var explained = 0
    public var lastAnswer: String?

    public init() {}

    /// How the exercise went, for the end-of-lesson tally and its rows.
    public enum Outcome: Sendable, Equatable, CaseIterable {
        case firstTry, helped, laterTry, skipped, open
    }

    public var outcome: Outcome {
        if solved {
            if hints > 0 || explained > 0 { return .helped }
            return attempts <= 1 ? .firstTry : .laterTry
        }
        return skipped ? .skipped : .open
    }

    static func merged(_ older: ExerciseProgress, _ newer: ExerciseProgress?) -> ExerciseProgress {
        guard let newer else { return older }
        var m = newer
        m.attempts = max(older.attempts, newer.attempts)
        m.hints = max(older.hints, newer.hints)
        m.explained = max(older.explained, newer.explained)
        m.solved = older.solved || newer.solved
        m.skipped = older.skipped || newer.skipped
        m.lastAnswer = newer.lastAnswer ?? older.lastAnswer
        return m
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attempts = try c.count(.attempts)
        hints = try c.count(.hints)
        solved = try c.decodeIfPresent(Bool.self, forKey: .solved) ?? false
        skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
        explained = try c.count(.explained)
        lastAnswer = try c.decodeIfPresent(String.self, forKey: .lastAnswer)
    }
}

/// A record decoded on its own: when it is unreadable it is nil, and the records around it
/// are still read.
struct Tolerant<T: Decodable>: Decodable {
    let value: T?
    init(from decoder: Decoder) throws { value = try? T(from: decoder) }
}

extension KeyedDecodingContainer {
    /// A step or count: missing is 0, negative is read as 0 (lenient for hand edits), and
    /// anything past `LearnerProgress.maxCount` makes the file corrupt.
    func count(_ key: Key) throws -> Int {
        let n = try decodeIfPresent(Int.self, forKey: key) ?? 0
        guard n <= LearnerProgress.maxCount else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(n) is past \(LearnerProgress.maxCount)")
        }
        return max(0, n)
    }
}

extension LearnerProgress {
    /// One lesson's progress, with the records of renamed exercises (`was:`) under their new
    /// ids: every former record merged (a later id may hold the solve), unless a record is
    /// already kept under the new id, which wins. The former ids leave the lesson's records and
    /// are marked retired, so the next save removes them from the file and no reader counts an
    /// exercise twice.
    public func progress(of lesson: Lesson) -> LessonProgress? {
        guard var p = lessons[lesson.id] else { return nil }
        for e in lesson.exercises {
            let former = e.formerIDs.compactMap { p.exercises[$0] }
            if p.exercises[e.id] == nil, let first = former.first {
                p.exercises[e.id] = former.dropFirst().reduce(first) { ExerciseProgress.merged($0, $1) }
            }
            for id in e.formerIDs where p.exercises.removeValue(forKey: id) != nil { p.retired.insert(id) }
        }
        return p
    }
}
