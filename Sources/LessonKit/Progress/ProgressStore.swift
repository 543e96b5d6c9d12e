import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// progress.json on disk. Writes go to a temporary file in the same folder and are renamed
/// over the old one, so a crash or a full disk leaves the previous file intact; a file that
/// cannot be read is moved aside with a warning, never a crash.
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

    public func load(now: Date = Date()) -> Loaded {
        guard FileManager.default.fileExists(atPath: url.path) else { return Loaded(progress: LearnerProgress()) }
        if let data = try? Data(contentsOf: url), let p = try? JSONDecoder().decode(LearnerProgress.self, from: data) {
            return Loaded(progress: p)
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

    public struct SaveError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public func save(_ progress: LearnerProgress) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(progress) } catch { throw SaveError(description: "cannot encode progress: \(error)") }
        try writeAtomically(data + Data("\n".utf8))
    }

    /// Forgets one lesson, or everything.
    public func reset(_ id: String? = nil) throws {
        if let id {
            var p = load().progress
            p.lessons[id] = nil
            try save(p)
        } else if FileManager.default.fileExists(atPath: url.path) {
            guard unlink(url.path) == 0 else { throw SaveError(description: "cannot remove \(url.path): \(String(cString: strerror(errno)))") }
        }
    }

    private func writeAtomically(_ data: Data) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SaveError(description: "cannot create \(folder.path): \((error as NSError).localizedDescription)")
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw SaveError(description: "cannot write \(temp.path): \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        // The data must be on disk before the rename makes it the only copy.
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temp.path, url.path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temp.path)
            throw SaveError(description: "cannot save progress to \(url.path): \(String(cString: strerror(failure)))")
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
