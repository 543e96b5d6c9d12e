import ConvKit
import Foundation
import Testing

@Suite(.timeLimit(.minutes(10))) struct ComputeCommandTests {
    @Test func defaultsToTheSeedExample() throws {
        let r = try CLI.run(["compute", "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stdout == "{\"op\": \"conv2d\", \"shape\": [1,3,3], \"data\": [[[4,3,4],[2,4,3],[2,3,4]]]}\n")
        #expect(try CLI.run(["compute"]).stdout == "4 3 4\n2 4 3\n2 3 4\n")
    }

    @Test func flipShowsOnAnAsymmetricKernel() throws {
        let plain = try CLI.run(["compute", "--input", "1 2 3; 4 5 6; 7 8 9", "--kernel", "1 0; 0 -1", "--format", "json"])
        let flipped = try CLI.run(["compute", "--input", "1 2 3; 4 5 6; 7 8 9", "--kernel", "1 0; 0 -1", "--flip", "--format", "json"])
        #expect(plain.stdout.contains("[[[-4,-4],[-4,-4]]]"))
        #expect(flipped.stdout.contains("[[[4,4],[4,4]]]"))
    }

    @Test func everyOpAndOptionIsReachable() throws {
        let dw = try CLI.run(["compute", "--op", "depthwise", "--input", "1 2; 3 4 | 5 6; 7 8", "--kernel", "1 1; 1 1 | 0 1; 0 0", "--format", "json"])
        #expect(dw.stdout.contains("\"shape\": [2,1,1], \"data\": [[[10]],[[6]]]"))
        let pw = try CLI.run(["compute", "--op", "pointwise", "--input", "1 2 | 3 4", "--weights", "1 1; 1 -1", "--format", "json"])
        #expect(pw.stdout.contains("[[[4,6]],[[-2,-2]]]"))
        let fc = try CLI.run(["compute", "--op", "dense", "--input", "1 2 3", "--kernel", "1 0 0; 1 1 1", "--bias", "0.5 -10", "--relu", "--format", "json"])
        #expect(fc.stdout.contains("\"shape\": [2], \"data\": [1.5,0]"))
        let cols = try CLI.run(["compute", "--op", "im2col", "--input", "1 2 3; 4 5 6", "--kernel", "0 0; 0 0", "--format", "json"])
        #expect(cols.stdout.contains("\"shape\": [4,2], \"data\": [[1,2],[2,3],[4,5],[5,6]]"))
        let opts = try CLI.run(["compute", "--stride", "2", "--padding", "1", "--dilation", "1,1", "--groups", "1", "--format", "json"])
        // numpy: the seed example zero-padded by 1, every second window.
        #expect(opts.stdout.contains("\"shape\": [1,3,3], \"data\": [[[2,3,1],[1,4,3],[0,2,1]]]"))
    }

    @Test func kernelPresetsByName() throws {
        let r = try CLI.run(["compute", "--kernel", "sobel-x", "--format", "json"])
        #expect(r.stdout.contains("[[[3,0,-3],[4,3,-2],[4,2,-3]]]"))
        let list = try CLI.run(["kernels"])
        for name in ["identity", "box3", "gaussian3", "sharpen", "laplacian", "sobel-x", "sobel-y", "emboss"] {
            #expect(list.stdout.contains("\(name): "))
        }
        #expect(list.stdout.contains("0.1111 0.1111 0.1111"))
        #expect(try CLI.run(["kernels", "SOBEL-X"]).stdout.hasPrefix("sobel-x: "))
        let one = try CLI.run(["kernels", "sobel-x"])
        #expect(one.stdout == "sobel-x: horizontal change: responds to vertical edges\n    -1  0  1\n    -2  0  2\n    -1  0  1\n")
        let unknown = try CLI.run(["kernels", "sobel"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no kernel preset named 'sobel'") && unknown.stdout.isEmpty)
    }

    @Test func readsWindowsLineEndings() throws {
        let dir = try CLI.temporaryDirectory()
        let grid = dir.appendingPathComponent("crlf.txt")
        try "1 2\r\n3 4\r\n".write(to: grid, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["compute", "--input", grid.path, "--kernel", "1", "--format", "json"]).stdout.contains("[[[1,2],[3,4]]]"))
    }

    @Test func readsFilesAndWritesNpy() throws {
        let dir = try CLI.temporaryDirectory()
        let grid = dir.appendingPathComponent("k.txt")
        try "# an X\n1 0 1\n0 1 0\n1 0 1\n".write(to: grid, atomically: true, encoding: .utf8)
        let npy = dir.appendingPathComponent("out.npy")
        let r = try CLI.run(["compute", "--kernel", grid.path, "--output", npy.path])
        #expect(r.status == 0)
        let back = try NPY.decode([UInt8](Data(contentsOf: npy)))
        #expect(back.shape == [1, 3, 3] && back.data == [4, 3, 4, 2, 4, 3, 2, 3, 4])
        // The written .npy is itself a valid input.
        let again = try CLI.run(["compute", "--op", "dense", "--input", npy.path, "--kernel", "1 1 1 1 1 1 1 1 1", "--format", "json"])
        #expect(again.stdout.contains("[29]"))
    }

    /// Each bad input is one `error:` line on stderr, exit 1, nothing on stdout.
    @Test(arguments: [
        (["--kernel", "1 2; 3"], "row 2 has 1"),
        (["--kernel", "1 x 2"], "'x' is not a number"),
        (["--kernel", "missing.txt"], "no such file 'missing.txt'"),
        (["--kernel", "nan"], "no such file"),
        (["--kernel", "1 1 1 1 1 1 1"], "< 1"),
        (["--groups", "2", "--input", "1 2 | 3 4 | 5 6", "--kernel", "1 || 1"], "does not divide"),
        (["--input", "1 2 | 3 4", "--kernel", "1 0; 0 1"], "2 channels"),
        (["--op", "dense", "--kernel", "1 2 3"], "flattens to 25"),
        (["--bias", "1 2"], "--bias has 2"),
        (["--input", "/"], "is a folder"),
        (["--output", "/"], "is a folder"),
        (["--output", "/no/such/folder/x.npy"], "the folder '/no/such/folder' does not exist"),
        (["--groups", "3", "--input", "1 | 2", "--kernel", "1 || 1 || 1"], "--groups 3 does not divide the input's 2 channels"),
        (["--input", "1e300"], "within ±1e100"),
    ])
    func badInputIsOneClearLine(_ args: [String], _ expected: String) throws {
        try expectOneErrorLine(args, expected, status: 1)
    }

    /// What the command line alone gets wrong is a usage error, exit 64, before any data is read.
    @Test(arguments: [
        (["--stride", "0"], "--stride must be at least 1"),
        (["--stride", "a"], "--stride must be an integer"),
        (["--padding", "huge"], "--padding must be valid"),
        (["--groups", "0"], "--groups must be at least 1"),
        (["--op", "dense", "--kernel", "1", "--input", "2", "--flip"], "--flip does not apply to dense"),
        (["--op", "im2col", "--input", "1 2; 3 4", "--kernel", "1", "--relu"], "--relu does not apply to im2col"),
        (["--op", "conv2d", "--output-padding", "1"], "--output-padding only applies to conv-transpose"),
        (["--op", "max-pool", "--pool-size", "0"], "--pool-size must be at least 1"),
        (["--input", "missing.txt", "--stride", "0"], "--stride must be at least 1"),
        // Hostile QA r25: these were found only once the layer was built (exit 1).
        (["--padding", "same", "--stride", "2"], "--padding same needs stride 1"),
        (["--op", "conv-transpose", "--padding", "same"], "--padding same or full does not apply to conv-transpose"),
        (["--op", "conv-transpose", "--flip"], "--flip does not apply to conv-transpose"),
    ])
    func aBadCommandLineIsAUsageError(_ args: [String], _ expected: String) throws {
        try expectOneErrorLine(args, expected, status: 64)
    }

    /// `compute args` prints nothing, one `error:` line holding `expected`, and exits `status`.
    private func expectOneErrorLine(_ args: [String], _ expected: String, status: Int32) throws {
        let r = try CLI.run(["compute"] + args)
        #expect(r.status == status, "\(args)")
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: ") && lines[0].contains(expected), "\(r.stderr)")
    }

    @Test func fileErrorsNameLineAndColumn() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.txt")
        try "1 2 3\n4 five 6\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["compute", "--input", bad.path]).stderr == "error: \(bad.path):2:3: 'five' is not a number\n")
        let npy = dir.appendingPathComponent("bad.npy")
        try Data("\u{93}NUMPY garbage".utf8).write(to: npy)
        let r = try CLI.run(["compute", "--input", npy.path])
        #expect(r.status == 1 && r.stderr.hasPrefix("error: \(npy.path): "))
    }

    /// Mistyped command lines are one line too, pointing at the right help, with exit 64.
    @Test(arguments: [(["--op", "maxpool"], "maxpool"), (["--kernel"], "Missing value for '--kernel <spec>'"), (["extra"], "Unexpected argument 'extra'")])
    func usageErrorsAreOneLineWithAPointer(_ args: [String], _ expected: String) throws {
        let r = try CLI.run(["compute"] + args)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(expected) && r.stderr.hasSuffix("(see 'convtutor compute --help')\n"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// Values may start with a minus sign without any quoting tricks.
    @Test func negativeValuesNeedNoEquals() throws {
        let r = try CLI.run(["compute", "--input", "1 2 3; 4 5 6; 7 8 9", "--kernel", "-1 0; 0 1", "--bias", "-1", "--format", "json"])
        #expect(r.status == 0 && r.stdout.contains("[[[3,3],[3,3]]]"), "\(r.stderr)")
    }
}

@Suite(.timeLimit(.minutes(10))) struct DemoCommandTests {
    @Test(arguments: [
        (["demo", "1", "--kernel", "sobel-x"], "a lesson brings its own layers"),
        (["demo", "--speed", "-1"], "--speed must be between 0.5 and 1024"),
        (["demo", "--cell-width", "99"], "--cell-width must be between 2 and 12"),
    ])
    func badDemoOptionsAreOneLine(_ args: [String], _ expected: String) throws {
        let r = try CLI.run(args)
        #expect(r.status == 64 && r.stderr.contains(expected) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
