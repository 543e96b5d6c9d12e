import ConvKit
import Testing
@testable import LessonKit

/// Lesson layers with pool_size, ceil_mode and padding_mode: built as `compute` builds them,
/// refused at the key `compute` would refuse.
@Suite(.timeLimit(.minutes(10))) struct PoolLessonKeyTests {
    static let head = "id: t\ntitle: T\nsummary: S\ntopics: [pooling]\nlayers:\n"
    static let grid = "\"1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3\""

    @Test func aMaxPoolLayerStridesByItsSizeAndAnswersWithItsOutput() throws {
        let yaml = Self.head + "  pool:\n    op: max-pool\n    input: \(Self.grid)\n    pool_size: 2\nsteps:\n"
            + "  - question: {id: q, prompt: P, kind: grid, from: {layer: pool, value: output}}\n"
        let l = try parse(yaml).get()
        guard case .question(let q) = l.steps[0] else { Issue.record("not a question"); return }
        #expect(q.expected == .grid([[5, 8], [6, 9]], tolerance: 1e-6))
        #expect(l.layers["pool"]?.options.stride == Pair(2, 2))
    }

    @Test func anAveragePoolWithCeilModeAndAReflectConvBuild() throws {
        let yaml = Self.head + "  avg:\n    op: avg-pool\n    input: \(Self.grid)\n    pool_size: 3\n    stride: 2\n    ceil_mode: true\n"
            + "  edge:\n    input: \(Self.grid)\n    kernel: \"1 0; 0 1\"\n    padding: 1\n    padding_mode: reflect\nsteps:\n"
            + "  - question: {id: q, prompt: P, kind: grid, tolerance: 0.01, from: {layer: avg, value: output}}\n"
            + "  - question: {id: r, prompt: P, kind: number, from: {layer: edge, value: \"output[0,0,0]\"}}\n"
        let l = try parse(yaml).get()
        guard case .question(let q) = l.steps[0], case .question(let r) = l.steps[1] else { Issue.record("not questions"); return }
        // ceil mode keeps the windows starting at row/column 2, which hold 2×2 input cells and divide by 4.
        let rows: [[Double]] = [[34.0 / 9, 27.0 / 6], [21.0 / 6, 22.0 / 4]]
        #expect(q.expected == .grid(rows, tolerance: 0.01))
        // Reflect: padded (-1,-1) copies input (1,1) = 4, plus input (0,0) = 1.
        #expect(r.expected == .number(5, tolerance: 1e-6))
    }

    /// The Pooling and padding modes example of Lessons/README.md loads as written.
    @Test func theReadmePoolExampleChecks() throws {
        let lesson = try readmeExample(under: "## Pooling and padding modes", topic: "pooling")
        guard case .predict(let p) = lesson.steps[0], case .question(let q) = lesson.steps[1] else { Issue.record("unexpected steps"); return }
        #expect(p.answer == 6 && p.words.term == "tap")
        #expect(q.expected == .grid([[5, 8], [6, 9]], tolerance: 1e-6))
        #expect(lesson.layers["edge"]?.options.paddingMode == .reflect)
    }

    static let broken: [(name: String, yaml: String, at: String, says: String)] = [
        ("a pool without pool_size", head + "  pool:\n    op: max-pool\nsteps:\n  - text: hi\n", "6:3", "layer 'pool' is a max-pool and needs pool_size"),
        ("a kernel on a pool", head + "  pool:\n    op: avg-pool\n    pool_size: 2\n    kernel: \"1 0; 0 1\"\nsteps:\n  - text: hi\n",
         "9:5", "kernel does not apply to avg-pool: a pooling window has no weights"),
        ("pool_size on a conv", head + "  conv:\n    pool_size: 2\nsteps:\n  - text: hi\n", "7:5", "pool_size only applies to max-pool and avg-pool"),
        ("ceil_mode on a conv", head + "  conv:\n    ceil_mode: true\nsteps:\n  - text: hi\n", "7:5", "ceil_mode only applies to max-pool and avg-pool"),
        ("an unknown padding_mode", head + "  conv:\n    padding: 1\n    padding_mode: mirror\nsteps:\n  - text: hi\n",
         "8:19", "padding_mode must be one of zeros, reflect, replicate, circular; got 'mirror'"),
        ("padding_mode on a pool", head + "  pool:\n    op: max-pool\n    pool_size: 2\n    padding_mode: reflect\nsteps:\n  - text: hi\n",
         "9:5", "padding_mode does not apply to max-pool"),
        ("dilation on an average pool", head + "  pool:\n    op: avg-pool\n    pool_size: 2\n    dilation: 2\nsteps:\n  - text: hi\n",
         "9:5", "dilation applies to max-pool only"),
        ("reflect padding past the input", head + "  conv:\n    input: \"1 2; 3 4\"\n    kernel: \"1\"\n    padding: 2\n    padding_mode: reflect\nsteps:\n  - text: hi\n",
         "6:3", "padding_mode reflect pads the rows (2, 2), but each side must be less than the input's 2 rows"),
        ("a one-tap max prediction", head + "  pool:\n    op: max-pool\n    pool_size: 2\nsteps:\n  - predict: {layer: pool, output: [0, 0, 0], before_term: 4, ask: output}\n",
         "10:60", "this prediction asks for 1 tap (tap 4 of 4); a prediction needs at least 2 taps of work (before_term 3 or less)\n"),
        ("a one-tap pool", head + "  pool:\n    op: avg-pool\n    pool_size: 1\nsteps:\n  - predict: {layer: pool, output: [0, 0, 0], before_term: 1, ask: output}\n",
         "10:60", "a prediction needs at least 2 taps of work (a pool_size of 2 or more taps)\n"),
        ("pool padding past half the window", head + "  pool:\n    op: max-pool\n    pool_size: 2\n    padding: 2\nsteps:\n  - text: hi\n",
         "6:3", "padding 2 is more than half the pool size 2"),
    ]

    @Test(arguments: broken.indices)
    func brokenFilesPointAtTheProblem(_ i: Int) {
        let c = Self.broken[i]
        #expect(firstProblem(of: c.yaml, isAt: c.at, saying: c.says), "\(c.name): \(parse(c.yaml).problems)")
    }

    /// A pool_size that is not a number is one error at its value, not also "needs pool_size".
    @Test func aBadPoolSizeIsOneError() {
        let yaml = Self.head + "  pool:\n    op: max-pool\n    pool_size: x\nsteps:\n  - text: hi\n"
        #expect(parse(yaml).problems == ["8:16: pool_size must be N or \"H,W\" with whole numbers; got 'x'"])
    }
}
