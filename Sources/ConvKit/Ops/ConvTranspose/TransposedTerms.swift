/// conv-transpose as cells of sums, gathered: term t of an output is the equivalent direct
/// convolution's window position t (see `gatherTerm`), most of them 0·w where no input lands.
extension TransposedConvLayer: ReductionLayer {
    @inline(__always)
    public func term(output flat: Int, term t: Int) -> Term { gatherTerm(output: flat, term: t) }

    public var relu: Bool { options.relu }
    public var inputShape: [Int] { input.shape }
    public var weightShape: [Int] { weight.shape }
    public var inputChannels: Int { channels }
    public var kernelArea: Int { kh * kw }

    /// The zero-stuffed grid is not the input: its zeros are named for what they are.
    public func sourceName(_ t: Term) -> String {
        if let i = t.input { return "input " + Position.text(i, in: inputShape) }
        return StuffedZero.source(inserted: isInsertedZero(window: t.window))
    }

    public func factorName(_ t: Term) -> String? {
        guard t.input == nil else { return nil }
        return StuffedZero.factor(inserted: isInsertedZero(window: t.window))
    }
}
