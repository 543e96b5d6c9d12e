/// A fully connected layer: the input flattened in C order, one weight row per output neuron.
public struct DenseLayer: Sendable {
    public let input: Tensor
    /// [out, in]
    public let weight: Tensor
    public let bias: [Double]?
    public let relu: Bool

    public init(input: Tensor, kernel: Tensor, bias: Tensor? = nil, relu: Bool = false) throws {
        let n = input.count
        let w: Tensor
        switch kernel.rank {
        case 1: w = kernel.reshaped([1, kernel.count])
        case 2: w = kernel
        default:
            // A conv-shaped kernel [out, C, H, W] covering the whole input is a dense layer too.
            guard let out = kernel.shape.first, out > 0, kernel.count / out == n else {
                throw ConvError("dense needs weights [out,in] with in = \(n) (the input \(input.shape.shapeText) flattened); got \(kernel.shape.shapeText)")
            }
            w = kernel.reshaped([out, n])
        }
        guard w.shape[1] == n else {
            throw ConvError("dense weights \(kernel.shape.shapeText) have \(w.shape[1]) inputs per row, but the input \(input.shape.shapeText) flattens to \(n)")
        }
        guard w.shape[0] >= 1, n >= 1 else { throw ConvError("dense needs at least one input and one output") }
        if let bias, bias.count != w.shape[0] {
            throw ConvError("--bias has \(bias.count.counting("value")) but the layer has \(w.shape[0].counting("output"))")
        }
        try input.checkMagnitude("--input")
        try kernel.checkMagnitude("--kernel")
        try bias?.checkMagnitude("--bias")
        self.input = input
        self.weight = w
        self.bias = bias?.data
        self.relu = relu
    }

    public var inputCount: Int { weight.shape[1] }
    public var outputCount: Int { weight.shape[0] }
    public var outputShape: [Int] { [outputCount] }
    public var parameterCount: Int { weight.count + (bias?.count ?? 0) }
}

/// One cell per neuron; term t is input t (flattened in C order) times weight (neuron, t).
extension DenseLayer: ReductionLayer {
    @inline(__always)
    public func term(output flat: Int, term t: Int) -> Term {
        let index = Tensor.unravel(t, input.shape)
        return Term(input: index, weight: [flat, t], x: input.data[t], w: weight.data[flat * inputCount + t], window: index)
    }

    public var termsPerOutput: Int { inputCount }
    public func bias(ofOutput flat: Int) -> Double? { bias?[flat] }
    public var inputShape: [Int] { input.shape }
    public var weightShape: [Int] { weight.shape }
}
