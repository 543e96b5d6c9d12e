import Foundation
import Testing

/// A private tmux server with one pane: the real-terminal harness for the full-screen UI.
final class Tmux {
    let socket = "convtutor-test-\(UUID().uuidString.prefix(8))"
    /// The pane's HOME (and XDG_STATE_HOME below it): test commands never reach the real
    /// shell history or progress file. Removed with the server.
    let home: URL

    /// Starts `bash` (for ten minutes at most, so an interrupted test run leaves no server behind)
    /// in a width × height pane, so a test can run commands and then inspect the shell.
    /// `lang` is the pane's locale: a UTF-8 one like a real terminal's unless a test says otherwise.
    init(width: Int = 80, height: Int = 24, lang: String = "C.UTF-8") throws {
        home = try CLI.temporaryDirectory()
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "env PS1='$ ' HOME='\(home.path)' XDG_STATE_HOME='\(home.path)/state' HISTFILE=/dev/null LANG=\(lang) LC_ALL=\(lang) timeout --foreground 600 bash --norc --noprofile"])
        guard wait({ $0.contains("$") }) else { throw TmuxError(message: "the pane's shell did not start") }
    }

    deinit {
        try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: home)
    }

    /// Runs tmux with posix_spawn and waitpid. Foundation's Process is not used here: the tmux
    /// server that new-session forks inherits Process's exit-watch descriptor and would make it
    /// wait for ever.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // -u: the server treats panes as UTF-8 whatever the test runner's own locale is.
        let argv = ["tmux", "-u", "-L", socket, "-f", "/dev/null"] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        // The test runner's threads block signals; the tmux server and everything it runs must
        // start with a clean mask and default handlers, like a shell in a real terminal.
        var attributes = Shell.cleanSignals()
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, environ) == 0 else {
            throw TmuxError(message: "tmux is not installed (apt-get install -y tmux)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw TmuxError(message: "tmux \(args.joined(separator: " ")) failed with status \(status)") }
        return text
    }

    struct TmuxError: Error { let message: String }

    /// Types a shell command line and presses Enter.
    func run(_ command: String) throws { try tmux(["send-keys", "-t", "0", "-l", command]); try tmux(["send-keys", "-t", "0", "Enter"]) }
    func keys(_ keys: String..., repeat count: Int = 1) throws {
        try tmux(["send-keys", "-t", "0", "-N", "\(count)"] + keys)
    }
    func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", "0"])) ?? "" }
    /// The screen with wrapped lines joined, for messages longer than the pane is wide.
    func lines() -> String { (try? tmux(["capture-pane", "-p", "-J", "-t", "0"])) ?? "" }
    func resize(width: Int, height: Int) throws { try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"]) }

    /// Polls the pane until `condition` holds; false when it timed out, so callers assert it.
    func wait(timeout: Double = 10, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(screen()) {
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return true
    }

    /// Starts `command` (no single quotes) from the pane's shell as a job of its own and returns
    /// its pid, for signals from outside: `sh` writes its pid, then becomes the command.
    func launch(_ command: String) throws -> pid_t {
        let pidFile = home.appendingPathComponent("pid-\(UUID().uuidString.prefix(8))").path
        defer { unlink(pidFile) }
        try run("sh -c 'echo $$ > \(pidFile); exec \(command)'")
        var pid: pid_t?
        guard wait({ _ in
            pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return pid != nil
        }), let pid else { throw TmuxError(message: "\(command) did not start") }
        return pid
    }

    /// True when the pane's foreground program is its shell again (a program ended or stopped).
    func shellIsBack() -> Bool {
        (try? tmux(["display-message", "-p", "-t", "0", "#{pane_current_command}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) == "bash"
    }

    /// Waits until a launched process has ended (gone, or a zombie its shell has yet to reap),
    /// so what is typed next reaches the shell and not the program.
    func waitForEnd(of pid: pid_t, timeout: Double = 10) -> Bool {
        wait(timeout: timeout) { _ in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return true }
            return stat[close...].dropFirst(2).first == "Z"
        }
    }

    /// tmux's own view of the pane's modes, which a crashed or careless program leaves set and
    /// a shell does not reset: alternate screen, cursor visible, mouse reporting, keypad mode.
    struct PaneState: Equatable, CustomStringConvertible {
        var alternate: Bool, cursorVisible: Bool, mouse: Bool, keypad: Bool
        static let restored = PaneState(alternate: false, cursorVisible: true, mouse: false, keypad: false)
        var description: String { "alternate=\(alternate) cursor=\(cursorVisible) mouse=\(mouse) keypad=\(keypad)" }
    }

    func paneState() throws -> PaneState {
        let fields = try tmux(["display-message", "-p", "-t", "0", "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}"])
            .split(whereSeparator: \.isWhitespace).map { $0 == "1" }
        guard fields.count == 4 else { throw TmuxError(message: "unexpected pane state") }
        return PaneState(alternate: fields[0], cursorVisible: fields[1], mouse: fields[2], keypad: fields[3])
    }

    /// After a command line run with `run(...)` ended: its exit status, echoed by the shell as
    /// `rc=N`. Nil when the shell did not get back within the timeout. Call it only once the
    /// program has ended (`waitForEnd`, `quitCleanly`): a full-screen program would read the keys.
    func exitStatus(timeout: Double = 20) throws -> Int32? {
        let marker = "rc\(UUID().uuidString.prefix(4))="
        try run("echo \(marker)$?")
        guard wait(timeout: timeout, { $0.contains(marker) && $0.range(of: marker + "[0-9]+", options: .regularExpression) != nil }) else { return nil }
        let s = screen()
        guard let r = s.range(of: marker + "[0-9]+", options: .regularExpression) else { return nil }
        return Int32(s[r].dropFirst(marker.count))
    }

    /// Presses q, then checks that the program ended with status 0 and gave the terminal back.
    func quitCleanly(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try keys("q")
        // Typed while the program still runs, the status query would reach it instead.
        _ = wait { _ in shellIsBack() }
        #expect(try exitStatus() == 0, "q ended with another status", sourceLocation: sourceLocation)
        #expect(try paneState() == .restored, sourceLocation: sourceLocation)
    }

    static var binary: String { CLI.binary.path }
}
