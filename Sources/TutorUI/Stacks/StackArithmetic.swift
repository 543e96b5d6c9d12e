import ConvKit

/// A stack's layers as receptive-field arithmetic sees them, once along rows and once along
/// columns (`ReceptiveField` takes square layers; a stack's may differ per axis), or why the
/// arithmetic cannot describe them.
struct StackArithmetic: Sendable {
    /// Rows, then columns; nil with `why` when some layer is not a sliding window.
    let axes: (rows: ReceptiveField, cols: ReceptiveField)?
    let why: String?

    init(_ layers: [Layer]) {
        do {
            let perAxis = try layers.enumerated().map { n, layer in try Self.fieldLayers(layer, count: n + 1) }
            axes = (try ReceptiveField(layers: perAxis.map(\.rows)), try ReceptiveField(layers: perAxis.map(\.cols)))
            why = nil
        } catch let e as ConvError {
            (axes, why) = (nil, e.message)
        } catch {
            (axes, why) = (nil, "the rf arithmetic cannot describe this stack")
        }
    }

    /// The last row of each axis: the stack's own rf, jump and start.
    var last: (rows: ReceptiveField.Row, cols: ReceptiveField.Row)? {
        axes.map { ($0.rows.rows[$0.rows.rows.count - 1], $0.cols.rows[$0.cols.rows.count - 1]) }
    }

    /// Layer `count` (1-based) along rows and along columns. A padding mode other than zeros
    /// changes which cells a padded tap reads, not the window: the arithmetic still holds for it
    /// in padded coordinates.
    private static func fieldLayers(_ layer: Layer, count n: Int) throws -> (rows: FieldLayer, cols: FieldLayer) {
        func pair(_ kind: FieldLayer.Kind, k: Pair, s: Pair, p: Pair, d: Pair) throws -> (rows: FieldLayer, cols: FieldLayer) {
            (try FieldLayer(kind, k: k.h, s: s.h, p: p.h, d: d.h), try FieldLayer(kind, k: k.w, s: s.w, p: p.w, d: d.w))
        }
        switch layer {
        case .conv(let c):
            return try pair(.conv, k: Pair(c.kh, c.kw), s: c.options.stride, p: Pair(c.padTop, c.padLeft), d: c.options.dilation)
        case .maxPool(let p as any PoolLayer), .avgPool(let p as any PoolLayer):
            let g = p.geometry
            return try pair(.pool, k: g.size, s: g.stride, p: g.padding, d: g.dilation)
        case .dense:
            throw ConvError("layer \(n) is dense: each of its outputs reads the whole input, so rf, jump and start do not apply")
        case .transposed:
            throw ConvError("layer \(n) is a transposed conv: it spreads inputs out, which rf, jump and start do not describe")
        }
    }
}
