/// The ops the CLI names, as one value screens and lessons can hold and match on. A thin
/// wrapper: `unwrapped` is the one place it opens its case, and every member of
/// `ReductionLayer` forwards there, so an op's behaviour lives in its own type.
public enum Layer: Sendable {
    case conv(ConvLayer)
    case dense(DenseLayer)
    /// conv-transpose: its terms here are the gather view (see `gatherTerm`); `ScatterTrace`
    /// steps through it in scatter order.
    case transposed(TransposedConvLayer)
    case maxPool(MaxPool)
    case avgPool(AvgPool)

    /// Builds the layer for `op`; im2col has no products of its own, so it is refused here. A
    /// pool reads no kernel (`LayerSpec.noKernel`).
    public init(op: Op, input: Tensor, kernel: Tensor, bias: Tensor? = nil, options: ConvOptions = .init()) throws {
        // Options the op would silently ignore are refused (compute and lessons check them all first).
        for misfit in options.inapplicable(to: op, bias: bias != nil) where [.paddingMode, .poolSize, .ceilMode].contains(misfit.option) {
            throw ConvError(misfit.message(naming: misfit.option == .paddingMode ? "--padding-mode \(options.paddingMode.rawValue)" : misfit.option.flag))
        }
        switch op {
        case .maxPool: self = .maxPool(try MaxPool(input: input, options: options.pool(for: op)))
        case .avgPool: self = .avgPool(try AvgPool(input: input, options: options.pool(for: op)))
        case .dense: self = .dense(try DenseLayer(input: input, kernel: kernel, bias: bias, relu: options.relu))
        case .convTranspose: self = .transposed(try TransposedConvLayer(input: input, kernel: kernel, bias: bias, options: options))
        case .im2col: throw ConvError("im2col rearranges the input and multiplies nothing; use --op conv2d to step through the products")
        default: self = .conv(try ConvLayer(op: op, input: input, kernel: kernel, bias: bias, options: options))
        }
    }

    public var op: Op {
        switch self {
        case .conv(let c): c.op
        case .dense: .dense
        case .transposed: .convTranspose
        case .maxPool: .maxPool
        case .avgPool: .avgPool
        }
    }
}

extension Layer: ReductionLayer {
    public var unwrapped: any ReductionLayer { open(Unwrap()) }

    /// Runs `visit` on the op inside, typed: the one place the wrapper opens its case. Each
    /// case's call is specialised, where a call through `unwrapped` copies and boxes the op
    /// first — fine once a frame, a tenth of a stepper frame once per term.
    @inline(__always)
    func open<V: LayerVisit>(_ visit: V) -> V.Result {
        switch self {
        case .conv(let c): visit(c)
        case .dense(let d): visit(d)
        case .transposed(let t): visit(t)
        case .maxPool(let p): visit(p)
        case .avgPool(let p): visit(p)
        }
    }

    public func term(output flat: Int, term t: Int) -> Term { open(TermAt(flat: flat, t: t)) }
    public func termValue(output flat: Int, term t: Int) -> Double { open(TermValueAt(flat: flat, t: t)) }
    public var outputShape: [Int] { unwrapped.outputShape }
    public var termsPerOutput: Int { unwrapped.termsPerOutput }
    public var reduction: Reduction { unwrapped.reduction }
    public func divisor(ofOutput flat: Int) -> Int { unwrapped.divisor(ofOutput: flat) }
    public func finish(output flat: Int, value: Double) -> Double { unwrapped.finish(output: flat, value: value) }
    public func bias(ofOutput flat: Int) -> Double? { unwrapped.bias(ofOutput: flat) }
    public var relu: Bool { unwrapped.relu }
    public func compute() -> Tensor { unwrapped.compute() }
    public var inputShape: [Int] { unwrapped.inputShape }
    public var weightShape: [Int] { unwrapped.weightShape }
    public var inputChannels: Int { unwrapped.inputChannels }
    public var kernelArea: Int { unwrapped.kernelArea }
    public func sourceName(_ t: Term) -> String { unwrapped.sourceName(t) }
    public func factorName(_ t: Term) -> String? { unwrapped.factorName(t) }
    public func weightName(_ t: Term) -> String { unwrapped.weightName(t) }
    public var factorKeys: [String] { unwrapped.factorKeys }
}

/// A call `Layer.open` makes on the op inside, generic so that it is specialised per op.
protocol LayerVisit {
    associatedtype Result
    func callAsFunction<L: ReductionLayer>(_ op: L) -> Result
}

private struct Unwrap: LayerVisit {
    func callAsFunction<L: ReductionLayer>(_ op: L) -> any ReductionLayer { op }
}

private struct TermAt: LayerVisit {
    let flat: Int, t: Int
    func callAsFunction<L: ReductionLayer>(_ op: L) -> Term { op.term(output: flat, term: t) }
}

private struct TermValueAt: LayerVisit {
    let flat: Int, t: Int
    func callAsFunction<L: ReductionLayer>(_ op: L) -> Double { op.termValue(output: flat, term: t) }
}
