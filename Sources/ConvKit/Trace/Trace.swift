/// Every multiply-add of a layer, in canonical order: outputs row-major, and within one output
/// the terms (ci, ky, kx) row-major (conv ops) or input order (dense). Nothing is stored:
/// step i is decoded from its index, so a trace of 10⁹ steps costs what a trace of 9 does.
public struct Trace: Sendable, RandomAccessCollection {
    public let layer: Layer
    public let termsPerOutput: Int
    public let startIndex = 0
    public let endIndex: Int

    public init(_ layer: Layer) {
        self.layer = layer
        termsPerOutput = layer.termsPerOutput
        // At most 10⁸ outputs times at most 10⁸ kernel values: below 2⁶³ (see CheckedSize).
        endIndex = layer.outputCount * termsPerOutput
    }

    /// Step `i`, with the running sum of its output's products so far. The sum costs at most
    /// one output's terms (Cin/groups·kh·kw, or the dense fan-in), never the steps before it.
    public subscript(i: Int) -> TraceStep {
        precondition(indices.contains(i), "trace step \(i) is out of range 0..<\(endIndex)")
        let o = i / termsPerOutput, t = i % termsPerOutput
        var sum = 0.0
        for u in 0..<t { sum += layer.term(output: o, term: u).product }
        return step(i, output: o, term: t, sumBefore: sum)
    }

    @inline(__always)
    func step(_ i: Int, output o: Int, term t: Int, sumBefore: Double) -> TraceStep {
        let term = layer.term(output: o, term: t)
        return TraceStep(
            index: i, outputFlat: o, output: Tensor.unravel(o, layer.outputShape),
            termIndex: t, termCount: termsPerOutput, term: term, sum: sumBefore + term.product)
    }

    /// First step of output `flat` (row-major in the output tensor).
    public func firstStep(ofOutput flat: Int) -> Int { flat * termsPerOutput }
    public func lastStep(ofOutput flat: Int) -> Int { flat * termsPerOutput + termsPerOutput - 1 }

    /// A forward walk carries the running sum along, so each step is O(1) amortised.
    public struct Iterator: IteratorProtocol {
        let trace: Trace
        var i = 0
        var sum = 0.0
        public mutating func next() -> TraceStep? {
            guard i < trace.endIndex else { return nil }
            let o = i / trace.termsPerOutput, t = i % trace.termsPerOutput
            if t == 0 { sum = 0 }
            let s = trace.step(i, output: o, term: t, sumBefore: sum)
            sum = s.sum
            i += 1
            return s
        }
    }

    public func makeIterator() -> Iterator { Iterator(trace: self) }
}

public struct TraceStep: Sendable, Equatable {
    public let index: Int
    /// Flat (row-major) position of the output this step adds into, and its multi-index.
    public let outputFlat: Int
    public let output: [Int]
    /// Which product of that output this is, 0-based, out of `termCount`.
    public let termIndex: Int
    public let termCount: Int
    public let term: Term
    /// Sum of this output's products up to and including this one (before bias and ReLU).
    public let sum: Double

    public var isLastTerm: Bool { termIndex == termCount - 1 }
    public var x: Double { term.x }
    public var w: Double { term.w }
    public var product: Double { term.product }
}
