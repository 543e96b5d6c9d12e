/// Everything needed to build a layer, as the user gave it. Screens keep one of these so that
/// edits and the flip toggle can rebuild the layer from the original data.
public struct LayerSpec: Sendable, Equatable {
    public var op: Op
    public var input: Tensor
    public var kernel: Tensor
    public var bias: Tensor?
    public var options: ConvOptions
    /// A backward pass through the layer: what `steppedOp()` walks instead of the forward sums.
    public var gradient: GradientSpec?

    public init(op: Op = .conv2d, input: Tensor, kernel: Tensor, bias: Tensor? = nil, options: ConvOptions = .init(),
                gradient: GradientSpec? = nil) {
        self.op = op
        self.input = input
        self.kernel = kernel
        self.bias = bias
        self.options = options
        self.gradient = gradient
    }

    /// A pool's kernel: it reads none, and no screen draws this.
    public static let noKernel = try! Tensor(shape: [0], data: [])

    public func layer() throws -> Layer {
        try Layer(op: op, input: input, kernel: kernel, bias: bias, options: options)
    }
}
