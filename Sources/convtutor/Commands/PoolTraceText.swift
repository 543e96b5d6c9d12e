import ConvKit

/// One line per tap of a max or average pool: what `trace` prints for a window with no weights.
enum PoolTraceText {
    /// The input cell holding the running max after `s`, or nil while every tap is −∞.
    static func winner(_ s: TraceStep, layer: Layer) -> [Int]? {
        s.argmax.flatMap { layer.term(output: s.outputFlat, term: $0).input }
    }

    static func json(_ s: TraceStep, layer: Layer) -> String {
        let n = NumberFormat.json
        var line = "{\"step\": \(s.index + 1), \"output\": \(s.output.shapeText), \"input\": \(s.term.input?.shapeText ?? "null"), \"x\": \(n(s.x))"
        if layer.reduction == .max {
            line += ", \"max\": \(n(s.sum)), \"argmax\": \(winner(s, layer: layer)?.shapeText ?? "null")"
        } else {
            line += ", \"sum\": \(n(s.sum))"
        }
        if s.isLastTerm {
            if layer.reduction == .mean { line += ", \"divisor\": \(layer.divisor(ofOutput: s.outputFlat))" }
            line += ", \"value\": \(n(layer.finish(output: s.outputFlat, sum: s.sum)))"
        }
        return line + "}\n"
    }

    static func sentence(_ s: TraceStep, layer: Layer) -> String {
        let n = { NumberFormat.short($0, digits: 4) }
        let output = Position.text(s.output, in: layer.outputShape)
        // A tap past the padding is no cell: an average neither adds nor counts it.
        let past = layer.reduction == .mean && (layer.unwrapped as? any PoolLayer)?.isPast(s.term) == true
        let read = past ? ": not counted" : " = \(n(s.x))"
        var line = "Step \(s.index + 1): output \(output), tap \(s.termIndex + 1) of \(s.termCount): \(layer.sourceName(s.term))\(read); "
        if layer.reduction == .max {
            let at = winner(s, layer: layer).map { " at input " + Position.text($0, in: layer.inputShape) } ?? " (no tap inside the input yet)"
            line += "\(layer.reduction.runningWord) \(n(s.sum))\(at)."
            if s.isLastTerm { line += " Output \(output) = \(n(s.sum)), the largest tap: nothing is multiplied." }
        } else {
            line += "\(layer.reduction.runningWord) \(n(s.sum))."
            if s.isLastTerm {
                let d = layer.divisor(ofOutput: s.outputFlat)
                line += " Divided by \(d): output \(output) = \(n(layer.finish(output: s.outputFlat, sum: s.sum)))."
            }
        }
        return line + "\n"
    }
}
