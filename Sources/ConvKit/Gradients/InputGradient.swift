/// dL/dX of a convolution as cells of sums: cells are the input [C, H, W]. Term t of cell
/// (ci, i, j) is (jo, a, b) = t row-major over [Cout/groups, kh, kw], the window position
/// (ky, kx) = (kh−1−a, kw−1−b) of output channel o (the jo-th of ci's group): g[o,y,x] ×
/// W[o, cg, ky', kx'] (cg = ci within its group, (ky', kx') the weight that window position
/// meets), where y = (i + p − ky·d)/s when that divides and lies in range (x likewise), else a
/// zero term. That is TransposedConvLayer's gather view, in its order (the dY cells come row-major):
/// the input gradient IS the transposed convolution of g with the same weights.
/// In a `Term`, `input`/`x` are the dY cell [o, y, x] and its gated value, `weight`/`w` the
/// weight; `window` is [o, i + p − ky·d, j + p − kx·d], the place in dY spread out by the stride.
/// Dense is the 1×1 convolution of its flattened input: terms over neurons n, g[n]·W[n,i].
public struct InputGradient: ReductionLayer {
    /// The convolution differentiated (dense: its 1×1 convolution).
    public let layer: ConvLayer
    /// The gated gradient, flat in the layer's output order.
    public let gradient: [Double]
    /// The cells' shape: the input [C, H, W] (dense: the input as given).
    public let outputShape: [Int]

    public var termsPerOutput: Int { layer.outChannels / layer.groups * layer.kh * layer.kw }

    public func term(output flat: Int, term t: Int) -> Term {
        let l = layer
        let plane = l.height * l.width, kk = l.kh * l.kw
        let ci = flat / plane, i = (flat % plane) / l.width, j = flat % l.width
        let o = (ci / l.groupChannels) * (l.outChannels / l.groups) + t / kk
        let ky = l.kh - 1 - (t % kk) / l.kw, kx = l.kw - 1 - t % l.kw
        let (wy, wx) = l.weightPosition(ky: ky, kx: kx)
        let w = l.weight.data[((o * l.groupChannels + ci % l.groupChannels) * l.kh + wy) * l.kw + wx]
        let ny = i + l.padTop - ky * l.options.dilation.h, nx = j + l.padLeft - kx * l.options.dilation.w
        let window = [o, ny, nx]
        guard let y = TransposedConvLayer.source(ny, l.options.stride.h, l.outHeight),
              let x = TransposedConvLayer.source(nx, l.options.stride.w, l.outWidth) else {
            return Term(input: nil, weight: [o, ci % l.groupChannels, wy, wx], x: 0, w: w, window: window)
        }
        return Term(input: [o, y, x], weight: [o, ci % l.groupChannels, wy, wx], x: gradient[(o * l.outHeight + y) * l.outWidth + x], w: w, window: window)
    }

    /// The first factor's grid: dY.
    public var inputShape: [Int] { layer.outputShape }
    public var weightShape: [Int] { layer.weight.shape }
    public var inputChannels: Int { layer.outChannels }
    public var kernelArea: Int { layer.kh * layer.kw }

    public func sourceName(_ t: Term) -> String {
        if let i = t.input { return "dY " + Position.text(i, in: inputShape) }
        return "no dY " + Position.text(t.window, in: inputShape)
    }

    public func factorName(_ t: Term) -> String? { t.input == nil ? "0(none)" : nil }
}
