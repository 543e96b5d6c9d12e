import Foundation
import Testing

/// Every way a full-screen session can end, in every full-screen mode: the exit status is the
/// documented one and tmux sees the terminal given back (main screen, cursor shown, no mouse or
/// keypad mode). Then job control: Ctrl-Z, SIGTSTP and SIGSTOP, and `fg` after each.
@Suite(.timeLimit(.minutes(10))) struct SignalTerminalTests {
    struct Mode: CustomTestStringConvertible, Sendable {
        let command: String, shows: String
        var testDescription: String { command }
    }
    static let modes = [
        Mode(command: "step", shows: "product 1 of 81"), Mode(command: "lesson 1", shows: "screen 1 of 10"),
        Mode(command: "menu", shows: "convtutor · lessons"), Mode(command: "demo", shows: "DEMO"),
    ]

    enum Ending: CustomStringConvertible {
        case key(String, status: Int32)
        case signal(Int32)
        var description: String {
            switch self {
            case .key(let k, _): "key \(k)"
            case .signal(let n): "signal \(n)"
            }
        }
        var status: Int32 {
            switch self {
            case .key(_, let status): status
            case .signal(let n): 128 + n
            }
        }
    }
    static let endings: [Ending] = [.key("q", status: 0), .key("C-c", status: 130), .key("C-\\", status: 131)]
        + [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF, SIGXFSZ, SIGXCPU,
           SIGIO, SIGSYS, SIGPWR, SIGSTKFLT, __libc_current_sigrtmin(), __libc_current_sigrtmax()].map(Ending.signal)

    /// One pane per mode, every ending in turn (a pane per case would cost more than the cases).
    @Test(arguments: modes)
    func everyEndingGivesTheTerminalBack(_ mode: Mode) throws {
        let t = try Tmux()
        for ending in Self.endings {
            let pid = try t.launch("\(Tmux.binary) \(mode.command)")
            #expect(t.wait { $0.contains(mode.shows) }, "\(mode.command): \(t.screen())")
            switch ending {
            case .key(let key, _): try t.keys(key)
            case .signal(let n) where Self.ignores(pid, n):
                // A signal the program chose to ignore (writes then fail with EPIPE or EFBIG
                // instead) must leave it running and usable.
                kill(pid, n)
                try t.quitCleanly()
                continue
            case .signal(let n): kill(pid, n)
            }
            #expect(t.waitForEnd(of: pid), "\(mode.command), \(ending): still running")
            #expect(try t.exitStatus() == ending.status, "\(mode.command), \(ending)")
            #expect(try t.paneState() == .restored, "\(mode.command), \(ending)")
        }
        // An error after the screen could have been taken: one error line, a status below 128.
        try t.run("clear; \(Tmux.binary) \(mode.command) --record /no/such/folder/x.cast")
        let status = try #require(try t.exitStatus())
        #expect(status > 0 && status < 128, "\(mode.command) --record into a missing folder")
        #expect(try t.paneState() == .restored)
        #expect(t.lines().contains("error: "), "\(t.lines())")
    }

    /// The reproduction: a recording outgrows `ulimit -f`. Either SIGXFSZ ends the
    /// session (exit 153), or, where the program ignores it so the write fails with EFBIG, the
    /// session runs on and reports the failed recording at its end. The terminal is given back.
    @Test func aRecordingPastTheFileSizeLimit() throws {
        let t = try Tmux()
        let pid = try t.launch("sh -c \"ulimit -f 1; exec \(Tmux.binary) demo --speed 1024 --record \(t.home.path)/big.cast\"")
        // SIGXFSZ may end it before its first screen shows; once it shows, the mask is settled.
        #expect(t.wait { $0.contains("DEMO") || t.waitForEnd(of: pid, timeout: 0) }, "\(t.screen())")
        if Self.ignores(pid, SIGXFSZ) {
            try t.keys("q")
            #expect(t.waitForEnd(of: pid))
            let status = try #require(try t.exitStatus())
            #expect(status > 0 && status < 128, "a failed recording is an error")
        } else {
            #expect(t.waitForEnd(of: pid, timeout: 60), "the first kilobyte of frames must exceed the limit")
            #expect(try t.exitStatus() == 128 + SIGXFSZ)
        }
        #expect(try t.paneState() == .restored)
    }

    /// Whether the process ignores signal `n`, from the kernel's own mask in /proc.
    static func ignores(_ pid: pid_t, _ n: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
              let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (1 << UInt64(n - 1)) != 0
    }

    /// Suspended by Ctrl-Z (raw mode reads it as a key), by SIGTSTP, or stopped by a SIGSTOP it
    /// never sees: after `fg` the screen is whole again and keys reach the program (raw mode).
    @Test(arguments: ["C-z", "TSTP", "STOP"])
    func foregroundAfterAStopRedrawsAndReadsKeys(_ how: String) throws {
        let t = try Tmux()
        let pid = try t.launch("\(Tmux.binary) step")
        #expect(t.wait { $0.contains("product 1 of 81") && $0.contains("q quit") }, "\(t.screen())")
        let before = t.screen()
        switch how {
        case "C-z": try t.keys("C-z")
        case "TSTP": kill(pid, SIGTSTP)
        default: kill(pid, SIGSTOP)
        }
        #expect(t.wait { $0.contains("Stopped") }, "\(how): \(t.screen())")
        if how != "STOP" {
            #expect(try t.paneState() == .restored, "suspended, the terminal is the shell's again")
        }
        try t.run("fg")
        #expect(t.wait { $0 == before }, "\(how): fg repaints every cell:\n\(t.screen())")
        #expect(try t.paneState() == Tmux.PaneState(alternate: true, cursorVisible: false, mouse: true, keypad: true))
        try t.keys("Right")
        #expect(t.wait { $0.contains("product 2 of 81") }, "\(how): a key after fg: \(t.screen())")
        try t.quitCleanly()
    }
}
