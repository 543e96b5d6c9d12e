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
            if let why = notFoldable(spec, layer) { throw ConvError("\(name) \(why)") }
            let k = spec.options.flip ? spec.kernel.rotated180() : spec.kernel
            // A bias is one value per output channel however it was written ("1" is [1,1]).
            let b = spec.bias.map { $0.reshaped([$0.count]) }
            folded = try folded.map {
                try compose(first: $0.kernel, bias: $0.bias, then: k, bias: b, naming: ("layers 1-\(i)", "layer \(i + 1)"))
            } ?? (k, b)
        }
        // A stack has at least one layer.
        let (kernel, bias) = folded!
        // Products of products of values within ±1e100 can still overflow a double.
        if let bad = (kernel.data + (bias?.data ?? [])).first(where: { !$0.isFinite }) {
            throw ConvError("the composed kernel overflows: a weight would be \(NumberFormat.exact(bad)), past the largest double")
        }
        return (kernel, bias)
    }

    /// Why `--compose` does not fold this layer. Only a ReLU makes one kernel impossible; the
    /// rest are what this fold covers (a depthwise or padded stack may still equal one conv).
    private static func notFoldable(_ spec: LayerSpec, _ layer: Layer) -> String? {
        let o = spec.options
        guard case .conv(let c) = layer, spec.op == .conv2d else { return "is not a conv2d: --compose folds conv2d layers only" }
        if o.relu { return "has a ReLU, which is not linear, so no one kernel equals the stack" }
        if o.stride != .one { return "has stride \(o.stride): --compose folds stride-1 layers only" }
        if o.dilation != .one { return "has dilation \(o.dilation): --compose folds dilation-1 layers only" }
        if o.groups != 1 { return "has groups \(o.groups): --compose folds groups-1 layers only" }
        if [c.padTop, c.padBottom, c.padLeft, c.padRight] != [0, 0, 0, 0] {
            return "pads its input: --compose folds unpadded ('valid') layers only"
        }
        return nil
    }

}
