import Dispatch

extension TransposedConvLayer {
    /// The whole output by scattering, each output cell receiving its products in the trace's
    /// order (input cells row-major), so the result is bit-identical to the last running value
    /// `ScatterTrace` shows for the cell. The loops run (co, ci, iy, ky, kx descending, ix):
    /// for a fixed output cell a descending kx meets ascending ix, which keeps that order while
    /// the innermost loop streams one contiguous input row.
    public func compute() -> Tensor {
        let plane = outHeight * outWidth
        var out = [Double](repeating: 0, count: outChannels * plane)
        out.withUnsafeMutableBufferPointer { buffer in
            let target = ScatterTarget(pointer: buffer.baseAddress!)
            // Below about a million products a thread hand-off costs more than it saves.
            if outChannels == 1 || channels * height * width * productsPerInput < 1 << 20 {
                for co in 0..<outChannels { scatter(into: target.pointer + co * plane, co: co) }
            } else {
                // Each output channel is its own plane: the threads never write the same value.
                DispatchQueue.concurrentPerform(iterations: outChannels) { co in
                    scatter(into: target.pointer + co * plane, co: co)
                }
            }
        }
        return Tensor(unchecked: outputShape, data: out)
    }

    /// Every product into output channel `co`, then bias and ReLU as `Layer.finish` applies them.
    private func scatter(into dst: UnsafeMutablePointer<Double>, co: Int) {
        let (sh, sw, dh, dw) = (stride.h, stride.w, dilation.h, dilation.w)
        let j = co % groupOutChannels, first = firstInputChannel(ofOutput: co)
        input.data.withUnsafeBufferPointer { x in
            for ci in first..<(first + groupChannels) {
                for iy in 0..<height {
                    let src = x.baseAddress! + (ci * height + iy) * width
                    for ky in 0..<kh {
                        let oy = iy * sh - padding.h + ky * dh
                        guard oy >= 0 && oy < outHeight else { continue }
                        for kx in Swift.stride(from: kw - 1, through: 0, by: -1) {
                            let w = weight.data[weightFlat(ci: ci, j: j, ky: ky, kx: kx)]
                            // Columns ix whose product lands inside: 0 ≤ ix·sw − pw + kx·dw < outWidth.
                            let shift = kx * dw - padding.w
                            let lo = max(0, ceilDiv(-shift, sw)), hi = min(width - 1, floorDiv(outWidth - 1 - shift, sw))
                            guard lo <= hi else { continue }
                            let row = oy * outWidth + shift
                            for ix in lo...hi { dst[row &+ ix &* sw] += src[ix] * w }
                        }
                    }
                }
            }
        }
        guard bias != nil || options.relu else { return }
        let b = bias?[co] ?? 0
        for i in 0..<(outHeight * outWidth) {
            let z = dst[i] + b
            dst[i] = options.relu ? max(0, z) : z
        }
    }
}

private struct ScatterTarget: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
}

@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
@inline(__always) func ceilDiv(_ a: Int, _ b: Int) -> Int { -floorDiv(-a, b) }
