/// The unfolded input ("X_col"): one column per output position holding its receptive field,
/// rows ordered (c, ky, kx) and columns (oy, ox) like torch.nn.functional.unfold. Multiplying
/// the kernel, flattened into rows, by this matrix gives the whole convolution as one matmul.
public struct Im2col: Sendable {
    public let geometry: ConvLayer
    public let matrix: Tensor

    /// Only the kernel's spatial size matters; groups, flip and bias do not apply.
    public init(input: Tensor, kernel: Tensor, options: ConvOptions = .init()) throws {
        guard kernel.rank >= 2 else {
            throw ConvError("im2col needs a kernel with a spatial size [kh,kw]; got \(kernel.shape.shapeText)")
        }
        let x = try ConvLayer.normaliseInput(input, op: .im2col)
        let c = x.shape[0]
        let (kh, kw) = (kernel.shape[kernel.rank - 2], kernel.shape[kernel.rank - 1])
        // A zero kernel of the right size gives ConvLayer's checks and geometry for free.
        let probe = try Tensor.zeros([1, c, kh, kw])
        var o = options
        o.groups = 1
        o.flip = false
        let g = try ConvLayer(op: .conv2d, input: x, kernel: probe, options: o)
        let rows = try CheckedSize.product(c, kh, kw), cols = g.outHeight * g.outWidth
        var m = try Tensor.zeros([rows, cols])
        for r in 0..<rows {
            let ci = r / (kh * kw), ky = (r / kw) % kh, kx = r % kw
            for col in 0..<cols {
                let (y, xx) = g.inputPosition(oy: col / g.outWidth, ox: col % g.outWidth, ky: ky, kx: kx)
                if let s = g.source(y: y, x: xx) { m.data[r * cols + col] = x.data[(ci * g.height + s.y) * g.width + s.x] }
            }
        }
        geometry = g
        matrix = m
    }
}
