/// What `MaxPool` and `AvgPool` share: one input, read tap by tap through one geometry. Term t
/// of a cell is tap t (row-major over kh × kw), a single input value with no weight; a tap
/// outside the input (padding, or past it in ceil mode) reads `outside`.
public protocol PoolLayer: ReductionLayer {
    /// [C,H,W] (a 2-D input as one channel).
    var input: Tensor { get }
    var geometry: PoolGeometry { get }
    /// What a tap outside the input reads: −∞ for a max (it never wins), 0 for an average.
    var outside: Double { get }
}

extension PoolLayer {
    public var outputShape: [Int] { geometry.outputShape }
    public var termsPerOutput: Int { geometry.termsPerOutput }
    public var inputShape: [Int] { input.shape }
    public var inputChannels: Int { geometry.channels }

    public func term(output flat: Int, term t: Int) -> Term {
        let p = geometry.tap(output: flat, term: t)
        guard let i = geometry.index(p) else { return Term(input: nil, x: outside, window: p) }
        return Term(input: p, x: input.data[i], window: p)
    }

    /// Whether tap `t` lies past the padding, where only a ceil-mode window reaches: no cell,
    /// so an average neither adds nor counts it.
    public func isPast(_ t: Term) -> Bool { t.input == nil && !geometry.isPadding(t.window) }

    /// `input (1,3)`, `padding (-1,0)`, or `past the padding (3,3)` for a ceil-mode overhang.
    public func sourceName(_ t: Term) -> String {
        if let i = t.input { return "input " + Position.text(i, in: inputShape) }
        return (isPast(t) ? "past the padding " : "padding ") + Position.text(t.window, in: inputShape)
    }
}

extension PoolLayer {
    /// Tap t's value, without building its position: what traces and `compute` read per tap.
    @inline(__always) public func termValue(output flat: Int, term t: Int) -> Double {
        let g = geometry, o = g.origin(output: flat)
        let y = o.y + (t / g.size.w) * g.dilation.h, x = o.x + (t % g.size.w) * g.dilation.w
        guard y >= 0, y < g.height, x >= 0, x < g.width else { return outside }
        return input.data[(o.c * g.height + y) * g.width + x]
    }

    /// Every cell by its taps in term order, as `running(ofOutput:through:)` takes them, so each
    /// equals its trace's last value bit for bit; only the taps inside the input are read (an
    /// outside tap is `outside`, which changes neither a max nor a sum).
    public func compute() -> Tensor {
        let g = geometry, r = reduction, plane = g.outHeight * g.outWidth
        var out = [Double](repeating: 0, count: g.channels * plane)
        input.data.withUnsafeBufferPointer { x in
            for flat in out.indices {
                let o = g.origin(output: flat)
                var run = r.start
                var t = 0
                for ky in 0..<g.size.h {
                    let y = o.y + ky * g.dilation.h
                    for kx in 0..<g.size.w {
                        let xx = o.x + kx * g.dilation.w
                        let v = y >= 0 && y < g.height && xx >= 0 && xx < g.width ? x[(o.c * g.height + y) * g.width + xx] : outside
                        run = r.adding(v, term: t, to: run)
                        t += 1
                    }
                }
                out[flat] = finish(output: flat, sum: run.value)
            }
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}
