/// dL/dX, dL/dW and dL/db of one layer, given dL/dY of its output (after ReLU when it has one):
/// PyTorch autograd's semantics without the batch dimension. A pool has dX alone.
public struct Gradients: Sendable, Equatable {
    /// In the input's shape as given.
    public let input: Tensor
    /// Normalised: [Cout, Cin/groups, kh, kw]; dense [N, fan-in]. nil for a layer without weights.
    public let weight: Tensor?
    /// [Cout] (dense [N]), whether or not the layer has a bias; nil for a layer without weights.
    public let bias: Tensor?
}

/// A layer's gradients as ops a `ReductionTrace` steps, each computing in its term order.
public struct GradientLayers: Sendable {
    /// dX: `InputGradient` (conv, dense) or `PoolInputGradient`.
    public let input: any ReductionLayer
    /// nil for a layer without weights (a pool): dX is then its only gradient.
    public let weight: WeightGradient?
    public let bias: BiasGradient?
    /// dY as the sums use it: gated by the layer's ReLU when it has one, flat in its output order.
    public let gated: [Double]
    /// The input's shape as given (dX is computed as [C, H, W] for a 2-D one).
    public let givenInputShape: [Int]
    /// The layer's op, as a refusal names it.
    public let op: Op

    /// The gradients this layer has, in the order a screen cycles through them.
    public var targets: [GradientTarget] { weight == nil ? [.input] : [.weight, .input, .bias] }
}

extension Layer {
    /// The gradient layers for `gradOutput` (the output's shape; a single-channel output may be
    /// given 2-D, and dense's [N] as the one row [1, N] a grid is). conv-transpose is refused; a pool
    /// has dX alone (`PoolInputGradient`). `name` is what a wrong shape calls dY, as the
    /// caller's user writes it (`--grad-output`, `grad_output`).
    public func gradientLayers(gradOutput dY: Tensor, named name: String = "grad-output") throws -> GradientLayers {
        // The op is refused before dY's shape is checked: no shape would do.
        if let why = op.gradientRefusal { throw ConvError(why) }
        let checkedGradient = { () throws -> [Double] in
            let shape = outputShape
            // A grid is at least one row: a dense layer's 1-D output is written as one.
            let fits = dY.shape == shape || (shape.count == 3 && shape[0] == 1 && dY.shape == Array(shape.dropFirst()))
                || (shape.count == 1 && dY.shape == [1] + shape)
            guard fits else {
                throw ConvError("\(name) is \(dY.shape.gridText) but the layer's output is \(shape.gridText)")
            }
            try dY.checkMagnitude(name)
            return gated(dY.data)
        }
        switch self {
        case .conv(let c):
            // The gradient through a copied padding cell adds into the cell it copies; these ops don't.
            guard c.options.paddingMode == .zeros else {
                throw ConvError("gradients with --padding-mode \(c.options.paddingMode.rawValue) are not supported; use --padding-mode zeros")
            }
            let g = try checkedGradient()
            return GradientLayers(
                input: InputGradient(layer: c, gradient: g, outputShape: c.input.shape),
                weight: WeightGradient(layer: c, gradient: g, outputShape: c.weight.shape),
                bias: BiasGradient(gradient: g, shape: c.outputShape), gated: g, givenInputShape: c.givenInputShape, op: op)
        case .dense(let d):
            // A dense layer is the 1×1 convolution of its input flattened into channels; its
            // terms still name the dense layer's own cells (`input (1,2)`, `weight (0,5)`, `dY (0)`).
            let g = try checkedGradient(), n = d.inputCount, out = d.outputCount
            let conv = try ConvLayer(op: .conv2d, input: d.input.reshaped([n, 1, 1]), kernel: d.weight.reshaped([out, n, 1, 1]))
            return GradientLayers(
                input: InputGradient(layer: conv, gradient: g, outputShape: d.input.shape, denseInput: d.input.shape),
                weight: WeightGradient(layer: conv, gradient: g, outputShape: d.weight.shape, denseInput: d.input.shape),
                bias: BiasGradient(gradient: g, shape: [out]), gated: g, givenInputShape: d.input.shape, op: op)
        case .transposed:
            throw ConvError(Op.convTranspose.gradientRefusal!)
        case .maxPool(let p):
            let g = try checkedGradient()
            // PyTorch adds dY to the argmax alone; a NaN times a losing cell's share 0 would not be nothing.
            if let i = g.firstIndex(where: \.isNaN) {
                throw ConvError("\(name) value nan at \(Tensor.unravel(i, outputShape).shapeText): max-pool gives each dY to one cell, and nan × 0 would reach the cells that lost the max; give numbers")
            }
            let argmax = (0..<p.outputCount).map { p.argmax(ofOutput: $0).flatMap(p.geometry.index) ?? -1 }
            return pool(PoolInputGradient(pool: p, share: .argmax(argmax), gradient: g), g, p.geometry)
        case .avgPool(let p):
            let g = try checkedGradient()
            return pool(PoolInputGradient(pool: p, share: .divisor((0..<p.outputCount).map(p.divisor(ofOutput:))), gradient: g), g, p.geometry)
        }
    }

    private func pool(_ dX: PoolInputGradient, _ g: [Double], _ geometry: PoolGeometry) -> GradientLayers {
        GradientLayers(input: dX, weight: nil, bias: nil, gated: g, givenInputShape: geometry.givenInputShape, op: op)
    }

    public func backward(gradOutput dY: Tensor, named name: String = "grad-output") throws -> Gradients {
        let l = try gradientLayers(gradOutput: dY, named: name)
        return Gradients(input: l.input.compute().reshaped(l.givenInputShape), weight: l.weight?.compute(), bias: l.bias?.compute())
    }
}

extension [Int] {
    /// `3×3` for a grid: a leading single channel is left out, as a one-channel grid is written 2-D.
    var gridText: String {
        (count == 3 && first == 1 ? Array(dropFirst()) : self).dimsText
    }
}
