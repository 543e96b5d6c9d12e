import Foundation

/// A bash script run as a user would type it, with `$CT` the built binary: for pipelines,
/// redirections, `ulimit` and signals, which `CLI.run` cannot express.
enum Shell {
    struct Result {
        let stdout: String
        let stderr: String
        let status: Int32
    }

    /// Spawned with a clean signal mask and default handlers (the test runner blocks some, and
    /// a child would inherit that), and killed by `timeout` after `seconds`.
    static func run(_ script: String, in dir: URL, environment: [String: String] = [:], seconds: Int = 60) throws -> Result {
        let out = dir.appendingPathComponent(".shell-\(UUID().uuidString).out").path
        let err = dir.appendingPathComponent(".shell-\(UUID().uuidString).err").path
        defer { unlink(out); unlink(err) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = cleanSignals()
        defer { posix_spawnattr_destroy(&attributes) }
        let env = ProcessInfo.processInfo.environment.merging(CLI.utf8Locale) { $1 }.merging(["CT": CLI.binary.path, "T": dir.path]) { $1 }.merging(environment) { $1 }
        var cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnv.forEach { free($0) } }
        let argv = ["timeout", "\(seconds)", "bash", "-c", "cd \"$T\" && " + script]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "timeout", &actions, &attributes, &cArgs, &cEnv)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", status: exit)
    }

    /// Spawn attributes for an empty signal mask and default handlers, like a shell in a real
    /// terminal (Tmux.tmux spawns the same way; the caller destroys them).
    static func cleanSignals() -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return attributes
    }
}
