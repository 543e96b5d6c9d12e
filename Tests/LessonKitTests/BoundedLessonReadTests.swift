import Foundation
import Testing
@testable import LessonKit

/// A lesson path may name a pipe (`check <(…)`) or a device, whose reported size is 0: the cap
/// must count the bytes that arrive.
@Suite struct BoundedLessonReadTests {
    /// Feeds `bytes` into a new FIFO from a thread, then unblocks and ends that thread however
    /// much the reader took.
    static func withFIFO<T>(feeding bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("lesson.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        signal(SIGPIPE, SIG_IGN)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let fd = open(fifo, O_WRONLY)
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, min($0.count, 1 << 16)) }
                if n <= 0 { break }
                offset += n
            }
            close(fd)
            done.signal()
        }.start()
        let result = try body(fifo)
        // If the reader never opened the FIFO (or stopped early), open it here so the writer's
        // open returns and its writes end in EPIPE.
        let fd = open(fifo, O_RDONLY | O_NONBLOCK)
        close(fd)
        done.wait()
        return result
    }

    @Test(.timeLimit(.minutes(10))) func aPipeLongerThanTheCapIsRefused() throws {
        let problems = try Self.withFIFO(feeding: [UInt8](repeating: 0x20, count: 3 * LessonReader.maxBytes)) {
            LessonReader.load(path: $0).problems
        }
        #expect(problems == ["1:1: file is too large (more than \(LessonReader.maxBytes) bytes)"])
    }

    @Test(.timeLimit(.minutes(10))) func aPipeWithinTheCapIsALesson() throws {
        let text = try String(contentsOfFile: Fixture.smallPath, encoding: .utf8)
        let lesson = try Self.withFIFO(feeding: Array(text.utf8)) { try LessonReader.load(path: $0).get() }
        #expect(lesson.id == (try Fixture.small()).id)
    }
}
