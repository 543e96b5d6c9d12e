import Foundation
import Testing

/// `lesson --plain` when nobody reads its output any more, when its output cannot be written,
/// and when it is interrupted: it ends at once and leaves no temporary file behind.
@Suite(.timeLimit(.minutes(10))) final class PlainOutputTests {
    let dir: URL
    let env: [String: String]

    init() throws {
        dir = try CLI.temporaryDirectory()
        env = ["XDG_STATE_HOME": dir.appendingPathComponent("state").path, "L": LessonCommandTests.small]
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    /// `yes | convtutor lesson N --plain | head -5` kept answering for ever; now the first write
    /// after head left ends it with 141, as SIGPIPE would. The same through a FIFO.
    @Test func aReaderThatLeavesEndsTheLesson() throws {
        let r = try Shell.run("""
            yes | "$CT" lesson "$L" --plain | head -5 > head.txt; echo "pipe rc=${PIPESTATUS[1]}"
            mkfifo out; timeout 20 head -c 100 out > fifo.txt & yes | "$CT" lesson "$L" --plain > out; echo "fifo rc=${PIPESTATUS[1]}"; wait
            wc -l < head.txt; wc -c < fifo.txt
            """, in: dir, environment: env)
        #expect(r.stdout == "pipe rc=141\nfifo rc=141\n5\n100\n" && r.stderr.isEmpty, "\(r.stdout) \(r.stderr)")
    }

    /// A write that fails otherwise (here past `ulimit -f`, as on a full disk) is one error and exit 1.
    @Test func aFailedWriteIsOneErrorLine() throws {
        let r = try Shell.run("""
            (ulimit -f 1; yes | "$CT" lesson "$L" --plain > out.txt; echo "rc=${PIPESTATUS[1]}" >&2) 2>&1 | cat
            """, in: dir, environment: env)
        #expect(r.stdout == "error: cannot write output: File too large\nrc=1\n", "\(r.stdout) \(r.stderr)")
    }

    /// Every answer is saved, so signals land during saves; a save holds them until its rename,
    /// so no `.progress.json.*.tmp` is left and the file stays valid.
    @Test(arguments: ["TERM", "INT", "HUP"])
    func anInterruptLeavesNoTemporaryFile(_ signal: String) throws {
        let r = try Shell.run("""
            set -m
            for i in $(seq 1 12); do
              yes 7 | head -n 5000 | "$CT" lesson "$L" --plain > out.txt &
              sleep 0.$((i % 4 + 1))
              kill -\(signal) %1; wait
            done
            ls -A state/convtutor
            """, in: dir, environment: env, seconds: 150)
        #expect(r.stdout == ".progress.json.lock\nprogress.json\n", "\(r.stdout) \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("state/convtutor/progress.json"))) as? [String: Any]
        #expect(json?["lessons"] != nil)
    }
}
