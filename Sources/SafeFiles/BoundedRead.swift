#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or written, in words that follow "path: ".
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// A FIFO, device or socket where only a regular file will do.
    public static let notRegularFile = FileError("is not a regular file")
}

/// strerror's text with a lowercase first letter, to follow a colon.
public func posixReason(_ code: Int32) -> String {
    let s = String(cString: strerror(code))
    return s.prefix(1).lowercased() + s.dropFirst()
}

public enum BoundedRead {
    /// Reads at most `limit` bytes from `path`, whatever the file claims to be: `stat` says 0 for
    /// devices and pipes, so the cap is enforced on the bytes read (limit + 1 means too large).
    /// FIFOs and /dev/stdin work up to the cap; a folder is refused. With `regularOnly`, for
    /// files a user did not name themselves (a lesson's data, progress.json), anything else is
    /// refused before a byte is read: the open is non-blocking, so a FIFO with no writer cannot
    /// stall the tutor.
    public static func bytes(atPath path: String, limit: Int, regularOnly: Bool = false) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard fd >= 0 else { throw FileError("cannot be read: \(posixReason(errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError("cannot be read: \(posixReason(errno))") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError("is a folder") }
        if regularOnly, (st.st_mode & S_IFMT) != S_IFREG { throw FileError.notRegularFile }
        var out: [UInt8] = []
        // A regular file's size is a good first guess; others grow as they come.
        if (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 { out.reserveCapacity(min(Int(st.st_size), limit) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count <= limit {
            let want = min(chunk.count, limit + 1 - out.count)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError("cannot be read: \(posixReason(errno))")
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
        throw FileError("is too large (more than \(limit) bytes)")
    }
}
