import Foundation
import SafeFiles

/// Where lessons and the data files they name (`input: data/x.txt`) are read from: a folder
/// on disk, or the bundled lessons embedded in the binary at build time. Both go through the
/// same loading code and the same rule: a lesson reads only files inside its own folder.
public enum LessonFolder: Sendable {
    /// A folder on disk, by a path that messages show as written (relative to the working
    /// directory, or absolute).
    case disk(String)
    /// Files held in memory, by path relative to the folder.
    case embedded(EmbeddedFiles)

    /// Its lesson files (`*.yaml`, `*.yml`) by name, so `01-…` comes first. README and data
    /// files are not lessons; nor are subfolders' files. Stack files among them are told apart
    /// when read (`StackFile.isStackFile`).
    public var lessonFiles: [LessonFile] {
        switch self {
        case .disk(let path):
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return Self.lessonNames(names).map { .disk(path.hasSuffix("/") ? path + $0 : path + "/" + $0, found: true) }
        case .embedded(let tree):
            return Self.lessonNames(tree.files.keys.filter { !$0.contains("/") }).map { .embedded($0, tree) }
        }
    }

    private static func lessonNames(_ names: [String]) -> [String] {
        names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    /// How messages name the folder.
    public var display: String {
        switch self {
        case .disk(let path): path
        case .embedded(let tree): tree.display
        }
    }

    /// Whether a data path names a file (not a folder), and whether it stays inside this folder.
    func locate(_ relative: String) -> (exists: Bool, inside: Bool) {
        switch self {
        case .disk(let path):
            let folder = URL(fileURLWithPath: path)
            let url = folder.appendingPathComponent(relative).standardizedFileURL
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && !isFolder.boolValue
            return (exists, !relative.hasPrefix("/") && Self.isInside(url, folder))
        case .embedded(let tree):
            let name = EmbeddedFiles.normalized(relative)
            return (name.map { tree.files[$0] != nil } ?? false, name != nil)
        }
    }

    /// The bytes of a data file that `locate` found; only a regular file will do on disk.
    func read(_ relative: String, limit: Int) throws -> [UInt8] {
        switch self {
        case .disk(let path):
            let url = URL(fileURLWithPath: path).appendingPathComponent(relative).standardizedFileURL
            return try BoundedRead.bytes(atPath: url.path, limit: limit, regularOnly: true)
        case .embedded(let tree):
            return try tree.bytes(relative, limit: limit)
        }
    }

    /// Whether `url`, with every symlink resolved, lies under `folder` (resolved too). A path
    /// that does not exist is resolved as far as it goes, dangling links included, so the
    /// answer is the same whether a file outside exists or not: a lesson cannot probe for it.
    static func isInside(_ url: URL, _ folder: URL) -> Bool {
        let base = resolved(folder.standardizedFileURL.path)
        let path = resolved(url.standardizedFileURL.path)
        return path.hasPrefix(base == "/" ? "/" : base + "/")
    }

    /// `realpath`, extended to paths that do not exist: the longest existing part is resolved
    /// and the rest appended, following a dangling link's text (at most 40 links, as the kernel).
    static func resolved(_ path: String, links: Int = 0) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        guard path != "/", links < 40, let cut = path.lastIndex(of: "/") else { return path }
        let parent = resolved(cut == path.startIndex ? "/" : String(path[..<cut]), links: links)
        let name = String(path[path.index(after: cut)...])
        let joined = (parent == "/" ? "" : parent) + "/" + name
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: joined) else { return joined }
        let next = target.hasPrefix("/") ? target : (parent == "/" ? "" : parent) + "/" + target
        return resolved(URL(fileURLWithPath: next).standardizedFileURL.path, links: links + 1)
    }
}

/// A folder's files held in memory (the bundled lessons, embedded at build time), named in
/// messages as if they were on disk under `display`: `Lessons/01-sliding-window.yaml:3:5`.
public struct EmbeddedFiles: Sendable {
    public let display: String
    /// Contents by path relative to the folder, `/`-separated: `data/seven-28x28.txt`.
    public let files: [String: [UInt8]]

    public init(display: String, files: [String: [UInt8]]) {
        self.display = display
        self.files = files
    }

    /// `relative` with `.` and `..` worked out, or nil when it is absolute or climbs out of the folder.
    static func normalized(_ relative: String) -> String? {
        guard !relative.hasPrefix("/") else { return nil }
        var parts: [Substring] = []
        for part in relative.split(separator: "/") where part != "." {
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    func bytes(_ relative: String, limit: Int) throws -> [UInt8] {
        guard let name = Self.normalized(relative), let bytes = files[name] else { throw FileError("is not among the bundled lesson files") }
        guard bytes.count <= limit else { throw FileError("is too large (more than \(limit) bytes)") }
        return bytes
    }
}

/// One lesson file, and how messages and `Lesson.file` name it.
public enum LessonFile: Sendable {
    /// A file on disk by the path messages show. `found` in a folder rather than named by the
    /// user: then it must be a regular file (a FIFO planted there would block the read).
    case disk(String, found: Bool)
    /// A file of an embedded folder, by name.
    case embedded(String, EmbeddedFiles)

    public var display: String {
        switch self {
        case .disk(let path, _): path
        case .embedded(let name, let tree): tree.display + "/" + name
        }
    }

    /// Its bytes, at most `limit`; `regularOnly` refuses a FIFO or device even when the user named it.
    func bytes(limit: Int, regularOnly: Bool = false) throws -> [UInt8] {
        switch self {
        case .disk(let path, let found): try BoundedRead.bytes(atPath: path, limit: limit, regularOnly: found || regularOnly)
        case .embedded(let name, let tree): try tree.bytes(name, limit: limit)
        }
    }

    /// The folder its data paths are relative to.
    var folder: LessonFolder {
        switch self {
        case .disk(let path, _): .disk(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        case .embedded(_, let tree): .embedded(tree)
        }
    }
}
