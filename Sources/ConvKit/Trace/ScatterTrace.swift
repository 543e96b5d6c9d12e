/// Every product of a transposed convolution in scatter order (`ScatterOrder`: input cells
/// row-major, each stamping its kernel slice). Nothing is stored: step i is decoded from its
/// index, and its running value is the gather trace's value of the cell it lands in, through the
/// terms the scatter has added by then — at most Cin/groups·kh·kw of them, never the steps
/// before it.
public struct ScatterTrace: Sendable, RandomAccessCollection {
    public let layer: TransposedConvLayer
    public let order: ScatterOrder
    /// The same products gathered cell by cell: where every running value comes from.
    public let gather: ReductionTrace
    public let startIndex = 0
    public let endIndex: Int

    public init(_ layer: TransposedConvLayer) {
        self.layer = layer
        order = ScatterOrder(layer)
        gather = ReductionTrace(layer)
        endIndex = order.count
    }

    /// Products per input cell: Cout/groups·kh·kw.
    public var productsPerInput: Int { order.productsPerInput }

    public subscript(i: Int) -> ScatterStep {
        precondition(indices.contains(i), "trace step \(i) is out of range 0..<\(endIndex)")
        let p = order.place(i)
        return step(p, sum: p.outputFlat.map { sum(ofOutput: $0, through: i) })
    }

    public func firstStep(ofInput flat: Int) -> Int { flat * productsPerInput }
    public func lastStep(ofInput flat: Int) -> Int { flat * productsPerInput + productsPerInput - 1 }

    /// The value of output cell `flat` after step `i` (before bias and ReLU): the products that
    /// reach it, in input order, up to step i. i = −1 gives 0, the value before any step.
    public func sum(ofOutput flat: Int, through i: Int) -> Double {
        gather.running(ofOutput: flat, afterStep: i, in: order).value
    }

    /// The steps that add into output cell `flat`, in order (none for a cell no input reaches).
    public func steps(intoOutput flat: Int) -> [Int] { gather.steps(intoOutput: flat, in: order) }

    /// See `ScatterOrder.unreachedOutputs`.
    public func unreachedOutputs() -> LazyFilterSequence<Range<Int>> { order.unreachedOutputs() }

    /// Every output cell's value after step `i` (before bias and ReLU), as the scatter view
    /// draws it; −1 gives all zeros. Bit-identical to each cell's running value in the trace.
    public func partialOutput(through i: Int) -> Tensor { gather.partialOutput(through: i, in: order) }

    func step(_ p: ScatterOrder.Place, sum: Double?) -> ScatterStep {
        let contribution = p.outputFlat.map { _ in order.contribution(oy: p.oy, ox: p.ox, ky: p.ky, kx: p.kx, cg: p.ci % layer.groupChannels) }
        return ScatterStep(
            index: p.index, inputFlat: p.inputFlat, input: [p.ci, p.iy, p.ix],
            productIndex: p.product, productCount: productsPerInput, weight: [p.ci, p.j, p.ky, p.kx],
            target: [p.co, p.oy, p.ox], outputFlat: p.outputFlat, x: p.x, w: p.w, sum: sum,
            contribution: contribution?.rank, contributionCount: contribution?.of)
    }

    /// A forward walk keeps every cell's running value when the output fits in 32 MB, so each
    /// step is O(kh + kw); otherwise it gathers like random access.
    public struct Iterator: IteratorProtocol {
        let trace: ScatterTrace
        var i = 0
        var running: [Double]?

        public mutating func next() -> ScatterStep? {
            guard i < trace.endIndex else { return nil }
            let p = trace.order.place(i)
            var sum: Double?
            if let f = p.outputFlat {
                if running != nil {
                    running![f] += p.x * p.w
                    sum = running![f]
                } else {
                    sum = trace.sum(ofOutput: f, through: i)
                }
            }
            i += 1
            return trace.step(p, sum: sum)
        }
    }

    public func makeIterator() -> Iterator { makeIterator(keepingValues: layer.outputCount <= 1 << 22) }

    func makeIterator(keepingValues: Bool) -> Iterator {
        Iterator(trace: self, running: keepingValues ? [Double](repeating: 0, count: layer.outputCount) : nil)
    }
}

/// One product of the scatter: input value x times weight w, added into one output cell.
public struct ScatterStep: Sendable, Equatable {
    public let index: Int
    /// The input cell being scattered: its flat (row-major) position and [ci, iy, ix].
    public let inputFlat: Int
    public let input: [Int]
    /// Which of that cell's products this is, 0-based: (j·kh + ky)·kw + kx of `productCount`.
    public let productIndex: Int
    public let productCount: Int
    /// [ci, j, ky, kx] in the weight [Cin, Cout/groups, kh, kw].
    public let weight: [Int]
    /// Where the product falls, [co, oy, ox], before cropping: oy or ox may be negative or past
    /// the output's edge, and the product is then dropped (PyTorch's padding crops it).
    public let target: [Int]
    /// The output cell it adds into, flat; nil when cropped.
    public let outputFlat: Int?
    public let x: Double
    public let w: Double
    /// The cell's running value after this product (before bias and ReLU); nil when cropped.
    public let sum: Double?
    /// This is product `contribution` (0-based) of the `contributionCount` the cell receives in
    /// all; nil when cropped.
    public let contribution: Int?
    public let contributionCount: Int?

    public var product: Double { x * w }
    public var isCropped: Bool { outputFlat == nil }
    /// The output cell [co, oy, ox], nil when cropped.
    public var output: [Int]? { isCropped ? nil : target }
    public var isLastOfInput: Bool { productIndex == productCount - 1 }
    /// The cell has now received all its products: bias and ReLU come next.
    public var completesOutput: Bool { contribution.map { $0 == contributionCount! - 1 } ?? false }
}
