/// Every term of an op, in its term order (see `ReductionLayer`): cells row-major, each cell's
/// terms in order, each step carrying its cell's running value (sum, or max and argmax).
/// Nothing is stored: step i is decoded from its index, so a trace of 10⁹ steps costs what a
/// trace of 9 does, and step i costs at most one cell's terms, never the steps before it.
/// Not generic over the op: generic code called from another module runs unspecialised, which
/// doubled the cost of a step. The op sits in a class: an existential stored in the struct made
/// it address-only, and a step copied the whole trace (retaining every array of the op).
public struct ReductionTrace: Sendable, RandomAccessCollection {
    let source: TermSource
    /// The op as given (a `Layer`, say).
    public var layer: any ReductionLayer { source.layer }
    /// The op behind `layer`, called directly in the loops (a wrapper would re-wrap per term).
    var cells: any ReductionLayer { source.cells }
    let outputShape: [Int]
    public let reduction: Reduction
    public let termsPerOutput: Int
    public let startIndex = 0
    public let endIndex: Int

    public init(_ layer: any ReductionLayer) {
        let cells = layer.unwrapped
        source = TermSource(layer: layer, cells: cells)
        outputShape = cells.outputShape
        reduction = cells.reduction
        termsPerOutput = cells.termsPerOutput
        // At most 10⁸ outputs times at most 10⁸ kernel values: below 2⁶³ (see CheckedSize).
        endIndex = cells.outputCount * termsPerOutput
    }

    /// So `Trace(.conv(c))` reads as it always has.
    public init(_ layer: Layer) { self.init(layer as any ReductionLayer) }

    public subscript(i: Int) -> TraceStep {
        precondition(indices.contains(i), "trace step \(i) is out of range 0..<\(endIndex)")
        let o = i / termsPerOutput, t = i % termsPerOutput
        return step(i, output: o, term: t, before: source.cells.running(ofOutput: o, through: t - 1))
    }

    @inline(__always)
    func step(_ i: Int, output o: Int, term t: Int, before: Running) -> TraceStep {
        let term = source.cells.term(output: o, term: t)
        let run = reduction.adding(term.product, term: t, to: before)
        return TraceStep(
            index: i, outputFlat: o, output: Tensor.unravel(o, outputShape),
            termIndex: t, termCount: termsPerOutput, term: term, sum: run.value, argmax: run.argmax)
    }

    /// First step of output `flat` (row-major in the output tensor).
    public func firstStep(ofOutput flat: Int) -> Int { flat * termsPerOutput }
    public func lastStep(ofOutput flat: Int) -> Int { flat * termsPerOutput + termsPerOutput - 1 }

    /// A forward walk carries the running value along, so each step is O(1) amortised.
    public struct Iterator: IteratorProtocol {
        let trace: ReductionTrace
        var i = 0
        var run = Running(value: 0, argmax: nil)
        public mutating func next() -> TraceStep? {
            guard i < trace.endIndex else { return nil }
            let o = i / trace.termsPerOutput, t = i % trace.termsPerOutput
            if t == 0 { run = trace.reduction.start }
            let s = trace.step(i, output: o, term: t, before: run)
            run = Running(value: s.sum, argmax: s.argmax)
            i += 1
            return s
        }
    }

    public func makeIterator() -> Iterator { Iterator(trace: self) }
}

/// The trace of the ops the CLI names.
public typealias Trace = ReductionTrace

public struct TraceStep: Sendable, Equatable {
    public let index: Int
    /// Flat (row-major) position of the output this step adds into, and its multi-index.
    public let outputFlat: Int
    public let output: [Int]
    /// Which term (product) of that output this is, 0-based, out of `termCount`.
    public let termIndex: Int
    public let termCount: Int
    public let term: Term
    /// The output's running value up to and including this term, before bias and ReLU: the
    /// sum so far (a `.mean` divides only at the end: `finish(output:sum:)`), or for `.max` the largest so far.
    public let sum: Double
    /// `.max` only: the term holding the running max (the first on ties, the last of several NaNs;
    /// nil while every term so far is −∞).
    public let argmax: Int?

    public var isLastTerm: Bool { termIndex == termCount - 1 }
    public var x: Double { term.x }
    public var w: Double { term.w }
    public var product: Double { term.product }
}

final class TermSource: Sendable {
    let layer: any ReductionLayer
    let cells: any ReductionLayer
    init(layer: any ReductionLayer, cells: any ReductionLayer) {
        self.layer = layer
        self.cells = cells
    }
}
