/// The gradient that reaches a layer's sums from dL/dY of its output.
extension ReductionLayer {
    /// dY where the pre-activation (sum + bias) is > 0 when the layer has ReLU (exactly 0 passes
    /// nothing, as PyTorch's relu backward); dY itself without ReLU. `dY` is in the output's
    /// flat order. The finished output is > 0 exactly where the pre-activation is, so the gate
    /// reads `compute()` (which adds in term order, like every trace).
    public func gated(_ dY: [Double]) -> [Double] {
        guard relu else { return dY }
        let y = compute().data
        return zip(y, dY).map { $0 > 0 ? $1 : 0 }
    }
}
