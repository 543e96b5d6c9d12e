/// The names a term's two factors go by on every screen, in plain mode and in trace text.
extension Layer {
    public var inputShape: [Int] {
        switch self {
        case .conv(let c): c.input.shape
        case .dense(let d): d.input.shape
        case .transposed(let t): t.input.shape
        }
    }

    /// The weights as this layer indexes them (conv-transpose: the kernel as given, not rotated).
    public var weightShape: [Int] {
        switch self {
        case .conv(let c): c.weight.shape
        case .dense(let d): d.weight.shape
        case .transposed(let t): t.weight.shape
        }
    }

    /// Where a term's input number comes from: `input (1,3)`, `padding (-1,0)`, or for
    /// conv-transpose `inserted zero` / `padding zero` (the zero-stuffed grid is not the input).
    public func sourceName(_ t: Term) -> String {
        if let i = t.input { return "input " + Position.text(i, in: inputShape) }
        if case .transposed(let l) = self { return l.isInsertedZero(window: t.window) ? "inserted zero" : "padding zero" }
        return "padding " + Position.text(t.window, in: inputShape)
    }

    /// `weight (0,0)`: always the weight's place in the kernel as given.
    public func weightName(_ t: Term) -> String { "weight " + Position.text(t.weight, in: weightShape) }

    /// A term's input as a factor of a written-out sum: the number, or a tagged zero.
    public func factorName(_ t: Term) -> String? {
        guard t.input == nil else { return nil }
        if case .transposed(let l) = self, l.isInsertedZero(window: t.window) { return "0(inserted)" }
        return "0(pad)"
    }
}

extension TransposedConvLayer {
    /// Whether a gather term's `window` (a cell of the equivalent convolution's input) is one of
    /// the zeros put between input cells rather than the padding around them.
    public func isInsertedZero(window w: [Int]) -> Bool {
        let u = w[1] - (dilation.h * (kh - 1) - padding.h), v = w[2] - (dilation.w * (kw - 1) - padding.w)
        return u >= 0 && u <= (height - 1) * stride.h && v >= 0 && v <= (width - 1) * stride.w
    }
}
