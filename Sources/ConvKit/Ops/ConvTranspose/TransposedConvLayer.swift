/// PyTorch's ConvTranspose2d without the batch dimension: every input value scatters its
/// kernel slice, scaled by the value, into the output (`ScatterTrace` steps through exactly
/// that). Input [Cin,H,W], weight [Cin, Cout/groups, kh, kw] — note: input channels first,
/// the other way round from conv2d. The same numbers can be gathered one output at a time
/// (`gatherTerm`, its `term(output:term:)` as a `ReductionLayer`) or computed as an ordinary convolution over a
/// zero-inserted input (`equivalentDirectConv()`); all three add in the same order.
public struct TransposedConvLayer: Sendable {
    public let input: Tensor
    public let weight: Tensor
    public let bias: [Double]?
    /// As given, except padding is always `.explicit` (valid became 0).
    public let options: ConvOptions
    /// Shapes as the user gave them, for display.
    public let givenInputShape: [Int]
    public let givenKernelShape: [Int]

    public let channels: Int, height: Int, width: Int
    /// Input channels per group (Cin/groups) and output channels per group (Cout/groups).
    public let groupChannels: Int, groupOutChannels: Int
    public let outChannels: Int, kh: Int, kw: Int
    /// Rows/columns cropped from each side of the full scatter (PyTorch's `padding`).
    public let padding: Pair
    /// Extra rows/columns kept at the bottom/right (PyTorch's `output_padding`).
    public let outputPadding: Pair
    public let outHeight: Int, outWidth: Int

    public init(input: Tensor, kernel: Tensor, bias: Tensor? = nil, options: ConvOptions = .init()) throws {
        try options.checkLimits()
        try input.checkMagnitude("--input")
        try kernel.checkMagnitude("--kernel")
        try bias?.checkMagnitude("--bias")
        guard !options.flip else {
            throw ConvError(InapplicableOption(option: .flip, op: .convTranspose).message(naming: "--flip"))
        }
        let x = try ConvLayer.normaliseInput(input, op: .convTranspose)
        let (c, h, w) = (x.shape[0], x.shape[1], x.shape[2])
        guard c >= 1, h >= 1, w >= 1 else { throw ConvError("--input \(input.shape.shapeText) is empty: every dimension needs at least 1") }
        guard kernel.shape.allSatisfy({ $0 >= 1 }) else { throw ConvError("--kernel \(kernel.shape.shapeText) is empty: every dimension needs at least 1") }
        let (s, d, g) = (options.stride, options.dilation, options.groups)
        guard c % g == 0 else { throw ConvError("--groups \(g) does not divide the input's \(c.counting("channel"))") }
        let k = try Self.normaliseKernel(kernel, channels: c, groups: g)
        let (cog, kh, kw) = (k.shape[1], k.shape[2], k.shape[3])
        guard cog >= 1, kh >= 1, kw >= 1 else { throw ConvError("the kernel \(kernel.shape.shapeText) is empty") }

        let p = try Self.resolvePadding(options.padding)
        let op = options.outputPadding
        for (axis, o, s, d) in [("rows", op.h, s.h, d.h), ("columns", op.w, s.w, d.w)] {
            // PyTorch's rule: output padding only chooses among sizes the stride (or dilation) leaves open.
            guard o < s || o < d else {
                throw ConvError("--output-padding \(o) along \(axis) must be smaller than the stride (\(s)) or the dilation (\(d)), as in PyTorch")
            }
        }
        let oh = try Self.outputSize("rows", size: h, s: s.h, p: p.h, d: d.h, k: kh, op: op.h)
        let ow = try Self.outputSize("columns", size: w, s: s.w, p: p.w, d: d.w, k: kw, op: op.w)
        let cout = cog * g
        guard (try? Tensor.elementCount([cout, oh, ow])) != nil else {
            throw ConvError("the output [\(cout),\(oh),\(ow)] would have more than \(Tensor.maxElements) elements; use a smaller stride or input")
        }
        if let bias, bias.count != cout {
            throw ConvError("--bias has \(bias.count.counting("value")) but the layer has \(cout.counting("output channel")) (\(g.counting("group")) × \(cog) from the kernel's second dimension)")
        }
        var o = options
        o.padding = .explicit(p)
        self.input = x
        self.weight = k
        self.bias = bias?.data
        self.options = o
        givenInputShape = input.shape
        givenKernelShape = kernel.shape
        (channels, height, width) = (c, h, w)
        (groupChannels, groupOutChannels, outChannels, self.kh, self.kw) = (c / g, cog, cout, kh, kw)
        (padding, outputPadding, outHeight, outWidth) = (p, op, oh, ow)
    }

    public var outputShape: [Int] { [outChannels, outHeight, outWidth] }
    public var outputCount: Int { outChannels * outHeight * outWidth }
    public var groups: Int { options.groups }
    public var stride: Pair { options.stride }
    public var dilation: Pair { options.dilation }
    /// Products gathered into one output (most are 0·w where no input lands): Cin/groups·kh·kw.
    public var termsPerOutput: Int { groupChannels * kh * kw }
    /// Products one input value scatters: Cout/groups·kh·kw.
    public var productsPerInput: Int { groupOutChannels * kh * kw }
    public var parameterCount: Int { weight.count + (bias?.count ?? 0) }

    // MARK: - Geometry

    /// Output channel `j` of the group that input channel `ci` feeds.
    @inline(__always) public func outputChannel(inputChannel ci: Int, j: Int) -> Int {
        (ci / groupChannels) * groupOutChannels + j
    }

    /// The first input channel that scatters into output channel `co`.
    @inline(__always) public func firstInputChannel(ofOutput co: Int) -> Int {
        (co / groupOutChannels) * groupChannels
    }

    /// Where input (iy, ix) times weight (ky, kx) lands, before cropping: may be negative or
    /// past the output's edge, and is then dropped (that is what PyTorch's padding does).
    @inline(__always) public func outputPosition(iy: Int, ix: Int, ky: Int, kx: Int) -> (y: Int, x: Int) {
        (iy * stride.h - padding.h + ky * dilation.h, ix * stride.w - padding.w + kx * dilation.w)
    }

    @inline(__always) public func isInsideOutput(y: Int, x: Int) -> Bool {
        y >= 0 && y < outHeight && x >= 0 && x < outWidth
    }

    /// The input row that kernel row `ky` carries onto output row `oy`, if any (the gather
    /// view of the scatter: most (oy, ky) pairs fall between input rows when stride > 1).
    @inline(__always) public func inputRow(outputRow oy: Int, ky: Int) -> Int? {
        Self.source(oy + padding.h - ky * dilation.h, stride.h, height)
    }

    @inline(__always) public func inputColumn(outputColumn ox: Int, kx: Int) -> Int? {
        Self.source(ox + padding.w - kx * dilation.w, stride.w, width)
    }

    @inline(__always) static func source(_ n: Int, _ s: Int, _ size: Int) -> Int? {
        n >= 0 && n % s == 0 && n / s < size ? n / s : nil
    }

    @inline(__always) func weightFlat(ci: Int, j: Int, ky: Int, kx: Int) -> Int {
        ((ci * groupOutChannels + j) * kh + ky) * kw + kx
    }

    /// Term `t` of output `flat` seen as a gather, ordered like the equivalent direct
    /// convolution's window: t = (cg·kh + a)·kw + b meets weight (kh−1−a, kw−1−b), so the inputs
    /// come in row-major order — the same order the scatter adds them. `input` is nil (x = 0)
    /// where the window sits on an inserted zero or padding; `window` is [ci, y, x] in the
    /// equivalent convolution's input; `weight` is in this layer's [Cin, Cout/groups, kh, kw].
    public func gatherTerm(output flat: Int, term t: Int) -> Term {
        let g = gather(output: flat, term: t)
        let w = weight.data[weightFlat(ci: g.ci, j: g.j, ky: g.ky, kx: g.kx)]
        let window = [g.ci, g.oy + (kh - 1 - g.ky) * dilation.h, g.ox + (kw - 1 - g.kx) * dilation.w]
        if let iy = g.iy, let ix = g.ix {
            return Term(input: [g.ci, iy, ix], weight: [g.ci, g.j, g.ky, g.kx], x: input.data[(g.ci * height + iy) * width + ix], w: w, window: window)
        }
        return Term(input: nil, weight: [g.ci, g.j, g.ky, g.kx], x: 0, w: w, window: window)
    }

    /// `gatherTerm(output:term:).product`, without building its indices.
    public func termValue(output flat: Int, term t: Int) -> Double {
        let g = gather(output: flat, term: t)
        let w = weight.data[weightFlat(ci: g.ci, j: g.j, ky: g.ky, kx: g.kx)]
        guard let iy = g.iy, let ix = g.ix else { return 0 * w }
        return input.data[(g.ci * height + iy) * width + ix] * w
    }

    /// Which input channel, kernel slice and position gather term `t` of output `flat` pairs,
    /// and the input cell it reads (nil where an inserted zero or padding lies).
    @inline(__always)
    func gather(output flat: Int, term t: Int) -> (ci: Int, j: Int, ky: Int, kx: Int, oy: Int, ox: Int, iy: Int?, ix: Int?) {
        let plane = outHeight * outWidth
        let co = flat / plane, oy = (flat % plane) / outWidth, ox = flat % outWidth
        let kk = kh * kw
        let cg = t / kk, ky = kh - 1 - (t % kk) / kw, kx = kw - 1 - t % kw
        return (firstInputChannel(ofOutput: co) + cg, co % groupOutChannels, ky, kx, oy, ox,
                inputRow(outputRow: oy, ky: ky), inputColumn(outputColumn: ox, kx: kx))
    }

    public func bias(ofOutput flat: Int) -> Double? { bias?[flat / (outHeight * outWidth)] }

    // MARK: - Normalisation

    static func normaliseKernel(_ k: Tensor, channels c: Int, groups g: Int) throws -> Tensor {
        let s = k.shape
        let layout = "conv-transpose needs a kernel [Cin,Cout/groups,kh,kw] (PyTorch's ConvTranspose2d layout: one slice per input channel), [Cin,kh,kw] (one output channel per group) or [kh,kw] (one channel in, one out)"
        switch k.rank {
        case 2:
            guard c == 1, g == 1 else { throw ConvError("\(layout); a 2-D kernel \(s.shapeText) fits only a one-channel input, and this one has \(c)") }
            return k.reshaped([1, 1] + s)
        case 3, 4:
            guard s[0] == c else {
                throw ConvError("kernel \(s.shapeText) has \(s[0].counting("input-channel slice")) (its first dimension), but the input has \(c.counting("channel")); \(layout)")
            }
            return k.rank == 4 ? k : k.reshaped([c, 1, s[1], s[2]])
        default:
            throw ConvError("\(layout); got \(s.shapeText)")
        }
    }

    static func resolvePadding(_ p: Padding) throws -> Pair {
        switch p {
        case .valid: return .zero
        case .same, .full:
            throw ConvError(InapplicableOption(option: .padding, op: .convTranspose).message(naming: "--padding"))
        case .explicit(let p):
            return p
        }
    }

    /// (size − 1)·s − 2·p + d·(k − 1) + op + 1, refusing sizes below 1 (with the numbers) and
    /// any past the element limit before the element-count check can see them.
    static func outputSize(_ axis: String, size: Int, s: Int, p: Int, d: Int, k: Int, op: Int) throws -> Int {
        let sum = try CheckedSize.sum(CheckedSize.product(size - 1, s), CheckedSize.product(d, k - 1))
        guard sum <= Tensor.maxElements else {
            throw ConvError("the output would have more than \(Tensor.maxElements) \(axis); use a smaller stride, dilation or input")
        }
        let n = try CheckedSize.sum(sum, -2 * p, op, 1)
        guard n >= 1 else {
            throw ConvError(
                "no output \(axis): (\(size) − 1)·stride \(s) − 2·padding \(p) + dilation \(d)·(\(k) − 1) + output padding \(op) + 1 = \(n) < 1; use less padding")
        }
        return n
    }
}
