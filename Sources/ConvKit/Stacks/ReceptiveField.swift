/// Which input pixels one output of a stack of layers depends on, layer by layer: the standard
/// arithmetic of Araujo et al. (Distill 2019) and "A guide to receptive field arithmetic".
/// Input pixel i is centred at coordinate i, so the input itself is row 0: rf 1, jump 1,
/// start 0. Through a layer of kernel k, stride s, padding p and dilation d:
///
///     rf_out    = rf_in + (k − 1)·d·jump_in
///     jump_out  = jump_in · s
///     start_out = start_in + ((k − 1)·d / 2 − p) · jump_in
///
/// Output i's field is then the rf × rf square of input coordinates centred at start + jump·i:
/// it holds every pixel the output depends on, but part of it may be padding and a dilation
/// can leave pixels inside it unread. The arithmetic holds along rows and columns alike.
public struct ReceptiveField: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// 0 for the input, then the layer's 1-based count.
        public let layer: Int
        /// The side of the layer's square output; nil when the input size is not known.
        public let size: Int?
        /// The side of the square that holds every input pixel one output depends on.
        public let rf: Int
        /// How far apart, in input pixels, the fields of neighbouring outputs are.
        public let jump: Int
        /// Twice `start`: an even kernel puts centres halfway between pixels, and whole numbers
        /// keep the arithmetic exact however large it grows.
        let doubledStart: Int

        /// The input coordinate of the centre of output 0's field.
        public var start: Double { Double(doubledStart) / 2 }

        /// `start` as written in tables and JSON: `2`, `-0.5`, `10.5` (exact at any size).
        public var startText: String { (doubledStart < 0 ? "-" : "") + Self.half(doubledStart.magnitude) }

        /// The centre of output `i`'s field, start + jump·i, written `4i+1.5`, `2i-0.5`, `i`.
        public func centre(_ i: String) -> String {
            let term = jump == 1 ? i : "\(jump)\(i)"
            if doubledStart == 0 { return term }
            return term + (doubledStart < 0 ? "-" : "+") + Self.half(doubledStart.magnitude)
        }

        /// The centre of output `i`'s field as a number: start + jump·i, written as `startText`
        /// is (`5`, `-0.5`), exact at any size.
        public func centre(of i: Int) -> String {
            let doubled = doubledStart + 2 * jump * i
            return (doubled < 0 ? "-" : "") + Self.half(doubled.magnitude)
        }

        private static func half(_ n: UInt) -> String { "\(n / 2)" + (n % 2 == 0 ? "" : ".5") }
    }

    public let layers: [FieldLayer]
    /// The input (row 0), then one row per layer.
    public let rows: [Row]

    /// Sides of a square input past this would exceed `Tensor.maxElements` values.
    public static let maxInputSize = 10_000

    /// `inputSize`, when given, is the side of a square input: each row then has its output
    /// size by PyTorch's floor rule, and a layer left without outputs is an error naming it.
    public init(layers: [FieldLayer], inputSize: Int? = nil) throws {
        if let n = inputSize { try Self.check(inputSize: n) }
        var rows = [Row(layer: 0, size: inputSize, rf: 1, jump: 1, doubledStart: 0)]
        for (i, layer) in layers.enumerated() {
            do {
                rows.append(try Self.row(after: rows[i], through: layer))
            } catch let e as ConvError {
                throw ConvError("layer \(i + 1) (\(layer)) \(e.message)")
            }
        }
        self.layers = layers
        self.rows = rows
    }

    /// An input side of at least 1 and at most `maxInputSize`, named as the CLI names it.
    public static func check(inputSize n: Int) throws {
        try CheckedSize.check(Pair(n, n), "--input-size", least: 1, most: maxInputSize)
    }

    private static func row(after r: Row, through l: FieldLayer) throws -> Row {
        do {
            let reach = try CheckedSize.product(l.kernel - 1, l.dilation)
            return Row(
                layer: r.layer + 1, size: try r.size.map { try outputSize(of: $0, through: l) },
                rf: try CheckedSize.sum(r.rf, CheckedSize.product(reach, r.jump)),
                jump: try CheckedSize.product(r.jump, l.stride),
                doubledStart: try CheckedSize.sum(r.doubledStart, CheckedSize.product(reach - 2 * l.padding, r.jump)))
        } catch let e as ConvError where e == CheckedSize.overflow {
            throw ConvError("grows its receptive field past what can be represented")
        }
    }

    /// What the last row means, in one sentence: `Output (i, j) of layer 4 depends on input
    /// pixels within the 13×13 square centred at (4i+1.5, 4j+1.5).` (0-based positions).
    public var summary: String {
        let last = rows[rows.count - 1]
        let what = last.layer == 0 ? "Input pixel (i, j) is its own field:" : "Output (i, j) of layer \(last.layer) depends on input pixels within"
        return "\(what) the \(last.rf)×\(last.rf) square centred at (\(last.centre("i")), \(last.centre("j")))."
    }

    /// PyTorch's floor rule: (n + 2p − d·(k − 1) − 1) div s + 1, refused below one output.
    private static func outputSize(of n: Int, through l: FieldLayer) throws -> Int {
        let span = try CheckedSize.span(kernel: l.kernel, dilation: l.dilation)
        let padded = try CheckedSize.sum(n, l.padding, l.padding)
        guard padded >= span else {
            let input = l.padding == 0 ? "\(n)×\(n)" : "\(n)×\(n) (\(padded)×\(padded) padded)"
            let formula = l.dilation == 1 ? "" : " (\(l.dilation)·(\(l.kernel) − 1) + 1)"
            throw ConvError("does not fit: its input is \(input) but its \(l.kind == .pool ? "window" : "kernel") spans \(span)\(formula)")
        }
        return (padded - span) / l.stride + 1
    }
}
