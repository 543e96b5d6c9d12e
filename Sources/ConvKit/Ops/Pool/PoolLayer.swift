/// What `MaxPool` and `AvgPool` share: one input, read tap by tap through one geometry. Term t
/// of a cell is tap t (row-major over kh × kw), a single input value with no weight; a tap
/// outside the input (padding, or past it in ceil mode) reads `outside`.
public protocol PoolLayer: ReductionLayer {
    /// [C,H,W] (a 2-D input as one channel).
    var input: Tensor { get }
    var geometry: PoolGeometry { get }
    /// What a tap outside the input reads: −∞ for a max (it never wins), 0 for an average.
    var outside: Double { get }
}

extension PoolLayer {
    public var outputShape: [Int] { geometry.outputShape }
    public var termsPerOutput: Int { geometry.termsPerOutput }
    public var inputShape: [Int] { input.shape }
    public var inputChannels: Int { geometry.channels }

    public func term(output flat: Int, term t: Int) -> Term {
        let p = geometry.tap(output: flat, term: t)
        guard let i = geometry.index(p) else { return Term(input: nil, x: outside, window: p) }
        return Term(input: p, x: input.data[i], window: p)
    }

    /// Whether tap `t` lies past the padding, where only a ceil-mode window reaches: no cell,
    /// so an average neither adds nor counts it.
    public func isPast(_ t: Term) -> Bool { t.input == nil && !geometry.isPadding(t.window) }

    /// `input (1,3)`, `padding (-1,0)`, or `past the padding (3,3)` for a ceil-mode overhang.
    public func sourceName(_ t: Term) -> String {
        if let i = t.input { return "input " + Position.text(i, in: inputShape) }
        return (isPast(t) ? "past the padding " : "padding ") + Position.text(t.window, in: inputShape)
    }
}
