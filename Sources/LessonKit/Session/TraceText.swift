import ConvKit
import Foundation

/// A layer's trace as short aligned text, for plain mode and for learners without a terminal UI.
public enum TraceText {
    /// Tensors larger than this are described by their shape only.
    static let printLimit = 144
    /// Nor does a grid taller than this print: a picture would fill the screen.
    static let rowLimit = 12

    /// Whether `t` prints as grids in `width` columns: at most `printLimit` values, `rowLimit`
    /// rows a plane, and rows no wider than `width`.
    static func printable(_ t: Tensor, width: Int) -> Bool {
        let s = t.shape
        let cols = s.last ?? 1, rows = t.rank >= 2 ? s[s.count - 2] : 1
        let cell = t.data.lazy.map { Numbers.text($0).count }.max() ?? 1
        return t.count <= printLimit && rows <= rowLimit && cols * (cell + 1) - 1 <= width
    }

    /// One line naming the layer: op, shapes, options that change the numbers.
    public static func summary(_ spec: LayerSpec, _ layer: Layer) -> String {
        var parts = ["\(spec.op.rawValue)", "input \(spec.input.shape.dimsText)"]
        if !spec.op.isPool { parts.append("\(spec.op == .dense ? "weights" : "kernel") \(spec.kernel.shape.dimsText)") }
        let o = spec.options
        parts += geometry(spec)
        switch spec.op {
        case .dense: break
        case .convTranspose: parts.append("transposed convolution (worked as a stride-1 conv over the input with zeros inserted, kernel rotated 180°)")
        case .maxPool: parts.append("each output the largest of its window's taps (no weights; padding is -inf, which never wins)")
        case .avgPool: parts.append("each output the sum of its window's taps divided by their count (padding zeros count, cells past the padding do not)")
        default: parts.append(o.flip ? "true convolution (kernel rotated 180°)" : "cross-correlation")
        }
        if let b = spec.bias { parts.append("bias \(b.data.map(Numbers.text).joined(separator: " "))") }
        if o.relu { parts.append("ReLU") }
        let trace = Trace(layer)
        let forward = "The layer: " + parts.joined(separator: ", ") + " → output \(layer.outputShape.dimsText) (\(trace.count.counting(CellWords(layer).term)), \(layer.termsPerOutput) per output)"
        return ([forward] + [backward(spec, layer)].compactMap { $0 }).joined(separator: "\n")
    }

    /// The gradient a step walks (the spec's `gradient`): how many terms, what each cell sums,
    /// and under a ReLU where dY passes. Short lines: one Σ each, so an ASCII `sum` still fits.
    static func backward(_ spec: LayerSpec, _ layer: Layer) -> String? {
        guard let g = spec.gradient, let op = try? spec.steppedOp(naming: "grad_output") else { return nil }
        let dense = spec.op == .dense
        let sum: String
        switch g.wrt {
        case .weight: sum = dense ? "dW[n,i] = dY[n]·x[i] (i counts the input's cells row-major)" : "dW[o,c,ky,kx] = Σ over outputs dY·x"
        case .input where op is PoolInputGradient:
            sum = layer.reduction == .max ? "dX[c,i,j] = Σ over the windows holding it dY·share (1 if it won the max, else 0)"
                : "dX[c,i,j] = Σ over the windows holding it dY·share (1/divisor)"
        case .input: sum = dense ? "each dX cell = Σ over neurons dY·w" : "dX[c,i,j] = Σ over the outputs whose windows cover it dY·w (the transposed convolution of dY with the same weights)"
        case .bias: sum = dense ? "db[n] = dY[n]" : "db[o] = Σ of dY over output channel o"
        }
        let terms = op.termWord
        var lines = ["Backward from dY = dL/dY to \(g.wrt.symbol) of shape \(op.outputShape.dimsText) (\(Trace(op).count.counting(terms)), \(op.termsPerOutput) per cell):", "  " + sum]
        // The gate changes the numbers the sums use, so it is said where they are.
        if layer.relu { lines.append("The ReLU passes dY only where the output before it was > 0; elsewhere the sums use 0.") }
        return lines.joined(separator: "\n")
    }

    /// dY as given and, under a ReLU, as the gate passes it: what a gradient's sums use.
    static func gradientGrids(_ spec: LayerSpec) -> [(label: String, grid: Tensor)] {
        guard let g = spec.gradient else { return [] }
        var grids = [("dY = dL/dY", g.gradOutput)]
        if spec.options.relu, let layer = try? spec.layer(), let layers = try? layer.gradientLayers(gradOutput: g.gradOutput, named: "grad_output"),
           let gated = try? Tensor(shape: g.gradOutput.shape, data: layers.gated) {
            grids.append(("dY after the ReLU", gated))
        }
        return grids
    }

    /// A pool's size, stride, padding (with its mode), dilation, groups and ceil_mode, each only
    /// when not the default (a depthwise layer's groups are its op's own), in the layer keys' words.
    static func geometry(_ spec: LayerSpec, poolSize: Bool = true) -> [String] {
        let o = spec.options
        var parts: [String] = []
        if poolSize, let size = o.poolSize { parts.append("pool_size \(size)") }
        // A pool's stride is always said: its default is the pool size, and stride 1 is not rare.
        if o.stride != .one || spec.op.isPool { parts.append("stride \(o.stride)") }
        if o.padding != .valid && o.padding != .explicit(.zero) {
            parts.append("padding \(o.padding)" + (o.paddingMode == .zeros ? "" : " \(o.paddingMode.rawValue)"))
        }
        if o.dilation != .one { parts.append("dilation \(o.dilation)") }
        if o.groups != 1 && spec.op != .depthwise { parts.append("groups \(o.groups)") }
        if o.ceilMode { parts.append("ceil_mode") }
        return parts
    }

    /// Every option of the layer that changes its numbers, each only when not the default, in
    /// the words of the layer keys: the line a `show:` panel puts above the grids, lines of
    /// phrases ` · ` apart that fit `width`.
    public static func settings(_ spec: LayerSpec, width: Int) -> [String] {
        let parts = (spec.op == .conv2d ? [] : [spec.op.rawValue]) + options(spec)
        var lines: [String] = []
        for part in parts {
            if let last = lines.last, last.count + 3 + part.count <= width { lines[lines.count - 1] += " · " + part } else { lines.append(part) }
        }
        return lines
    }

    /// The options `settings` names; `poolSize: false` where the pool's size is said already
    /// (a stack's layer names: `2 max-pool 2 stride 1`).
    static func options(_ spec: LayerSpec, poolSize: Bool = true) -> [String] {
        let o = spec.options
        var parts = geometry(spec, poolSize: poolSize)
        if o.outputPadding != .zero { parts.append("output_padding \(o.outputPadding)") }
        if o.flip { parts.append("flip (true convolution)") }
        if o.relu { parts.append("ReLU") }
        return parts
    }

    /// Input and kernel as given, labelled, in lines of `width`; for conv-transpose also the
    /// rotated kernel its sums use.
    public static func operands(_ spec: LayerSpec, width: Int = 78) -> String {
        var parts = [labelled("input", spec.input, width: width)]
        // A pool's window has no weights: its kernel is a placeholder.
        if !spec.op.isPool {
            parts.append(labelled(spec.op == .dense ? "weights" : spec.op == .convTranspose ? "kernel as given" : "kernel", spec.kernel, width: width))
        }
        if spec.op == .convTranspose {
            parts.append(labelled("kernel rotated 180° (what the sums below use)", spec.kernel.rotated180(), width: width))
            // The grid the sums slide over, which the full screen draws: without it a prediction
            // could not find its factors in plain mode.
            if case .transposed(let t)? = try? spec.layer(), let direct = try? t.equivalentDirectConv() {
                let grid = direct.conv.input
                let shown = grid.shape.first == 1 ? grid.reshaped(Array(grid.shape.dropFirst())) : grid
                parts.append(labelled("input with zeros inserted and padded (what the sums slide over)", shown, width: width))
            }
        }
        parts += gradientGrids(spec).map { labelled($0.label, $0.grid, width: width) }
        return parts.joined(separator: "\n")
    }

    public static func labelled(_ label: String, _ t: Tensor, width: Int = 78) -> String {
        guard printable(t, width: width - 2) else { return "\(label) \(t.shape.dimsText) (too large to print)" }
        return "\(label) \(t.shape.dimsText):\n" + grid(t, blank: nil).indented
    }

    /// A layer's options that change the answer (`settings`), then its input and kernel (and
    /// bias) as small titled grids side by side, wrapping into bands when they do not fit
    /// `width`: what a question with `show:` puts above its prompt.
    public static func showcase(_ spec: LayerSpec, width: Int) -> [String] {
        let settings = settings(spec, width: width)
        return settings + (settings.isEmpty ? [] : [""]) + grids(spec, width: width)
    }

    static func grids(_ spec: LayerSpec, width: Int) -> [String] {
        var panels: [[String]] = []
        func tooLarge(_ name: String, _ t: Tensor) -> [String] { ["\(name) \(t.shape.dimsText) (too large to show)"] }
        func add(_ name: String, _ t: Tensor) {
            guard printable(t, width: width) else {
                panels.append(tooLarge(name, t))
                return
            }
            let cells = t.data.map(Numbers.text)
            let w = cells.map(\.count).max() ?? 1
            let s = t.shape
            let cols = s.last ?? 1
            let plane = t.rank >= 2 ? s[s.count - 2] * cols : cols
            let planes = t.count / max(plane, 1)
            for p in 0..<planes {
                var title = name
                if t.rank == 3 && planes > 1 { title += " ch \(p)" }
                if t.rank == 4 {
                    let f = p / s[1], c = p % s[1]
                    title = s[0] > 1 ? "filter \(f)" + (s[1] > 1 ? " ch \(c)" : "") : name + (s[1] > 1 ? " ch \(c)" : "")
                }
                let rows = stride(from: p * plane, to: (p + 1) * plane, by: cols).map { r in
                    cells[r..<r + cols].map { String(repeating: " ", count: w - $0.count) + $0 }.joined(separator: " ")
                }
                panels.append([title] + rows)
            }
        }
        add("input", spec.input)
        let k = spec.kernel
        let name = spec.op == .dense ? "weights" : spec.options.flip ? "kernel, as given" : "kernel"
        // Weights with no window (dense, 1×1): one matrix, a row per neuron or filter, not a
        // 1×1 grid per weight.
        let oneByOne = (spec.op == .conv2d || spec.op == .pointwise) && k.rank == 4 && k.shape[2] * k.shape[3] == 1
        let unwindowed = k.count > 1 && (spec.op == .dense || spec.op == .pointwise && k.rank == 2 || oneByOne)
        if unwindowed {
            let m = matrix(name + " " + k.shape.dimsText, k, row: spec.op == .dense ? "neuron" : "filter", column: spec.op == .dense ? "in" : "ch")
            panels.append(m.count - 2 <= rowLimit && m.allSatisfy { $0.count <= width } ? m : tooLarge(name, k))
        } else {
            add(name, k)
        }
        for g in gradientGrids(spec) { add(g.label, g.grid) }
        if let b = spec.bias {
            let values = b.data.map(Numbers.text)
            if unwindowed && b.count > 1 {
                // One bias per row: a column beside the matrix, level with its rows.
                let w = max(values.map(\.count).max() ?? 1, 4)
                panels.append(["", "bias"] + values.map { String(repeating: " ", count: w - $0.count) + $0 })
            } else {
                panels.append(["bias"] + [values.joined(separator: " ")])
            }
        }
        // Side by side, three spaces apart, as many to a band as fit.
        var lines: [String] = []
        var band: [[String]] = []
        func flush() {
            guard !band.isEmpty else { return }
            if !lines.isEmpty { lines.append("") }
            let widths = band.map { $0.map(\.count).max() ?? 0 }
            for r in 0..<(band.map(\.count).max() ?? 0) {
                let parts = band.indices.map { i in r < band[i].count ? band[i][r] : "" }
                let padded = parts.indices.map { i in i == parts.count - 1 ? parts[i] : parts[i] + String(repeating: " ", count: widths[i] - parts[i].count) }
                lines.append(padded.joined(separator: "   ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            }
            band = []
        }
        var used = 0
        for panel in panels {
            let w = panel.map(\.count).max() ?? 0
            if !band.isEmpty && used + 3 + w > width { flush(); used = 0 }
            used += (band.isEmpty ? 0 : 3) + w
            band.append(panel)
        }
        flush()
        return lines
    }

    /// `t` as one matrix under `title`: a row per first index (`filter 0`, …), a column per
    /// the rest (`ch 0`, …), each labelled.
    static func matrix(_ title: String, _ t: Tensor, row: String, column: String) -> [String] {
        let rows = t.shape.first ?? 1, cols = t.count / max(rows, 1)
        let cells = t.data.map(Numbers.text)
        let heads = (0..<cols).map { "\(column) \($0)" }, labels = (0..<rows).map { "\(row) \($0)" }
        let w = max(cells.map(\.count).max() ?? 1, heads.map(\.count).max() ?? 1), lead = labels.map(\.count).max() ?? 0
        func line(_ label: String, _ items: ArraySlice<String>) -> String {
            label.padding(toLength: lead, withPad: " ", startingAt: 0) + items.map { "  " + String(repeating: " ", count: w - $0.count) + $0 }.joined()
        }
        return [title, line("", heads[...])] + (0..<rows).map { r in line(labels[r], cells[r * cols..<(r + 1) * cols]) }
    }

    /// A tensor as aligned rows; channels and filters labelled. Cells at flat index ≥ `blank`
    /// print as `·` (outputs not computed yet).
    public static func grid(_ t: Tensor, blank: Int?) -> String {
        let cells = t.data.enumerated().map { i, v in blank.map { i >= $0 } == true ? "·" : Numbers.text(v) }
        let width = cells.map(\.count).max() ?? 1
        let pad = { (s: String) in String(repeating: " ", count: width - s.count) + s }
        func rows(_ from: Int, _ count: Int, _ w: Int) -> String {
            stride(from: from, to: from + count, by: max(w, 1)).map { r in
                cells[r..<min(r + w, from + count)].map(pad).joined(separator: " ")
            }.joined(separator: "\n")
        }
        let s = t.shape
        switch t.rank {
        case 0: return cells.first ?? ""
        case 1: return rows(0, t.count, t.count)
        case 2: return rows(0, t.count, s[1])
        default:
            let plane = s[s.count - 2] * s[s.count - 1]
            let planes = t.count / max(plane, 1)
            return (0..<planes).map { p in
                let label: String
                // Channels and filters are positions, 0-based like every index.
                if t.rank == 3 { label = "channel \(p)" } else { label = "filter \(p / s[1]), channel \(p % s[1])" }
                let grid = rows(p * plane, plane, s[s.count - 1])
                return planes == 1 ? grid : label + ":\n" + grid.indented
            }.joined(separator: "\n")
        }
    }

    /// The trace of `op` (a layer, or the `gradient` of one) up to step `until` (default: all
    /// of it), kept short: a few cells' equations with running sums, then the grid filled so far.
    public static func run(_ op: any ReductionLayer, gradient: GradientTarget? = nil, until: Int? = nil, width: Int = 78) -> String {
        let trace = Trace(op)
        let last = min(until ?? trace.count - 1, trace.count - 1)
        let lastOutput = last / trace.termsPerOutput
        let outputs = Array(0...lastOutput)
        let shown = outputs.count <= 3 ? outputs : [outputs[0], outputs[outputs.count - 1]]
        let cells = gradient == nil ? "outputs" : "cells"
        var lines: [String] = []
        for (n, o) in shown.enumerated() {
            if n == 1 && outputs.count > 3 { lines.append("… \(outputs.count - 2) more \(cells), each the same kind of \(trace.reduction == .max ? "max" : "sum") …") }
            let upTo = o == lastOutput ? last - trace.firstStep(ofOutput: o) + 1 : trace.termsPerOutput
            lines.append(contentsOf: equation(op, trace, output: o, products: upTo, gradient: gradient))
        }
        let finished = (last + 1) / trace.termsPerOutput
        let result = op.compute()
        let name = gradient?.symbol ?? "output"
        let label = finished >= op.outputCount ? "\(name) \(result.shape.dimsText):" : "\(name) so far (· not computed yet):"
        if printable(result, width: width - 2) {
            lines.append(label)
            lines.append(grid(result, blank: finished).indented)
        } else {
            lines.append("\(name) \(result.shape.dimsText) (too large to print)")
        }
        return lines.joined(separator: "\n")
    }

    /// `out(0,0,0) = 1·1 + 1·0 + … = 4` (a gradient's cell: `dW[0,0,1,2] = …`) and the running
    /// sums under it; partial cells end with `…`.
    public static func equation(_ op: any ReductionLayer, _ trace: Trace, output o: Int, products k: Int, gradient: GradientTarget? = nil) -> [String] {
        // One pass for the running sums, and terms built only for the products written out:
        // a gradient cell of a large picture has millions (decoding each step alone is O(k²)).
        let written = k <= 12 ? Array(0..<k) : Array(0..<4) + Array(k - 7..<k)
        var run = trace.reduction.start, runs: [Int: Double] = [:]
        var next = written.startIndex
        for t in 0..<k {
            run = trace.reduction.adding(op.termValue(output: o, term: t), term: t, to: run)
            if next < written.endIndex, written[next] == t {
                runs[t] = run.value
                next += 1
            }
        }
        let index = Tensor.unravel(o, op.outputShape)
        let cell = gradient?.cellName(index) ?? "out" + Position.text(index, in: op.outputShape)
        // At most 12 items: the first 4, `…`, the last 7.
        let elide = { (items: [String]) in k <= 12 ? items : Array(items.prefix(4)) + ["…"] + Array(items.suffix(7)) }
        // A max lists its taps comma-separated: a negative needs no parentheses there.
        let terms = elide(written.map { product(op.term(output: o, term: $0), op, bare: op.reduction == .max) })
        let sums = elide(written.map { Numbers.text(runs[$0]!) })
        let sum = k > 0 ? run.value : 0
        let words = CellWords(op), n = trace.termsPerOutput
        let done = k >= n
        var head = "\(cell) = "
        var notes: [String] = []
        switch op.reduction {
        case .max:
            // Not a sum of products: the taps are compared, and the first largest holds.
            head += "max(" + terms.joined(separator: ", ") + (done ? ") = \(Numbers.text(sum))" : ", …)")
        case .mean where done:
            let d = op.divisor(ofOutput: o)
            head += "(" + terms.joined(separator: " + ") + ") / \(d) = \(Numbers.text(sum)) / \(d) = \(Numbers.text(op.finish(output: o, sum: sum)))"
            if d != n { notes.append("  divided by \(d), not \(n): the taps past the padding (×) are not counted") }
        case .sum, .mean:
            head += terms.joined(separator: " + ") + (done ? " = \(Numbers.text(sum))" : " + …")
        }
        if !done {
            head += " (\(k) of \(n.counting(words.term)) so far)"
        } else {
            if let b = op.bias(ofOutput: o) { head += ", plus bias \(Numbers.text(b)) = \(Numbers.text(sum + b))" }
            if op.relu { head += ", after ReLU \(Numbers.text(op.finish(output: o, sum: sum)))" }
        }
        return [head, "  \(words.runningRow): " + sums.joined(separator: " ")] + notes
    }

    /// A prediction's output with the products on show (see `PredictStep.productsShown`): none
    /// while it waits for a whole output, else its equation and running sums.
    public static func worked(_ p: PredictStep, answered: Bool) -> [String] {
        let k = p.productsShown(answered: answered)
        guard k > 0, let op = try? p.spec.steppedOp(naming: "grad_output") else { return [] }
        return equation(op, Trace(op), output: p.outputFlat, products: k, gradient: p.gradient)
    }

    /// A term as a written-out sum shows it: `x·w`, or the number alone for a one-factor term. A
    /// padding cell that copies an input cell (reflect, replicate, circular) says which:
    /// `9(copy of (0,1))·(-1)`.
    static func product(_ t: Term, _ op: any ReductionLayer, bare: Bool = false) -> String {
        var x = op.factorName(t) ?? (bare ? Numbers.text(t.x) : signed(t.x))
        if op.unwrapped is ConvLayer, let i = t.input, i != t.window { x += "(copy of \(Position.text(i, in: op.inputShape)))" }
        return t.factorCount == 1 ? x : "\(x)·\(signed(t.w))"
    }

    static func signed(_ v: Double) -> String { v < 0 ? "(\(Numbers.text(v)))" : Numbers.text(v) }


    /// Where a step takes its numbers from, in words, named as on the stepper's "now:" line.
    public static func describe(_ s: TraceStep, in op: any ReductionLayer) -> String {
        let source = "\(op.sourceName(s.term)) = \(Numbers.text(s.x))"
        return s.term.factorCount == 1 ? source : "\(source) × \(op.weightName(s.term)) = \(Numbers.text(s.w))"
    }
}

extension String {
    var indented: String { split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") }
}
