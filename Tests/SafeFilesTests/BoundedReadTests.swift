import Foundation
import Testing
@testable import SafeFiles

@Suite(.timeLimit(.minutes(10))) struct BoundedReadTests {
    @Test func readsAFileUpToTheLimit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("br-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.txt").path
        try Data("12345".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try BoundedRead.bytes(atPath: file, limit: 5) == Array("12345".utf8))
        #expect(throws: FileError("is too large (more than 4 bytes)")) { try BoundedRead.bytes(atPath: file, limit: 4) }
        #expect(throws: FileError("is a folder")) { try BoundedRead.bytes(atPath: dir.path, limit: 4) }
    }

    /// A FIFO reports size 0, like a device: the cap must hold on the bytes that arrive.
    @Test(.timeLimit(.minutes(10))) func aFifoIsCappedByWhatArrives() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("br-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            var block = [UInt8](repeating: 0x20, count: 1 << 16)
            // Far more than the cap; the reader closing ends it with EPIPE.
            signal(SIGPIPE, SIG_IGN)
            for _ in 0..<64 where block.withUnsafeMutableBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
            close(fd)
        }
        writer.start()
        #expect(throws: FileError("is too large (more than 100000 bytes)")) { try BoundedRead.bytes(atPath: fifo, limit: 100_000) }
    }
}
