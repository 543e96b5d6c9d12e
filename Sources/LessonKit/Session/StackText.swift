import ConvKit

/// A lesson's stack stepper step as text (plain mode): the stack's layers, and for `follow:` the
/// followed output's paths to each input cell with its rf, jump and start.
enum StackText {
    /// One line naming the stack: its input's shape and every layer.
    static func summary(_ name: String, _ stack: Stack) -> String {
        "The stack '\(name)': input \(stack.input.shape.dimsText) · "
            + (1...stack.layers.count).map(stack.layerName).joined(separator: " · ")
            + "; each layer's output is the next one's input."
    }

    /// What a step on the stack's last layer works on: `Layer 3 of the stack 'pooled' (its input
    /// is layer 2's output)`, so a grid called "input" is not taken for the stack's.
    static func lastLayer(of name: String, _ stack: Stack) -> String {
        let n = stack.layers.count
        return "Layer \(n) of the stack '\(name)' (its input is \(n == 1 ? "the stack's input" : "layer \(n - 1)'s output"))"
    }

    /// Output `flat` of the last layer followed back: the input's path counts around the field
    /// (one cell of margin; `·` outside it), then the field's size and the rf arithmetic of the
    /// last layer. Only the field's cells are visited and printed, however large the input.
    static func followed(_ stack: Stack, output flat: Int) -> [String] {
        let n = stack.layers.count, shape = stack.layers[n - 1].outputShape
        let cell = Tensor.unravel(flat, shape)
        let label = "out" + Position.text(cell, in: shape)
        guard let input = try? stack.paths(layer: n, cell: cell).first else { return [] }
        let inShape = stack.input.shape
        let (h, w) = (inShape.count >= 2 ? inShape[inShape.count - 2] : 1, inShape.last ?? 1)
        let reached = input.counts.filter { $0.value > 0 }.keys
        guard let top = reached.map({ ($0 % (h * w)) / w }).min(), let bottom = reached.map({ ($0 % (h * w)) / w }).max(),
              let left = reached.map({ $0 % w }).min(), let right = reached.map({ $0 % w }).max() else {
            return ["Layer \(n)'s \(label) reads only padding: no input pixel reaches it."]
        }
        let rows = max(0, top - 1)...min(h - 1, bottom + 1), cols = max(0, left - 1)...min(w - 1, right + 1)
        let whole = rows.count == h && cols.count == w
        var lines = ["Layer \(n)'s \(label) followed back through every layer to the input. Each number is how many paths reach that input pixel (· is outside the field)"
            + (whole ? ":" : "; input rows \(rows.lowerBound)–\(rows.upperBound), columns \(cols.lowerBound)–\(cols.upperBound):")]
        let width = reached.map { Numbers.text(input[$0]).count }.max() ?? 1
        let planes = Set(reached.map { $0 / (h * w) }).sorted()
        for c in planes {
            if inShape.count >= 3, inShape[inShape.count - 3] > 1 { lines.append("  input ch \(c)") }
            for i in rows {
                lines.append("  " + cols.map { j -> String in
                    let v = input[(c * h + i) * w + j], t = v > 0 ? Numbers.text(v) : "·"
                    return String(repeating: " ", count: width - t.count) + t
                }.joined(separator: " "))
            }
        }
        let paths = Numbers.text(reached.map { input[$0] }.reduce(0, +))
        lines.append("Field: input rows \(top)–\(bottom), columns \(left)–\(right) (\(bottom - top + 1)×\(right - left + 1)), \(paths) paths in all.")
        if let field = try? StackField(stack: stack), let r = field.rows.rows.last, let c = field.cols.rows.last {
            let (i, j) = (cell.count >= 2 ? cell[cell.count - 2] : 0, cell.last ?? 0)
            // The field the counts show is smaller than the square where the square reaches past
            // the border into padding (a padding mode that copies cells folds it back instead).
            let past = bottom - top + 1 < r.rf || right - left + 1 < c.rf ? " The rest of it lies past the border, in the padding." : ""
            lines.append((field.isSquare
                ? "rf \(r.rf) · jump \(r.jump) · start \(r.startText): the \(r.rf)×\(r.rf) square centred at input (\(r.centre(of: i)),\(c.centre(of: j)))."
                : "rows: rf \(r.rf) · jump \(r.jump) · start \(r.startText); columns: rf \(c.rf) · jump \(c.jump) · start \(c.startText): the \(r.rf)×\(c.rf) rectangle centred at input (\(r.centre(of: i)),\(c.centre(of: j))).") + past)
        }
        return lines
    }
}

extension Stack {
    /// Layer n (1-based) as the stack screen and plain mode name it, longest first:
    /// `2 max-pool 2 stride 1`, `2 max-pool 2`, `2 max-pool`, `2 pool`, `2`; a narrow title
    /// takes the first that fits. Only the longest names the options that change the numbers
    /// (stride, padding, ReLU…, as a `show:` line does): without them `1 conv2d 3×3` would
    /// hide why its output is smaller than a stride-1 layer's. `options: false` for a grid's
    /// title, which the grid's own size bounds.
    public func layerNames(_ n: Int, options: Bool = true) -> [String] {
        let layer = layers[n - 1]
        let (op, size, word): (String, [Int], String) = switch layer {
        case .conv(let c): (c.op.rawValue, [c.kh, c.kw], "conv")
        case .transposed(let t): ("conv-transpose", [t.weight.shape[t.weight.rank - 2], t.weight.shape[t.weight.rank - 1]], "convT")
        case .dense(let d): ("dense", [d.outputCount], "dense")
        case .maxPool(let p as any PoolLayer), .avgPool(let p as any PoolLayer):
            (layer.op.rawValue, p.geometry.size.h == p.geometry.size.w ? [p.geometry.size.h] : [p.geometry.size.h, p.geometry.size.w], "pool")
        }
        let named = "\(n) \(op) \(size.dimsText)"
        let said = options ? TraceText.options(specs[n - 1], poolSize: false) : []
        let names = [([named] + said).joined(separator: " "), named, "\(n) \(op)", "\(n) \(word)", "\(n)"]
        return names.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
    }

    /// `1 conv2d 3×3 stride 2`, `2 max-pool 2 stride 2`: layer n's full name.
    public func layerName(_ n: Int) -> String { layerNames(n)[0] }
}
