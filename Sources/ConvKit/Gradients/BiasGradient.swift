/// dL/db as cells of sums: cell o is Σ of the gated gradient over output channel o, one-factor
/// terms over its positions row-major (dense: one term, g[n] itself). Reported whether or not
/// the layer has a bias.
public struct BiasGradient: ReductionLayer {
    /// The gated gradient, flat in the layer's output order; `shape` is the output's.
    public let gradient: [Double]
    public let gradientShape: [Int]

    init(gradient: [Double], shape: [Int]) {
        self.gradient = gradient
        self.gradientShape = shape
    }

    public var outputShape: [Int] { [gradientShape.first ?? 1] }
    public var termsPerOutput: Int { gradient.count / (gradientShape.first ?? 1) }

    public func term(output flat: Int, term t: Int) -> Term {
        let i = flat * termsPerOutput + t
        let index = Tensor.unravel(i, gradientShape)
        return Term(input: index, x: gradient[i], window: index)
    }

    public var inputShape: [Int] { gradientShape }

    public func sourceName(_ t: Term) -> String { "dY " + Position.text(t.window, in: inputShape) }
    public var factorKeys: [String] { ["dy"] }
}
