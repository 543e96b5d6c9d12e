extension KernelComposition {
    /// The one conv2d layer (a cross-correlation kernel and its bias) equal to a whole stack,
    /// folding its layers pairwise from the first. Every layer must be a linear conv2d of stride
    /// 1, dilation 1, groups 1, no padding and no ReLU; otherwise the error names the first layer
    /// that is not and why. A true convolution (`flip`) is its kernel rotated 180°, so flipped
    /// and unflipped layers mix.
    public static func compose(_ stack: Stack) throws -> (kernel: Tensor, bias: Tensor?) {
        var folded: (kernel: Tensor, bias: Tensor?)?
        for (i, (spec, layer)) in zip(stack.specs, stack.layers).enumerated() {
            let name = "layer \(i + 1) (\(spec.op.rawValue))"
            if let why = notLinear(spec, layer) { throw ConvError("\(name) \(why), so no one kernel equals the stack") }
            let k = spec.options.flip ? spec.kernel.rotated180() : spec.kernel
            // A bias is one value per output channel however it was written ("1" is [1,1]).
            let b = spec.bias.map { $0.reshaped([$0.count]) }
            folded = try folded.map {
                try compose(first: $0.kernel, bias: $0.bias, then: k, bias: b, naming: ("layers 1-\(i)", "layer \(i + 1)"))
            } ?? (k, b)
        }
        // A stack has at least one layer.
        return folded!
    }

    private static func notLinear(_ spec: LayerSpec, _ layer: Layer) -> String? {
        let o = spec.options
        guard case .conv(let c) = layer, spec.op == .conv2d else { return "is not a conv2d (composing folds conv2d layers only)" }
        if o.relu { return "has a ReLU, which is not linear" }
        if o.stride != .one { return "has stride \(o.stride): a stride drops outputs the next window reads" }
        if o.dilation != .one { return "has dilation \(o.dilation) (composing needs dilation 1)" }
        if o.groups != 1 { return "has groups \(o.groups) (composing needs groups 1)" }
        if [c.padTop, c.padBottom, c.padLeft, c.padRight] != [0, 0, 0, 0] || o.paddingMode != .zeros {
            return "pads its input: at the border the padding is not what the layer before would have computed"
        }
        return nil
    }

}
