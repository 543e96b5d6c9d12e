import ConvKit
import TutorUI

/// `trace --grad-output`: the backward pass, one line per term of the gradient `target`.
extension Trace {
    static let gradientParagraph = "With --grad-output (dL/dY, in the output's shape) trace steps the backward pass instead, the gradient --wrt names (weight by default); every gradient cell is a sum of products, cells row-major in the gradient's shape. dW[o,c,ky,kx] (in the kernel's given orientation, also with --flip): terms over the output positions (i, j) row-major, each the input value x that weight met at (i, j) times dY[o,i,j]; without --flip x is at row i·stride + ky·dilation − top padding, column j·stride + kx·dilation − left padding (zero over padding). dX[c,i,j]: terms over (output channel of c's group, kernel row, kernel column) of the kernel rotated 180°, each dY times weight, dY zero where no window reaches (between strides, past the edge): the full convolution of dY with the rotated kernel. db[o]: dY over output o's positions row-major, one factor each. With --relu, dY is gated first: zero where the layer's value before the ReLU is not positive. jsonl fields: step, output (the gradient cell's full index), its factors by role, x and dy (dW), dy and w (dX) or dy alone (db), each with its position as x_at, dy_at, w_at (null over padding or where no dY cell lies), product, sum; the last step of a cell has the cell's gradient as sum (nothing follows a gradient's sum, so there is no value field). max-pool and avg-pool have no weights, so dX is their only gradient (and the default): dX[c,i,j] has a term per window that holds the cell as a tap, windows row-major, each dY of that window times the cell's share of it: 1 when the cell won the max and 0 when it lost (max-pool), or 1/divisor (avg-pool, the divisor its forward pass used); then terms of no window, 0, up to the most windows any cell lies in. jsonl fields there: dy, dy_at, share and share_at (the cell's tap in that window, row and column)."

    /// Streams `op`'s terms; `target` names its cells.
    func backward(_ op: any ReductionLayer, target: GradientTarget) throws {
        var out = OutputStream(charset: format == .jsonl ? .unicode : Charset.current)
        for step in ConvKit.Trace(op) {
            try out.write(format == .jsonl ? Self.json(step, op: op) : Self.sentence(step, op: op, target: target))
            if step.index == 0 { try out.flush() }
        }
        try out.flush()
    }

    static func json(_ s: TraceStep, op: any ReductionLayer) -> String {
        let n = NumberFormat.exact
        let keys = op.factorKeys
        var fields = "\"\(keys[0])\": \(n(s.x)), \"\(keys[0])_at\": \(s.term.input?.shapeText ?? "null")"
        if keys.count > 1 { fields += ", \"\(keys[1])\": \(n(s.w)), \"\(keys[1])_at\": \(s.term.weight.isEmpty ? "null" : s.term.weight.shapeText)" }
        return "{\"step\": \(s.index + 1), \"output\": \(s.output.shapeText), \(fields), \"product\": \(n(s.product)), \"sum\": \(n(s.sum))}\n"
    }

    static func sentence(_ s: TraceStep, op: any ReductionLayer, target: GradientTarget) -> String {
        let n = { NumberFormat.short($0, digits: 4) }
        let cell = target.cellName(s.output)
        // One word for a cell's terms (a pool's dX: products, though a term of no window has one factor).
        let word = op.factorKeys.count == 1 ? "term" : "product"
        let factors = s.term.factorCount == 1
            ? "\(word) \(s.termIndex + 1) of \(s.termCount): \(op.sourceName(s.term)) = \(n(s.x))"
            : "product \(s.termIndex + 1) of \(s.termCount): \(op.sourceName(s.term)) = \(n(s.x)) times \(op.weightName(s.term)) = \(n(s.w)) is \(n(s.product))"
        return "Step \(s.index + 1): \(cell), \(factors); running sum \(n(s.sum))." + (s.isLastTerm ? " \(cell) = \(n(s.sum)).\n" : "\n")
    }
}
