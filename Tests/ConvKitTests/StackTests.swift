import ConvKit
import Testing

/// Layers fed one into the next, and the paths from one deep output back to the input.
@Suite(.timeLimit(.minutes(10))) struct StackTests {
    static let box = try! GridText.parse("1 1 1; 1 1 1; 1 1 1")

    @Test func eachLayerReadsTheOutputBeforeIt() throws {
        let x = try GridText.parse("1 -2 3 0; 4 5 -6 1; 0 2 1 -1; 3 0 2 2")
        let conv = LayerSpec(input: x, kernel: try GridText.parse("1 0; 0 -1"), options: ConvOptions(padding: .explicit(.one), relu: true))
        let pool = LayerSpec(op: .maxPool, input: x, kernel: LayerSpec.noKernel, options: ConvOptions(stride: Pair(2, 2), poolSize: Pair(2, 2)))
        let stack = try Stack(input: x, layers: [conv, pool])
        let first = try conv.layer().compute()
        var second = pool
        second.input = first
        #expect(stack.outputs == [first, try second.layer().compute()])
        #expect(stack.specs[1].input == first)
    }

    @Test func aLayerThatDoesNotFitNamesTheShapesThatMet() throws {
        let x = try GridText.parse("1 2 3; 4 5 6; 7 8 9")
        let conv = LayerSpec(input: x, kernel: Self.box)
        let twoChannels = LayerSpec(input: x, kernel: try Tensor(shape: [1, 2, 1, 1], data: [1, 1]))
        #expect(throws: ConvError.self) { try Stack(input: x, layers: [conv, twoChannels]) }
        do {
            _ = try Stack(input: x, layers: [conv, twoChannels])
        } catch let e as ConvError {
            #expect(e.message.hasPrefix("layer 2 (conv2d) does not fit the output of layer 1, [1,1,1]: "), "\(e.message)")
        }
        #expect(throws: ConvError("a stack needs at least one layer")) { try Stack(input: x, layers: []) }
    }

    /// Every output is kept, so the stack bounds their total (10⁸ by default) before the layer
    /// that would pass it computes, naming that layer: many legal layers cannot add up to an
    /// out-of-memory abort.
    @Test func theOutputsTogetherAreBounded() throws {
        let x = try GridText.parse("1 2 3; 4 5 6; 7 8 9")
        let keep = LayerSpec(input: x, kernel: try GridText.parse("1"))
        #expect(try Stack(input: x, layers: [keep, keep], holding: 18).outputs.count == 2)
        var misfit = 0
        #expect(throws: ConvError("layer 3 (conv2d) would bring the stack's outputs to 27 values in all; a stack keeps every layer's output and holds at most 18")) {
            try Stack(input: x, layers: [keep, keep, keep], holding: 18) { misfit = $0 }
        }
        #expect(misfit == 3)
    }

    /// −∞ from a max window wholly in the padding, or a value grown past ±1e100, is named as the
    /// layer before's output, not as a misfit of shapes.
    @Test func aValueNoLayerTakesIsBlamedOnItsSource() throws {
        let x = try GridText.parse("1 2; 3 4")
        var options = ConvOptions(padding: .explicit(.one), dilation: Pair(3, 3), poolSize: Pair(2, 2))
        options.stride = .one
        let pool = LayerSpec(op: .maxPool, input: x, kernel: LayerSpec.noKernel, options: options)
        let conv = LayerSpec(input: x, kernel: try GridText.parse("1"))
        #expect(throws: ConvError("layer 2 (conv2d) cannot read the output of layer 1: it holds -inf at [0,0,0], from a max-pool window that reads only padding")) {
            try Stack(input: x, layers: [pool, conv])
        }
        let huge = LayerSpec(input: x, kernel: try GridText.parse("1e60"))
        do {
            _ = try Stack(input: x, layers: [huge, huge, conv])
            Issue.record("a value past ±1e100 went through")
        } catch let e as ConvError {
            #expect(e.message.hasPrefix("layer 3 (conv2d) cannot read the output of layer 2: it holds 9.99") && e.message.hasSuffix("e+119 at [0,0,0], past the ±1e100 any input may hold"), "\(e.message)")
        }
    }

    /// Two 3×3 layers see 5×5, and the middle of the field is reached by the most paths:
    /// 1 2 3 2 1 along each axis, 9 at the centre.
    @Test func twoThreeByThreeLayersSeeFiveByFiveCentreWeighted() throws {
        let x = try Tensor(shape: [7, 7], data: (0..<49).map(Double.init))
        let conv = LayerSpec(input: x, kernel: Self.box)
        let stack = try Stack(input: x, layers: [conv, conv])
        let counts = try stack.pathCounts(layer: 2, cell: [0, 1, 1])
        #expect(counts.count == 3 && counts[2].reduce(0, +) == 1 && counts[1].reduce(0, +) == 9)
        let line: [Double] = [0, 1, 2, 3, 2, 1, 0]
        #expect(counts[0] == line.flatMap { r in line.map { r * $0 } })
    }

    /// A zero pad is reached by no path; a reflect pad sends its paths to the cell it copies.
    @Test func paddingZerosAreNoPathsButCopiesAre() throws {
        let x = try GridText.parse("1 2 3; 4 5 6; 7 8 9")
        let zeros = LayerSpec(input: x, kernel: Self.box, options: ConvOptions(padding: .explicit(.one)))
        var reflect = zeros
        reflect.options.paddingMode = .reflect
        let z = try Stack(input: x, layers: [zeros]).pathCounts(layer: 1, cell: [0, 0, 0])
        let r = try Stack(input: x, layers: [reflect]).pathCounts(layer: 1, cell: [0, 0, 0])
        #expect(z[0] == [1, 1, 0, 1, 1, 0, 0, 0, 0])
        // Padded (-1,-1), (-1,0), (-1,1), (0,-1), (1,-1) copy (1,1), (1,0), (1,1), (0,1), (1,1).
        #expect(r[0] == [1, 2, 0, 2, 4, 0, 0, 0, 0])
        #expect(throws: ConvError.self) { try Stack(input: x, layers: [zeros]).pathCounts(layer: 1, cell: [0, 3, 0]) }
    }
}
