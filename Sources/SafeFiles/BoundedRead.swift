#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or written, in words that follow "path: ".
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// strerror's text with a lowercase first letter, to follow a colon.
public func posixReason(_ code: Int32) -> String {
    let s = String(cString: strerror(code))
    return s.prefix(1).lowercased() + s.dropFirst()
}

public enum BoundedRead {
    /// Reads at most `limit` bytes from `path`, whatever the file claims to be: `stat` says 0 for
    /// devices and pipes, so the cap is enforced on the bytes read (limit + 1 means too large).
    /// FIFOs and /dev/stdin work up to the cap; a folder is refused.
    public static func bytes(atPath path: String, limit: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("cannot be read: \(posixReason(errno))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { throw FileError("is a folder") }
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
