/// A pooling layer's options as PyTorch's MaxPool2d / AvgPool2d take them (no batch dimension).
public struct PoolOptions: Sendable, Equatable {
    /// The window, kh × kw cells (`--pool-size K` or `KH,KW`).
    public var size: Pair
    /// nil: the pool size, as PyTorch defaults it.
    public var stride: Pair?
    /// On each side; at most half the pool size (k // 2), as PyTorch requires.
    public var padding: Pair
    /// Max pooling only (AvgPool2d has none).
    public var dilation: Pair
    /// PyTorch's ceil_mode: one more window when the last does not reach the end, provided it
    /// starts inside the input or its left padding.
    public var ceilMode: Bool

    public init(size: Pair, stride: Pair? = nil, padding: Pair = .zero, dilation: Pair = .one, ceilMode: Bool = false) {
        self.size = size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
    }
}

/// Where a pool's windows sit, per channel of [C,H,W] (aten/src/ATen/native/Pool.h): the
/// output size, its checks, and the input cell under each tap. Shared by `MaxPool` and `AvgPool`.
public struct PoolGeometry: Sendable, Equatable {
    public let channels: Int, height: Int, width: Int
    public let size: Pair, stride: Pair, padding: Pair, dilation: Pair
    public let ceilMode: Bool
    public let outHeight: Int, outWidth: Int
    /// [H,W] or [C,H,W], as the input was given (dX takes this shape).
    public let givenInputShape: [Int]

    /// `op` names the pool in messages (`max-pool`, `avg-pool`); `input` is [H,W] or [C,H,W].
    init(op: String, input: Tensor, options o: PoolOptions) throws {
        try CheckedSize.check(o.size, "--pool-size", least: 1, most: CheckedSize.maxFactor)
        guard (try? Tensor.elementCount([o.size.h, o.size.w])) != nil else {
            throw ConvError("--pool-size \(o.size) is too large: a window of more than \(Tensor.maxElements) cells")
        }
        let stride = o.stride ?? o.size
        try CheckedSize.check(stride, "--stride", least: 1, most: CheckedSize.maxFactor)
        try CheckedSize.check(o.padding, "--padding", least: 0, most: CheckedSize.maxPadding)
        try CheckedSize.check(o.dilation, "--dilation", least: 1, most: CheckedSize.maxFactor)
        let x = try ConvLayer.normaliseInput(input, named: op)
        givenInputShape = input.shape
        (channels, height, width) = (x.shape[0], x.shape[1], x.shape[2])
        (size, self.stride, padding, dilation, ceilMode) = (o.size, stride, o.padding, o.dilation, o.ceilMode)
        outHeight = try Self.outputSize("rows", size: height, k: o.size.h, p: o.padding.h, s: stride.h, d: o.dilation.h, ceil: o.ceilMode)
        outWidth = try Self.outputSize("columns", size: width, k: o.size.w, p: o.padding.w, s: stride.w, d: o.dilation.w, ceil: o.ceilMode)
        guard (try? Tensor.elementCount([channels, outHeight, outWidth])) != nil else {
            throw ConvError("the output [\(channels),\(outHeight),\(outWidth)] would have more than \(Tensor.maxElements) elements; use a larger --stride or a smaller input")
        }
    }

    /// Pool.h's `pooling_output_shape_pad_lr` and `pool2d_shape_check`: padding at most k // 2
    /// (dilation does not raise it), at least one window, and in ceil mode no window that starts
    /// in the right padding.
    static func outputSize(_ axis: String, size n: Int, k: Int, p: Int, s: Int, d: Int, ceil: Bool) throws -> Int {
        guard p <= k / 2 else {
            throw ConvError("--padding \(p) is more than half the pool size \(k) on the \(axis): PyTorch allows at most \(k) // 2 = \(k / 2), whatever the dilation")
        }
        let span = try CheckedSize.span(kernel: k, dilation: d)
        let padded = try CheckedSize.sum(n, p, p)
        let reach = padded - span + (ceil ? s - 1 : 0)
        guard reach >= 0 else {
            let hint = !ceil && padded - span + s - 1 >= 0 ? "; --ceil-mode keeps a window that starts inside the input" : ""
            throw ConvError("--pool-size \(k) does not fit the \(axis): the padded input has \(padded) (\(n) + \(p) + \(p)) but the window spans \(span)\(hint)")
        }
        var out = reach / s + 1
        if ceil && (out - 1) * s >= n + p { out -= 1 }
        return out
    }

    public var inputShape: [Int] { [channels, height, width] }
    public var outputShape: [Int] { [channels, outHeight, outWidth] }
    public var termsPerOutput: Int { size.h * size.w }

    /// Output cell `flat`'s channel and window origin (its top-left tap, maybe in padding).
    @inline(__always) public func origin(output flat: Int) -> (c: Int, y: Int, x: Int) {
        let plane = outHeight * outWidth
        let oy = (flat % plane) / outWidth, ox = flat % outWidth
        return (flat / plane, oy * stride.h - padding.h, ox * stride.w - padding.w)
    }

    /// Tap `t` (row-major over kh × kw) of output cell `flat`: [c, y, x], y/x maybe outside the input.
    @inline(__always) public func tap(output flat: Int, term t: Int) -> [Int] {
        let o = origin(output: flat)
        return [o.c, o.y + (t / size.w) * dilation.h, o.x + (t % size.w) * dilation.w]
    }

    /// The flat index into the input of cell [c, y, x], nil outside the input.
    @inline(__always) func index(_ p: [Int]) -> Int? {
        p[1] >= 0 && p[1] < height && p[2] >= 0 && p[2] < width ? (p[0] * height + p[1]) * width + p[2] : nil
    }

    /// Whether a tap outside the input is still in the padding, rather than past it (only a
    /// ceil-mode window reaches past it).
    public func isPadding(_ p: [Int]) -> Bool {
        p[1] >= -padding.h && p[1] < height + padding.h && p[2] >= -padding.w && p[2] < width + padding.w
    }
}
