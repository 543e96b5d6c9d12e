import ConvKit

/// One output of a stack's layer followed back to the input: the path counts on every
/// level, computed once when the output is chosen (`Stack.paths` visits the field's cells
/// only), and what frames read of them, so following and drawing cost the field and what fits
/// on screen, never the size of the image.
struct FollowedField: Sendable {
    /// One level: the input (0) or a layer's output, as a stack of planes.
    struct Level: Sendable {
        let channels: Int, rows: Int, cols: Int
        /// The channel drawn: the first one the field reaches (a conv's field is the same on all).
        let channel: Int
        let counts: PathLevel
        /// The rows and columns the field spans on the drawn channel.
        let top: Int, left: Int, bottom: Int, right: Int
        /// Cells over all channels with a path to them, and the paths that reach them.
        let cells: Int
        let paths: Double
        /// The most paths any cell has, and the first cell (row, col) that has them.
        let peak: Double
        let peakAt: (row: Int, col: Int)

        func count(_ row: Int, _ col: Int) -> Double { counts[(channel * rows + row) * cols + col] }

        init(_ counts: PathLevel) {
            let shape = counts.shape, rank = shape.count
            rows = rank >= 2 ? shape[rank - 2] : 1
            cols = rank >= 1 ? shape[rank - 1] : 1
            let plane = max(1, rows * cols)
            channels = max(1, shape.reduce(1, *) / plane)
            self.counts = counts
            channel = (counts.counts.keys.min() ?? 0) / plane
            var (top, left, bottom, right) = (rows, cols, -1, -1)
            var (peak, peakIndex) = (0.0, Int.max)
            for (i, c) in counts.counts where c > 0 && i / plane == channel {
                let (r, col) = ((i % plane) / cols, i % cols)
                (top, bottom, left, right) = (min(top, r), max(bottom, r), min(left, col), max(right, col))
                if c > peak || (c == peak && i < peakIndex) { (peak, peakIndex) = (c, i) }
            }
            (self.top, self.left, self.bottom, self.right, self.peak) = (top, left, bottom, right, peak)
            peakAt = peakIndex == Int.max ? (0, 0) : ((peakIndex % plane) / cols, peakIndex % cols)
            cells = counts.counts.values.lazy.filter { $0 > 0 }.count
            paths = counts.counts.values.reduce(0, +)
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
        (self.layer, self.output) = (layer, output)
        levels = try stack.paths(layer: layer, cell: Tensor.unravel(output, last.outputShape)).map(Level.init)
    }
}
