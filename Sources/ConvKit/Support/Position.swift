/// How every screen, plain mode and trace text write a place in a tensor, so a learner reads
/// one language everywhere: positions 0-based as PyTorch indexes them, counts 1-based.
public enum Position {
    /// `(y,x)` for a tensor that is a single plane (its leading channel and filter axes all of
    /// size 1), the full index `(c,y,x)` or `(f,c,y,x)` otherwise; rank 1 and 2 in full.
    public static func text(_ index: [Int], in shape: [Int]) -> String {
        let leading = shape.count >= 3 && index.count == shape.count ? shape.count - 2 : 0
        let single = leading > 0 && shape.prefix(leading).allSatisfy { $0 == 1 }
        return "(" + index.dropFirst(single ? leading : 0).map(String.init).joined(separator: ",") + ")"
    }

    /// `2 (3 of 4)`: position `i` among `n`, as a title says which channel, filter or neuron it
    /// shows; the count is there so a reader never mistakes the position for one.
    public static func among(_ i: Int, _ n: Int) -> String { "\(i) (\(i + 1) of \(n))" }
}
