import Foundation

/// The link between open lessons and progress.json: each save is merged into the file as it is
/// now (another tutor may have written it), and a lesson reset since it was loaded starts fresh.
public struct ProgressKeeper: Sendable {
    public let store: ProgressStore
    private let loaded: LearnerProgress
    private var marks: [String: Int] = [:]
    /// Why the last save failed, or nil when it worked.
    public private(set) var problem: String?

    /// `loaded` is the file as read when the tutor started: it says which resets it has seen.
    public init(store: ProgressStore, loaded: LearnerProgress) {
        self.store = store
        var marksOnly = LearnerProgress()
        marksOnly.resetAll = loaded.resetAll
        marksOnly.resets = loaded.resets
        self.loaded = marksOnly
    }

    public enum Outcome: Sendable, Equatable {
        case saved
        /// Saved, but the lesson had been reset elsewhere: carry on with this fresh progress.
        case restarted(LessonProgress)
        /// Not saved, with a reason a person can act on.
        case failed(String)
    }

    public mutating func save(_ progress: LessonProgress, lesson id: String, now: Date = Date()) -> Outcome {
        let mark = marks[id] ?? loaded.resetMark(for: id)
        do {
            let merged = try store.merge(progress, lesson: id, mark: mark, now: now)
            marks[id] = merged.mark
            problem = nil
            return merged.restarted ? .restarted(merged.progress) : .saved
        } catch {
            problem = "\(error)"
            return .failed("\(error)")
        }
    }
}
