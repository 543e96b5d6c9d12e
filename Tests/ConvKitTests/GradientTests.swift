import ConvKit
import Foundation
import Testing

/// The golden gradients written by Scripts/gen_grad_fixtures.py (PyTorch autograd's semantics).
struct GradCase: Decodable, CustomTestStringConvertible {
    struct Options: Decodable {
        let stride: [Int], padding: FixtureCase.PaddingValue, dilation: [Int], groups: Int, flip: Bool, relu: Bool
    }
    let name: String
    let op: String
    let input: FixtureCase.Array
    let kernel: FixtureCase.Array
    let bias: FixtureCase.Array?
    let options: Options
    let gradOutput: FixtureCase.Array
    let gradInput: FixtureCase.Array
    let gradWeight: FixtureCase.Array
    let gradBias: FixtureCase.Array

    enum CodingKeys: String, CodingKey {
        case name, op, input, kernel, bias, options
        case gradOutput = "grad_output", gradInput = "grad_input", gradWeight = "grad_weight", gradBias = "grad_bias"
    }

    var testDescription: String { name }

    func layer() throws -> Layer {
        let o = options
        return try Layer(op: Op(rawValue: op)!, input: input.tensor, kernel: kernel.tensor, bias: bias?.tensor,
                         options: FixtureCase.options(stride: o.stride, padding: o.padding, outputPadding: nil, dilation: o.dilation, groups: o.groups, flip: o.flip, relu: o.relu))
    }

    static let all: [GradCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/grad-cases.json")
        struct File: Decodable { let cases: [GradCase] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()
}

/// A small random layer for the checks that need no fixture.
struct RandomLayer: CustomTestStringConvertible {
    let op: Op
    let inputShape: [Int], kernelShape: [Int]
    let options: ConvOptions
    let hasBias: Bool
    let seed: UInt64

    var testDescription: String { "\(op.rawValue) \(inputShape.shapeText) \(kernelShape.shapeText) \(options) bias \(hasBias) seed \(seed)" }

    func make(input: [Double]? = nil, kernel: [Double]? = nil, bias: [Double]? = nil) throws -> Layer {
        var rng = SplitMix64(seed: seed)
        func values(_ n: Int) -> [Double] { (0..<n).map { _ in Double.random(in: -1...1, using: &rng) } }
        let x = values(inputShape.reduce(1, *)), k = values(kernelShape.reduce(1, *))
        let out = op == .dense ? kernelShape[0] : op == .depthwise ? inputShape[0] : kernelShape[0]
        let b = values(out)
        return try Layer(op: op, input: Tensor(shape: inputShape, data: input ?? x), kernel: Tensor(shape: kernelShape, data: kernel ?? k),
                         bias: hasBias ? Tensor(shape: [out], data: bias ?? b) : nil, options: options)
    }

    /// dL/dY for L = Σ dY·Y: seeded, in the output's shape.
    func gradOutput() throws -> Tensor {
        let shape = try make().outputShape
        var rng = SplitMix64(seed: seed &+ 1)
        return try Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Double.random(in: -1...1, using: &rng) })
    }

    static func conv(_ c: Int, _ h: Int, _ w: Int, _ k: [Int], stride: Int = 1, padding: Padding = .valid, dilation: Int = 1, groups: Int = 1,
                     flip: Bool = false, relu: Bool = false, bias: Bool = false, op: Op = .conv2d, seed: UInt64) -> RandomLayer {
        RandomLayer(op: op, inputShape: [c, h, w], kernelShape: k,
                    options: ConvOptions(stride: Pair(stride, stride), padding: padding, dilation: Pair(dilation, dilation), groups: groups, flip: flip, relu: relu),
                    hasBias: bias, seed: seed)
    }

    static let all: [RandomLayer] = [
        conv(1, 5, 5, [3, 3], seed: 1),
        conv(2, 7, 6, [3, 2, 3, 2], stride: 2, padding: .explicit(Pair(1, 1)), bias: true, seed: 2),
        conv(2, 7, 7, [2, 2, 2, 3], dilation: 2, flip: true, relu: true, bias: true, seed: 3),
        conv(4, 6, 6, [4, 2, 3, 3], stride: 2, padding: .full, groups: 2, flip: true, bias: true, seed: 4),
        conv(2, 5, 6, [2, 2, 2, 2], padding: .same, relu: true, seed: 5),
        conv(3, 6, 5, [3, 3, 3], stride: 3, padding: .explicit(Pair(2, 1)), dilation: 2, relu: true, bias: true, op: .depthwise, seed: 6),
        conv(3, 4, 4, [2, 3], stride: 2, relu: true, bias: true, op: .pointwise, seed: 7),
        RandomLayer(op: .dense, inputShape: [2, 3], kernelShape: [4, 6], options: ConvOptions(relu: true), hasBias: true, seed: 8),
    ]
}

@Suite(.timeLimit(.minutes(10))) struct GradientTests {
    @Test func fixturesCoverEveryOpAndOption() {
        #expect(Set(GradCase.all.map(\.op)) == ["conv2d", "depthwise", "pointwise", "dense"])
        #expect(GradCase.all.contains { $0.name == "seed-relu-zero-gate" })
    }

    @Test(arguments: GradCase.all)
    func matchesNumpy(_ c: GradCase) throws {
        let g = try c.layer().backward(gradOutput: c.gradOutput.tensor)
        for (name, got, want) in [("input", g.input, c.gradInput), ("weight", g.weight!, c.gradWeight), ("bias", g.bias!, c.gradBias)] {
            #expect(got.shape == want.shape, "\(name)")
            #expect(allClose(got.data, want.data), "\(name): \(got.data) vs \(want.data)")
        }
    }

    /// Central differences of L = Σ dY·Y on every input, weight and bias entry. With ReLU an
    /// entry is skipped when its nudge moves a pre-activation across 0 (the derivative jumps there).
    @Test(arguments: RandomLayer.all)
    func agreesWithFiniteDifferences(_ r: RandomLayer) throws {
        let layer = try r.make(), dY = try r.gradOutput()
        let g = try layer.backward(gradOutput: dY)
        let h = 1e-6
        func loss(_ l: Layer) -> Double { zip(l.compute().data, dY.data).reduce(0) { $0 + $1.0 * $1.1 } }
        func gates(_ l: Layer) -> [Bool] { l.compute().data.map { $0 > 0 } }
        func check(_ name: String, _ base: [Double], _ analytic: [Double], _ nudged: ([Double]) throws -> Layer) throws {
            #expect(base.count == analytic.count, "\(name)")
            for i in base.indices {
                var up = base, down = base
                up[i] += h
                down[i] -= h
                let (lu, ld) = (try nudged(up), try nudged(down))
                if r.options.relu, gates(lu) != gates(ld) { continue }
                let numeric = (loss(lu) - loss(ld)) / (2 * h)
                #expect(abs(numeric - analytic[i]) <= 1e-6 * max(1, abs(analytic[i])), "\(name)[\(i)]: \(numeric) vs \(analytic[i])")
            }
        }
        guard case let .conv(c) = layer else {
            guard case let .dense(d) = layer else { return }
            try check("input", d.input.data, g.input.data) { try r.make(input: $0) }
            try check("weight", d.weight.data, g.weight!.data) { try r.make(kernel: $0) }
            try check("bias", d.bias!, g.bias!.data) { try r.make(bias: $0) }
            return
        }
        try check("input", c.input.data, g.input.data) { try r.make(input: $0) }
        // The kernel as given holds the normalised weight's numbers in the same order.
        try check("weight", c.weight.data, g.weight!.data) { try r.make(kernel: $0) }
        if let b = c.bias { try check("bias", b, g.bias!.data) { try r.make(bias: $0) } }
    }

    /// dX is conv-transpose of the gated dY with the same weights (turned when flip), bit for bit, with
    /// output padding restoring the input's size; only symmetric padding has such a twin.
    @Test(arguments: RandomLayer.all.filter { $0.op != .dense })
    func inputGradientIsTheTransposedConvolution(_ r: RandomLayer) throws {
        guard case let .conv(c) = try r.make(), c.padTop == c.padBottom, c.padLeft == c.padRight else { return }
        let grads = try Layer.conv(c).gradientLayers(gradOutput: r.gradOutput())
        var kernel = c.weight
        if c.options.flip {
            let (kh, kw) = (c.kh, c.kw)
            kernel.data = kernel.data.indices.map { i in
                let base = i - i % (kh * kw), ky = (i % (kh * kw)) / kw, kx = i % kw
                return c.weight.data[base + (kh - 1 - ky) * kw + (kw - 1 - kx)]
            }
        }
        let (s, d) = (c.options.stride, c.options.dilation)
        func extra(_ size: Int, _ out: Int, _ s: Int, _ p: Int, _ d: Int, _ k: Int) -> Int { size - ((out - 1) * s - 2 * p + d * (k - 1) + 1) }
        let options = ConvOptions(
            stride: s, padding: .explicit(Pair(c.padTop, c.padLeft)),
            outputPadding: Pair(extra(c.height, c.outHeight, s.h, c.padTop, d.h, c.kh), extra(c.width, c.outWidth, s.w, c.padLeft, d.w, c.kw)),
            dilation: d, groups: c.groups)
        let twin = try TransposedConvLayer(input: Tensor(shape: c.outputShape, data: grads.gated), kernel: kernel, options: options)
        let want = twin.compute(), got = grads.input.compute()
        #expect(got.shape == want.shape)
        // Both gather in the same order (the dY cells row-major), so not just close: equal.
        #expect(zip(got.data, want.data).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(got.data) vs \(want.data)")
    }

    /// Each gradient cell's last running value in its trace is what compute() gives.
    @Test(arguments: RandomLayer.all)
    func tracesEndOnTheComputedGradient(_ r: RandomLayer) throws {
        let grads = try r.make().gradientLayers(gradOutput: r.gradOutput())
        for op in [grads.weight!, grads.input, grads.bias!] as [any ReductionLayer] {
            let values = op.compute().data
            let last = ReductionTrace(op).filter(\.isLastTerm)
            #expect(last.count == values.count)
            #expect(last.allSatisfy { $0.sum.bitPattern == values[$0.outputFlat].bitPattern })
        }
    }

    @Test func refusesAGradOutputOfTheWrongShape() throws {
        let layer = try GradCase.all[0].layer()
        #expect(throws: ConvError("grad-output is 2×2 but the layer's output is 3×3")) {
            try layer.backward(gradOutput: Tensor(shape: [2, 2], data: [1, 2, 3, 4]))
        }
        // A single-channel output may be given 2-D or 3-D.
        let flat = try layer.backward(gradOutput: Tensor(shape: [3, 3], data: Array(repeating: 1, count: 9)))
        #expect(try flat == layer.backward(gradOutput: Tensor(shape: [1, 3, 3], data: Array(repeating: 1, count: 9))))
    }

    @Test func refusesConvTranspose() throws {
        let layer = try Layer(op: .convTranspose, input: Tensor(shape: [2, 2], data: [1, 2, 3, 4]), kernel: Tensor(shape: [2, 2], data: [1, 0, 0, 1]))
        #expect(throws: ConvError.self) { try layer.backward(gradOutput: Tensor(shape: [3, 3], data: Array(repeating: 1, count: 9))) }
    }
}
