import ConvKit

/// One output of a stack's layer followed back to the input: the path counts on every
/// level, computed once when the output is chosen (`Stack.pathCounts` walks every window of
/// every level), and what frames read of them, so drawing costs what fits on screen.
struct FollowedField: Sendable {
    /// One level: the input (0) or a layer's output, as a stack of planes.
    struct Level: Sendable {
        let channels: Int, rows: Int, cols: Int
        /// The channel drawn: the first one the field reaches (a conv's field is the same on all).
        let channel: Int
        let counts: [Double]
        /// The rows and columns the field spans on the drawn channel.
        let top: Int, left: Int, bottom: Int, right: Int
        /// Cells over all channels with a path to them, and the paths that reach them.
        let cells: Int
        let paths: Double
        /// The most paths any cell has, and the first cell (row, col) that has them.
        let peak: Double
        let peakAt: (row: Int, col: Int)

        func count(_ row: Int, _ col: Int) -> Double { counts[(channel * rows + row) * cols + col] }

        init(counts: [Double], shape: [Int]) {
            let rank = shape.count
            rows = rank >= 2 ? shape[rank - 2] : 1
            cols = rank >= 1 ? shape[rank - 1] : 1
            channels = max(1, counts.count / max(1, rows * cols))
            self.counts = counts
            let plane = rows * cols
            let first = counts.firstIndex { $0 > 0 } ?? 0
            channel = first / max(1, plane)
            var (top, left, bottom, right) = (rows, cols, -1, -1)
            var (peak, peakAt) = (0.0, (row: 0, col: 0))
            for i in channel * plane..<(channel + 1) * plane where counts[i] > 0 {
                let (r, c) = ((i % plane) / cols, i % cols)
                (top, bottom, left, right) = (min(top, r), max(bottom, r), min(left, c), max(right, c))
                if counts[i] > peak { (peak, peakAt) = (counts[i], (r, c)) }
            }
            (self.top, self.left, self.bottom, self.right, self.peak, self.peakAt) = (top, left, bottom, right, peak, peakAt)
            cells = counts.lazy.filter { $0 > 0 }.count
            paths = counts.reduce(0, +)
        }

        /// The field's height and width on the drawn channel (its bounding box).
        var extent: (rows: Int, cols: Int) { (max(0, bottom - top + 1), max(0, right - left + 1)) }
        /// Where a grid of this level centres its window: the middle of the field.
        var centre: (row: Int, col: Int) { bottom < 0 ? (0, 0) : ((top + bottom) / 2, (left + right) / 2) }
        /// The widest count, as grids write it.
        var width: Int { max(2, NumberFormat.short(peak).count) }
    }

    /// The followed output: a flat index into layer `layer`'s output (1-based).
    let layer: Int
    let output: Int
    /// The input first, then the output of each layer up to `layer`, which holds the followed
    /// cell alone.
    let levels: [Level]

    init(_ stack: Stack, layer: Int, output: Int) throws {
        let last = stack.layers[layer - 1]
        let counts = try stack.pathCounts(layer: layer, cell: Tensor.unravel(output, last.outputShape))
        let shapes = stack.layers.prefix(layer).map(\.inputShape) + [last.outputShape]
        (self.layer, self.output) = (layer, output)
        levels = zip(counts, shapes).map { Level(counts: $0, shape: $1) }
    }
}
