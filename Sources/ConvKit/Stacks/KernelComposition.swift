/// Two stacked linear convolutions as one. For layers of stride 1, dilation 1, no padding
/// ('valid') and no ReLU between them, y = conv(conv(x, k1) + b1, k2) + b2 equals
/// conv(x, K) + B with
///
///     K[o,c] = Σ_m full(k2[o,m], k1[m,c])     (full: the full 2-D convolution, (kh1+kh2−1) × (kw1+kw2−1))
///     B[o]   = b2[o] + Σ_m b1[m] · Σ k2[o,m]   (k2 applied to the constant b1)
///
/// Why: in cross-correlation (PyTorch's conv2d) layer 2 reads y1 at i+v and layer 1 reads x at
/// (i+v)+u, so input offset t = u+v collects every k2[v]·k1[u] with u+v = t — a convolution of
/// the two kernels, not a correlation. The same K serves true convolutions (both layers
/// flipped): rotating both kernels rotates their full convolution. With padding the identity
/// fails at the border (layer 2 pads y1 with zeros, not with k1's view of a zero-padded x).
public enum KernelComposition {
    /// Kernels as conv2d takes them: [kh,kw] (one channel), [C,kh,kw] (one filter) or
    /// [Cout,Cin,kh,kw], groups 1; biases [Cout] or nil (zero). The composed kernel has the
    /// higher rank of the two; its bias is nil only when both are.
    public static func compose(
        first k1: Tensor, bias b1: Tensor?, then k2: Tensor, bias b2: Tensor?,
        naming names: (first: String, second: String) = ("the first kernel", "the second kernel")
    ) throws -> (kernel: Tensor, bias: Tensor?) {
        let first = try oihw(k1, names.first), second = try oihw(k2, names.second)
        let (cmid, cin, h1, w1) = (first.shape[0], first.shape[1], first.shape[2], first.shape[3])
        let (cout, h2, w2) = (second.shape[0], second.shape[2], second.shape[3])
        guard second.shape[1] == cmid else {
            throw ConvError("\(names.second) \(k2.shape.shapeText) reads \(second.shape[1].counting("channel")) but \(names.first) \(k1.shape.shapeText) makes \(cmid.counting("channel"))")
        }
        try checkBias(b1, channels: cmid, of: names.first)
        try checkBias(b2, channels: cout, of: names.second)
        let (kh, kw) = (try CheckedSize.sum(h1, h2, -1), try CheckedSize.sum(w1, w2, -1))
        let shape = [cout, cin, kh, kw]
        var out = try Tensor.zeros(shape)
        for o in 0..<cout {
            for m in 0..<cmid {
                for c in 0..<cin {
                    let base = (o * cin + c) * kh * kw
                    for y2 in 0..<h2 {
                        for x2 in 0..<w2 {
                            let a = second.data[((o * cmid + m) * h2 + y2) * w2 + x2]
                            for y1 in 0..<h1 {
                                for x1 in 0..<w1 {
                                    out.data[base + (y1 + y2) * kw + x1 + x2] += a * first.data[((m * cin + c) * h1 + y1) * w1 + x1]
                                }
                            }
                        }
                    }
                }
            }
        }
        let rank = max(k1.rank, k2.rank)
        let kernel = out.reshaped(Array(shape.dropFirst(4 - rank)))
        guard b1 != nil || b2 != nil else { return (kernel, nil) }
        let plane = h2 * w2
        var bias = b2?.data ?? Array(repeating: 0, count: cout)
        for o in 0..<cout {
            for m in 0..<cmid {
                let start = (o * cmid + m) * plane
                let taps: Double = second.data[start..<start + plane].reduce(0, +)
                bias[o] += (b1?.data[m] ?? 0) * taps
            }
        }
        return (kernel, try Tensor(shape: [cout], data: bias))
    }

    /// [Cout,Cin,kh,kw], as conv2d reads a 2-D, 3-D or 4-D kernel.
    private static func oihw(_ k: Tensor, _ name: String) throws -> Tensor {
        guard (2...4).contains(k.rank), k.shape.allSatisfy({ $0 >= 1 }) else {
            throw ConvError("\(name) must be [kh,kw], [C,kh,kw] or [Cout,Cin,kh,kw] with every dimension at least 1; got \(k.shape.shapeText)")
        }
        return k.reshaped(Array(repeating: 1, count: 4 - k.rank) + k.shape)
    }

    private static func checkBias(_ b: Tensor?, channels: Int, of name: String) throws {
        guard let b, b.shape != [channels] else { return }
        throw ConvError("the bias of \(name) is \(b.shape.shapeText) but it has \(channels.counting("output channel"))")
    }
}
