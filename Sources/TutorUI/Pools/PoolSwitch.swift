import ConvKit

/// `o` on a pool: an average pool is a depthwise conv with every weight 1/(kh·kw), the same
/// stride and zero padding, so `o` steps that conv through the same numbers, and `o` again
/// returns. A max is no sum of products, so no conv gives it: `o` says so.
extension StepperState {
    /// Why `o` does not switch this pool to a conv, or nil where it does (and on the depthwise
    /// it switched to, where `o` goes back).
    var poolSwitchRefusal: String? {
        guard let p = pool else { return nil }
        if p.reduction == .max { return "a max is not a sum of products: no conv gives it" }
        // The bottom-right window runs furthest past the padding on both axes: if it divides by
        // kh·kw, every window does.
        let g = p.geometry, last = g.outHeight * g.outWidth - 1
        let d = p.divisor(ofOutput: last)
        guard d == p.termsPerOutput else {
            return "no conv here: the ceil-mode window past the padding divides by \(d), not \(p.termsPerOutput)"
        }
        return nil
    }

    /// The avg-pool as its depthwise conv, or the pool back from it; the position stays, as both
    /// have the same cells and taps in the same order.
    mutating func switchPool() {
        if let why = poolSwitchRefusal {
            message = why
            return
        }
        guard case .avgPool(let p) = layer else {
            // Back to the pool over the input as it now stands: an edit made on either side stays.
            var back = original
            back.input = spec.input
            rebuild(back)
            message = "avg-pool again: the same outputs, and no weights"
            return
        }
        let g = p.geometry, kk = g.termsPerOutput
        var s = spec
        s.op = .depthwise
        s.input = p.input
        s.bias = nil
        s.kernel = (try? Tensor(shape: [g.channels, g.size.h, g.size.w], data: Array(repeating: 1 / Double(kk), count: g.channels * kk))) ?? s.kernel
        s.options = ConvOptions(stride: g.stride, padding: .explicit(g.padding))
        guard rebuild(s) else { return }
        let w = "1/\(kk)"
        // 1/kk is exact in binary only for a power of two: otherwise the sums round apart.
        message = kk & (kk - 1) == 0 ? "the same outputs: an average pool is a depthwise conv with weights \(w)"
            : "the same outputs up to rounding: an average pool is a depthwise conv, weights \(w)"
    }
}
