/// dL/dX, dL/dW and dL/db of one layer, given dL/dY of its output (after ReLU when it has one):
/// PyTorch autograd's semantics without the batch dimension.
public struct Gradients: Sendable, Equatable {
    /// In the input's shape as given.
    public let input: Tensor
    /// Normalised: [Cout, Cin/groups, kh, kw]; dense [N, fan-in].
    public let weight: Tensor
    /// [Cout] (dense [N]), whether or not the layer has a bias.
    public let bias: Tensor
}

/// The three gradients as ops a `ReductionTrace` steps, each computing in its term order.
public struct GradientLayers: Sendable {
    public let weight: WeightGradient
    public let input: InputGradient
    public let bias: BiasGradient
    /// The input's shape as given (dX is computed as [C, H, W] for a 2-D one).
    public let givenInputShape: [Int]
}

extension Layer {
    /// The gradient layers for `gradOutput` (the output's shape; a single-channel output may be
    /// given 2-D, and dense's [N] as the one row [1, N] a grid is). conv-transpose is refused. `name` is what a wrong shape calls dY, as the
    /// caller's user writes it (`--grad-output`, `grad_output`).
    public func gradientLayers(gradOutput dY: Tensor, named name: String = "grad-output") throws -> GradientLayers {
        // The op is refused before dY's shape is checked: no shape would do.
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
                weight: WeightGradient(layer: c, gradient: g, outputShape: c.weight.shape),
                input: InputGradient(layer: c, gradient: g, outputShape: c.input.shape),
                bias: BiasGradient(gradient: g, shape: c.outputShape), givenInputShape: c.givenInputShape)
        case .dense(let d):
            // A dense layer is the 1×1 convolution of its input flattened into channels; its
            // terms still name the dense layer's own cells (`input (1,2)`, `weight (0,5)`, `dY (0)`).
            let g = try checkedGradient(), n = d.inputCount, out = d.outputCount
            let conv = try ConvLayer(op: .conv2d, input: d.input.reshaped([n, 1, 1]), kernel: d.weight.reshaped([out, n, 1, 1]))
            return GradientLayers(
                weight: WeightGradient(layer: conv, gradient: g, outputShape: d.weight.shape, denseInput: d.input.shape),
                input: InputGradient(layer: conv, gradient: g, outputShape: d.input.shape, denseInput: d.input.shape),
                bias: BiasGradient(gradient: g, shape: [out]), givenInputShape: d.input.shape)
        case .transposed:
            throw ConvError("gradients of conv-transpose are not supported; use conv2d, depthwise, pointwise or dense")
        case .maxPool, .avgPool:
            // A pool has no weights; its dX (dY routed to each argmax, or spread ÷ the divisor) is not stepped yet.
            throw ConvError("gradients of \(op.rawValue) are not supported: a pool has no weights to learn; use conv2d, depthwise, pointwise or dense")
        }
    }

    public func backward(gradOutput dY: Tensor, named name: String = "grad-output") throws -> Gradients {
        let l = try gradientLayers(gradOutput: dY, named: name)
        return Gradients(input: l.input.compute().reshaped(l.givenInputShape), weight: l.weight.compute(), bias: l.bias.compute())
    }
}

extension [Int] {
    /// `3×3` for a grid: a leading single channel is left out, as a one-channel grid is written 2-D.
    var gridText: String {
        (count == 3 && first == 1 ? Array(dropFirst()) : self).dimsText
    }
}
