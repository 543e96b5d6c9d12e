import Foundation
import Testing

/// The harness itself: a hung child fails its test in bounded time.
@Suite(.timeLimit(.minutes(10))) struct RunHarnessTests {
    /// Opening a FIFO for reading blocks until a writer comes, which none does here.
    @Test func aHungChildIsKilledAndFailsTheRun() throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("never-written").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Returning at all means the child is gone: its pipes closed only when it was killed.
        #expect(throws: CLI.Timeout.self) { try CLI.run(["compute", "--input", fifo], timeout: .seconds(2)) }
    }
}
