import Foundation
import SafeFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// progress.json on disk. Writes go through SafeWriter (a temporary file in the same folder,
/// renamed over the old one), so a crash, an interrupt or a full disk leaves the previous file
/// intact; a file that cannot be read is moved aside with a warning, never a crash.
public struct ProgressStore: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.url = Self.defaultURL(environment: environment)
    }

    /// `$XDG_STATE_HOME/convtutor/progress.json`, or `~/.local/state/convtutor/progress.json`.
    /// A relative XDG_STATE_HOME is ignored, as the XDG spec asks.
    public static func defaultURL(environment: [String: String]) -> URL {
        let base: URL
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = URL(fileURLWithPath: state)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/state")
        }
        return base.appendingPathComponent("convtutor/progress.json")
    }

    public struct Loaded: Sendable {
        public var progress: LearnerProgress
        /// Set when the file was unreadable and moved aside.
        public var warning: String?
    }

    /// `moveAside: false` is for commands that only show progress: they never rename the
    /// learner's file, even an unreadable one.
    public func load(now: Date = Date(), moveAside: Bool = true) -> Loaded {
        guard FileManager.default.fileExists(atPath: url.path) else { return Loaded(progress: LearnerProgress()) }
        let bytes: [UInt8]?
        do {
            bytes = try BoundedRead.bytes(atPath: url.path, limit: Self.sizeLimit, regularOnly: true)
        } catch let e as FileError where e == .notRegularFile {
            // A FIFO or a device is not ours to move or replace: left alone, and saving refuses too.
            return Loaded(progress: LearnerProgress(), warning: "\(url.path) \(e); progress is not read or saved")
        } catch {
            bytes = nil
        }
        if let bytes, var p = try? JSONDecoder().decode(LearnerProgress.self, from: Data(bytes)) {
            guard !p.unreadable.isEmpty else { return Loaded(progress: p) }
            let left = p.unreadable.joined(separator: "; ")
            p.unreadable = []
            return Loaded(progress: p, warning: "\(url.path): left out what could not be read (\(left)); the rest is kept")
        }
        guard moveAside else {
            return Loaded(progress: LearnerProgress(), warning: "\(url.path) could not be read; showing no progress and leaving the file as it is")
        }
        let aside = url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".corrupt-" + Self.stamp(now))
        var target = aside
        var n = 1
        while FileManager.default.fileExists(atPath: target.path) {
            target = URL(fileURLWithPath: aside.path + "-\(n)")
            n += 1
        }
        if rename(url.path, target.path) == 0 {
            return Loaded(progress: LearnerProgress(), warning: "\(url.path) could not be read; moved it to \(target.lastPathComponent) and started fresh")
        }
        return Loaded(progress: LearnerProgress(), warning: "\(url.path) could not be read and could not be moved aside (\(String(cString: strerror(errno)))); starting fresh, and saving will replace it")
    }

    /// Far above any real file (a few hundred bytes a lesson); past it the file is moved aside.
    static let sizeLimit = 8 << 20

    public struct SaveError: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public func save(_ progress: LearnerProgress) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(progress) } catch { throw SaveError(description: "cannot encode progress: \(error)") }
        try writeAtomically(data + Data("\n".utf8))
    }

    /// Forgets one lesson, or everything. The reset is numbered in the file, so a tutor still
    /// open on that lesson starts it fresh instead of writing the old counts back.
    public func reset(_ id: String? = nil) throws {
        try locked {
            var p = load().progress
            p.reset(id)
            try save(p)
        }
    }

    /// What happened to one lesson's progress when it was merged into the file.
    public struct Merged: Sendable, Equatable {
        /// The progress now on disk for the lesson.
        public var progress: LessonProgress
        /// The lesson was reset after the saving tutor loaded it: `progress` starts fresh.
        public var restarted: Bool
        /// The lesson's reset mark in the file, for the next save.
        public var mark: Int
    }

    /// Writes one lesson's progress into the file as it is now, under a lock: other lessons are
    /// kept, and this lesson is merged exercise by exercise with what another tutor may have
    /// saved. `mark` is the lesson's reset mark when the tutor loaded it; if the lesson has
    /// been reset since, its old counts are dropped and it starts fresh at `progress.step`.
    public func merge(_ progress: LessonProgress, lesson id: String, mark: Int, now: Date = Date()) throws -> Merged {
        try locked {
            var all = load(now: now).progress
            let fileMark = all.resetMark(for: id)
            var mine = progress
            let restarted = fileMark > mark
            if restarted {
                mine = LessonProgress()
                mine.step = progress.step
            }
            var merged = LessonProgress.merged(restarted ? nil : all.lessons[id], mine)
            merged.updated = Self.iso(now)
            all.lessons[id] = merged
            try save(all)
            return Merged(progress: merged, restarted: restarted, mark: fileMark)
        }
    }

    /// How long a save waits for another tutor's lock. A blocking flock would freeze the
    /// full-screen tutor (keys and quit signals unanswered) for as long as another holds it.
    static let lockPatience: Duration = .seconds(5)

    /// Runs `body` holding an advisory lock on a file next to progress.json, so two tutors
    /// never read-merge-write at the same time. Without a lock file (a read-only folder), the
    /// body runs anyway and reports its own error. A lock held past `lockPatience` is an error:
    /// this save is skipped, and the tutor stays responsive.
    func locked<T>(_ body: () throws -> T) throws -> T {
        let folder = url.deletingLastPathComponent()
        try Self.makeFolders(folder)
        let lock = folder.appendingPathComponent(".\(url.lastPathComponent).lock")
        // Not through a planted symlink, and never waiting on a FIFO put there.
        let fd = open(lock.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        let deadline = ContinuousClock.now + Self.lockPatience
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                throw SaveError(description: "progress is locked by another convtutor (\(lock.path)); not saved")
            }
            usleep(20_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// `mkdir -p`, with reasons a person can act on.
    static func makeFolders(_ folder: URL) throws {
        var path = ""
        for component in folder.standardizedFileURL.path.split(separator: "/") {
            path += "/" + component
            var st = stat()
            if stat(path, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFDIR else {
                    let which = path == folder.standardizedFileURL.path ? "" : ": \(path) is a file"
                    throw SaveError(description: "cannot create folder \(folder.path)" + (which.isEmpty ? ": a file is in the way" : which))
                }
                continue
            }
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw SaveError(description: "cannot create folder \(path): \(posixReason(errno))")
            }
        }
    }

    private func writeAtomically(_ data: Data) throws {
        try Self.makeFolders(url.deletingLastPathComponent())
        do {
            try SafeWriter.write(data, toPath: url.path, regularOnly: true)
        } catch let e as FileError {
            throw SaveError(description: "cannot save progress to \(url.path): \(e)")
        }
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
