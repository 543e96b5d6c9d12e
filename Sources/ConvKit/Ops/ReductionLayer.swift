/// An op as the tutor steps it: a set of output cells, each a reduction over its terms, then a
/// finishing step. Conv, depthwise, pointwise, dense and conv-transpose are one type each that
/// conforms; a new op (a pooling, a gradient) is one new type, and `ReductionTrace` steps it.
///
/// Term order: output cells row-major over `outputShape`; within one cell, terms 0..<termsPerOutput
/// in the order the reduction takes them (conv: (ci, ky, kx) row-major; dense: input order;
/// conv-transpose: the equivalent direct convolution's window, which is also the order the scatter
/// adds them; gradients: see `WeightGradient`, `InputGradient`, `BiasGradient`). `compute()` must add in this order too, so a trace's last running value is the
/// output bit for bit. `term(output:term:)` is O(1): it is what lets a trace reach any step
/// without walking to it.
public protocol ReductionLayer: Sendable {
    var outputShape: [Int] { get }
    var termsPerOutput: Int { get }
    /// Term `t` of output cell `flat` (row-major): its factors and where they come from.
    func term(output flat: Int, term t: Int) -> Term
    /// `term(output:term:).product` without building its indices (an op may make it cheaper).
    func termValue(output flat: Int, term t: Int) -> Double
    /// How a cell's terms combine: `.sum` unless the op says otherwise.
    var reduction: Reduction { get }
    /// What a `.mean` cell's sum is divided by: the term count unless the op says otherwise (an
    /// average pool's ceil-mode window counts only the input and its padding).
    func divisor(ofOutput flat: Int) -> Int
    /// The step after the reduction (bias, ReLU): the cell's value from its reduced value.
    func finish(output flat: Int, value: Double) -> Double
    func bias(ofOutput flat: Int) -> Double?
    var relu: Bool { get }
    /// The whole output at once, in term order (so it equals each cell's finished trace value).
    func compute() -> Tensor

    // For screens and trace text.
    var inputShape: [Int] { get }
    /// [] when terms have no weight (pooling).
    var weightShape: [Int] { get }
    /// Input channels as positions are written (1 when an index is not [c,y,x]).
    var inputChannels: Int { get }
    /// Terms per input channel of one window (kh·kw), or all of them (dense).
    var kernelArea: Int { get }
    /// Where a term's first factor comes from: `input (1,3)`, `padding (-1,0)`, …
    func sourceName(_ t: Term) -> String
    /// A term's input as a factor of a written-out sum: nil for a number, else a tagged zero.
    func factorName(_ t: Term) -> String?
    /// Where a term's second factor comes from: `weight (0,2)`; a gradient's dY cell is `dY (0,1)`.
    func weightName(_ t: Term) -> String
    /// The factors' keys in jsonl, by role: `x`, `w` for a layer; `x`, `dy` for a weight gradient;
    /// `dy`, `w` for an input gradient; `dy`, `share` for a pool's; one key for a one-factor term.
    var factorKeys: [String] { get }
    /// The concrete op behind a wrapper (`Layer`), so a trace calls it without re-wrapping.
    var unwrapped: any ReductionLayer { get }
}

/// How a cell's terms combine into its value.
public enum Reduction: Sendable, Equatable {
    /// Σ of the terms.
    case sum
    /// The largest term, with the first term that holds it (`Running.argmax`), as PyTorch's
    /// max pooling takes it: a term replaces the maximum when it is larger or NaN, so on ties
    /// the first holds it, and of several NaNs the last. No term beats the −∞ start: while every
    /// term seen is −∞, `argmax` is nil.
    case max
    /// Σ of the terms, then ÷ the term count (average pooling counting padded zeros).
    case mean

    /// What the running value is called on every screen, line and lesson: `running max` or
    /// `running sum` (a mean divides only at its last term).
    public var runningWord: String { self == .max ? "running max" : "running sum" }

    /// The running value before any term.
    public var start: Running { self == .max ? Running(value: -.infinity, argmax: nil) : Running(value: 0, argmax: nil) }

    /// `r` after term `t` of value `v`.
    @inline(__always) public func adding(_ v: Double, term t: Int, to r: Running) -> Running {
        switch self {
        case .sum, .mean: return Running(value: r.value + v, argmax: nil)
        case .max: return v > r.value || v.isNaN ? Running(value: v, argmax: t) : r
        }
    }

    /// The reduced value of a cell from its running value after all `count` terms.
    @inline(__always) public func result(_ r: Running, count: Int) -> Double {
        self == .mean ? r.value / Double(count) : r.value
    }
}

/// A cell's value part way through its terms: the running sum, or the running max and which
/// term holds it.
public struct Running: Sendable, Equatable {
    public var value: Double
    public var argmax: Int?
    public init(value: Double, argmax: Int?) {
        self.value = value
        self.argmax = argmax
    }
}

extension ReductionLayer {
    public var reduction: Reduction { .sum }
    public func divisor(ofOutput flat: Int) -> Int { termsPerOutput }
    public func bias(ofOutput flat: Int) -> Double? { nil }
    public var relu: Bool { false }
    public var weightShape: [Int] { [] }
    public var inputChannels: Int { 1 }
    public var kernelArea: Int { termsPerOutput }
    public var factorKeys: [String] { weightShape.isEmpty ? ["x"] : ["x", "w"] }
    public var unwrapped: any ReductionLayer { self }
    public func termValue(output flat: Int, term t: Int) -> Double { term(output: flat, term: t).product }
    public var outputCount: Int { outputShape.reduce(1, *) }

    /// bias then ReLU.
    @inline(__always) public func finish(output flat: Int, value: Double) -> Double {
        let z = value + (bias(ofOutput: flat) ?? 0)
        return relu ? Swift.max(0, z) : z
    }

    /// A cell's value from its running value after its last term (a trace step's `sum`): the
    /// mean's division by `divisor(ofOutput:)`, then bias and ReLU.
    @inline(__always) public func finish(output flat: Int, sum: Double) -> Double {
        finish(output: flat, value: reduction.result(Running(value: sum, argmax: nil), count: divisor(ofOutput: flat)))
    }

    /// Cell `flat`'s running value after terms 0...t: O(t), never the cells before it.
    public func running(ofOutput flat: Int, through t: Int) -> Running {
        let r = reduction
        var run = r.start
        if t >= 0 { for u in 0...t { run = r.adding(termValue(output: flat, term: u), term: u, to: run) } }
        return run
    }

    /// Cell `flat`'s finished value, from its terms alone.
    public func value(ofOutput flat: Int) -> Double {
        finish(output: flat, sum: running(ofOutput: flat, through: termsPerOutput - 1).value)
    }

    /// Every cell from its terms: what `compute()` is for an op without a faster way.
    public func computeByTerms() -> Tensor {
        Tensor(unchecked: outputShape, data: (0..<outputCount).map(value(ofOutput:)))
    }
}

extension ReductionLayer {
    public func compute() -> Tensor { computeByTerms() }
}
