/// One term of an output cell: a product of two factors (input x times weight w), or a single
/// input value (pooling: `weight` is empty and w is 1, so `product` is x itself).
public struct Term: Sendable, Equatable {
    /// Index into the input tensor ([c,y,x] for conv ops), nil when the window is over padding
    /// (conv-transpose: or over a zero inserted between input cells).
    public let input: [Int]?
    /// Index into the normalised weight ([Cout,Cin/groups,kh,kw] or [out,in]; conv-transpose:
    /// its own [Cin,Cout/groups,kh,kw]); empty for a term with one factor.
    public let weight: [Int]
    public let x: Double
    public let w: Double
    /// Where the term sits in the padded frame ([c,y,x], y/x may be negative or past the edge);
    /// conv-transpose: in the equivalent direct convolution's input (zeros inserted and padded).
    public let window: [Int]

    public init(input: [Int]?, weight: [Int], x: Double, w: Double, window: [Int]) {
        self.input = input
        self.weight = weight
        self.x = x
        self.w = w
        self.window = window
    }

    /// A term that is one input value (x · 1 is x exactly, so a sum or max of these is exact).
    public init(input: [Int]?, x: Double, window: [Int]) {
        self.init(input: input, weight: [], x: x, w: 1, window: window)
    }

    /// The term's value: what the reduction takes.
    public var product: Double { x * w }
    /// 2 for a product, 1 for a single input value.
    public var factorCount: Int { weight.isEmpty ? 1 : 2 }
}
