extension FieldLayer {
    /// Layer `number` (1-based, for messages) of a stack as the arithmetic sees it along rows and
    /// along columns: a conv's kernel, stride, dilation and its actual top/left padding ('same'
    /// and 'full' resolved; a 'same' with an even span pads one more at the bottom/right, which
    /// moves no centre), or a pool's window. Refused with the reason: dense and conv-transpose.
    public static func axes(of layer: Layer, number: Int) throws -> (rows: FieldLayer, cols: FieldLayer) {
        let name = "layer \(number) (\(layer.op.rawValue))"
        let kind: Kind, k: Pair, s: Pair, p: Pair, d: Pair
        switch layer {
        case .conv(let c):
            (kind, k, s, p, d) = (.conv, Pair(c.kh, c.kw), c.options.stride, Pair(c.padTop, c.padLeft), c.options.dilation)
        case .maxPool(let m as any PoolLayer), .avgPool(let m as any PoolLayer):
            (kind, k, s, p, d) = (.pool, m.geometry.size, m.geometry.stride, m.geometry.padding, m.geometry.dilation)
        case .dense:
            throw ConvError("layer \(number) is dense: each output reads the whole input; no rf, jump or start")
        case .transposed:
            throw ConvError("layer \(number) is conv-transpose: it spreads inputs out; no rf, jump or start")
        }
        do {
            return (try FieldLayer(kind, k: k.h, s: s.h, p: p.h, d: d.h), try FieldLayer(kind, k: k.w, s: s.w, p: p.w, d: d.w))
        } catch let e as ConvError {
            throw ConvError("\(name): \(e.message)")
        }
    }
}

/// A stack's receptive field along rows and along columns: its layers may differ per axis (a
/// 1×3 kernel, stride 2,1, a non-square input), and each axis is the one-dimensional arithmetic
/// of `ReceptiveField`. Sizes are the stack's own output heights and widths (ceil mode and an
/// uneven 'same' included).
public struct StackField: Sendable, Equatable {
    public let rows: ReceptiveField
    public let cols: ReceptiveField

    /// Layers 1…`count` (all of them when nil).
    public init(stack: Stack, through count: Int? = nil) throws {
        let layers = Array(stack.layers.prefix(count ?? stack.layers.count))
        let axes = try layers.enumerated().map { try FieldLayer.axes(of: $1, number: $0 + 1) }
        let shapes = [stack.input.shape] + layers.map(\.outputShape)
        func side(_ shape: [Int], _ back: Int) -> Int { shape.count >= back ? shape[shape.count - back] : 1 }
        rows = try ReceptiveField(layers: axes.map(\.rows), sizes: shapes.map { side($0, 2) })
        cols = try ReceptiveField(layers: axes.map(\.cols), sizes: shapes.map { side($0, 1) })
    }

    /// Rows and columns give the same table: one set of numbers describes the stack.
    public var isSquare: Bool { rows == cols }

    /// What the last layer's field is, in one sentence (0-based positions).
    public var summary: String {
        if isSquare { return rows.summary }
        let (r, c) = (rows.rows[rows.rows.count - 1], cols.rows[cols.rows.count - 1])
        return "Output (i, j) of layer \(r.layer) depends on input pixels within the \(r.rf)×\(c.rf) rectangle (rows × columns) centred at (\(r.centre("i")), \(c.centre("j")))."
    }
}

extension ReceptiveField {
    /// The rows of `layers` with the sizes a stack actually has (`sizes[0]` the input's side).
    init(layers: [FieldLayer], sizes: [Int]) throws {
        let field = try ReceptiveField(layers: layers)
        self.layers = layers
        rows = zip(field.rows, sizes).map { r, size in
            Row(layer: r.layer, size: size, rf: r.rf, jump: r.jump, doubledStart: r.doubledStart)
        }
    }
}
