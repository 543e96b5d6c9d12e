/// Any layer the tutor can step through: each output is a sum of products, then bias, then ReLU.
public enum Layer: Sendable {
    case conv(ConvLayer)
    case dense(DenseLayer)
    /// conv-transpose: its terms here are the gather view (see `gatherTerm`); `ScatterTrace`
    /// steps through it in scatter order.
    case transposed(TransposedConvLayer)

    /// Builds the layer for `op`; im2col has no products of its own, so it is refused here.
    public init(op: Op, input: Tensor, kernel: Tensor, bias: Tensor? = nil, options: ConvOptions = .init()) throws {
        switch op {
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
        }
    }

    public var outputShape: [Int] {
        switch self {
        case .conv(let c): c.outputShape
        case .dense(let d): d.outputShape
        case .transposed(let t): t.outputShape
        }
    }

    public var outputCount: Int { outputShape.reduce(1, *) }

    public var termsPerOutput: Int {
        switch self {
        case .conv(let c): c.termsPerOutput
        case .dense(let d): d.inputCount
        case .transposed(let t): t.termsPerOutput
        }
    }

    public var relu: Bool {
        switch self {
        case .conv(let c): c.options.relu
        case .dense(let d): d.relu
        case .transposed(let t): t.options.relu
        }
    }

    public func bias(ofOutput flat: Int) -> Double? {
        switch self {
        case .conv(let c): c.bias?[flat / (c.outHeight * c.outWidth)]
        case .dense(let d): d.bias?[flat]
        case .transposed(let t): t.bias(ofOutput: flat)
        }
    }

    /// Term `t` of output `flat`: which input and weight meet, and their values.
    /// O(1): this is what lets the trace compute any step without walking to it.
    @inline(__always)
    public func term(output flat: Int, term t: Int) -> Term {
        switch self {
        case .conv(let c):
            let plane = c.outHeight * c.outWidth
            let co = flat / plane, oy = (flat % plane) / c.outWidth, ox = flat % c.outWidth
            let kk = c.kh * c.kw
            let cg = t / kk, ky = (t % kk) / c.kw, kx = t % c.kw
            let ci = c.firstInputChannel(of: co) + cg
            let (y, x) = c.inputPosition(oy: oy, ox: ox, ky: ky, kx: kx)
            let (wy, wx) = c.weightPosition(ky: ky, kx: kx)
            let w = c.weight.data[((co * c.groupChannels + cg) * c.kh + wy) * c.kw + wx]
            if c.isInside(y: y, x: x) {
                return Term(input: [ci, y, x], weight: [co, cg, wy, wx], x: c.input.data[(ci * c.height + y) * c.width + x], w: w, window: [ci, y, x])
            }
            return Term(input: nil, weight: [co, cg, wy, wx], x: 0, w: w, window: [ci, y, x])
        case .dense(let d):
            let index = Tensor.unravel(t, d.input.shape)
            return Term(input: index, weight: [flat, t], x: d.input.data[t], w: d.weight.data[flat * d.inputCount + t], window: index)
        case .transposed(let l):
            return l.gatherTerm(output: flat, term: t)
        }
    }

    /// bias then ReLU, the two steps after the last product.
    @inline(__always)
    public func finish(output flat: Int, sum: Double) -> Double {
        let z = sum + (bias(ofOutput: flat) ?? 0)
        return relu ? max(0, z) : z
    }
}

/// One multiply of the trace.
public struct Term: Sendable, Equatable {
    /// Index into the input tensor ([c,y,x] for conv ops), nil when the window is over padding
    /// (conv-transpose: or over a zero inserted between input cells).
    public let input: [Int]?
    /// Index into the normalised weight ([Cout,Cin/groups,kh,kw] or [out,in]; conv-transpose:
    /// its own [Cin,Cout/groups,kh,kw]).
    public let weight: [Int]
    public let x: Double
    public let w: Double
    /// Where the term sits in the padded frame ([c,y,x], y/x may be negative or past the edge);
    /// conv-transpose: in the equivalent direct convolution's input (zeros inserted and padded).
    public let window: [Int]
    public var product: Double { x * w }
}

extension Layer {
    /// Input channels (conv) or 1 (dense): used to decide how indices are written.
    public var inputChannels: Int {
        switch self {
        case .conv(let c): c.channels
        case .dense: 1
        case .transposed(let t): t.channels
        }
    }

    /// kh·kw for conv layers, the fan-in for dense ones.
    public var kernelArea: Int {
        switch self {
        case .conv(let c): c.kh * c.kw
        case .dense(let d): d.inputCount
        case .transposed(let t): t.kh * t.kw
        }
    }
}
