/// PyTorch's MaxPool2d per channel of [C,H,W] (aten cpu_max_pool): each output cell is the
/// largest of its window's taps, row-major, with no weights — a reduction, not a sum of products.
/// Term t of a cell is tap t; a tap outside the input (padding, or past it in ceil mode) is −∞,
/// which never wins, as PyTorch never reads it. The running `argmax` is the first tap holding the
/// maximum, and a NaN always takes over (see `Reduction.max`); `argmax(ofOutput:)` is PyTorch's
/// return_indices.
public struct MaxPool: PoolLayer {
    public let input: Tensor
    public let geometry: PoolGeometry

    public init(input: Tensor, options: PoolOptions) throws {
        // No magnitude limit: a maximum adds nothing up, and ±∞ and NaN take part as in PyTorch.
        geometry = try PoolGeometry(op: "max-pool", input: input, options: options)
        self.input = input.reshaped(geometry.inputShape)
    }

    public var reduction: Reduction { .max }
    public var outside: Double { -.infinity }

    /// The input cell [c, y, x] holding cell `flat`'s maximum, as PyTorch's indices give it: the
    /// running argmax, or when no tap beat −∞ the first tap inside the input; nil when every tap
    /// is outside it (a dilated window can step over the whole input), where PyTorch writes an
    /// index outside the plane.
    public func argmax(ofOutput flat: Int) -> [Int]? {
        if let t = running(ofOutput: flat, through: termsPerOutput - 1).argmax { return term(output: flat, term: t).input }
        return (0..<termsPerOutput).lazy.compactMap { term(output: flat, term: $0).input }.first
    }

    public func factorName(_ t: Term) -> String? { t.input == nil ? "-inf(pad)" : nil }
}
