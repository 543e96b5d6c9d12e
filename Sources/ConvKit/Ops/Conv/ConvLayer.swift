/// A convolution-family layer with every shape normalised to PyTorch's layout:
/// input [C,H,W], weight [Cout, Cin/groups, kh, kw]. conv2d, depthwise and pointwise all become
/// one of these, which is exactly the point the tutor makes: they are the same sum, grouped
/// differently.
public struct ConvLayer: Sendable {
    public let op: Op
    public let input: Tensor
    public let weight: Tensor
    public let bias: [Double]?
    public let options: ConvOptions
    /// Shapes as the user gave them, for display.
    public let givenInputShape: [Int]
    public let givenKernelShape: [Int]

    public let channels: Int, height: Int, width: Int
    public let outChannels: Int, groupChannels: Int, kh: Int, kw: Int
    public let padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    public let outHeight: Int, outWidth: Int

    public init(op: Op = .conv2d, input: Tensor, kernel: Tensor, bias: Tensor? = nil, options: ConvOptions = .init()) throws {
        precondition(op != .dense, "dense is not a convolution")
        var options = options
        try options.checkLimits()
        try input.checkMagnitude("--input")
        try kernel.checkMagnitude("--kernel")
        try bias?.checkMagnitude("--bias")
        let x = try Self.normaliseInput(input, op: op)
        let (c, h, w) = (x.shape[0], x.shape[1], x.shape[2])
        guard kernel.shape.allSatisfy({ $0 >= 1 }) else { throw ConvError("--kernel \(kernel.shape.shapeText) is empty: every dimension needs at least 1") }
        if op != .depthwise, options.groups >= 1, c % options.groups != 0 {
            throw ConvError("--groups \(options.groups) does not divide the input's \(c.counting("channel"))")
        }
        let k = try Self.normaliseKernel(kernel, op: op, channels: c, options: &options)
        let g = options.groups
        let (cout, cg, kh, kw) = (k.shape[0], k.shape[1], k.shape[2], k.shape[3])
        guard kh >= 1, kw >= 1, cout >= 1 else { throw ConvError("the kernel \(kernel.shape.shapeText) is empty") }
        guard c % g == 0 else { throw ConvError("--groups \(g) does not divide the input's \(c.counting("channel"))") }
        guard cout % g == 0 else { throw ConvError("--groups \(g) does not divide the kernel's \(cout.counting("output channel")) (filters)") }
        guard cg == c / g else {
            throw ConvError("kernel \(k.shape.shapeText) expects \(cg.counting("input channel")) per group, but the input has \(c.counting("channel")) in \(g.counting("group")) (\(c / g) per group)")
        }

        let pads = try Self.resolvePadding(options, kh: kh, kw: kw)
        try options.paddingMode.check("rows", before: pads.top, after: pads.bottom, size: h)
        try options.paddingMode.check("columns", before: pads.left, after: pads.right, size: w)
        let oh = try Self.outputSize("rows", size: h, before: pads.top, after: pads.bottom, k: kh, d: options.dilation.h, s: options.stride.h)
        let ow = try Self.outputSize("columns", size: w, before: pads.left, after: pads.right, k: kw, d: options.dilation.w, s: options.stride.w)
        guard (try? Tensor.elementCount([cout, oh, ow])) != nil else {
            throw ConvError("the output [\(cout),\(oh),\(ow)] would have more than \(Tensor.maxElements) elements; use less padding or a smaller input")
        }

        var b: [Double]?
        if let bias {
            guard bias.count == cout else { throw ConvError("--bias has \(bias.count.counting("value")) but the layer has \(cout.counting("output channel"))") }
            b = bias.data
        }
        self.op = op
        self.input = x
        self.weight = k
        self.bias = b
        self.options = options
        givenInputShape = input.shape
        givenKernelShape = kernel.shape
        (channels, height, width) = (c, h, w)
        (outChannels, groupChannels, self.kh, self.kw) = (cout, cg, kh, kw)
        (padTop, padBottom, padLeft, padRight) = (pads.top, pads.bottom, pads.left, pads.right)
        (outHeight, outWidth) = (oh, ow)
    }

    public var outputShape: [Int] { [outChannels, outHeight, outWidth] }
    public var groups: Int { options.groups }
    /// Products summed into one output value: Cin/groups · kh · kw.
    public var termsPerOutput: Int { groupChannels * kh * kw }
    public var parameterCount: Int { weight.count + (bias?.count ?? 0) }

    /// The first input channel read by output channel `co`.
    @inline(__always) public func firstInputChannel(of co: Int) -> Int {
        (co / (outChannels / options.groups)) * groupChannels
    }

    /// Index into `weight` of the value multiplied at window position (ky, kx): with flip the
    /// kernel is rotated 180°, so the window's top-left meets the kernel's bottom-right.
    @inline(__always) public func weightPosition(ky: Int, kx: Int) -> (ky: Int, kx: Int) {
        options.flip ? (kh - 1 - ky, kw - 1 - kx) : (ky, kx)
    }

    /// The input row/column under window position (ky, kx) of output (oy, ox); may lie in padding.
    @inline(__always) public func inputPosition(oy: Int, ox: Int, ky: Int, kx: Int) -> (y: Int, x: Int) {
        (oy * options.stride.h - padTop + ky * options.dilation.h,
         ox * options.stride.w - padLeft + kx * options.dilation.w)
    }

    @inline(__always) public func isInside(y: Int, x: Int) -> Bool {
        y >= 0 && y < height && x >= 0 && x < width
    }

    /// The input cell position (y, x) of the padded frame reads: itself inside the input, the
    /// cell the padding mode copies outside it, nil for a zero.
    @inline(__always) public func source(y: Int, x: Int) -> (y: Int, x: Int)? {
        let mode = options.paddingMode
        guard let sy = mode.source(y, size: height), let sx = mode.source(x, size: width) else { return nil }
        return (sy, sx)
    }

    // MARK: - Normalisation

    static func normaliseInput(_ t: Tensor, op: Op) throws -> Tensor { try normaliseInput(t, named: op.rawValue) }

    /// [H,W] as one channel, or [C,H,W]; `name` is the op as messages name it.
    static func normaliseInput(_ t: Tensor, named name: String) throws -> Tensor {
        let x: Tensor
        switch t.rank {
        case 2: x = t.reshaped([1] + t.shape)
        case 3: x = t
        default:
            throw ConvError("--input for \(name) must be [H,W] or [C,H,W]; got \(t.shape.shapeText)")
        }
        guard x.shape.allSatisfy({ $0 >= 1 }) else { throw ConvError("--input \(t.shape.shapeText) is empty: every dimension needs at least 1") }
        return x
    }

    static func normaliseKernel(_ k: Tensor, op: Op, channels c: Int, options: inout ConvOptions) throws -> Tensor {
        let s = k.shape
        switch op {
        case .depthwise:
            if options.groups != 1 && options.groups != c {
                throw ConvError("depthwise uses one group per channel (\(c)); --groups \(options.groups) contradicts it")
            }
            options.groups = c
            switch k.rank {
            // One 2-D kernel (a preset, say) is given to every channel: each still gets its own copy.
            case 2:
                // Counted before the copies are made: C copies of a big kernel could exhaust memory.
                _ = try Tensor.elementCount([c, 1] + s)
                return try Tensor(shape: [c, 1] + s, data: Array([[Double]](repeating: k.data, count: c).joined()))
            case 3 where s[0] == c: return k.reshaped([c, 1, s[1], s[2]])
            case 4 where s[1] == 1: return k
            default:
                throw ConvError("depthwise needs a kernel [C,kh,kw] with one 2-D kernel per input channel (C = \(c)), or one [kh,kw] for all; got \(s.shapeText)")
            }
        case .pointwise:
            switch k.rank {
            case 2: return k.reshaped(s + [1, 1])
            case 4 where s[2] == 1 && s[3] == 1: return k
            default:
                throw ConvError("pointwise needs a kernel [Cout,Cin] (one weight row per output channel); got \(s.shapeText)")
            }
        default:
            switch k.rank {
            case 2:
                guard c == 1 else {
                    throw ConvError("a 2-D kernel \(s.shapeText) is one filter for one channel, but the input has \(c.counting("channel")); give [\(c),kh,kw] or [Cout,\(c),kh,kw]")
                }
                return k.reshaped([1, 1] + s)
            case 3:
                guard s[0] == c / max(options.groups, 1) else {
                    throw ConvError("kernel \(s.shapeText) is one filter over \(s[0].counting("channel")), but the input has \(c.counting("channel"))")
                }
                return k.reshaped([1] + s)
            case 4: return k
            default:
                throw ConvError("--kernel for conv2d must be [kh,kw], [C,kh,kw] or [Cout,Cin/groups,kh,kw]; got \(s.shapeText)")
            }
        }
    }

    static func resolvePadding(_ o: ConvOptions, kh: Int, kw: Int) throws -> (top: Int, bottom: Int, left: Int, right: Int) {
        let th = try CheckedSize.span(kernel: kh, dilation: o.dilation.h) - 1, tw = try CheckedSize.span(kernel: kw, dilation: o.dilation.w) - 1
        switch o.padding {
        case .valid: return (0, 0, 0, 0)
        case .full: return (th, th, tw, tw)
        case .same:
            guard o.stride == .one else {
                throw ConvError(InapplicableOption(option: .padding, op: .conv2d).message(naming: "--padding") + "; got --stride \(o.stride)")
            }
            return (th / 2, th - th / 2, tw / 2, tw - tw / 2)
        case .explicit(let p):
            return (p.h, p.h, p.w, p.w)
        }
    }

    static func outputSize(_ axis: String, size: Int, before: Int, after: Int, k: Int, d: Int, s: Int) throws -> Int {
        let span = try CheckedSize.span(kernel: k, dilation: d)
        let padded = try CheckedSize.sum(size, before, after)
        guard padded >= span else {
            throw ConvError(
                "no output \(axis): the padded input has \(padded.counting(String(axis.dropLast()))) (\(size) + \(before) + \(after)) but the kernel spans \(span) (dilation \(d) · (\(k) − 1) + 1); floor((\(padded) − \(span)) / \(s)) + 1 < 1")
        }
        return (padded - span) / s + 1
    }
}
