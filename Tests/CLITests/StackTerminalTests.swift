import Foundation
import Testing

/// `step --stack` in a real (tmux) terminal (issue 17's acceptance): a two-layer stack steps its
/// last layer, and `u` follows an output back to a 5×5 field of the input.
@Suite(.serialized, .timeLimit(.minutes(10))) struct StackTerminalTests {
    static let stack = """
        input: |
          1 2 0 1 3 0 2
          0 1 3 2 1 1 0
          2 0 1 0 2 3 1
          1 3 2 1 0 1 2
          0 1 1 3 2 0 1
          3 2 0 1 1 2 0
          1 0 2 2 3 1 1
        layers:
          - kernel: "1 0 -1; 2 0 -2; 1 0 -1"
          - kernel: "0 1 0; 1 1 1; 0 1 0"

        """

    /// The input's grid is the leftmost: its first 20 columns on the 7 rows under its title.
    static func inputField(_ screen: String) -> [[Int]] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let title = lines.firstIndex(where: { $0.hasPrefix("input ") }) else { return [] }
        return lines[(title + 1)...].prefix(7).map { line in line.prefix(20).split(separator: " ").compactMap { Int($0) } }
    }

    @Test func followingAnOutputHighlightsAFiveByFiveField() throws {
        let t = try Tmux()
        let file = t.home.appendingPathComponent("two-3x3.yaml")
        try Self.stack.write(to: file, atomically: true, encoding: .utf8)
        try t.run("\(Tmux.binary) step --stack '\(file.path)'")
        #expect(t.wait { $0.contains("stack · input 7×7 · 1 conv2d 3×3 · [2 conv2d 3×3]") && $0.contains("product 1 of 81") }, "\(t.screen())")
        try t.keys("Right")
        #expect(t.wait { $0.contains("product 2 of 81") }, "\(t.screen())")
        try t.keys("u")
        #expect(t.wait { $0.contains("output (0,0) of layer 2") && $0.contains("field spans 5×5") }, "\(t.screen())")
        // Output (0,0) sees input rows and columns 0…4: 25 cells, the centre's 9 paths at (2,2).
        let field = Self.inputField(t.screen())
        #expect(field.map(\.count).reduce(0, +) == 25, "\(t.screen())")
        #expect(field.prefix(5) == [[1, 2, 3, 2, 1], [2, 4, 6, 4, 2], [3, 6, 9, 6, 3], [2, 4, 6, 4, 2], [1, 2, 3, 2, 1]], "\(t.screen())")
        try t.keys("Tab")
        #expect(t.wait { $0.contains("product 2 of 81") && $0.contains("u/Tab follow back") }, "\(t.screen())")
        try t.quitCleanly()
    }

    /// `--layer 1` starts on the first layer; `>` and `<` step the next and back, each layer
    /// where it was left, the stepped one bracketed in the stack's line.
    @Test func chevronsChooseTheLayerStepped() throws {
        let t = try Tmux()
        let file = t.home.appendingPathComponent("two-3x3.yaml")
        try Self.stack.write(to: file, atomically: true, encoding: .utf8)
        try t.run("\(Tmux.binary) step --stack '\(file.path)' --layer 1")
        #expect(t.wait { $0.contains("[1 conv2d 3×3] · 2 conv2d 3×3") && $0.contains("stepping layer 1 of 2") && $0.contains("product 1 of 225") }, "\(t.screen())")
        #expect(t.screen().contains(" input 7×7 "), "\(t.screen())")
        try t.keys("Right")
        #expect(t.wait { $0.contains("product 2 of 225") }, "\(t.screen())")
        try t.keys(">")
        #expect(t.wait { $0.contains("1 conv2d 3×3 · [2 conv2d 3×3]") && $0.contains("product 1 of 81") && $0.contains(" layer 1 out 5×5 ") }, "\(t.screen())")
        try t.keys(">")
        #expect(t.wait { $0.contains("layer 2 is the last") }, "\(t.screen())")
        try t.keys("<")
        #expect(t.wait { $0.contains("stepping layer 1 of 2") && $0.contains("product 2 of 225") }, "\(t.screen())")
        try t.quitCleanly()
    }

    @Test func aLayerOutsideTheStackIsAUsageError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("two.yaml")
        try Self.stack.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["step", "--stack", file.path, "--layer", "5"])
        #expect(r.status == 64 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(r.stderr == "error: --layer 5 is not in the stack: it has layers 1 to 2 (see 'convtutor step --help')\n", "\(r.stderr)")
        let zero = try CLI.run(["step", "--stack", file.path, "--layer", "0"])
        #expect(zero.status == 64 && zero.stderr.hasPrefix("error: --layer counts from 1"), "\(zero.stderr)")
        let alone = try CLI.run(["step", "--layer", "1"])
        #expect(alone.status == 64 && alone.stderr.hasPrefix("error: --layer needs --stack FILE"), "\(alone.stderr)")
    }

    @Test func layerOptionsBesideAStackAreAUsageError() throws {
        let r = try CLI.run(["step", "--stack", "x.yaml", "--stride", "2"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--stride does not apply with --stack"), "\(r.stderr)")
        let g = try CLI.run(["step", "--stack", "x.yaml", "--grad-output", "1"])
        #expect(g.status == 64 && g.stderr.contains("--grad-output does not apply with --stack"), "\(g.stderr)")
    }

    /// `demo --stack --auto` plays the last layer, ends the run on its last output's field, then
    /// starts over; digits choose the layer.
    @Test func aDemoLoopsThroughTheField() throws {
        let t = try Tmux()
        let file = t.home.appendingPathComponent("two-3x3.yaml")
        try Self.stack.write(to: file, atomically: true, encoding: .utf8)
        try t.run("\(Tmux.binary) demo --stack '\(file.path)' --speed 64 --auto")
        #expect(t.wait { $0.contains("stepping layer 2 of 2") && $0.contains(" DEMO ") }, "\(t.screen())")
        #expect(t.wait { $0.contains("output (2,2) of layer 2, followed back to the input") && $0.contains("field spans 5×5") }, "\(t.screen())")
        #expect(t.wait { $0.contains("stepping layer 2 of 2") }, "starts over: \(t.screen())")
        try t.keys("1")
        #expect(t.wait { $0.contains("[1 conv2d 3×3] · 2 conv2d 3×3") && $0.contains("stepping layer 1 of 2") }, "\(t.screen())")
        try t.quitCleanly()
    }

    @Test func demoStackUsageErrors() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("two.yaml")
        try Self.stack.write(to: file, atomically: true, encoding: .utf8)
        let lesson = try CLI.run(["demo", "1", "--stack", file.path])
        #expect(lesson.status == 64 && lesson.stderr.hasPrefix("error: --stack is for the stepper demo; a lesson brings its own stacks"), "\(lesson.stderr)")
        let far = try CLI.run(["demo", "--stack", file.path, "--layer", "3"])
        #expect(far.status == 64 && far.stderr == "error: --layer 3 is not in the stack: it has layers 1 to 2 (see 'convtutor demo --help')\n", "\(far.stderr)")
        let alone = try CLI.run(["demo", "--layer", "1"])
        #expect(alone.status == 64 && alone.stderr.hasPrefix("error: --layer needs --stack FILE"), "\(alone.stderr)")
        let kernel = try CLI.run(["demo", "--stack", file.path, "--kernel", "1"])
        #expect(kernel.status == 64 && kernel.stderr.contains("--kernel does not apply with --stack"), "\(kernel.stderr)")
    }

    /// A stack whose layer does not fit is refused before the screen opens, at its file:line:col.
    @Test func aBrokenStackIsOneErrorAtItsLayer() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try "input: \"1 2; 3 4\"\nlayers:\n  - kernel: \"1 2 3; 4 5 6; 7 8 9\"\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["step", "--stack", file.path])
        #expect(r.status == 1 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(file.path):3:5: error: layer 1 (conv2d) does not fit the stack's input, [2,2]"), "\(r.stderr)")
    }
}
