import ConvKit

/// The receptive-field arithmetic of a stack's first layers (ConvKit's `StackField`, per axis),
/// or why it cannot describe them (a dense or transposed layer), as the follow view says it.
struct StackArithmetic: Sendable {
    let field: StackField?
    let why: String?

    init(_ stack: Stack, through layer: Int) {
        do {
            (field, why) = (try StackField(stack: stack, through: layer), nil)
        } catch let e as ConvError {
            (field, why) = (nil, e.message)
        } catch {
            (field, why) = (nil, "the rf arithmetic cannot describe this stack")
        }
    }

    /// The last row of each axis: rf, jump and start of the followed layer.
    var last: (rows: ReceptiveField.Row, cols: ReceptiveField.Row)? {
        field.map { ($0.rows.rows[$0.rows.rows.count - 1], $0.cols.rows[$0.cols.rows.count - 1]) }
    }
}
