import Foundation
import SafeFiles

/// Finding lesson files: the bundled folder from any working directory, or paths a teacher gives.
public enum LessonLibrary {
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The bundled `Lessons` folder: `$CONVTUTOR_LESSONS`, else a `Lessons/` with a README.md
    /// in a folder above the executable (the package it was built in), else `./Lessons`.
    public static func bundledFolder(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = executableURL(),
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> Result<URL, NotFound> {
        if let dir = environment["CONVTUTOR_LESSONS"], !dir.isEmpty {
            let url = URL(fileURLWithPath: dir, relativeTo: currentDirectory).standardizedFileURL
            return isFolder(url) ? .success(url) : .failure(NotFound(description: "CONVTUTOR_LESSONS is set to '\(dir)', which is not a folder"))
        }
        if let executable {
            var dir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            while dir.path != "/" && !dir.path.isEmpty {
                let candidate = dir.appendingPathComponent("Lessons")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) { return .success(candidate) }
                dir = dir.deletingLastPathComponent()
            }
        }
        let local = currentDirectory.appendingPathComponent("Lessons")
        if isFolder(local) { return .success(local) }
        return .failure(NotFound(description: "cannot find the bundled lessons (a Lessons folder next to the convtutor package); set CONVTUTOR_LESSONS to that folder"))
    }

    /// This process's executable, through symlinks (/proc on Linux, the bundle elsewhere).
    public static func executableURL() -> URL? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        #endif
        return Bundle.main.executableURL
    }

    /// `*.yaml` and `*.yml` files in a folder, by name (so `01-…` comes first). README and
    /// other files are ignored.
    public static func lessonFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// What `check` and the menu work from: every lesson that loaded, and every problem found.
    public struct Collection: Sendable {
        public var lessons: [Lesson] = []
        public var diagnostics: [Diagnostic] = []
        /// The first problem of each file that did not load, in file order: what the menu and
        /// `lessons` show for it while every other lesson still works.
        public var broken: [Diagnostic] = []
        /// Files that were read, whether or not they loaded.
        public var fileCount = 0
    }

    /// Loads files and folders (a folder means its lesson files) and reports lesson ids used twice.
    public static func load(_ paths: [String]) -> Collection {
        var c = Collection()
        // A file found in a folder must be a regular file (a FIFO there would block); a path given by name may be a pipe.
        var files: [(path: String, found: Bool)] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            if isFolder(url) {
                let found = lessonFiles(in: url)
                if found.isEmpty { c.diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: "no lesson files (*.yaml) in this folder")) }
                files += found.map { (display(path, $0.lastPathComponent), true) }
            } else if FileManager.default.fileExists(atPath: path) {
                files.append((path, false))
            } else {
                c.diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: "no such file or folder"))
            }
        }
        var firstFile: [String: Lesson] = [:]
        for (file, found) in files {
            c.fileCount += 1
            switch LessonReader.load(path: file, regularOnly: found) {
            case .success(let lesson):
                if let first = firstFile[lesson.id] {
                    let at = lessonIDPlace(file)
                    let d = Diagnostic(file: file, line: at.line, column: at.column, message: "duplicate lesson id '\(lesson.id)' (also in \(first.file))")
                    c.diagnostics.append(d)
                    c.broken.append(d)
                } else {
                    firstFile[lesson.id] = lesson
                    c.lessons.append(lesson)
                }
            case .failure(let e):
                c.diagnostics += e.diagnostics
                if let first = e.diagnostics.first { c.broken.append(first) }
            }
        }
        return c
    }

    /// `folder/name`, keeping the folder as the user wrote it.
    private static func display(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Where the top-level `id:` value is written, for the duplicate-id error (a loaded lesson keeps no marks).
    private static func lessonIDPlace(_ file: String) -> (line: Int, column: Int) {
        // Read again only a regular file: a pipe's bytes were used up by the first read.
        guard let bytes = try? BoundedRead.bytes(atPath: file, limit: LessonReader.maxBytes, regularOnly: true),
              let text = String(validating: bytes, as: UTF8.self) else { return (1, 1) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(where: { $0.hasPrefix("id:") }) else { return (1, 1) }
        let spaces = lines[i].dropFirst(3).prefix(while: { $0 == " " }).count
        return (i + 1, 4 + spaces)
    }

    /// A short path for messages: relative to the working directory when inside it.
    public static func shortPath(_ url: URL, from cwd: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> String {
        let path = url.standardizedFileURL.path, base = cwd.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }
}
