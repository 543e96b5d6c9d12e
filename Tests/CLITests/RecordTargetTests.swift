import Foundation
import Testing

/// `--record` in a real terminal on every kind of target, all in a temporary folder (no test
/// names a real /dev node: as root, a null device is made there with mknod).
@Suite(.timeLimit(.minutes(10))) final class RecordTargetTests {
    let dir: URL

    init() throws { dir = try CLI.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// Runs `step --record <target>` in the pane, quits, and checks the exit and the terminal.
    func record(_ t: Tmux, to target: String, prefix: String = "") throws {
        try t.run("\(prefix)\(Tmux.binary) step --record \(target)")
        #expect(t.wait { $0.contains("product 1 of 81") }, "\(target): the stepper started")
        try t.keys("Right", repeat: 3)
        try t.keys("q")
        #expect(try t.exitStatus() == 0, "\(target)")
        #expect(try t.paneState() == .restored, "\(target)")
    }

    /// A mode-600 file keeps its mode, a link stays a link (a dangling one gets its target), a
    /// FIFO's reader gets the recording, and a null device stays a device (it used to be
    /// renamed over).
    @Test func everyTargetKeepsItsKind() throws {
        let setup = try Shell.run("""
            echo old > private.cast && chmod 600 private.cast
            echo old > real.cast && ln -s real.cast link.cast && ln -s made.cast dangling.cast
            mkfifo pipe; mknod null c 1 3 2> mknod.txt || true
            """, in: dir)
        #expect(setup.status == 0, "\(setup.stderr)")
        let t = try Tmux()
        try t.run("cd \(dir.path)")
        for target in ["private.cast", "link.cast", "dangling.cast"] { try record(t, to: target) }
        try record(t, to: "pipe", prefix: "(timeout 20 cat pipe > from-pipe.cast &); ")
        let rooted = FileManager.default.fileExists(atPath: path("null"))
        #expect(rooted || getuid() != 0, "root made the device")
        if rooted { try record(t, to: "null") }

        let check = try Shell.run("""
            stat -c %a private.cast; test -L link.cast && test -L dangling.cast && echo links kept
            test -p pipe && echo fifo kept; test ! -e null || test -c null && echo device kept
            ls -A | grep -c '\\.tmp$'
            """, in: dir)
        #expect(check.stdout == "600\nlinks kept\nfifo kept\ndevice kept\n0\n", "\(check.stdout) \(check.stderr)")
        for name in ["private.cast", "real.cast", "made.cast", "from-pipe.cast"] {
            #expect(try text(name).hasPrefix("{\"env\":"), "\(name) holds a recording")
        }
    }

    /// A FIFO nobody reads is refused in one line before the screen opens, instead of waiting
    /// for a reader forever.
    @Test func aFifoWithoutAReaderIsRefused() throws {
        #expect(mkfifo(path("lonely"), 0o600) == 0)
        let t = try Tmux()
        try t.run("cd \(dir.path); clear; timeout 30 \(Tmux.binary) step --record lonely")
        #expect(t.wait { _ in t.lines().contains("error: ") }, "\(t.screen())")
        #expect(try t.exitStatus() == 1)
        #expect(try t.paneState() == .restored)
        let errors = t.lines().split(separator: "\n").filter { $0.contains("error") }
        #expect(errors == ["error: --record 'lonely': is a FIFO that nothing reads yet: start its reader first"], "\(errors)")
    }

    /// A recording that cannot be written (past `ulimit -f`) says so once, after the terminal
    /// is restored, with a non-zero exit; the old file stays and no temporary file is left.
    @Test func aFailedRecordingIsOneErrorAtExit() throws {
        try "keep\n".write(toFile: path("big.cast"), atomically: false, encoding: .utf8)
        let t = try Tmux()
        try t.run("cd \(dir.path); clear")
        try t.run("(ulimit -f 1; exec \(Tmux.binary) step --record big.cast)")
        #expect(t.wait { $0.contains("product 1 of 81") })
        try t.keys("Right", repeat: 5)
        try t.keys("q")
        // The error comes after the screen is restored: wait for it before typing at the shell,
        // or the typed status query can land on the line the error is then printed on.
        #expect(t.wait { $0.contains("file too large") }, "\(t.screen())")
        #expect(try t.exitStatus() == 1)
        #expect(try t.paneState() == .restored)
        let errors = t.screen().split(separator: "\n").filter { $0.contains("error") }
        #expect(errors == ["error: --record 'big.cast': cannot be written: file too large"], "\(errors)")
        #expect(try text("big.cast") == "keep\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    /// The terminal the UI draws on, however spelled, is refused in one line before the UI
    /// starts: a recording written there garbled the screen. Only the pane's own pty is named.
    @Test func theTutorsOwnTerminalIsRefused() throws {
        let t = try Tmux()
        let cases = [("step", "/dev/stdout"), ("step", "/dev/tty"), ("step", "\"$(tty)\""), ("step", "/dev/fd/0"),
                     ("lesson 1", "/dev/stdout"), ("demo", "/proc/self/fd/1"), ("menu", "/dev/stderr")]
        for (command, target) in cases {
            try t.run("clear; \(Tmux.binary) \(command) --record \(target)")
            let refused = t.wait { _ in t.lines().contains("record to a file") }
            #expect(refused, "\(command) --record \(target): \(t.screen())")
            if !refused { try t.keys("Escape", "q") }
            #expect(try t.exitStatus() == 1, "\(command) --record \(target)")
            #expect(try t.paneState() == .restored, "\(command) --record \(target)")
            let errors = t.lines().split(separator: "\n").filter { $0.hasPrefix("error: ") }
            let named = target.hasPrefix("\"") ? "/dev/pts/" : target
            #expect(errors.count == 1 && errors[0].hasPrefix("error: --record: '\(named)")
                    && errors[0].hasSuffix("' is the terminal the tutor draws on; record to a file"), "\(errors)")
        }
    }
}
