import Foundation
import Testing

/// A stream with no size (a FIFO, /dev/zero) read up to the 800 MB cap: reaching the cap costs
/// about the cap, and running out of memory first is one error line, not a crash. The stream is
/// `yes` into a FIFO; the address space is limited with `ulimit -v` in the child only.
@Suite struct StreamCapTests {
    /// `compute --input FIFO` under `ulimit -v kilobytes`, with the FIFO fed without end.
    static func computeFromEndlessFIFO(addressSpace kilobytes: Int) throws -> (status: Int32, stderr: String) {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("endless").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        // `yes` dies of SIGPIPE once convtutor is gone and the FIFO has no reader.
        p.arguments = ["-c", "yes > \"$1\" 2>/dev/null & ulimit -v \(kilobytes) && exec \"$2\" compute --input \"$1\"", "_", fifo, CLI.binary.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    @Test(.timeLimit(.minutes(10))) func theCapIsReachedWithinLittleMoreThanTheCap() throws {
        // 1,000,000 KB: the 800 MB cap plus the program itself, no room for a doubling array.
        let r = try Self.computeFromEndlessFIFO(addressSpace: 1_000_000)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains("endless: is too large (more than 800065536 bytes)"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test(.timeLimit(.minutes(10))) func runningOutOfMemoryIsAnErrorLine() throws {
        let r = try Self.computeFromEndlessFIFO(addressSpace: 400_000)
        #expect(r.status == 1, "never 134 (SIGABRT): \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains("endless: is too large to read into memory"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
