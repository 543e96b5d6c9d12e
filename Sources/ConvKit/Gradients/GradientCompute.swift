/// Whole-gradient loops: the same terms in the same order as `term(output:term:)` (so each
/// cell equals its trace's last running sum bit for bit), without decoding indices per term —
/// the generic path divides and wraps each term's index, the cost of a 2000² picture's backward
/// pass many times over.
extension WeightGradient {
    public func compute() -> Tensor {
        let l = layer, x = l.input.data, g = gradient
        let kk = l.kh * l.kw, (s, d) = (l.options.stride, l.options.dilation)
        var out = [Double](repeating: 0, count: outputCount)
        for flat in out.indices {
            let o = flat / (l.groupChannels * kk), c = (flat / kk) % l.groupChannels
            let (ky, kx) = l.weightPosition(ky: (flat % kk) / l.kw, kx: flat % l.kw)
            let ci = l.firstInputChannel(of: o) + c
            var sum = 0.0
            for oy in 0..<l.outHeight {
                let y = oy * s.h - l.padTop + ky * d.h
                let rowInside = y >= 0 && y < l.height
                let dyRow = (o * l.outHeight + oy) * l.outWidth, xRow = (ci * l.height + y) * l.width
                for ox in 0..<l.outWidth {
                    let xi = ox * s.w - l.padLeft + kx * d.w
                    // A term over padding adds 0·dY, as the trace does (−0 for a negative dY).
                    let v = rowInside && xi >= 0 && xi < l.width ? x[xRow + xi] : 0
                    sum += v * g[dyRow + ox]
                }
            }
            out[flat] = sum
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}

extension InputGradient {
    public func compute() -> Tensor {
        let l = layer, w = l.weight.data, g = gradient
        let perGroup = l.outChannels / l.groups, (s, d) = (l.options.stride, l.options.dilation)
        var out = [Double](repeating: 0, count: outputCount)
        for ci in 0..<l.channels {
            let cg = ci % l.groupChannels, firstO = (ci / l.groupChannels) * perGroup
            for i in 0..<l.height {
                for j in 0..<l.width {
                    var sum = 0.0
                    for jo in 0..<perGroup {
                        let o = firstO + jo
                        for a in 0..<l.kh {
                            let ky = l.kh - 1 - a
                            let y = TransposedConvLayer.source(i + l.padTop - ky * d.h, s.h, l.outHeight)
                            for b in 0..<l.kw {
                                let kx = l.kw - 1 - b
                                let (wy, wx) = l.weightPosition(ky: ky, kx: kx)
                                let wv = w[((o * l.groupChannels + cg) * l.kh + wy) * l.kw + wx]
                                // No dY cell under this weight: a 0·w term, as the trace adds it.
                                guard let y, let x = TransposedConvLayer.source(j + l.padLeft - kx * d.w, s.w, l.outWidth) else {
                                    sum += 0 * wv
                                    continue
                                }
                                sum += g[(o * l.outHeight + y) * l.outWidth + x] * wv
                            }
                        }
                    }
                    out[(ci * l.height + i) * l.width + j] = sum
                }
            }
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}

extension BiasGradient {
    public func compute() -> Tensor {
        let n = termsPerOutput
        let out = (0..<outputCount).map { o in
            var sum = 0.0
            for t in 0..<n { sum += gradient[o * n + t] }
            return sum
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}
