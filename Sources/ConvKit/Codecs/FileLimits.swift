extension Tensor {
    /// The most bytes a grid file (text, .npy, Netpbm) may have: 10⁸ float64 values and a header.
    /// Readers count the bytes that arrive rather than trusting the reported size (devices and
    /// pipes report 0).
    public static let maxFileBytes = maxElements * 8 + 65_536
}
