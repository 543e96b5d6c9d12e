import Foundation

/// The built `convtutor` binary, run as a user would from a shell.
enum CLI {
    struct Result {
        let stdout: String
        let stderr: String
        let status: Int32
    }

    static let binary: URL = {
        // Test bundles are built next to the package's executables.
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("convtutor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/convtutor")
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The bundled lessons: the `.yaml` files of `Lessons/`, which the binary embeds.
    static let lessonCount = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Lessons").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.count

    /// A UTF-8 locale like a real terminal's, whatever the test runner's (CI may have none):
    /// under another, human-readable output is ASCII. Tests of that set LC_ALL themselves.
    static let utf8Locale = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]

    /// A run that outlived its time limit: the child was killed, and the test fails with this.
    struct Timeout: Error, CustomStringConvertible {
        let arguments: [String], limit: Duration
        var description: String { "convtutor \(arguments.joined(separator: " ")) did not finish within \(limit); it was killed" }
    }

    /// Runs the binary to completion; past `timeout` the child is killed (SIGKILL) and the run
    /// throws `Timeout`, so a hang fails its test instead of stalling the suite.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], cwd: URL? = nil,
                    timeout: Duration = .seconds(120), binary: URL = CLI.binary) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        // The caller's COLUMNS would change how help and plain lessons wrap: only a test sets it.
        p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "COLUMNS" }.merging(utf8Locale) { $1 }.merging(environment) { $1 }
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        // The watchdog and the stderr reader get threads of their own: blocked readers of other
        // runs fill Dispatch's global pool (two threads on two cores) and would delay them.
        let killed = Flag(), finished = DispatchSemaphore(value: 0)
        let pid = p.processIdentifier
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        Thread.detachNewThread {
            if finished.wait(timeout: .now() + seconds) == .timedOut { killed.set(); kill(pid, SIGKILL) }
        }
        // The watchdog is already armed: a child that never reads a large stdin is killed too.
        if let stdin { try? inp.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot fill one and stall.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        finished.signal()
        if killed.isSet { throw Timeout(arguments: arguments, limit: timeout) }
        return Result(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self), status: p.terminationStatus)
    }

    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    /// A fresh folder under this process's scratch root, which is removed when the tests exit.
    static func temporaryDirectory() throws -> URL {
        let dir = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// One root per test process, so no test needs its own cleanup for its folders to go.
    static let scratchRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("convtutor-test-\(getpid())")
        atexit { try? FileManager.default.removeItem(at: CLI.scratchRoot) }
        return root
    }()
}
