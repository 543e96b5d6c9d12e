/// dL/dW of a convolution as cells of sums: cells are the normalised weight [Cout, Cin/groups,
/// kh, kw] in the kernel's GIVEN orientation (with flip the window meets it turned, and the
/// cell is the weight that window position met). Term t of cell (o, c, ky, kx) is output
/// position (y, x) = t row-major over [Hout, Wout]: g[o,y,x] × X[ci, y·s + ky·d − p, x·s + kx·d − p]
/// (ci = the group's first channel + c), a zero term where that lies in padding, as forward.
/// In a `Term`, `input`/`x`/`window` are the input side as in the forward layer; `weight` is
/// the index of the dY cell [o, y, x] and `w` its gated value.
/// Dense is the 1×1 convolution of its flattened input: one term per cell, g[n]·x[i].
public struct WeightGradient: ReductionLayer {
    /// The convolution differentiated (dense: its 1×1 convolution).
    public let layer: ConvLayer
    /// The gated gradient, flat in the layer's output order.
    public let gradient: [Double]
    /// The cells' shape: the normalised weight (dense: [N, fan-in]).
    public let outputShape: [Int]
    /// Dense: its input's shape as given. Terms then name the dense layer's own cells (the input
    /// at its index in that shape, the dY neuron [n]), not its 1×1 convolution's.
    public var denseInput: [Int]? = nil

    public var termsPerOutput: Int { layer.outHeight * layer.outWidth }

    public func term(output flat: Int, term t: Int) -> Term {
        let p = pair(output: flat, term: t)
        let g = gradient[p.dy]
        if let shape = denseInput {
            let i = Tensor.unravel(p.ci, shape)
            return Term(input: i, weight: [p.o], x: layer.input.data[p.ci], w: g, window: i)
        }
        guard let x = p.x else { return Term(input: nil, weight: [p.o, p.oy, p.ox], x: 0, w: g, window: [p.ci, p.y, p.x0]) }
        return Term(input: [p.ci, p.y, p.x0], weight: [p.o, p.oy, p.ox], x: layer.input.data[x], w: g, window: [p.ci, p.y, p.x0])
    }

    /// `term(output:term:).product` without building its indices.
    public func termValue(output flat: Int, term t: Int) -> Double {
        let p = pair(output: flat, term: t)
        return (p.x.map { layer.input.data[$0] } ?? 0) * gradient[p.dy]
    }

    /// The input cell (flat, nil in padding; and where it sits) and the dY cell term t pairs.
    @inline(__always)
    func pair(output flat: Int, term t: Int) -> (o: Int, oy: Int, ox: Int, dy: Int, ci: Int, y: Int, x0: Int, x: Int?) {
        let l = layer
        let kk = l.kh * l.kw
        let o = flat / (l.groupChannels * kk), c = (flat / kk) % l.groupChannels
        // weightPosition is its own inverse: the window position that met this weight.
        let (ky, kx) = l.weightPosition(ky: (flat % kk) / l.kw, kx: flat % l.kw)
        let oy = t / l.outWidth, ox = t % l.outWidth
        let ci = l.firstInputChannel(of: o) + c
        let (y, x) = l.inputPosition(oy: oy, ox: ox, ky: ky, kx: kx)
        let dy = (o * l.outHeight + oy) * l.outWidth + ox
        return (o, oy, ox, dy, ci, y, x, l.isInside(y: y, x: x) ? (ci * l.height + y) * l.width + x : nil)
    }

    public var inputShape: [Int] { denseInput ?? layer.input.shape }
    /// The second factor's grid: dY.
    public var weightShape: [Int] { denseInput == nil ? layer.outputShape : [layer.outChannels] }
    public var inputChannels: Int { denseInput == nil ? layer.channels : 1 }
    public func weightName(_ t: Term) -> String { "dY " + Position.text(t.weight, in: weightShape) }
    public var factorKeys: [String] { ["x", "dy"] }
}
