import ConvKit

/// The receptive-field arithmetic of a stack's first layers (ConvKit's `StackField`, per axis),
/// or why it cannot describe them (a dense or transposed layer), as the follow view says it.
struct StackArithmetic: Sendable {
    let field: StackField?
    /// Why there is no arithmetic, longest wording first.
    let why: [String]
    /// Whether a layer pads by copying cells (reflect, replicate, circular): then the square the
    /// arithmetic gives is the zero-padding bound, and the field is the cells the copies read.
    let copiesPadding: Bool

    init(_ stack: Stack, through layer: Int) {
        let layers = stack.layers.prefix(layer)
        copiesPadding = layers.contains {
            guard case .conv(let c) = $0, c.options.paddingMode != .zeros else { return false }
            return max(c.padTop, c.padBottom, c.padLeft, c.padRight) > 0
        }
        let short = layers.firstIndex { if case .dense = $0 { true } else if case .transposed = $0 { true } else { false } }
            .map { "layer \($0 + 1) is \(layers[$0].op.rawValue): no rf, jump or start" } ?? "the rf arithmetic does not apply here"
        do {
            (field, why) = (try StackField(stack: stack, through: layer), [])
        } catch let e as ConvError {
            (field, why) = (nil, [e.message, short])
        } catch {
            (field, why) = (nil, [short])
        }
    }

    /// The last row of each axis: rf, jump and start of the followed layer.
    var last: (rows: ReceptiveField.Row, cols: ReceptiveField.Row)? {
        field.map { ($0.rows.rows[$0.rows.rows.count - 1], $0.cols.rows[$0.cols.rows.count - 1]) }
    }
}
