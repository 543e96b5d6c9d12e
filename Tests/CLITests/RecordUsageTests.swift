import Foundation
import Testing

/// `lesson --record` where no screen can be drawn is refused like `--plain --record`: both are
/// a command line that cannot work (exit 64), before anything runs.
@Suite(.timeLimit(.minutes(10))) struct RecordUsageTests {
    @Test func recordWithoutATerminalIsAUsageError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("x.cast").path
        for extra in [[], ["--plain"]] {
            let r = try CLI.run(["lesson", "--record", target] + extra + ["1"], environment: ["XDG_STATE_HOME": dir.path])
            #expect(r.status == 64, "\(extra): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("error: --record "), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
