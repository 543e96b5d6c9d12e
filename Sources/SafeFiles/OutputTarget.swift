#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path a user named for writing leads to, once its symbolic links are followed, and so
/// how it may be written: only a regular file (or none yet) is ever replaced by a rename.
enum OutputTarget: Equatable {
    /// A regular file: replaced by renaming a temporary file onto it, keeping its mode and owner.
    case regular(path: String, mode: mode_t, owner: uid_t, group: gid_t)
    /// Nothing there yet (a dangling link's target included): created by a rename.
    case new(path: String)
    /// A device, FIFO, socket or /proc link: opened and written where it is.
    case special(path: String)
    /// A descriptor this process already holds (/dev/stdout, /dev/fd/N): written through,
    /// so the shell's `>>` appends and a file behind it is never replaced.
    case descriptor(Int32)

    var isReplaced: Bool {
        switch self {
        case .regular, .new: true
        case .special, .descriptor: false
        }
    }

    static func resolve(_ path: String) throws -> OutputTarget {
        guard !path.isEmpty else { throw FileError("no file name given") }
        var current = path
        // Linux allows 40 links in a path; more is a loop.
        for _ in 0..<40 {
            if let fd = try inheritedDescriptor(current) { return .descriptor(fd) }
            var st = stat()
            guard lstat(current, &st) == 0 else {
                guard errno == ENOENT || errno == ENOTDIR else { throw FileError("cannot be opened: \(posixReason(errno))") }
                if current.hasSuffix("/") { throw FileError("ends in '/', which names a folder: give a file name") }
                try requireFolder(folder(of: current))
                return .new(path: current)
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                throw FileError("is a folder")
            case S_IFREG:
                return .regular(path: current, mode: st.st_mode & 0o7777, owner: st.st_uid, group: st.st_gid)
            case S_IFLNK:
                // A /proc link is not a name for a file but for an open one: never rename onto it.
                if isProc(current) { return .special(path: current) }
                current = try follow(current)
            default:
                return .special(path: current)
            }
        }
        throw FileError("has too many levels of symbolic links")
    }

    /// The link's target, relative to the link's folder as the kernel reads it.
    private static func follow(_ link: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(link, &buffer, buffer.count - 1)
        guard n >= 0 else { throw FileError("cannot be opened: \(posixReason(errno))") }
        let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if target.hasPrefix("/") { return target }
        let base = folder(of: link)
        return base == "/" ? "/" + target : base + "/" + target
    }

    /// The folder holding `path` ("." for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func requireFolder(_ folder: String) throws {
        var st = stat()
        guard stat(folder, &st) == 0 else {
            throw FileError(errno == ENOENT || errno == ENOTDIR ? "the folder '\(folder)' does not exist" : "cannot be created in '\(folder)': \(posixReason(errno))")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw FileError("'\(folder)' is not a folder") }
    }

    /// /dev/stdout and friends, /dev/fd/N and /proc/self/fd/N, however spelled: the descriptor
    /// they name in this process, which must be open.
    private static func inheritedDescriptor(_ path: String) throws -> Int32? {
        let named: [String: Int32] = ["/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2]
        var fd = named[path]
        if fd == nil, let slash = path.lastIndex(of: "/"), let n = Int32(path[path.index(after: slash)...]), n >= 0,
           isOwnDescriptorFolder(folder(of: path)) {
            fd = n
        }
        guard let fd else { return nil }
        guard fcntl(fd, F_GETFD) != -1 else { throw FileError("names descriptor \(fd), which is not open") }
        return fd
    }

    private static func isOwnDescriptorFolder(_ folder: String) -> Bool {
        if folder == "/dev/fd" || folder == "/proc/self/fd" { return true }
        guard isProc(folder), let real = realPath(folder) else { return false }
        let pid = getpid()
        if real == "/proc/\(pid)/fd" { return true }
        // /proc/thread-self/fd resolves to a task of this process.
        return real.hasPrefix("/proc/\(pid)/task/") && real.hasSuffix("/fd")
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// On /proc's file system (same device as /proc itself).
    private static func isProc(_ path: String) -> Bool {
        var st = stat(), proc = stat()
        return lstat(path, &st) == 0 && stat("/proc", &proc) == 0 && (proc.st_mode & S_IFMT) == S_IFDIR && st.st_dev == proc.st_dev
    }
}
