import ConvKit
import Foundation
import Testing

/// `--input` reads at most the cap from anything: pipes and devices report size 0, so the cap
/// must count the bytes that arrive (a FIFO stands in for /dev/zero).
@Suite struct BoundedInputTests {
    @Test(.timeLimit(.minutes(10))) func aFifoFedPastTheCapIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("endless").path
        #expect(mkfifo(fifo, 0o600) == 0)
        signal(SIGPIPE, SIG_IGN)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let fd = open(fifo, O_WRONLY)
            let block = [UInt8](repeating: 0x20, count: 1 << 20)
            // Past the cap by a block, unless the reader stops first (EPIPE).
            for _ in 0...(Tensor.maxFileBytes >> 20) + 1 where block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
            close(fd)
            done.signal()
        }.start()
        let r = try CLI.run(["compute", "--input", fifo])
        close(open(fifo, O_RDONLY | O_NONBLOCK))
        done.wait()
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(fifo): is too large (more than \(Tensor.maxFileBytes) bytes)\n")
    }

    @Test func standardInputIsAFile() throws {
        let r = try CLI.run(["compute", "--input", "/dev/stdin", "--kernel", "1", "--format", "json"], stdin: "1 2\n3 4\n")
        #expect(r.stderr == "")
        #expect(r.stdout == "{\"op\": \"conv2d\", \"shape\": [1,2,2], \"data\": [[[1,2],[3,4]]]}\n")
    }
}
