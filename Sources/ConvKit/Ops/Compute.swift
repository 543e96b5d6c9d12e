extension Layer {
    /// The whole output at once, summing each output's products in the trace's order so that
    /// the last running sum of a trace equals this value exactly.
    public func compute() -> Tensor {
        switch self {
        case .conv(let c): c.compute()
        case .dense(let d): d.compute()
        }
    }
}

extension ConvLayer {
    /// Shift-and-add: for each weight, one strided pass over the output rows it touches.
    /// The inner loop is contiguous in the output, which keeps it memory-bound and vectorisable.
    public func compute() -> Tensor {
        let (oh, ow) = (outHeight, outWidth)
        let (sh, sw) = (options.stride.h, options.stride.w)
        let (dh, dw) = (options.dilation.h, options.dilation.w)
        var out = [Double](repeating: 0, count: outChannels * oh * ow)
        out.withUnsafeMutableBufferPointer { o in
            input.data.withUnsafeBufferPointer { src in
                for co in 0..<outChannels {
                    let firstCi = firstInputChannel(of: co)
                    let plane = o.baseAddress! + co * oh * ow
                    for cg in 0..<groupChannels {
                        let channel = src.baseAddress! + (firstCi + cg) * height * width
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let (wy, wx) = weightPosition(ky: ky, kx: kx)
                                let w = weight.data[((co * groupChannels + cg) * kh + wy) * kw + wx]
                                // Output columns whose input column lands inside the image.
                                let x0 = kx * dw - padLeft
                                let oxLo = x0 >= 0 ? 0 : (-x0 + sw - 1) / sw
                                let oxHi = min(ow, x0 > width - 1 ? 0 : (width - 1 - x0) / sw + 1)
                                if oxLo >= oxHi { continue }
                                for oy in 0..<oh {
                                    let y = oy * sh - padTop + ky * dh
                                    if y < 0 || y >= height { continue }
                                    let dst = plane + oy * ow
                                    let row = channel + y * width + x0
                                    if sw == 1 {
                                        for ox in oxLo..<oxHi { dst[ox] += row[ox] * w }
                                    } else {
                                        for ox in oxLo..<oxHi { dst[ox] += row[ox * sw] * w }
                                    }
                                }
                            }
                        }
                    }
                    for i in 0..<(oh * ow) {
                        var z = plane[i] + (bias?[co] ?? 0)
                        if options.relu { z = max(0, z) }
                        plane[i] = z
                    }
                }
            }
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}

extension DenseLayer {
    public func compute() -> Tensor {
        let n = inputCount
        var out = [Double](repeating: 0, count: outputCount)
        for o in 0..<outputCount {
            var s = 0.0
            for i in 0..<n { s += input.data[i] * weight.data[o * n + i] }
            s += bias?[o] ?? 0
            out[o] = relu ? max(0, s) : s
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}
