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

    /// The output as the stepper's equation writes it: `out(0,1)` for one channel, else `out(c,y,x)`.
    static func outputLabel(_ cell: [Int], shape: [Int]) -> String {
        let shown = cell.count == 3 && shape.first == 1 ? Array(cell.dropFirst()) : cell
        return "out(" + shown.map(String.init).joined(separator: ",") + ")"
    }

    /// Output `flat` of the last layer followed back: the input's path counts, `·` outside the
    /// field, then the field's size and the rf arithmetic of the last layer.
    static func followed(_ stack: Stack, output flat: Int) -> [String] {
        let n = stack.layers.count, shape = stack.layers[n - 1].outputShape
        let cell = Tensor.unravel(flat, shape)
        let label = outputLabel(cell, shape: shape)
        guard let counts = try? stack.pathCounts(layer: n, cell: cell).first else { return [] }
        let inShape = stack.input.shape
        let (h, w) = (inShape.count >= 2 ? inShape[inShape.count - 2] : 1, inShape.last ?? 1)
        let planes = counts.count / max(1, h * w)
        var lines = ["Layer \(n)'s \(label) followed back through every layer to the input. Each number is how many paths reach that input pixel (· is outside the field):"]
        var rows: ClosedRange<Int>?, cols: ClosedRange<Int>?
        let width = counts.map { Numbers.text($0).count }.max() ?? 1
        for c in 0..<planes {
            if planes > 1 { lines.append("  input ch \(c)") }
            for i in 0..<h {
                let row = (0..<w).map { j -> String in
                    let v = counts[(c * h + i) * w + j]
                    guard v > 0 else { return String(repeating: " ", count: width - 1) + "·" }
                    rows = min(rows?.lowerBound ?? i, i)...max(rows?.upperBound ?? i, i)
                    cols = min(cols?.lowerBound ?? j, j)...max(cols?.upperBound ?? j, j)
                    let t = Numbers.text(v)
                    return String(repeating: " ", count: width - t.count) + t
                }
                lines.append("  " + row.joined(separator: " "))
            }
        }
        guard let rows, let cols else { return lines + ["\(label) reads only zero padding: no input pixel reaches it."] }
        let paths = Numbers.text(counts.reduce(0, +))
        lines.append("Field: input rows \(rows.lowerBound)–\(rows.upperBound), columns \(cols.lowerBound)–\(cols.upperBound) (\(rows.count)×\(cols.count)), \(paths) paths in all.")
        if let field = try? StackField(stack: stack), let r = field.rows.rows.last, let c = field.cols.rows.last {
            let (i, j) = (cell.count >= 2 ? cell[cell.count - 2] : 0, cell.last ?? 0)
            let centre = { (r: ReceptiveField.Row, k: Int) in Numbers.text(r.start + Double(r.jump * k)) }
            lines.append(field.isSquare
                ? "rf \(r.rf) · jump \(r.jump) · start \(r.startText): the \(r.rf)×\(r.rf) square centred at input (\(centre(r, i)),\(centre(c, j)))."
                : "rows: rf \(r.rf) · jump \(r.jump) · start \(r.startText); columns: rf \(c.rf) · jump \(c.jump) · start \(c.startText): the \(r.rf)×\(c.rf) rectangle centred at input (\(centre(r, i)),\(centre(c, j))).")
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
