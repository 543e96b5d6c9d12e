import ArgumentParser
import ConvKit
import TutorUI

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream every multiply-add, one step per line, in the order the tutor steps them.",
        discussion: HelpText.discussion([
            "Outputs are visited row-major; within one output the products go channel, kernel row, kernel column (conv ops) or input order (dense). Steps over zero padding are included. jsonl fields: step, output, input (null over padding), weight, x, w, product, sum; the last step of each output adds value (after bias and ReLU).",
            "conv-transpose scatters instead: input cells row-major, each times its kernel slice (output channel, kernel row, kernel column), every product added into one output cell; sum is that cell's running value. jsonl fields: step, input, weight, output and sum (both null when padding crops the product away), x, w, product; the product that completes a cell adds value (after bias and ReLU). Output cells that no product reaches (a stride past the kernel's span, dilation gaps, output padding) follow the last step, row-major, one line each with no step: jsonl fields output, sum (0) and value (the bias, after ReLU).",
            gradientParagraph,
            "max-pool and avg-pool have no weights: each step is one tap of the window (row-major), and a tap in the padding reads -inf (max) or 0 (average). jsonl fields: step, output, input (null outside the input), x, then max and argmax (the input cell holding the running maximum: the first on ties, null while every tap is -inf) for max-pool, or sum for avg-pool; the last tap of each output adds value (avg-pool: the sum divided by divisor, which it also adds). A max-pool output whose taps all lie outside the input is -inf, written \"-inf\" in JSON.",
            "Steps count from 1 in both formats; positions count from 0.",
        ], examples: [
            "trace | head -9",
            "trace --grad-output \"1 0 0; 0 0 0; 0 0 -1\" | head -9",
            "trace --grad-output \"1 0 0; 0 0 0; 0 0 -1\" --wrt input --format jsonl | head -9",
            "trace --format jsonl --padding same",
            "trace --op conv-transpose --input \"1 2; 3 4\" --kernel \"1 1; 1 1\"",
            "trace --op max-pool --pool-size 2 --input \"1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3\"",
        ]))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @OptionGroup var layer: LayerOptions
    @Option(help: "Output format: text (a sentence per step) or jsonl.") var format: Format = .text
    @OptionGroup var gradient: GradientOptions

    func validate() throws { try layer.validateLayer(gradient: gradient.gradOutput != nil) }

    func run() throws {
        try reportingErrors {
            let spec = try layer.spec(gradient)
            if let g = spec.gradient { return try backward(spec.steppedOp(naming: "--grad-output"), target: g.wrt) }
            let layer = try spec.layer()
            if case .transposed(let t) = layer { return try scatter(t) }
            // A pool's taps carry a running max (and where it sits) or a running sum, never a product.
            let pool = layer.reduction != .sum
            let line = format == .jsonl ? (pool ? PoolTraceText.json : Self.json) : (pool ? PoolTraceText.sentence : Self.sentence)
            var out = OutputStream(charset: format == .jsonl ? .unicode : Charset.current)
            for step in ConvKit.Trace(layer) {
                try out.write(line(step, layer))
                // The first line goes out at once, so a long trace starts streaming immediately.
                if step.index == 0 { try out.flush() }
            }
            try out.flush()
        }
    }

    private func scatter(_ layer: TransposedConvLayer) throws {
        var out = OutputStream(charset: format == .jsonl ? .unicode : Charset.current)
        let trace = ScatterTrace(layer)
        for step in trace {
            try out.write(format == .jsonl ? Self.json(step, layer: layer) : Self.sentence(step, layer: layer))
            if step.index == 0 { try out.flush() }
        }
        // Cells no product reaches still have a value: each gets a closing line, so the trace
        // accounts for every output as `compute` prints it.
        for flat in trace.unreachedOutputs() {
            try out.write(format == .jsonl ? Self.json(unreached: flat, layer: layer) : Self.sentence(unreached: flat, layer: layer))
        }
        try out.flush()
    }

    static func json(unreached flat: Int, layer: TransposedConvLayer) -> String {
        "{\"output\": \(Self.position(flat, layer).shapeText), \"sum\": 0\(Self.valueField(layer.finish(output: flat, sum: 0)))}\n"
    }

    static func sentence(unreached flat: Int, layer: TransposedConvLayer) -> String {
        let at = Position.text(Self.position(flat, layer), in: layer.outputShape)
        return "No product reaches output \(at): running value 0." + closing(sum: 0, bias: layer.bias(ofOutput: flat), relu: layer.options.relu,
                                                                             value: layer.finish(output: flat, sum: 0), at: at) + "\n"
    }

    static func position(_ flat: Int, _ layer: TransposedConvLayer) -> [Int] {
        let plane = layer.outHeight * layer.outWidth
        return [flat / plane, (flat % plane) / layer.outWidth, flat % layer.outWidth]
    }

    /// How a finished cell's value comes about, read aloud: " Plus bias 1 is 3, after ReLU:
    /// output (0,1) = 3."
    static func closing(sum: Double, bias: Double?, relu: Bool, value: Double, at: String) -> String {
        let n = { NumberFormat.short($0, digits: 4) }
        var parts: [String] = []
        if let bias { parts.append("Plus bias \(n(bias)) is \(n(sum + bias))") }
        if relu { parts.append("after ReLU") }
        return " " + (parts.isEmpty ? "Output" : parts.joined(separator: ", ") + ": output") + " \(at) = \(n(value))."
    }

    static func json(_ s: ScatterStep, layer: TransposedConvLayer) -> String {
        let n = NumberFormat.exact
        var value: Double?
        if s.completesOutput, let f = s.outputFlat, let sum = s.sum { value = layer.finish(output: f, sum: sum) }
        return "{\"step\": \(s.index + 1), \"input\": \(s.input.shapeText), \"weight\": \(s.weight.shapeText), \"output\": \(s.output?.shapeText ?? "null"), \"x\": \(n(s.x)), \"w\": \(n(s.w)), \"product\": \(n(s.product)), \"sum\": \(s.sum.map(n) ?? "null")\(Self.valueField(value))}\n"
    }

    /// The finished output (after bias and ReLU) rides on the step that completes it, so a
    /// consumer of jsonl alone sees what `compute` prints.
    static func valueField(_ value: Double?) -> String {
        value.map { ", \"value\": \(NumberFormat.exact($0))" } ?? ""
    }

    static func sentence(_ s: ScatterStep, layer: TransposedConvLayer) -> String {
        let n = { NumberFormat.short($0, digits: 4) }  // read aloud: at most four decimals
        let at = { (i: [Int]) in Position.text(i, in: layer.outputShape) }
        var line = "Step \(s.index + 1): input \(Position.text(s.input, in: layer.input.shape)) = \(n(s.x)) times weight \(Position.text(s.weight, in: layer.weight.shape)) = \(n(s.w)) is \(n(s.product)), "
        guard let f = s.outputFlat, let sum = s.sum, let k = s.contribution, let count = s.contributionCount else {
            return line + "would land at \(at(s.target)) outside the output: cropped by the padding.\n"
        }
        line += "added into output \(at(s.target)), its product \(k + 1) of \(count): running value \(n(sum))."
        if s.completesOutput {
            line += closing(sum: sum, bias: layer.bias(ofOutput: f), relu: layer.options.relu, value: layer.finish(output: f, sum: sum), at: at(s.target))
        }
        return line + "\n"
    }

    static func json(_ s: TraceStep, layer: Layer) -> String {
        let input = s.term.input?.shapeText ?? "null"
        let value = s.isLastTerm ? layer.finish(output: s.outputFlat, sum: s.sum) : nil
        return "{\"step\": \(s.index + 1), \"output\": \(s.output.shapeText), \"input\": \(input), \"weight\": \(s.term.weight.shapeText), \"x\": \(NumberFormat.exact(s.x)), \"w\": \(NumberFormat.exact(s.w)), \"product\": \(NumberFormat.exact(s.product)), \"sum\": \(NumberFormat.exact(s.sum))\(Self.valueField(value))}\n"
    }

    static func sentence(_ s: TraceStep, layer: Layer) -> String {
        // Sentences are read aloud: at most four decimals (jsonl keeps every digit).
        let n = { NumberFormat.short($0, digits: 4) }
        let output = Position.text(s.output, in: layer.outputShape)
        var line = "Step \(s.index + 1): output \(output), product \(s.termIndex + 1) of \(s.termCount): \(layer.sourceName(s.term)) = \(n(s.x)) times \(layer.weightName(s.term)) = \(n(s.w)) is \(n(s.product)); running sum \(n(s.sum))."
        if s.isLastTerm {
            line += closing(sum: s.sum, bias: layer.bias(ofOutput: s.outputFlat), relu: layer.relu,
                            value: layer.finish(output: s.outputFlat, sum: s.sum), at: output)
        }
        return line + "\n"
    }
}
