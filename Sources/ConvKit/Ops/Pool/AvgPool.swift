/// PyTorch's AvgPool2d with count_include_pad=True per channel of [C,H,W] (aten cpu_avg_pool):
/// each output cell is the sum of its window's taps, row-major, divided by `divisor(ofOutput:)`.
/// Term t of a cell is tap t; a tap outside the input is a 0 (padding, or past it in ceil mode).
/// The padding's zeros count in the divisor; the cells past the padding do not, so a ceil-mode
/// window that runs over divides by less than kh·kw.
public struct AvgPool: PoolLayer {
    public let input: Tensor
    public let geometry: PoolGeometry

    public init(input: Tensor, options: PoolOptions) throws {
        guard options.dilation == .one else { throw ConvError("--dilation applies to max-pool only (AvgPool2d has no dilation)") }
        try input.checkMagnitude("--input")
        geometry = try PoolGeometry(op: "avg-pool", input: input, options: options)
        self.input = input.reshaped(geometry.inputShape)
    }

    public var reduction: Reduction { .mean }
    public var outside: Double { 0 }

    /// The window's cells inside the input and its padding: AvgPoolKernel.cpp clips the window
    /// to the padded input before counting it.
    public func divisor(ofOutput flat: Int) -> Int {
        let g = geometry, o = g.origin(output: flat)
        let rows = min(o.y + g.size.h, g.height + g.padding.h) - o.y
        let cols = min(o.x + g.size.w, g.width + g.padding.w) - o.x
        return rows * cols
    }

    /// A tap past the padding is no cell and adds nothing to the sum or the count: `×`, as the
    /// stepper's grid draws it, not a 0 that would read as a padding zero that counts.
    public func factorName(_ t: Term) -> String? {
        t.input == nil ? (isPast(t) ? "×(past pad)" : "0(pad)") : nil
    }
}
