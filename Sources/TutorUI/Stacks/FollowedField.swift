import ConvKit

/// One output of a stack's layer followed back to the input: the path counts on every
/// level, computed once when the output is chosen (`Stack.paths` visits the field's cells
/// only), and what frames read of them, so following and drawing cost the field and what fits
/// on screen, never the size of the image.
struct FollowedField: Sendable {
    /// One level: the input (0) or a layer's output, as a stack of planes.
    struct Level: Sendable {
        let channels: Int, rows: Int, cols: Int
        /// The channels the field reaches, ascending; a grid draws one of them at a time.
        let reached: [Int]
        /// The channel drawn.
        let channel: Int
        let counts: PathLevel
        /// The rows and columns the field spans on the drawn channel.
        let top: Int, left: Int, bottom: Int, right: Int
        /// Cells over all channels with a path to them, and the paths that reach them.
        let cells: Int
        let paths: Double
        /// The cells with a path on each reached channel, when every one has as many.
        let cellsPerChannel: Int?
        /// The most paths any cell (of any channel) has, and the first such cell as positions name it.
        let peak: Double
        let peakAt: String
        /// How many cells have `peak` paths: a tie names no single cell as the most.
        let peakCells: Int

        func count(_ row: Int, _ col: Int) -> Double { counts[(channel * rows + row) * cols + col] }

        /// `shown`: which of the reached channels to draw, counted round them.
        init(_ counts: PathLevel, shown: Int) {
            let shape = counts.shape, rank = shape.count
            rows = rank >= 2 ? shape[rank - 2] : 1
            cols = rank >= 1 ? shape[rank - 1] : 1
            let plane = max(1, rows * cols)
            channels = max(1, shape.reduce(1, *) / plane)
            self.counts = counts
            var perChannel: [Int: Int] = [:]
            var (peak, peakIndex) = (0.0, Int.max)
            for (i, c) in counts.counts where c > 0 {
                perChannel[i / plane, default: 0] += 1
                if c > peak || (c == peak && i < peakIndex) { (peak, peakIndex) = (c, i) }
            }
            reached = perChannel.keys.sorted()
            channel = reached.isEmpty ? 0 : reached[shown % reached.count]
            var (top, left, bottom, right) = (rows, cols, -1, -1)
            for (i, c) in counts.counts where c > 0 && i / plane == channel {
                let (r, col) = ((i % plane) / cols, i % cols)
                (top, bottom, left, right) = (min(top, r), max(bottom, r), min(left, col), max(right, col))
            }
            (self.top, self.left, self.bottom, self.right, self.peak) = (top, left, bottom, right, peak)
            peakAt = Position.text(Tensor.unravel(peakIndex == Int.max ? 0 : peakIndex, shape), in: shape)
            peakCells = counts.counts.values.filter { $0 == peak }.count
            cells = perChannel.values.reduce(0, +)
            cellsPerChannel = Set(perChannel.values).count == 1 ? perChannel.values.first : nil
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
    /// Which reached channel each level draws (see `Level.init`), as `c` cycles it.
    let shown: Int

    init(_ stack: Stack, layer: Int, output: Int, shown: Int = 0) throws {
        let last = stack.layers[layer - 1]
        (self.layer, self.output, self.shown) = (layer, output, shown)
        levels = try stack.paths(layer: layer, cell: Tensor.unravel(output, last.outputShape)).map { Level($0, shown: shown) }
    }

    private init(_ f: FollowedField, shown: Int) {
        (layer, output, self.shown) = (f.layer, f.output, shown)
        levels = f.levels.map { Level($0.counts, shown: shown) }
    }

    /// The most channels any level's field reaches: how far `c` cycles.
    var spread: Int { levels.map(\.reached.count).max() ?? 1 }

    /// The same field, each level spanning several channels drawing its next one.
    func nextChannel() -> FollowedField { FollowedField(self, shown: (shown + 1) % max(1, spread)) }
}
