import ConvKit
import Foundation
import Testing

/// `--output` and `--record` on every kind of target. Everything lives in a temporary folder:
/// FIFOs, links, and as root a null device made with mknod; no test names a real /dev node.
@Suite(.timeLimit(.minutes(10))) final class OutputTargetTests {
    let dir: URL

    init() throws { dir = try CLI.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }
    func leftovers() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") } }
    static let seedResult: [Double] = [4, 3, 4, 2, 4, 3, 2, 3, 4]

    /// Modes 600 and 444 are kept; a symlink stays a symlink and its target gets the result;
    /// a dangling link gets its target created.
    @Test func outputKeepsModesAndLinks() throws {
        let r = try Shell.run("""
            echo old > private.npy && chmod 600 private.npy
            echo old > readonly.npy && chmod 444 readonly.npy
            echo old > real.npy && ln -s real.npy link.npy && ln -s made.npy dangling.npy
            for f in private readonly link dangling; do "$CT" compute --output $f.npy > stdout.txt || echo "failed $f"; done
            stat -c '%a' private.npy readonly.npy; test -L link.npy && test -L dangling.npy && echo links kept
            """, in: dir)
        #expect(r.stdout == "600\n444\nlinks kept\n" && r.stderr.isEmpty, "\(r.stdout) \(r.stderr)")
        for name in ["private.npy", "readonly.npy", "real.npy", "made.npy"] {
            #expect(try NPY.decode(bytes(name)).data == Self.seedResult, "\(name)")
        }
        #expect(try leftovers().isEmpty)
    }

    /// `--output /proc/self/fd/1 >> log` (what /dev/stdout links to) appends to the log the
    /// shell opened, after its earlier lines; before, the log was replaced by the .npy alone.
    @Test func anOpenDescriptorAppends() throws {
        let r = try Shell.run("""
            echo before > log.txt
            "$CT" compute --output /proc/self/fd/1 >> log.txt
            "$CT" compute --output /proc/self/fd/2 2>> log.txt > stdout.txt
            """, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try bytes("log.txt"), npy = NPY.encode(try Tensor(shape: [1, 3, 3], data: Self.seedResult))
        #expect(log == Array("before\n".utf8) + npy + Array("4 3 4\n2 4 3\n2 3 4\n".utf8) + npy)
    }

    /// A FIFO is written where it is, for its reader; a null device made in the folder stays a
    /// device (as root; before, it was replaced by a regular file).
    @Test func specialFilesAreWrittenInPlace() throws {
        let r = try Shell.run("""
            mkfifo pipe; timeout 20 cat pipe > got.npy & "$CT" compute --output pipe > stdout.txt; wait
            test -p pipe && echo fifo kept
            if mknod null c 1 3 2> mknod.txt; then "$CT" compute --output null > stdout.txt; test -c null && echo device kept; else echo device kept; fi
            """, in: dir)
        #expect(r.stdout == "fifo kept\ndevice kept\n" && r.stderr.isEmpty, "\(r.stdout) \(r.stderr)")
        #expect(getuid() != 0 || FileManager.default.fileExists(atPath: path("null")), "root made the device")
        #expect(try NPY.decode(bytes("got.npy")).data == Self.seedResult)
    }

    @Test(arguments: [("", "--output '': no file name given"),
                      ("newf/", "--output 'newf/': ends in '/', which names a folder: give a file name"),
                      (".", "--output '.': is a folder")])
    func pathsThatAreNoFileAreOneError(_ output: String, _ message: String) throws {
        let r = try CLI.run(["compute", "--output", output], cwd: dir)
        #expect(r.status == 1 && r.stdout.isEmpty && r.stderr == "error: \(message)\n", "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// Past `ulimit -f` the write fails with EFBIG (SIGXFSZ is ignored): one error line, exit 1,
    /// the old file untouched and no temporary file left.
    @Test func aWriteErrorIsOneLineAndKeepsTheOldFile() throws {
        let grid = (0..<20).map { _ in Array(repeating: "1", count: 20).joined(separator: " ") }.joined(separator: "; ")
        let r = try Shell.run("""
            echo keep > big.npy
            (ulimit -f 1; exec "$CT" compute --input "\(grid)" --kernel 1 --output big.npy > stdout.txt) 2>&1 | cat
            echo "rc=${PIPESTATUS[0]}"
            """, in: dir)
        #expect(r.stdout == "error: --output 'big.npy': cannot be written: file too large\nrc=1\n", "\(r.stdout)")
        #expect(try bytes("big.npy") == Array("keep\n".utf8))
        #expect(try leftovers().isEmpty)
    }
}
