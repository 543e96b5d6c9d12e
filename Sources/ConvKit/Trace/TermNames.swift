/// The names a term's two factors go by on every screen, in plain mode and in trace text.
extension ReductionLayer {
    /// Where a term's input number comes from: `input (1,3)` or `padding (-1,0)`.
    public func sourceName(_ t: Term) -> String { defaultSourceName(t) }

    /// The name a term's input goes by when the op adds nothing of its own.
    public func defaultSourceName(_ t: Term) -> String {
        if let i = t.input { return "input " + Position.text(i, in: inputShape) }
        return "padding " + Position.text(t.window, in: inputShape)
    }

    /// `weight (0,0)`: always the weight's place in the kernel as given.
    public func weightName(_ t: Term) -> String { "weight " + Position.text(t.weight, in: weightShape) }

    /// A term's input as a factor of a written-out sum: the number, or a tagged zero.
    public func factorName(_ t: Term) -> String? { t.input == nil ? "0(pad)" : nil }

    /// What a cell's terms are called on every screen: products, taps of a pooling window, or
    /// terms where each is one number (a bias gradient adds dY values).
    public var termWord: String { unwrapped is any PoolLayer ? "tap" : factorKeys.count == 1 ? "term" : "product" }
}

/// The zeros of a zero-stuffed, padded grid (conv-transpose's equivalent input, dX's spread dY)
/// are named for what they are, on every screen.
enum StuffedZero {
    static func source(inserted: Bool) -> String { inserted ? "inserted zero" : "padding zero" }
    static func factor(inserted: Bool) -> String { inserted ? "0(inserted)" : "0(pad)" }
}

extension TransposedConvLayer {
    /// Whether a gather term's `window` (a cell of the equivalent convolution's input) is one of
    /// the zeros put between input cells rather than the padding around them.
    public func isInsertedZero(window w: [Int]) -> Bool {
        let u = w[1] - (dilation.h * (kh - 1) - padding.h), v = w[2] - (dilation.w * (kw - 1) - padding.w)
        return u >= 0 && u <= (height - 1) * stride.h && v >= 0 && v <= (width - 1) * stride.w
    }
}
