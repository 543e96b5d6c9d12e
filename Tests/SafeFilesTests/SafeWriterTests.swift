import Foundation
import Testing
@testable import SafeFiles

/// Every kind of target, in a temporary folder: nothing here names a real /dev node except
/// `resolve`, which only looks (lstat, readlink) and never writes.
@Suite final class SafeWriterTests {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    func type(_ path: String) -> mode_t { var st = stat(); return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0 }
    func mode(_ path: String) -> mode_t { var st = stat(); stat(path, &st); return st.st_mode & 0o7777 }
    var leftovers: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".tmp") } }

    /// A hard link to the old file still holds the old bytes: the new content arrived by rename,
    /// so no reader ever saw a half-written file. Modes 600 and 444 survive the rename.
    @Test(arguments: [0o600, 0o444] as [mode_t])
    func aRegularFileIsReplacedByRenameKeepingItsMode(_ perms: mode_t) throws {
        let file = dir + "/out.txt", old = dir + "/old.txt"
        try "old".write(toFile: file, atomically: false, encoding: .utf8)
        chmod(file, perms)
        #expect(link(file, old) == 0)
        try SafeWriter.write(Array("new".utf8), toPath: file)
        #expect(try text(file) == "new" && text(old) == "old")
        #expect(mode(file) == perms)
        #expect(leftovers.isEmpty)
    }

    @Test func aSymlinkStaysAndItsTargetIsReplaced() throws {
        let real = dir + "/real.txt", link = dir + "/link.txt"
        try "old".write(toFile: real, atomically: false, encoding: .utf8)
        #expect(symlink("real.txt", link) == 0)
        try SafeWriter.write(Array("new".utf8), toPath: link)
        #expect(type(link) == S_IFLNK && type(real) == S_IFREG)
        #expect(try text(real) == "new")
    }

    /// A dangling link gets its target created, in the folder the link points into.
    @Test func aDanglingSymlinkGetsItsTargetCreated() throws {
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let link = dir + "/link.txt"
        #expect(symlink("sub/made.txt", link) == 0)
        try SafeWriter.write(Array("made".utf8), toPath: link)
        #expect(type(link) == S_IFLNK)
        #expect(try text(dir + "/sub/made.txt") == "made")
    }

    /// A FIFO is written where it is: the reader gets the bytes and the FIFO stays a FIFO.
    @Test(.timeLimit(.minutes(10))) func aFifoIsWrittenInPlace() throws {
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let got = Self.reading(fifo)
        try SafeWriter.write(Array("through".utf8), toPath: fifo)
        #expect(got() == "through")
        #expect(type(fifo) == S_IFIFO)
        #expect(leftovers.isEmpty)
    }

    /// A reader on its own thread (opening a FIFO blocks until both ends are open, and the
    /// test's cooperative threads are few); the returned function waits for what it read, and
    /// gives nil if nothing wrote to the FIFO within 20 s (the writer replaced it instead).
    static func reading(_ fifo: String, bytes limit: Int = .max) -> () -> String? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var got: [UInt8] = []
        Thread {
            let fd = open(fifo, O_RDONLY)
            var chunk = [UInt8](repeating: 0, count: 4096)
            while got.count < limit {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                got += chunk[0..<n]
            }
            close(fd)
            done.signal()
        }.start()
        return { done.wait(timeout: .now() + 20) == .success ? String(decoding: got, as: UTF8.self) : nil }
    }

    /// As root (CI), a null device made in the temporary folder stays a device.
    @Test func aCharacterDeviceStaysADevice() throws {
        let null = dir + "/null"
        // Major 1, minor 3 in the kernel's encoding: the null device.
        guard mknod(null, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 else {
            #expect(getuid() != 0, "root can make a device node")
            return
        }
        try SafeWriter.write(Array("gone".utf8), toPath: null)
        #expect(type(null) == S_IFCHR)
        #expect(leftovers.isEmpty)
    }

    /// /proc/self/fd/N (and /dev/stdout, /dev/fd/N) write through the open descriptor: a file
    /// opened for appending is appended to, never replaced.
    @Test func anOpenDescriptorIsWrittenThrough() throws {
        let log = dir + "/log.txt"
        try "before\n".write(toFile: log, atomically: false, encoding: .utf8)
        let fd = open(log, O_WRONLY | O_APPEND)
        defer { close(fd) }
        let link = dir + "/stdout-link"
        #expect(symlink("/proc/self/fd/\(fd)", link) == 0)
        try SafeWriter.write(Array("one\n".utf8), toPath: "/proc/self/fd/\(fd)")
        try SafeWriter.write(Array("two\n".utf8), toPath: link)
        #expect(try text(log) == "before\none\ntwo\n")
        #expect(fcntl(fd, F_GETFD) != -1, "the descriptor stays open")
    }

    @Test func standardStreamsResolveToTheirDescriptors() throws {
        #expect(try OutputTarget.resolve("/dev/stdout") == .descriptor(1))
        #expect(try OutputTarget.resolve("/dev/stderr") == .descriptor(2))
        #expect(try OutputTarget.resolve("/dev/fd/2") == .descriptor(2))
        #expect(try OutputTarget.resolve("/proc/self/fd/1") == .descriptor(1))
        #expect(throws: FileError("names descriptor 999, which is not open")) { try OutputTarget.resolve("/proc/self/fd/999") }
    }

    @Test func pathsThatNameNoFileAreRefused() throws {
        try "x".write(toFile: dir + "/file", atomically: false, encoding: .utf8)
        #expect(throws: FileError("no file name given")) { try SafeWriter.write([1], toPath: "") }
        #expect(throws: FileError("ends in '/', which names a folder: give a file name")) { try SafeWriter.write([1], toPath: dir + "/newf/") }
        #expect(throws: FileError("is a folder")) { try SafeWriter.write([1], toPath: dir) }
        #expect(throws: FileError("is a folder")) { try SafeWriter.write([1], toPath: dir + "/") }
        #expect(throws: FileError("the folder '\(dir)/nope' does not exist")) { try SafeWriter.write([1], toPath: dir + "/nope/x") }
        #expect(throws: FileError("'\(dir)/file' is not a folder")) { try SafeWriter.write([1], toPath: dir + "/file/x") }
        #expect(symlink("loop", dir + "/loop") == 0)
        #expect(throws: FileError("has too many levels of symbolic links")) { try SafeWriter.write([1], toPath: dir + "/loop") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/newf"))
    }

    /// A stream that fails (here: a FIFO whose reader left) keeps its first error for commit, and a
    /// regular file being streamed is only replaced by a commit that succeeds.
    @Test(.timeLimit(.minutes(10))) func aStreamRemembersItsFirstError() throws {
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let gone = Self.reading(fifo, bytes: 0)
        let stream = try SafeWriter(path: fifo)
        #expect(gone() == "")
        stream.append(Array("lost".utf8))
        stream.append(Array("also lost".utf8))
        #expect(stream.failure == FileError("cannot be written: broken pipe"))
        #expect(throws: FileError("cannot be written: broken pipe")) { try stream.commit() }

        let file = dir + "/rec.cast"
        try "old".write(toFile: file, atomically: false, encoding: .utf8)
        let recording = try SafeWriter(path: file)
        recording.append(Array("partial".utf8))
        #expect(try text(file) == "old", "nothing replaces the file before the commit")
        recording.discard()
        #expect(try text(file) == "old" && leftovers.isEmpty)
    }
}
