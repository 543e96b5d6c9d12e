import ConvKit
import Testing
@testable import LessonKit

/// Plain mode on a pool and on a padding mode: a pool shows no kernel, a max reads max(...) with
/// a running max and hides the taps still to come, an average shows its division, and a copied
/// padding cell names the input cell it copies.
@Suite(.timeLimit(.minutes(10))) struct PoolPlainTests {
    static let yaml = """
        id: t
        title: T
        summary: S
        topics: [pooling, padding-modes]
        layers:
          max:
            op: max-pool
            input: "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"
            pool_size: 2
          avg:
            op: avg-pool
            input: "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"
            pool_size: 3
            stride: 2
            ceil_mode: true
          edge:
            input: "9 9 1; 9 9 1"
            kernel: "-1 0 1"
            padding: "0,1"
            padding_mode: reflect
        steps:
          - predict: {id: p, layer: max, output: [0, 1, 0], before_term: 2, ask: output}
          - stepper: {layer: avg, until: {output: [0, 1, 1]}}
          - stepper: {layer: edge, until: {output: [0, 0, 2]}}

        """

    func play(_ lines: [String]) throws -> String {
        var input = lines[...], output = ""
        var runner = PlainLesson(session: LessonSession(lesson: try parse(Self.yaml).get(), progress: nil), resumeCommand: "c",
                                 readLine: { input.popFirst() }, write: { output += $0 }, save: { _ in .saved })
        try runner.run()
        return output
    }

    @Test func aMaxPoolPredictionHidesTheTapsToComeAndReadsAsAMax() throws {
        let out = try play(["9", "6", ""])
        let waiting = """
            Predict. The layer: max-pool, input 4×4, pool_size 2, stride 2, each output
              the largest of its window's taps (no weights; padding is -inf, which never
              wins) → output 1×2×2 (16 taps, 4 per output)
            input 4×4:
              1 5 2 0
              3 4 8 1
              0 2 9 7
              6 1 3 3
            out(1,0) = max(0, …) (1 of 4 taps so far)
              running max: 0
            Taps 2 to 4 are yours: find each tap's input cell in the input grid and keep
              the largest.
            What will out(1,0) be, the largest of all its taps?
            > 
            """
        #expect(out.contains(waiting), "\(out)")
        let screen = try #require(out.components(separatedBy: "── Screen 1 of 3 ──").last?.components(separatedBy: "── Screen 2").first)
        #expect(!screen.contains("kernel") && !screen.contains("product") && !screen.contains("running sum"), "\(screen)")
        #expect(out.contains("> Correct.\nout(1,0) = max(0, 2, 6, 1) = 6\n  running max: 0 2 6 6\n"))
    }

    @Test func anAveragePoolShowsItsDivisionAndACeilModeEdgeItsCount() throws {
        let out = try play(["skip", ""])
        #expect(out.contains("out(0,0) = (1 + 5 + 2 + 3 + 4 + 8 + 0 + 2 + 9) / 9 = 34 / 9 = 3.7778\n  running sums: 1 6 8 11 15 23 23 25 34\n"), "\(out)")
        // A tap past the padding is no cell: written ×, not a 0 that would read as counted.
        #expect(out.contains("pad) + ×(past pad)) / 4 = 22 / 4 = 5.5\n  running sums: 9 16 16 19 22 22 22 22 22\n  divided by 4, not 9: the taps past the padding (×) are not counted\n"), "\(out)")
    }

    @Test func aReflectStepperNamesWhereEachPaddingCellComesFrom() throws {
        let out = try play(["skip", "", "", ""])
        #expect(out.contains("kernel 1×3, padding 0,1 reflect,"), "\(out)")
        #expect(out.contains("out(0,0) = 9(copy of (0,1))·(-1) + 9·0 + 9·1 = 0\n"))
        #expect(out.contains("out(0,2) = 9·(-1) + 1·0 + 9(copy of (0,1))·1 = 0\n"))
    }

    @Test func aPoolQuestionShowsItsSizeAndNoKernel() throws {
        let spec = try #require(try parse(Self.yaml).get().layers["avg"])
        #expect(TraceText.showcase(spec, width: 60) == ["avg-pool · pool_size 3 · stride 2 · ceil_mode", "", "input", "1 5 2 0", "3 4 8 1", "0 2 9 7", "6 1 3 3"])
    }

    @Test func aPredictionOnReflectPaddingSaysThePaddingCopies() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "layer: max, output: [0, 1, 0]", with: "layer: edge, output: [0, 0, 0]")
            .replacingOccurrences(of: "before_term: 2", with: "before_term: 1")
        guard case .predict(let p) = try parse(yaml).get().steps[0] else { Issue.record("not a predict"); return }
        #expect(p.work == "All 3 products are yours: find each weight's input in the grids. Padding cells copy input cells (reflect): find the one each copies.")
        #expect(p.prompt == "What will out(0,0) be once all its products are added?")
    }

    /// A pool's stride is always named: its default is the pool size, so a stride of 1 left
    /// unsaid would read as 2.
    @Test func aPoolsStrideIsAlwaysSaid() throws {
        var options = ConvOptions(poolSize: Pair(2, 2))
        options.stride = .one
        let spec = LayerSpec(op: .maxPool, input: try GridText.parse("1 2 3; 4 5 6; 7 8 9"), kernel: LayerSpec.noKernel, options: options)
        #expect(TraceText.settings(spec, width: 100) == ["max-pool · pool_size 2 · stride 1"])
        let conv = LayerSpec(input: try GridText.parse("1 2; 3 4"), kernel: try GridText.parse("1"))
        #expect(TraceText.settings(conv, width: 100) == [])
    }
}
