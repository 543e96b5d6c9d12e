/// Layers that feed each other: layer 1 reads `input`, layer n reads layer n−1's output. Each is
/// a `LayerSpec` whose `input` is filled in from the layer before, so every op, option and check a
/// single layer has holds inside a stack. Layers count from 1 in messages, as a stack file lists
/// them; index 0 of `layers` is layer 1.
public struct Stack: Sendable {
    public let input: Tensor
    /// Each layer as built on the output before it (`specs[i].input` is that output).
    public let specs: [LayerSpec]
    public let layers: [Layer]
    /// The last layer's output (each earlier one is the next spec's `input`).
    public let output: Tensor

    /// The most layers a stack may have: every screen lists them, and a path count walks each.
    public static let maxLayers = 64

    /// `given` are the layers with any input (it is replaced). A layer that does not build on
    /// its predecessor's output is refused naming both, e.g. "layer 2 (conv2d) does not fit the
    /// output of layer 1, [1,2,2]: …"; `misfit` hears that layer's 1-based count first, so a
    /// file can place the message at the layer. Every output is kept (the next layer's input,
    /// `--all`, stepping, path counts), so together they hold at most `most` values, as one
    /// tensor does; the check comes before the layer that would pass it computes.
    public init(input: Tensor, layers given: [LayerSpec], holding most: Int = Tensor.maxElements, misfit: (Int) -> Void = { _ in }) throws {
        guard !given.isEmpty else { throw ConvError("a stack needs at least one layer") }
        guard given.count <= Self.maxLayers else { throw ConvError("a stack has at most \(Self.maxLayers) layers; this one has \(given.count)") }
        var x = input, specs: [LayerSpec] = [], layers: [Layer] = [], held = 0
        for (i, g) in given.enumerated() {
            var s = g
            s.input = x
            s.gradient = nil
            if s.op == .im2col {
                misfit(i + 1)
                throw ConvError("layer \(i + 1) is im2col, which rearranges its input into a matrix rather than giving a layer's output; use conv2d in a stack")
            }
            // A value no layer takes as input (−∞ from a max-pool window that reads only padding,
            // or past ±1e100 after layers of large weights) is the layer before's doing, not a misfit.
            if i > 0, let bad = x.data.firstIndex(where: { !(abs($0) <= Tensor.maxMagnitude) }) {
                misfit(i + 1)
                let cause = x.data[bad] == -.infinity && layers[i - 1].op == .maxPool ? ", from a max-pool window that reads only padding" : ", past the ±1e100 any input may hold"
                throw ConvError("layer \(i + 1) (\(s.op.rawValue)) cannot read the output of layer \(i): it holds \(NumberFormat.exact(x.data[bad])) at \(Tensor.unravel(bad, x.shape).shapeText)\(cause)")
            }
            let layer: Layer
            do {
                layer = try s.layer()
            } catch let e as ConvError {
                misfit(i + 1)
                let from = i == 0 ? "the stack's input, \(x.shape.shapeText)" : "the output of layer \(i), \(x.shape.shapeText)"
                throw ConvError("layer \(i + 1) (\(s.op.rawValue)) does not fit \(from): \(e.message)")
            }
            held += layer.outputCount
            guard held <= most else {
                misfit(i + 1)
                throw ConvError("layer \(i + 1) (\(s.op.rawValue)) would bring the stack's outputs to \(held) values in all; a stack keeps every layer's output and holds at most \(most)")
            }
            x = layer.compute()
            specs.append(s)
            layers.append(layer)
        }
        (self.input, self.specs, self.layers, output) = (input, specs, layers, x)
    }

    /// Every layer's output, in order (the last is the stack's).
    public var outputs: [Tensor] { specs.dropFirst().map(\.input) + [output] }

    /// How many paths through the stack's windows reach each cell from output cell `cell` of
    /// layer `layer` (1-based): level 0 is the input, level l layer l's output, for l up to
    /// `layer`, where the cell itself counts 1. A path takes one term (tap) of each window it
    /// passes through and goes to the cell that term reads: the input cell it copies for a
    /// padding mode, nowhere for a zero pad. Cells with a count are the receptive field; the
    /// counts are its centre-weighted "effective" shape (weights aside). Only the field's cells
    /// are visited, so following one output costs its field, not the size of the image.
    public func paths(layer: Int, cell: [Int]) throws -> [PathLevel] {
        guard (1...layers.count).contains(layer) else { throw ConvError("layer \(layer) is outside 1...\(layers.count)") }
        let top = layers[layer - 1]
        guard cell.count == top.outputShape.count, zip(cell, top.outputShape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw ConvError("cell \(cell.shapeText) is outside layer \(layer)'s output \(top.outputShape.shapeText)")
        }
        var levels = [PathLevel](repeating: PathLevel(shape: [], counts: [:]), count: layer + 1)
        var here = [Tensor.ravel(cell, top.outputShape): 1.0]
        levels[layer] = PathLevel(shape: top.outputShape, counts: here)
        for l in stride(from: layer, through: 1, by: -1) {
            let op = layers[l - 1], shape = op.inputShape
            var below: [Int: Double] = [:]
            for (o, c) in here {
                for t in 0..<op.termsPerOutput {
                    if let i = op.term(output: o, term: t).input { below[Tensor.ravel(i, shape), default: 0] += c }
                }
            }
            levels[l - 1] = PathLevel(shape: shape, counts: below)
            here = below
        }
        return levels
    }

    /// `paths` as one full array per level (0 off the field), for small stacks and tests.
    public func pathCounts(layer: Int, cell: [Int]) throws -> [[Double]] {
        try paths(layer: layer, cell: cell).map(\.dense)
    }
}

/// One level of a followed field: the cells reached (flat indices into `shape`) and how many
/// paths reach each; every other cell has none.
public struct PathLevel: Sendable, Equatable {
    public let shape: [Int]
    public let counts: [Int: Double]

    public subscript(flat: Int) -> Double { counts[flat] ?? 0 }

    public var dense: [Double] {
        var all = [Double](repeating: 0, count: shape.reduce(1, *))
        for (i, c) in counts { all[i] = c }
        return all
    }
}
