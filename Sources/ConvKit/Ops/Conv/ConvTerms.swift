/// conv2d, depthwise and pointwise as cells of sums: term t of an output is window position
/// (cg, ky, kx) = t row-major over [Cin/groups, kh, kw]. Over padding in a mode other than zeros,
/// `input` is the cell the padding copies and `window` the padded position, so a term is padding
/// when `window != input`, and a zero when `input` is nil.
extension ConvLayer: ReductionLayer {
    @inline(__always)
    public func term(output flat: Int, term t: Int) -> Term {
        let plane = outHeight * outWidth
        let co = flat / plane, oy = (flat % plane) / outWidth, ox = flat % outWidth
        let kk = kh * kw
        let cg = t / kk, ky = (t % kk) / kw, kx = t % kw
        let ci = firstInputChannel(of: co) + cg
        let (y, x) = inputPosition(oy: oy, ox: ox, ky: ky, kx: kx)
        let (wy, wx) = weightPosition(ky: ky, kx: kx)
        let w = weight.data[((co * groupChannels + cg) * kh + wy) * kw + wx]
        if let s = source(y: y, x: x) {
            return Term(input: [ci, s.y, s.x], weight: [co, cg, wy, wx], x: input.data[(ci * height + s.y) * width + s.x], w: w, window: [ci, y, x])
        }
        return Term(input: nil, weight: [co, cg, wy, wx], x: 0, w: w, window: [ci, y, x])
    }

    /// A copied padding cell names both places: `padding (-1,0) = input (1,0), reflect`.
    public func sourceName(_ t: Term) -> String {
        guard let i = t.input, i != t.window else { return defaultSourceName(t) }
        return "padding \(Position.text(t.window, in: inputShape)) = input \(Position.text(i, in: inputShape)), \(options.paddingMode.rawValue)"
    }

    public func bias(ofOutput flat: Int) -> Double? { bias?[flat / (outHeight * outWidth)] }
    public var relu: Bool { options.relu }
    public func compute() -> Tensor { compute(vectors: .native) }
    public var inputShape: [Int] { input.shape }
    public var weightShape: [Int] { weight.shape }
    public var inputChannels: Int { channels }
    public var kernelArea: Int { kh * kw }
}
