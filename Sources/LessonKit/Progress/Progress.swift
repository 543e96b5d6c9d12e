import Foundation

/// Everything the tutor remembers about a learner, keyed by lesson id then exercise id.
/// Decoding is lenient about missing fields so older or hand-edited files still load.
public struct LearnerProgress: Codable, Sendable, Equatable {
    public var version = 1
    public var lessons: [String: LessonProgress] = [:]

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        lessons = try c.decodeIfPresent([String: LessonProgress].self, forKey: .lessons) ?? [:]
    }
}

public struct LessonProgress: Codable, Sendable, Equatable {
    /// The step to resume at (0-based).
    public var step = 0
    /// Reached the end at least once.
    public var done = false
    public var exercises: [String: ExerciseProgress] = [:]
    /// ISO 8601, for `convtutor progress`.
    public var updated: String?

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = max(0, try c.decodeIfPresent(Int.self, forKey: .step) ?? 0)
        done = try c.decodeIfPresent(Bool.self, forKey: .done) ?? false
        exercises = try c.decodeIfPresent([String: ExerciseProgress].self, forKey: .exercises) ?? [:]
        updated = try c.decodeIfPresent(String.self, forKey: .updated)
    }

    public var isStarted: Bool { step > 0 || done || !exercises.isEmpty }
}

public struct ExerciseProgress: Codable, Sendable, Equatable {
    /// Answers checked (right or wrong); unreadable input does not count.
    public var attempts = 0
    /// The most hints shown at once.
    public var hints = 0
    public var solved = false
    public var skipped = false
    public var lastAnswer: String?

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        hints = try c.decodeIfPresent(Int.self, forKey: .hints) ?? 0
        solved = try c.decodeIfPresent(Bool.self, forKey: .solved) ?? false
        skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
        lastAnswer = try c.decodeIfPresent(String.self, forKey: .lastAnswer)
    }
}
