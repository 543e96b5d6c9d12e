import ConvKit
import Foundation
import Testing

/// A case of Fixtures/pool-grad-cases.json (Scripts/gen_pool_grad_fixtures.py): dY for the pool
/// case of the same name in pool-cases.json, and PyTorch's dX for it.
struct PoolGradFixture: Decodable, CustomStringConvertible {
    let name: String
    let gradOutput: FixtureCase.Array
    let gradInput: FixtureCase.Array

    enum CodingKeys: String, CodingKey {
        case name, gradOutput = "grad_output", gradInput = "grad_input"
    }

    var description: String { name }
    var pool: PoolFixture { PoolFixture.all.first { $0.name == name }! }

    func layer() throws -> Layer {
        let c = pool
        return c.op == "max-pool" ? .maxPool(try MaxPool(input: c.input.tensor, options: c.poolOptions))
            : .avgPool(try AvgPool(input: c.input.tensor, options: c.poolOptions))
    }

    static let all: [PoolGradFixture] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pool-grad-cases.json")
        struct File: Decodable { let cases: [PoolGradFixture] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()
}

@Suite(.timeLimit(.minutes(10))) struct PoolGradientTests {
    @Test func everyPoolCaseWithAnOutputHasItsGradient() {
        #expect(PoolGradFixture.all.count == PoolFixture.all.filter { $0.isPool && $0.expected != nil }.count)
    }

    /// dX as PyTorch's backward kernels give it; max bit for bit (the same additions in the
    /// same order), avg to 1e-12 (dY × (1/divisor) against PyTorch's dY ÷ divisor).
    @Test(arguments: PoolGradFixture.all)
    func dXIsPyTorchs(_ c: PoolGradFixture) throws {
        let g = try c.layer().backward(gradOutput: c.gradOutput.tensor)
        #expect(g.weight == nil && g.bias == nil)
        #expect(g.input.shape == c.gradInput.shape)
        if c.pool.op == "max-pool" {
            #expect(g.input.data.bits == c.gradInput.data.bits, "\(g.input.data) vs \(c.gradInput.data)")
        } else {
            #expect(veryClose(g.input.data, c.gradInput.data), "\(g.input.data) vs \(c.gradInput.data)")
        }
        let dX = try c.layer().gradientLayers(gradOutput: c.gradOutput.tensor).layer(for: .input)
        #expect(tracedOutputs(dX).bits == dX.compute().data.bits)
    }

    /// A cell's terms are exactly the windows that hold it as a tap, row-major, each naming the
    /// tap it is: against every window's every tap, one by one.
    @Test(arguments: PoolGradFixture.all)
    func aCellsTermsAreTheWindowsHoldingIt(_ c: PoolGradFixture) throws {
        let layer = try c.layer()
        guard let dX = try layer.gradientLayers(gradOutput: c.gradOutput.tensor).layer(for: .input) as? PoolInputGradient else {
            Issue.record("dX of a pool is a PoolInputGradient")
            return
        }
        let g = dX.geometry
        var holding = [[(o: [Int], tap: [Int])]](repeating: [], count: dX.outputCount)
        for o in 0..<layer.outputCount {
            for t in 0..<g.termsPerOutput {
                let p = g.tap(output: o, term: t)
                guard p[1] >= 0, p[1] < g.height, p[2] >= 0, p[2] < g.width else { continue }
                holding[(p[0] * g.height + p[1]) * g.width + p[2]].append((Tensor.unravel(o, layer.outputShape), [t / g.size.w, t % g.size.w]))
            }
        }
        #expect(dX.termsPerOutput == max(1, holding.map(\.count).max()!))
        for cell in 0..<dX.outputCount {
            let terms = (0..<dX.termsPerOutput).map { dX.term(output: cell, term: $0) }
            let real = terms.filter { $0.input != nil }
            #expect(real.map(\.input!) == holding[cell].map(\.o), "cell \(cell)")
            #expect(real.map(\.weight) == holding[cell].map(\.tap), "cell \(cell)")
            #expect(terms.dropFirst(real.count).allSatisfy { $0.input == nil && $0.product == 0 })
        }
    }

    static let grid = "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"

    @Test func aPoolHasNoWeightGradients() throws {
        let layer = try Layer(op: .maxPool, input: GridText.parse(Self.grid), kernel: LayerSpec.noKernel, options: ConvOptions(stride: Pair(2, 2), poolSize: Pair(2, 2)))
        let layers = try layer.gradientLayers(gradOutput: GridText.parse("1 2; 3 4"))
        #expect(layers.targets == [.input])
        for wrt in [GradientTarget.weight, .bias] {
            #expect(throws: ConvError("max-pool has no weights: its only gradient is dX (wrt: input)")) { try layers.layer(for: wrt) }
        }
    }

    /// The issue's example: each dY reaches its window's maximum, 5 8 6 9.
    @Test func maxRoutesEachDYToItsWindowsMaximum() throws {
        let layer = try Layer(op: .maxPool, input: GridText.parse(Self.grid), kernel: LayerSpec.noKernel, options: ConvOptions(stride: Pair(2, 2), poolSize: Pair(2, 2)))
        let g = try layer.backward(gradOutput: GridText.parse("1 2; 3 4"))
        #expect(g.input == (try GridText.parse("0 1 0 0; 0 0 2 0; 0 0 4 0; 3 0 0 0")))
        let dX = try layer.gradientLayers(gradOutput: GridText.parse("1 2; 3 4")).input
        #expect(dX.termsPerOutput == 1)
        #expect(dX.weightName(dX.term(output: 1, term: 0)) == "share (won the max)")
        #expect(dX.weightName(dX.term(output: 0, term: 0)) == "share (lost the max)")
        #expect(dX.sourceName(dX.term(output: 1, term: 0)) == "dY (0,0)")
    }

    @Test func avgSharesEachDYOverItsWindow() throws {
        let layer = try Layer(op: .avgPool, input: GridText.parse("1 2 3; 4 5 6; 7 8 9"), kernel: LayerSpec.noKernel,
                              options: ConvOptions(stride: Pair(2, 2), poolSize: Pair(2, 2), ceilMode: true))
        // The ceil-mode windows on the right and bottom hold 2 cells (and the corner 1): ÷ 2, ÷ 1.
        let g = try layer.backward(gradOutput: GridText.parse("4 2; 2 1"))
        #expect(g.input == (try GridText.parse("1 1 1; 1 1 1; 1 1 1")))
        let dX = try layer.gradientLayers(gradOutput: GridText.parse("4 2; 2 1")).input
        #expect(dX.weightName(dX.term(output: 0, term: 0)) == "share 1/4")
        #expect(dX.weightName(dX.term(output: 2, term: 0)) == "share 1/2")
    }

    /// A NaN times a losing cell's 0 would spread NaN where PyTorch adds nothing.
    @Test func maxRefusesANaNGradient() throws {
        let layer = try Layer(op: .maxPool, input: GridText.parse("1 2; 3 4"), kernel: LayerSpec.noKernel, options: ConvOptions(stride: Pair(2, 2), poolSize: Pair(2, 2)))
        #expect(throws: ConvError("grad-output value nan at [0,0,0]: max-pool gives each dY to one cell, and nan × 0 would reach the cells that lost the max; give numbers")) {
            try layer.gradientLayers(gradOutput: Tensor(shape: [1, 1], data: [.nan]))
        }
    }
}
