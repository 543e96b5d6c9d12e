import Foundation
import SafeFiles

/// Finding lesson files: the bundled lessons (embedded in the binary, or a teacher's folder), or paths a teacher gives.
public enum LessonLibrary {
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The bundled lessons: the folder `$CONVTUTOR_LESSONS` names (a teacher's own lessons),
    /// else the copy of the package's `Lessons/` embedded in the binary when it was built. A
    /// `Lessons/` folder on disk is not looked for: the embedded copy is rebuilt from it on
    /// every build, and a copied binary works from any folder.
    public static func bundled(
        embedded: @autoclosure () -> EmbeddedFiles,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> Result<LessonFolder, NotFound> {
        guard let dir = environment["CONVTUTOR_LESSONS"], !dir.isEmpty else { return .success(.embedded(embedded())) }
        let url = URL(fileURLWithPath: dir, relativeTo: currentDirectory).standardizedFileURL
        guard isFolder(url) else { return .failure(NotFound(description: "CONVTUTOR_LESSONS is set to '\(dir)', which is not a folder")) }
        return .success(.disk(shortPath(url, from: currentDirectory)))
    }

    public static func isFolder(_ url: URL) -> Bool {
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
        /// Lesson files that were read, whether or not they loaded.
        public var fileCount = 0
        /// Stack files found among them (`StackFile.isStackFile`): checked as stacks, not lessons.
        public var stackFileCount = 0

        public init() {}
    }

    /// Loads files and folders (a folder means its lesson files) and reports lesson ids used twice.
    public static func load(_ paths: [String]) -> Collection {
        var c = Collection()
        var files: [LessonFile] = []
        for path in paths {
            if isFolder(URL(fileURLWithPath: path)) {
                files += lessonFiles(in: .disk(path), collecting: &c)
            } else if FileManager.default.fileExists(atPath: path) {
                files.append(.disk(path, found: false))
            } else {
                c.diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: "no such file or folder"))
            }
        }
        return load(files, into: c)
    }

    /// Loads a folder's lessons: the bundled ones, embedded or on disk.
    public static func load(_ folder: LessonFolder) -> Collection {
        var c = Collection()
        let files = lessonFiles(in: folder, collecting: &c)
        return load(files, into: c)
    }

    private static func lessonFiles(in folder: LessonFolder, collecting c: inout Collection) -> [LessonFile] {
        let files = folder.lessonFiles
        if files.isEmpty { c.diagnostics.append(Diagnostic(file: folder.display, line: 1, column: 1, message: "no lesson files (*.yaml) in this folder")) }
        return files
    }

    private static func load(_ files: [LessonFile], into collection: Collection) -> Collection {
        var c = collection
        var firstFile: [String: Lesson] = [:]
        let texts = files.map { LessonReader.text(of: $0, kind: "lesson") }
        // A file a lesson names under `stacks:` is a stack file even when broken past recognising.
        let named = Set(texts.flatMap { (try? $0.get()).map(StackFile.namedStackFiles) ?? [] })
        for (lessonFile, text) in zip(files, texts) {
            let file = lessonFile.display
            // A stack file sits beside the lessons that name it; a lesson naming it reports its
            // problems too, so each is listed once.
            if case .success(let t) = text, StackFile.isStackFile(t) || named.contains(Self.name(of: file)) {
                c.stackFileCount += 1
                c.diagnostics += StackFile.problems(t, file: file, in: lessonFile.folder).filter { !c.diagnostics.contains($0) }
                continue
            }
            c.fileCount += 1
            switch text.flatMap({ LessonReader.parse($0, file: file, in: lessonFile.folder) }) {
            case .success(let lesson):
                if let first = firstFile[lesson.id] {
                    let at = lessonIDPlace(lessonFile)
                    let d = Diagnostic(file: file, line: at.line, column: at.column, message: "duplicate lesson id '\(lesson.id)' (also in \(first.file))")
                    c.diagnostics.append(d)
                    c.broken.append(d)
                } else {
                    firstFile[lesson.id] = lesson
                    c.lessons.append(lesson)
                }
            case .failure(let e):
                c.diagnostics += e.diagnostics.filter { !c.diagnostics.contains($0) }
                // A stack file's problem it reports comes first but names the other file.
                if let first = e.diagnostics.first(where: { $0.file == file }) ?? e.diagnostics.first { c.broken.append(first) }
            }
        }
        return c
    }

    /// The file's own name, as a lesson's `stacks:` entry names it.
    private static func name(of display: String) -> String {
        String(display.split(separator: "/").last ?? Substring(display))
    }

    /// Where the top-level `id:` value is written, for the duplicate-id error (a loaded lesson keeps no marks).
    private static func lessonIDPlace(_ file: LessonFile) -> (line: Int, column: Int) {
        // Read again only a regular file: a pipe's bytes were used up by the first read.
        guard let bytes = try? file.bytes(limit: LessonReader.maxBytes, regularOnly: true),
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
