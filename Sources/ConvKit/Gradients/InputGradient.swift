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
    /// Dense: its input's shape as given. Terms then name the dense layer's own cells (the dY
    /// neuron [n], the weight [n, i]), not its 1×1 convolution's.
    public var denseInput: [Int]? = nil

    public var termsPerOutput: Int { layer.outChannels / layer.groups * layer.kh * layer.kw }

    public func term(output flat: Int, term t: Int) -> Term {
        let p = pair(output: flat, term: t)
        if denseInput != nil {
            return Term(input: [p.o], weight: [p.o, p.cg], x: gradient[p.o], w: layer.weight.data[p.w], window: [p.o])
        }
        let window = [p.o, p.ny, p.nx], weight = [p.o, p.cg, p.wy, p.wx]
        guard let y = p.y, let x = p.x else { return Term(input: nil, weight: weight, x: 0, w: layer.weight.data[p.w], window: window) }
        return Term(input: [p.o, y, x], weight: weight, x: gradient[(p.o * layer.outHeight + y) * layer.outWidth + x], w: layer.weight.data[p.w], window: window)
    }

    /// `term(output:term:).product` without building its indices.
    public func termValue(output flat: Int, term t: Int) -> Double {
        let p = pair(output: flat, term: t)
        guard let y = p.y, let x = p.x else { return 0 * layer.weight.data[p.w] }
        return gradient[(p.o * layer.outHeight + y) * layer.outWidth + x] * layer.weight.data[p.w]
    }

    /// The output channel, the weight (index and flat) and the dY cell (nil between strides or
    /// past the edge; (ny, nx) before dividing by the stride) that term t of cell `flat` pairs.
    @inline(__always)
    func pair(output flat: Int, term t: Int) -> (o: Int, cg: Int, wy: Int, wx: Int, w: Int, ny: Int, nx: Int, y: Int?, x: Int?) {
        let l = layer
        let plane = l.height * l.width, kk = l.kh * l.kw
        let ci = flat / plane, i = (flat % plane) / l.width, j = flat % l.width
        let o = (ci / l.groupChannels) * (l.outChannels / l.groups) + t / kk, cg = ci % l.groupChannels
        let ky = l.kh - 1 - (t % kk) / l.kw, kx = l.kw - 1 - t % l.kw
        let (wy, wx) = l.weightPosition(ky: ky, kx: kx)
        let ny = i + l.padTop - ky * l.options.dilation.h, nx = j + l.padLeft - kx * l.options.dilation.w
        return (o, cg, wy, wx, ((o * l.groupChannels + cg) * l.kh + wy) * l.kw + wx, ny, nx,
                TransposedConvLayer.source(ny, l.options.stride.h, l.outHeight), TransposedConvLayer.source(nx, l.options.stride.w, l.outWidth))
    }

    /// The first factor's grid: dY.
    public var inputShape: [Int] { denseInput == nil ? layer.outputShape : [layer.outChannels] }
    public var weightShape: [Int] { denseInput == nil ? layer.weight.shape : [layer.outChannels, layer.channels] }
    public var inputChannels: Int { denseInput == nil ? layer.outChannels : 1 }
    public var kernelArea: Int { denseInput == nil ? layer.kh * layer.kw : termsPerOutput }

    /// A term with no dY cell reads one of the zeros of dY spread out by the stride and padded,
    /// named as the transposed convolution names them.
    public func sourceName(_ t: Term) -> String {
        if let i = t.input { return "dY " + Position.text(i, in: inputShape) }
        return StuffedZero.source(inserted: isInsertedZero(window: t.window))
    }

    public func factorName(_ t: Term) -> String? {
        guard t.input == nil else { return nil }
        return StuffedZero.factor(inserted: isInsertedZero(window: t.window))
    }

    /// Whether a window [o, ny, nx] (dY spread by the stride, before dividing) lies between dY
    /// cells rather than past them.
    func isInsertedZero(window w: [Int]) -> Bool {
        let l = layer
        return w[1] >= 0 && w[1] <= (l.outHeight - 1) * l.options.stride.h && w[2] >= 0 && w[2] <= (l.outWidth - 1) * l.options.stride.w
    }

    public var factorKeys: [String] { ["dy", "w"] }
}
