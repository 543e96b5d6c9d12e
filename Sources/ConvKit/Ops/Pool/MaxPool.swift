/// PyTorch's MaxPool2d per channel of [C,H,W] (aten cpu_max_pool): each output cell is the
/// largest of its window's taps, row-major, with no weights — a reduction, not a sum of products.
/// Term t of a cell is tap t; a tap outside the input (padding, or past it in ceil mode) is −∞,
/// which never wins, as PyTorch never reads it. The running `argmax` is the first tap holding the
/// maximum, and a NaN always takes over (see `Reduction.max`); `argmax(ofOutput:)` is PyTorch's
/// return_indices.
public struct MaxPool: ReductionLayer {
    public let input: Tensor
    public let geometry: PoolGeometry

    public init(input: Tensor, options: PoolOptions) throws {
        // No magnitude limit: a maximum adds nothing up, and ±∞ and NaN take part as in PyTorch.
        geometry = try PoolGeometry(op: "max-pool", input: input, options: options)
        self.input = input.reshaped(geometry.inputShape)
    }

    public var outputShape: [Int] { geometry.outputShape }
    public var termsPerOutput: Int { geometry.termsPerOutput }
    public var reduction: Reduction { .max }
    public var inputShape: [Int] { input.shape }
    public var inputChannels: Int { geometry.channels }

    public func term(output flat: Int, term t: Int) -> Term {
        let p = geometry.tap(output: flat, term: t)
        guard let i = geometry.index(p) else { return Term(input: nil, x: -.infinity, window: p) }
        return Term(input: p, x: input.data[i], window: p)
    }

    /// The input cell [c, y, x] holding cell `flat`'s maximum, as PyTorch's indices give it: the
    /// running argmax, or when no tap beat −∞ the first tap inside the input; nil when every tap
    /// is outside it (a dilated window can step over the whole input), where PyTorch writes an
    /// index outside the plane.
    public func argmax(ofOutput flat: Int) -> [Int]? {
        if let t = running(ofOutput: flat, through: termsPerOutput - 1).argmax { return term(output: flat, term: t).input }
        return (0..<termsPerOutput).lazy.compactMap { term(output: flat, term: $0).input }.first
    }

    public func sourceName(_ t: Term) -> String { geometry.sourceName(t) }
    public func factorName(_ t: Term) -> String? { t.input == nil ? "-inf(pad)" : nil }
}
