import ConvKit
import Foundation
import Testing
@testable import LessonKit

/// Lessons about backpropagation: `grad_output`, `wrt:` steps and `grad_*` answers, checked
/// against the gradient's cells, and plain mode naming a gradient's factors by role.
@Suite(.timeLimit(.minutes(10))) struct GradientLessonTests {
    static func fixture() throws -> Lesson {
        try LessonReader.load(path: Fixture.folder.appendingPathComponent("gradient-lesson.yaml").path).get()
    }

    /// dY = [1 0 0; 0 2 0; 0 0 -1] on the seed example: dW[ky,kx] = x[ky,kx] + 2·x[ky+1,kx+1] − x[ky+2,kx+2].
    static let seedDW: [[Double]] = [[2, 2, 2], [-1, 2, 3], [-1, 2, 3]]

    @Test func theFixtureStepsAndAsksAboutEachGradient() throws {
        let l = try Self.fixture()
        guard case .stepper(let s) = l.steps[0], case .predict(let dw) = l.steps[1], case .predict(let dx) = l.steps[2],
              case .stepper(let db) = l.steps[3], case .question(let whole) = l.steps[4], case .question(let dX) = l.steps[6] else {
            Issue.record("unexpected step kinds")
            return
        }
        #expect(s.spec.gradient?.wrt == .weight && db.spec.gradient?.wrt == .bias)
        #expect(s.untilStep == 17, "the last of dW[0,0,0,1]'s 9 terms")
        #expect(dw.spec.gradient?.wrt == .weight && dw.answer == 3 && dw.outputShape == [1, 1, 3, 3])
        #expect(dw.prompt == "What will dW[0,0,1,2] be once all its products are added?")
        #expect(dw.label == "predict dW[0,0,1,2] from product 2")
        #expect(dx.spec.gradient?.wrt == .input && dx.answer == 3, "dX[0,2,2] after product 5: 1·1 + 0·0 + 0·1 + 0·0 + 2·1")
        #expect(dx.prompt == "What is the running sum of dX[0,2,2] after product 5?")
        #expect(whole.expected == .grid(Self.seedDW, tolerance: 1e-6))
        // The engine's own backward pass, which ConvKit's fixtures tie to PyTorch.
        let backward = try l.layers["seed"]!.layer().backward(gradOutput: try GridText.parse("1 0 0; 0 2 0; 0 0 -1"))
        #expect(dX.expected == .grid(Reference.rows(backward.input)!, tolerance: 1e-6))
        #expect(whole.show?.spec.gradient?.gradOutput.shape == [3, 3], "show: carries dY")
        #expect(l.layers["seed"]?.gradient == nil, "the layer itself steps forward")
    }

    static let header = "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  seed:\n    grad_output: \"1 0 0; 0 2 0; 0 0 -1\"\n  plain: {}\n  gated:\n    relu: true\n    grad_output: \"1 0 0; 0 2 0; 0 0 -1\"\nsteps:\n"

    /// Each broken file, and where and what the first error must say.
    static let broken: [(name: String, yaml: String, at: String, says: String)] = [
        ("grad_output of the wrong shape", "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  seed:\n    grad_output: \"1 0; 0 1\"\nsteps:\n  - text: hi\n",
         "7:18", "grad_output is 2×2 but the layer's output is 3×3"),
        ("grad_output on conv-transpose", "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  up:\n    op: conv-transpose\n    grad_output: \"1 0; 0 1\"\nsteps:\n  - text: hi\n",
         "8:18", "grad_output: gradients of conv-transpose are not supported"),
        ("grad_output on im2col", "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  cols:\n    op: im2col\n    grad_output: \"1 0; 0 1\"\nsteps:\n  - text: hi\n",
         "8:18", "grad_output: im2col only rearranges the input"),
        ("misspelt grad_output", "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  seed:\n    grad_ouput: \"1 0; 0 1\"\nsteps:\n  - text: hi\n",
         "7:5", "did you mean 'grad_output'?"),
        ("misspelt wrt", header + "  - predict: {layer: seed, wrt_: input, output: [0, 0, 0], before_term: 1, ask: output}\n",
         "13:28", "unknown key 'wrt_' in a predict step; did you mean 'wrt'?"),
        ("wrt without grad_output", header + "  - stepper: {layer: plain, wrt: weight}\n",
         "13:29", "wrt: needs grad_output: on layer 'plain'"),
        ("unknown wrt", header + "  - stepper: {layer: seed, wrt: weights}\n",
         "13:33", "wrt must be weight, input or bias; got 'weights'; did you mean 'weight'?"),
        ("predict output outside dW", header + "  - predict: {layer: seed, wrt: weight, output: [0, 0, 3, 0], before_term: 2, ask: output}\n",
         "13:49", "output [0,0,3,0] is outside dW, the weight gradient, of layer 'seed', whose shape is [1,1,3,3]"),
        ("before_term past a dW cell's terms", header + "  - predict: {layer: seed, wrt: weight, output: [0, 0, 0, 0], before_term: 10, ask: output}\n",
         "13:76", "before_term 10 is outside 1...9, the products of one cell of dW of layer 'seed'"),
        ("a gradient has no ReLU to finish with", header + "  - predict: {layer: gated, wrt: weight, output: [0, 0, 0, 0], before_term: 9, ask: output}\n",
         "13:77", "this prediction asks for 1 product (product 9 of 9); a prediction needs at least 2 products of work (before_term 8 or less)\n"),
        ("until outside db", header + "  - stepper: {layer: seed, wrt: bias, until: {output: [1]}}\n",
         "13:55", "output [1] is outside db, the bias gradient, of layer 'seed', whose shape is [1]"),
        ("grad_weight without grad_output", header + "  - question: {id: q, prompt: P, kind: grid, from: {layer: plain, value: grad_weight}}\n",
         "13:74", "grad_weight needs grad_output: on layer 'plain'"),
        ("grad_input index outside dX", header + "  - question: {id: q, prompt: P, kind: number, from: {layer: seed, value: \"grad_input[0,5,0]\"}}\n",
         "13:75", "grad_input[0,5,0] is outside dX of layer 'seed', whose shape is [1,5,5]"),
    ]

    @Test(arguments: broken.indices)
    func brokenFilesPointAtTheProblem(_ i: Int) {
        let c = Self.broken[i]
        #expect(firstProblem(of: c.yaml, isAt: c.at, saying: c.says), "\(c.name): \(parse(c.yaml).problems)")
    }

    /// The Gradients section's example of Lessons/README.md loads as written (under a header).
    @Test func theReadmeGradientExampleChecks() throws {
        let lesson = try readmeExample(under: "## Gradients (backprop)", topic: "backprop")
        guard case .question(let q) = lesson.steps[2] else { Issue.record("not a question"); return }
        #expect(q.expected == .grid(Self.seedDW, tolerance: 1e-6))
    }

    /// A wrong grad_output leaves its layer unbuilt: a step using it says so where it names it,
    /// rather than being dropped unexplained.
    @Test func aStepOnABrokenLayerSaysWhy() {
        let yaml = "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  seed:\n    grad_output: \"1 0; 0 1\"\nsteps:\n  - stepper: {layer: seed, wrt: weight}\n"
        #expect(parse(yaml).problems == ["7:18: grad_output is 2×2 but the layer's output is 3×3",
                                         "9:22: layer 'seed' has errors of its own (reported at its definition), so this step cannot use it"])
    }

    /// A dense layer's output is 1-D; a grid is at least one row, so that is how dY is written.
    @Test func aDenseGradientIsWrittenAsOneRow() throws {
        let yaml = "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  fc:\n    op: dense\n    input: \"1 2; 3 4\"\n    weights: \"1 0 1 0; 0 1 0 1\"\n    grad_output: \"1 -1\"\n"
            + "steps:\n  - question: {id: q, prompt: P, kind: grid, from: {layer: fc, value: grad_input}}\n"
            + "  - predict: {id: p, layer: fc, wrt: input, output: [1, 1], before_term: 1, ask: output}\n"
        let l = try parse(yaml).get()
        guard case .question(let q) = l.steps[0], case .predict(let p) = l.steps[1] else { Issue.record("unexpected step kinds"); return }
        // dX = Wᵀ·dY in the input's shape: (1·1 + 0·(−1), 0·1 + 1·(−1); 1, −1).
        #expect(q.expected == .grid([[1, -1], [1, -1]], tolerance: 1e-6))
        #expect(p.answer == -1 && p.work == "Both products are yours: find each weight's dY value in the dY and weights grids.")
    }

    /// The predict on dW while it waits: the factors named by role, nothing still to come shown.
    @Test func plainModeAsksAGradientPredictWithoutShowingItsWork() throws {
        var input = ["", "skip", ""][...]
        var out = ""
        var runner = PlainLesson(session: LessonSession(lesson: try Self.fixture()), resumeCommand: "convtutor lesson fixture-gradient",
                                 readLine: { input.popFirst() }, write: { out += $0 }, save: { _ in .saved })
        try runner.run()
        let asked = try #require(out.range(of: "── Screen 2 of 8 ──")).upperBound
        let answered = try #require(out.range(of: "> The answer: 3."))
        let waiting = String(out[asked..<answered.lowerBound])
        #expect(waiting.contains("Backward from dY = dL/dY to dW of shape 1×1×3×3 (81 products, 9 per cell):\n  dW[o,c,ky,kx] = Σ over outputs dY·x\n"), "\(waiting)")
        #expect(waiting.contains("dY = dL/dY 3×3:\n   1  0  0\n   0  2  0\n   0  0 -1\n"))
        #expect(waiting.contains("dW[0,0,1,2] = 1·1 + … (1 of 9 products so far)\n  running sums: 1\n"
            + "Products 2 to 9 are yours: find each dY value's input in the input and dY\n  grids.\n"
            + "What will dW[0,0,1,2] be once all its products are added?\n"))
        #expect(!waiting.contains("1·2"), "product 5 (x 1, dY 2) is the learner's")
        #expect(out[answered.upperBound...].hasPrefix("\ndW[0,0,1,2] = 1·1 + 1·0 + 0·0 + 1·0 + 1·2 + 1·0 + 1·0 + 1·0 + 0·(-1) = 3\n  running sums: 1 1 1 1 3 3 3 3 3\n"))
        // The stepper before it walks dW, filling its grid cell by cell.
        #expect(out.contains("dW[0,0,0,1] = 1·1 + 1·0 + 0·0 + 1·0 + 1·2 + 1·0 + 0·0 + 1·0 + 1·(-1) = 2\n  running sums: 1 1 1 1 3 3 3 3 2\ndW so far (· not computed yet):\n  2 2 ·\n  · · ·\n  · · ·\n"))
    }

    @Test func plainModeNamesEachGradientsFactors() throws {
        let l = try Self.fixture()
        guard case .predict(let dx) = l.steps[2], case .stepper(let db) = l.steps[3] else {
            Issue.record("unexpected step kinds")
            return
        }
        #expect(dx.work == "Products 3 to 5 are yours: find each weight's dY value in the dY and kernel grids.")
        #expect(TraceText.worked(dx, answered: false) == ["dX[0,2,2] = 1·1 + 0·0 + … (2 of 9 products so far)", "  running sums: 1 1"])
        let op = try db.spec.steppedOp()
        // A bias gradient adds dY values: one factor per term.
        #expect(TraceText.run(op, gradient: .bias).hasPrefix("db[0] = 1 + 0 + 0 + 0 + 2 + 0 + 0 + 0 + (-1) = 2\n  running sums: 1 1 1 1 3 3 3 3 2\ndb 1:\n  2"))
        #expect(TraceText.describe(Trace(op)[4], in: op) == "dY (1,1) = 2")
        let dX = try dx.spec.steppedOp(), trace = Trace(dX)
        #expect(TraceText.describe(trace[trace.firstStep(ofOutput: dx.outputFlat) + 4], in: dX) == "dY (1,1) = 2 × weight (1,1) = 1")
    }

    /// Under a ReLU the sums use dY as the gate passes it: plain mode prints that grid too.
    @Test func aReluLayerShowsTheGatedGradient() throws {
        let yaml = "id: t\ntitle: T\nsummary: S\ntopics: [backprop]\nlayers:\n  l:\n    bias: -3\n    relu: true\n    grad_output: \"1 1 1; 1 1 1; 1 1 1\"\nsteps:\n  - stepper: {layer: l, wrt: weight}\n"
        let l = try parse(yaml).get()
        let s = try #require(l.steps.first.flatMap { if case .stepper(let s) = $0 { s } else { nil } })
        let text = TraceText.operands(s.spec)
        #expect(text.contains("dY after the ReLU 3×3:\n  1 0 1\n  0 1 0\n  0 0 1"), "outputs 4 3 4; 2 4 3; 2 3 4 minus 3 pass where > 0\n\(text)")
        let layer = try s.spec.layer()
        #expect(TraceText.summary(s.spec, layer).hasSuffix("\nThe ReLU passes dY only where the output before it was > 0; elsewhere the sums use 0."))
    }

    @Test func showPanelsCarryDY() throws {
        let l = try Self.fixture()
        guard case .question(let q) = l.steps[4] else { Issue.record("not a question"); return }
        let shown = try #require(q.show)
        let panel = TraceText.showcase(shown.spec, width: 80)
        #expect(panel.first == "input       kernel   dY = dL/dY", "\(panel)")
        #expect(panel.contains("1 1 1 0 0   1 0 1     1  0  0"))
    }

    static let pool = """
        id: t
        title: T
        summary: S
        topics: [pooling]
        layers:
          p:
            op: max-pool
            input: "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"
            pool_size: 2
            stride: 1
            grad_output: "1 2 3; 4 5 6; 7 8 9"
        steps:

        """

    /// A pool's dX is asked about as a gradient (products added), not as the pool's taps, and
    /// its dW and db are refused with the one message the CLI gives.
    @Test func aPoolsDXIsAGradientAndItsWeightsAreRefused() throws {
        let l = try LessonReader.parse(Self.pool + "  - predict: {layer: p, wrt: input, output: [0, 1, 2], before_term: 1, ask: output}\n", file: "t.yaml").get()
        guard case .predict(let dx) = l.steps[0] else {
            Issue.record("a predict step")
            return
        }
        #expect(dx.answer == 5, "dX[0,1,2]: it wins the windows (0,1) and (0,2), dY 2 + 3")
        #expect(dx.prompt == "What will dX[0,1,2] be once all its products are added?")
        #expect(dx.work == "All 4 products are yours: find each window's dY and whether the cell won that window's max in the dY and input grids.")
        for (step, says) in [("  - stepper: {layer: p, wrt: weight}", "13:30: wrt: max-pool has no weights: its only gradient is dX (wrt: input)"),
                             ("  - question: {id: q, prompt: x, kind: grid, from: {layer: p, value: grad_bias}}",
                              "13:70: grad_bias of layer 'p': max-pool has no weights: its only gradient is dX (wrt: input)")] {
            #expect(LessonReader.parse(Self.pool + step + "\n", file: "t.yaml").problems == [says])
        }
    }
}
