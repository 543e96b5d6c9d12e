import ConvKit
import Foundation
import Testing

@Suite(.timeLimit(.minutes(10))) struct ImageInputTests {
    static let digit = CLI.packageRoot.appendingPathComponent("Lessons/pictures/digit-7-32.pgm").path

    struct Output: Decodable {
        let op: String
        let shape: [Int]
        let data: [[[Double]]]
    }

    @Test func sobelXOnTheBundledDigit() throws {
        let r = try CLI.run(["compute", "--input", Self.digit, "--kernel", "sobel-x", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONDecoder().decode(Output.self, from: Data(r.stdout.utf8))
        #expect(out.op == "conv2d")
        #expect(out.shape == [1, 30, 30])
        let map = out.data[0]
        // From numpy: correlating the script's image with [[-1,0,1],[-2,0,2],[-1,0,1]], valid.
        #expect(map[0][0] == 0)
        #expect(Array(map[10][17...24]) == [32, 605, 988, 415, -96, -797, -924, -223])
        #expect(Array(map[20][12...19]) == [16, 605, 1004, 415, -80, -797, -940, -223])
        #expect(map.joined().min() == -1020 && map.joined().max() == 1020)
        #expect(map.joined().reduce(0, +) == 0)
    }

    /// From any folder (a copied binary): the pictures are --input names, and the source tree's
    /// path to them works too; a file of that name in the working directory still wins.
    @Test func bundledPicturesByNameFromAnyFolder() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = try CLI.run(["compute", "--input", Self.digit, "--kernel", "sobel-x", "--format", "json"]).stdout
        for name in ["digit-7-32", "digit-7-32.pgm", "Lessons/pictures/digit-7-32.pgm"] {
            let r = try CLI.run(["compute", "--input", name, "--kernel", "sobel-x", "--format", "json"], cwd: dir)
            #expect(r.status == 0 && r.stdout == expected, "\(name): \(r.stderr)")
        }
        let colour = try CLI.run(["compute", "--op", "depthwise", "--input", "stripes-rgb-16", "--kernel", "1 | 1 | 1", "--format", "json"], cwd: dir)
        #expect(colour.stdout.contains("\"shape\": [3,16,16]"), "\(colour.stdout.prefix(80))\(colour.stderr)")
        try "1 2; 3 4\n".write(to: dir.appendingPathComponent("shapes-32"), atomically: true, encoding: .utf8)
        let own = try CLI.run(["compute", "--input", "shapes-32", "--kernel", "1", "--format", "json"], cwd: dir)
        #expect(own.stdout.contains("\"shape\": [1,2,2]"), "\(own.stdout)")
        let missing = try CLI.run(["compute", "--input", "digit-8"], cwd: dir)
        #expect(missing.status == 1 && missing.stderr.contains("nor a bundled picture: digit-7-32, shapes-32, stripes-rgb-16"), "\(missing.stderr)")
        // A kernel is never a picture.
        let kernel = try CLI.run(["compute", "--kernel", "digit-7-32"], cwd: dir)
        #expect(kernel.status == 1, "\(kernel.stdout)")
    }

    @Test func colourPicturesAreThreeChannels() throws {
        let stripes = CLI.packageRoot.appendingPathComponent("Lessons/pictures/stripes-rgb-16.ppm").path
        let r = try CLI.run(["compute", "--op", "depthwise", "--input", stripes, "--kernel", "-1 1 | -1 1 | -1 1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONDecoder().decode(Output.self, from: Data(r.stdout.utf8))
        #expect(out.shape == [3, 16, 15])
        // Stripes are red, green, blue, yellow, four columns each: the red plane drops after
        // column 3 and comes back at the yellow stripe (column 11 → 12).
        #expect(out.data[0][0] == [0, 0, 0, -255, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0])
        #expect(out.data[2][5] == [0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, -255, 0, 0, 0])
        // One 2-D kernel (here a preset) serves every channel alike.
        let preset = try CLI.run(["compute", "--op", "depthwise", "--input", stripes, "--kernel", "sobel-x", "--format", "json"])
        let stacked = try CLI.run(["compute", "--op", "depthwise", "--input", stripes, "--kernel",
                                   Array(repeating: "-1 0 1; -2 0 2; -1 0 1", count: 3).joined(separator: " | "), "--format", "json"])
        #expect(preset.status == 0 && preset.stdout == stacked.stdout, "\(preset.stderr)")
        let shapes = CLI.packageRoot.appendingPathComponent("Lessons/pictures/shapes-32.pgm").path
        #expect(try CLI.run(["compute", "--input", shapes, "--kernel", "laplacian", "--format", "json"]).stdout.contains("\"shape\": [1,30,30]"))
    }

    @Test func aCorruptPictureIsOneErrorLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("cut.pgm")
        try Data("P5\n32 32\n255\n".utf8 + [UInt8](repeating: 7, count: 100)).write(to: bad)
        let r = try CLI.run(["compute", "--input", bad.path, "--kernel", "sobel-x"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: \(bad.path): PGM data is truncated: a 32×32 8-bit image needs 1024 bytes of samples, the file has 100\n")

        let png = dir.appendingPathComponent("photo.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]).write(to: png)
        let p = try CLI.run(["compute", "--input", png.path, "--kernel", "sobel-x"])
        #expect(p.status == 1)
        #expect(p.stderr.hasPrefix("error: \(png.path): this is a PNG image;"))
        #expect(p.stderr.split(separator: "\n").count == 1)
    }
}
