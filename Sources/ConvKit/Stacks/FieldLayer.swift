/// One layer as receptive-field arithmetic sees it: a square window of `kernel` taps, `dilation`
/// apart, moved `stride` at a time over an input padded by `padding` on each side. The same
/// numbers hold along rows and columns (a square input and square layers).
public struct FieldLayer: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable { case conv, pool }

    public let kind: Kind
    public let kernel: Int, stride: Int, padding: Int, dilation: Int

    /// Kernel sides past this would make a window of more than `Tensor.maxElements` cells.
    public static let maxKernel = 10_000

    /// `stride` nil: 1 for a conv, the window size for a pool (as PyTorch defaults both).
    /// Numbers outside what the engine accepts are refused, each naming its key (`s`, `p`, …);
    /// a pool's padding at most k // 2 as PyTorch's pools require.
    public init(_ kind: Kind, k: Int, s: Int? = nil, p: Int = 0, d: Int = 1) throws {
        try CheckedSize.check(Pair(k, k), "k", least: 1, most: Self.maxKernel)
        let s = s ?? (kind == .pool ? k : 1)
        try CheckedSize.check(Pair(s, s), "s", least: 1, most: CheckedSize.maxFactor)
        try CheckedSize.check(Pair(p, p), "p", least: 0, most: CheckedSize.maxPadding)
        try CheckedSize.check(Pair(d, d), "d", least: 1, most: CheckedSize.maxFactor)
        if kind == .pool, p > k / 2 {
            throw ConvError("pool p=\(p) is more than half of k=\(k): PyTorch allows at most \(k) // 2 = \(k / 2)")
        }
        (self.kind, kernel, stride, padding, dilation) = (kind, k, s, p, d)
    }

    /// `conv k=3 s=2 p=1`: the keys that differ from their defaults, as `--layers` reads them.
    public var description: String {
        var words = [kind.rawValue, "k=\(kernel)"]
        if stride != (kind == .pool ? kernel : 1) { words.append("s=\(stride)") }
        if padding != 0 { words.append("p=\(padding)") }
        if dilation != 1 { words.append("d=\(dilation)") }
        return words.joined(separator: " ")
    }
}
