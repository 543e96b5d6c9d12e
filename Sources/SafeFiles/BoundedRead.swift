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
        // A regular file's size is a good first guess: one piece, returned as it is. Other
        // files come in pieces that grow to 16 MB, never past the cap, joined once at the end,
        // so reaching the cap costs the cap (an array doubling as it grows would cost up to twice).
        let regular = (st.st_mode & S_IFMT) == S_IFREG && st.st_size > 0
        var pieces: [[UInt8]] = []
        var total = 0
        var next = regular ? min(Int(st.st_size), limit) + 1 : 1 << 16
        while total <= limit {
            let size = min(next, limit + 1 - total)
            pieces.append(try piece(fd, size))
            total += pieces[pieces.count - 1].count
            if pieces[pieces.count - 1].count < size { return try join(&pieces, total) }
            next = min(2 * next, 16 << 20)
        }
        throw FileError("is too large (more than \(limit) bytes)")
    }

    /// Swift stops the program when an allocation fails (as under `ulimit -v`); asking malloc
    /// first makes running out of memory an error to report instead.
    private static func ensureMemory(_ size: Int) throws {
        guard let probe = malloc(size) else { throw FileError("is too large to read into memory (\(size) more bytes could not be had)") }
        free(probe)
    }

    /// Up to `size` bytes: fewer only when the file ends.
    private static func piece(_ fd: Int32, _ size: Int) throws -> [UInt8] {
        try ensureMemory(size)
        var failure: Int32 = 0
        let piece = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = read(fd, buffer.baseAddress! + count, size - count)
                if n > 0 { count += n } else if n < 0 && errno == EINTR { continue } else {
                    failure = n < 0 ? errno : 0
                    return
                }
            }
        }
        if failure != 0 { throw FileError("cannot be read: \(posixReason(failure))") }
        return piece
    }

    /// The pieces as one array; each piece is let go once copied.
    private static func join(_ pieces: inout [[UInt8]], _ total: Int) throws -> [UInt8] {
        if pieces.count == 1 { return pieces[0] }
        try ensureMemory(total)
        var out: [UInt8] = []
        out.reserveCapacity(total)
        while !pieces.isEmpty { out += pieces.removeFirst() }
        return out
    }
}
