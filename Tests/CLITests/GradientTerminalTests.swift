import ConvKit
import Foundation
import Testing

/// `step --grad-output` in a real (tmux) terminal (issue 15's acceptance): the seed example's
/// backward pass stepped to the end shows the gradient `Layer.backward` computes.
@Suite(.serialized, .timeLimit(.minutes(10))) struct GradientTerminalTests {
    static let dY = "1 0 0; 0 0 0; 0 0 -1"

    /// The seed example's gradients, as the engine computes them.
    static func backward() throws -> Gradients {
        let spec = LayerSpec(input: try GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0"),
                             kernel: try GridText.parse("1 0 1; 0 1 0; 1 0 1"))
        return try spec.layer().backward(gradOutput: GridText.parse(dY))
    }

    /// A grid's rows as the stepper draws them: numbers right-aligned in equal columns.
    static func rows(_ t: Tensor) -> [String] {
        let cols = t.shape.last!, texts = t.data.map { NumberFormat.short($0) }
        let width = max(2, texts.map(\.count).max()!)
        return stride(from: 0, to: texts.count, by: cols).map { r in
            texts[r..<r + cols].map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }
    }

    /// Every row of `grid` ends a line of the screen, in order, one under another.
    static func shows(_ grid: [String], on screen: String) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.indices.contains { i in
            grid.indices.allSatisfy { k in i + k < lines.count && lines[i + k].hasSuffix(grid[k]) }
        }
    }

    @Test(arguments: ["weight", "input"]) func stepsToTheEndAndShowsTheGradient(_ wrt: String) throws {
        let g = try Self.backward()
        let grid = Self.rows(wrt == "weight" ? g.weight!.reshaped([3, 3]) : g.input)
        #expect(wrt != "weight" || grid == [" 0  0  0", "-1  0  1", "-1  0  1"])
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --grad-output '\(Self.dY)' --wrt \(wrt)")
        #expect(t.wait { $0.contains("product 1 of") }, "\(t.screen())")
        if wrt == "input" {
            // dX opens on the scatter view; v shows the full convolution with the rotated kernel.
            try t.keys("v")
            #expect(t.wait { $0.contains("W rotated") && $0.contains("dX 5×5") }, "\(t.screen())")
        }
        try t.keys("G")
        let symbol = wrt == "weight" ? "dW[0,0,2,2]" : "dX[0,4,4]"
        #expect(t.wait { $0.contains(symbol) && Self.shows(grid, on: $0) }, "\(grid) on \(t.screen())")
        // w moves on: dW → dX (the scatter view first) → db.
        try t.keys("w")
        #expect(t.wait { $0.contains(wrt == "weight" ? "each dY cell stamps the kernel" : "db[0]") }, "\(t.screen())")
        try t.quitCleanly()
    }

    @Test func badGradientInputIsOneLine() throws {
        let alone = try CLI.run(["step", "--wrt", "input"])
        #expect(alone.status == 64 && alone.stderr.contains("--wrt needs --grad-output"), "\(alone.stderr)")
        let wrong = try CLI.run(["step", "--grad-output", "1 0; 0 1"])
        let lines = wrong.stderr.split(separator: "\n")
        #expect(wrong.status == 1 && lines.count == 1, "\(wrong.stderr)")
        #expect(lines.first == "error: --grad-output is 2×2 but the layer's output is 3×3", "\(wrong.stderr)")
    }

    /// A pool's dX without --wrt (its only gradient): stepped to the end it shows the engine's dX,
    /// and w says there is no other gradient.
    @Test func aPoolStepsItsDX() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --op max-pool --pool-size 2 --input '1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3' --grad-output '1 2; 3 4'")
        #expect(t.wait { $0.contains("input gradient dX") && $0.contains("product 1 of 16") }, "\(t.screen())")
        try t.keys("G")
        #expect(t.wait { $0.contains("dX[0,3,3]") && Self.shows([" 0  1  0  0", " 0  0  2  0", " 0  0  4  0", " 3  0  0  0"], on: $0) }, "\(t.screen())")
        try t.keys("w")
        #expect(t.wait { $0.contains("max-pool has no weights: dX is its only gradient") }, "\(t.screen())")
        try t.quitCleanly()
    }
}
