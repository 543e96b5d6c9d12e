import ConvKit
import Foundation
import Testing

/// Peak memory of `compute` against the data it holds: the goal is at most three times
/// the input and output as float64, plus 64 MB. Before, a 2048² .npy printed as text took
/// many times its data (every number's text was built before the first byte was written).
@Suite struct MemoryTests {
    /// Runs the CLI with stdout into `output` and returns its exit status and peak RSS in bytes.
    /// posix_spawn's child shares this process's memory until it execs, and the kernel counts this
    /// process's peak into the child's: the peak is reset here first, so the child's figure is at
    /// least this process's current RSS (measured and taken off by the caller) and otherwise its own.
    static func measured(_ arguments: [String], output: String) throws -> (status: Int32, peak: Int) {
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([CLI.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, CLI.binary.path, &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0, usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, usage.ru_maxrss * 1024)
    }

    @Test(.timeLimit(.minutes(10))) func computeHoldsLittleMoreThanItsData() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 3072, input = dir.appendingPathComponent("in.npy"), output = dir.appendingPathComponent("out.txt")
        do {
            try Data(NPY.encode(try Tensor(shape: [n, n], data: (0..<n * n).map { Double($0 % 1_000_003) / 997 }))).write(to: input)
        }
        // The child's figure starts at this test process's RSS (which grows with the suite, ~270 MB
        // in a full run): a one-number compute measures that start, and only the rest is the data's.
        let data = n * n * 8, bound = 3 * (data + data) + (64 << 20)
        let start = try Self.measured(["compute", "--input", "1", "--kernel", "1"], output: output.path).peak
        let r = try Self.measured(["compute", "--input", input.path, "--kernel", "1"], output: output.path)
        #expect(r.status == 0)
        #expect(r.peak - start < bound, "peak \(r.peak >> 20) MB from \(start >> 20) MB for \(2 * data >> 20) MB of data")
        let head = try FileHandle(forReadingFrom: output).read(upToCount: 64) ?? Data()
        #expect(String(decoding: head, as: UTF8.self).hasPrefix("                    0 0.0010030090270812437 0.002006018054162487"))
    }
}
