#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file a user named without ever destroying what the path points at.
///
/// A regular file, a symlink to one (dangling too) or a new name gets a temporary file in the
/// target's folder, renamed onto the target at `commit()` after an fsync: the old file stays
/// whole until then, a symlink stays a symlink, and the old mode and owner are kept. Anything
/// else (a device, FIFO, socket) is opened and written where it is; /dev/stdout, /dev/stderr
/// and /dev/fd/N write through the descriptor already open, so the shell's `>>` appends.
/// The first write error is kept and reported by `commit()`; later chunks are dropped.
/// The signals a failing write raises, made into write errors to report.
public enum WriteSignals {
    /// A write past `ulimit -f` fails with EFBIG instead of killing the process mid-file, and
    /// one to a closed pipe or FIFO with EPIPE — unless the program installed a SIGPIPE handler
    /// of its own (the full-screen UI's restores the terminal first): that one is put back.
    public static func reportAsErrors() {
        signal(SIGXFSZ, SIG_IGN)
        if let own = signal(SIGPIPE, SIG_IGN), unsafeBitCast(own, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self) {
            signal(SIGPIPE, own)
        }
    }
}

public final class SafeWriter {
    private let target: OutputTarget
    private var fd: Int32
    private var temp: String?
    public private(set) var failure: FileError?
    private var done = false

    /// Opens `path` for writing. A FIFO waits for its reader here, unless `waitForReader` is
    /// false: then a FIFO nobody reads yet is refused at once (a recording must not hang before
    /// its screen opens), and one with a reader is written as usual.
    public convenience init(path: String, waitForReader: Bool = true) throws {
        try self.init(OutputTarget.resolve(path), waitForReader: waitForReader)
    }

    init(_ target: OutputTarget, waitForReader: Bool = true) throws {
        WriteSignals.reportAsErrors()
        self.target = target
        switch target {
        case .descriptor(let inherited):
            fd = inherited
        case .special(let path):
            fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | (waitForReader ? 0 : O_NONBLOCK))
            // A reader started alongside (`cat fifo & convtutor … --record fifo`) gets a second.
            for _ in 0..<20 where fd < 0 && errno == ENXIO && !waitForReader {
                usleep(50_000)
                fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
            }
            if fd < 0 && errno == ENXIO && !waitForReader { throw FileError("is a FIFO that nothing reads yet: start its reader first") }
            guard fd >= 0 else { throw FileError("cannot be opened for writing: \(posixReason(errno))") }
            // Only the open may not wait: writes block as usual for a slow reader.
            if !waitForReader { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        case .regular(let path, _, _, _), .new(let path):
            let base = path.split(separator: "/").last.map(String.init) ?? path
            let name = OutputTarget.folder(of: path) + "/.\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw FileError("cannot be written in '\(OutputTarget.folder(of: path))': \(posixReason(errno))") }
            temp = name
            if case .regular(_, let mode, let owner, let group) = target {
                // Root may write someone else's file: it stays theirs. Best effort otherwise.
                if geteuid() == 0 { _ = fchown(fd, owner, group) }
                _ = fchmod(fd, mode)
            }
        }
    }

    deinit { if !done { discard() } }

    /// Writes one chunk, unless an earlier one failed.
    public func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil, !done else { return }
        let ok = bytes.withContiguousStorageIfAvailable { writeAll($0) } ?? Array(bytes).withUnsafeBufferPointer { writeAll($0) }
        if !ok { failure = FileError("cannot be written: \(posixReason(errno))") }
    }

    private func writeAll(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// Makes the written bytes the file's content (the rename), or throws the first error, in
    /// which case a regular file is left exactly as it was. Called again, it gives the same result.
    public func commit() throws {
        guard !done else {
            if let failure { throw failure }
            return
        }
        if let failure { discard(); throw failure }
        done = true
        switch target {
        case .descriptor:
            return
        case .special:
            if close(fd) != 0 && errno != EINTR {
                failure = FileError("cannot be written: \(posixReason(errno))")
                throw failure!
            }
        case .regular(let path, _, _, _), .new(let path):
            // The data must be on disk before the rename makes it the only copy.
            var code: Int32 = fsync(fd) == 0 ? 0 : errno
            if close(fd) != 0 && code == 0 && errno != EINTR { code = errno }
            if code == 0 && rename(temp!, path) != 0 { code = errno }
            guard code == 0 else {
                unlink(temp!)
                failure = FileError("cannot be written: \(posixReason(code))")
                throw failure!
            }
            let folder = open(OutputTarget.folder(of: path), O_RDONLY | O_CLOEXEC)
            if folder >= 0 { _ = fsync(folder); close(folder) }
        }
    }

    /// Gives up: the temporary file goes, and what was at the path stays as it was.
    public func discard() {
        guard !done else { return }
        done = true
        if case .descriptor = target { return }
        close(fd)
        if let temp { unlink(temp) }
    }

    /// Writes `bytes` as the whole content of `path`. SIGINT, SIGTERM, SIGHUP and SIGQUIT wait
    /// while a temporary file exists, so an interrupt never leaves one behind. With
    /// `regularOnly`, for a file the tool keeps (progress.json), a path to anything but a regular
    /// file or a new name is refused: writing into a FIFO would wait for a reader forever.
    public static func write(_ bytes: some Collection<UInt8>, toPath path: String, regularOnly: Bool = false) throws {
        let target = try OutputTarget.resolve(path)
        if regularOnly, !target.isReplaced { throw FileError.notRegularFile }
        try holdingInterrupts(target.isReplaced) {
            let writer = try SafeWriter(target)
            writer.append(bytes)
            try writer.commit()
        }
    }

    private static func holdingInterrupts<T>(_ hold: Bool, _ body: () throws -> T) rethrows -> T {
        guard hold else { return try body() }
        var held = sigset_t(), previous = sigset_t()
        sigemptyset(&held)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&held, s) }
        pthread_sigmask(SIG_BLOCK, &held, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }
}
