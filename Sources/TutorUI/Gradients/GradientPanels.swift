import ConvKit

/// The grids of a gradient stepped cell by cell: the grid of the first factor, with every cell
/// the current gradient cell's terms have met marked as the window; the grid of the second
/// factor, its cell in the current product marked; the gradient filling up with running sums.
/// dW: the input X (in its padded frame) and dY. db: dY alone. dX, where no transposed conv
/// gives it: dY and the kernel slice; a pool's dX: dY and the input X, its current window's
/// maximum marked (max) or the cell itself (avg) — who gets the window's dY.
extension StepperState {
    /// One factor's grid: a plane of `values` as `shape` is drawn (see `planes`), the padded
    /// frame around it, and where a term's factor sits in it (plane, row, column; nil: no cell).
    struct FactorGrid {
        /// The title of plane p.
        var title: (Int) -> String
        var shape: [Int]
        var values: [Double]
        var pad = (top: 0, bottom: 0, left: 0, right: 0)
        var locate: (Term) -> (plane: Int, y: Int, x: Int)?
        /// Where the terms walk, when they walk the output positions row-major (dW's input,
        /// db's dY): term t sits `step` cells on per output row and column from term 0's cell.
        /// The window then marks a cell from its position alone, without visiting the terms
        /// (a dW cell of a big picture has millions).
        var sweep: Sweep?
    }

    struct Sweep {
        var rows: Int, cols: Int
        var step: Pair

        /// The term (0-based) that meets the cell `dy`, `dx` cells from term 0's, if any.
        func term(dy: Int, dx: Int) -> Int? {
            guard dy >= 0, dx >= 0, dy % step.h == 0, dx % step.w == 0 else { return nil }
            let (r, c) = (dy / step.h, dx / step.w)
            return r < rows && c < cols ? r * cols + c : nil
        }
    }

    /// A tensor's shape as planes of rows × columns: [C,H,W] as is, [A,B,H,W] as A·B planes,
    /// a matrix as one plane, a vector as one row.
    static func planes(_ shape: [Int]) -> (planes: Int, rows: Int, cols: Int) {
        switch shape.count {
        case 0: (1, 1, 1)
        case 1: (1, 1, shape[0])
        case 2: (1, shape[0], shape[1])
        default: (shape.dropLast(2).reduce(1, *), shape[shape.count - 2], shape[shape.count - 1])
        }
    }

    /// Where flat index `i` of a tensor of `shape` is drawn.
    static func place(_ i: Int, in shape: [Int]) -> (plane: Int, y: Int, x: Int) {
        let (_, rows, cols) = planes(shape)
        return (i / (rows * cols), (i % (rows * cols)) / cols, i % cols)
    }

    static func flat(_ index: [Int], in shape: [Int]) -> Int {
        zip(index, Tensor.strides(shape)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    func gradientColumns() -> [PanelColumn] {
        let (first, second) = factorGrids()
        let focus = currentTerm(focusTerm)
        var columns = [PanelColumn(PanelEntry(kind: .input, panel: factorPanel(first, focus: focus, window: true)))]
        if let second { columns.append(PanelColumn(PanelEntry(kind: .kernel, panel: factorPanel(second, focus: focus, window: false)))) }
        let shape = stepped.outputShape, (_, rows, cols) = Self.planes(shape)
        let plane = step.outputFlat / (rows * cols)
        columns.append(PanelColumn(PanelEntry(kind: .output(plane: plane), panel: outputPanel(rows: rows, cols: cols, plane: plane, title: gradientTitle(plane: plane)))))
        return columns
    }

    /// The gradient grid's title: the slice of dW it is (`dW[0,1]`), or the tensor and its size.
    private func gradientTitle(plane: Int) -> String {
        let shape = stepped.outputShape, symbol = gradient?.symbol ?? "out"
        if shape.count == 4 { return symbol + "[" + [plane / shape[1], plane % shape[1]].map(String.init).joined(separator: ",") + "]" }
        if shape.count == 3 && shape[0] > 1 { return "\(symbol) ch \(Position.among(plane, shape[0]))" }
        if shape.count == 1 { return "\(symbol) (\(shape[0]))" }
        return "\(symbol) " + shape.suffix(2).map(String.init).joined(separator: "×")
    }

    /// The first factor's grid and the second's (none for db), as this gradient pairs them.
    private func factorGrids() -> (FactorGrid, FactorGrid?) {
        let dYTitle = layer.relu ? "dY gated" : "dY"
        switch stepped {
        case let g as WeightGradient:
            let dY = dYGrid(title: dYTitle, values: g.gradient) { $0.weight }
            guard case .conv(let c) = layer else {
                // Dense: the input flattened, as the layer reads it.
                let n = g.layer.channels, given = g.inputShape
                return (FactorGrid(title: { _ in "input (\(n))" }, shape: [n], values: g.layer.input.data) { t in (0, 0, Self.flat(t.window, in: given)) }, dY)
            }
            let padded = c.padTop + c.padBottom + c.padLeft + c.padRight > 0 ? " +pad" : ""
            let title = { (p: Int) in (c.channels > 1 ? "input ch \(Position.among(p, c.channels))" : "input \(c.height)×\(c.width)") + padded }
            var x = FactorGrid(title: title, shape: c.input.shape, values: c.input.data) { t in (t.window[0], t.window[1], t.window[2]) }
            x.pad = (c.padTop, c.padBottom, c.padLeft, c.padRight)
            x.sweep = Sweep(rows: c.outHeight, cols: c.outWidth, step: c.options.stride)
            return (x, dY)
        case let g as InputGradient:
            let w = g.layer.weight, cg = w.shape[1]
            // Dense: W as its matrix [N, fan-in], not as N·fan-in 1×1 slices.
            let shape = layer.op == .dense ? [w.shape[0], cg] : w.shape
            let title = { (p: Int) in shape.count == 4 ? "W[\(p / cg),\(p % cg)]" : "W" }
            let kernel = FactorGrid(title: title, shape: shape, values: w.data) { t in Self.place(Self.flat(t.weight, in: w.shape), in: shape) }
            return (dYGrid(title: dYTitle, values: g.gradient) { $0.input }, kernel)
        case let g as PoolInputGradient:
            let x = layer.unwrapped as! any PoolLayer, gx = g.geometry
            let title = { (p: Int) in gx.channels > 1 ? "input ch \(Position.among(p, gx.channels))" : "input \(gx.height)×\(gx.width)" }
            let taker = FactorGrid(title: title, shape: gx.inputShape, values: x.input.data) { t in g.taker(t).map { ($0[0], $0[1], $0[2]) } }
            return (dYGrid(title: dYTitle, values: g.gradient) { $0.input }, taker)
        case let g as BiasGradient:
            var dY = dYGrid(title: dYTitle, values: g.gradient) { $0.window }
            let (_, rows, cols) = Self.planes(dY.shape)
            dY.sweep = Sweep(rows: rows, cols: cols, step: Pair(1, 1))
            return (dY, nil)
        default:
            preconditionFailure("not a gradient op: \(type(of: stepped))")
        }
    }

    /// dY in the layer's output shape (dense: a row), its cell in a term found at `cell`.
    private func dYGrid(title: String, values: [Double], cell: @escaping (Term) -> [Int]?) -> FactorGrid {
        let shape = layer.outputShape
        let named = { (p: Int) in shape.count == 3 && shape[0] > 1 ? "\(title) ch \(Position.among(p, shape[0]))" : title }
        return FactorGrid(title: named, shape: shape, values: values) { t in cell(t).map { Self.place(Self.flat($0, in: shape), in: shape) } }
    }

    /// One factor's plane: the one the focus term reads. With `window`, every cell a term on
    /// show has met is framed (a waiting prediction frames only the terms it shows).
    private func factorPanel(_ g: FactorGrid, focus: Term, window: Bool) -> GridPanel {
        let s = step
        let (_, rows, cols) = Self.planes(g.shape)
        let here = g.locate(focus), plane = here?.plane ?? 0
        func key(_ y: Int, _ x: Int) -> Int { (y + g.pad.top) * (cols + g.pad.left + g.pad.right) + x + g.pad.left }
        let shown = shownTerms
        let origin = g.locate(currentTerm(0))
        var met = Set<Int>()
        if window && g.sweep == nil {
            for t in 0..<shown {
                if let p = g.locate(currentTerm(t)), p.plane == plane { met.insert(key(p.y, p.x)) }
            }
        }
        func wasMet(_ y: Int, _ x: Int) -> Bool {
            guard window else { return false }
            guard let sweep = g.sweep else { return met.contains(key(y, x)) }
            guard let origin, origin.plane == plane, let t = sweep.term(dy: y - origin.y, dx: x - origin.x) else { return false }
            return t < shown
        }
        let current = showsCurrent ? g.locate(s.term).flatMap { $0.plane == plane ? key($0.y, $0.x) : nil } : nil
        let values = g.values
        return GridPanel(title: g.title(plane), rows: rows + g.pad.top + g.pad.bottom, cols: cols + g.pad.left + g.pad.right, rowBase: -g.pad.top, colBase: -g.pad.left,
                         cellWidth: zoomed(numberWidth(values)), focus: here.map { ($0.y, $0.x) } ?? (0, 0)) { y, x in
            let inside = y >= 0 && y < rows && x >= 0 && x < cols
            let value = inside ? Self.text(values[(plane * rows + y) * cols + x]) : "0"
            let k = key(y, x)
            if k == current { return (value, .current) }
            if wasMet(y, x) { return (value, inside ? .window : Style(.window, [.reverse, .dim])) }
            return (value, inside ? (window ? .plain : Style(.weight)) : .padding)
        }
    }

    /// The sentence under the grids: what the current gradient cell sums, longest wording first
    /// (the view draws the first that fits).
    var gradientNotes: [String]? {
        switch gradient {
        case nil: return nil
        case .weight: return [" \(cellLabel) = Σ over outputs dY·x"]
        case .bias: return [" \(cellLabel) = Σ over outputs dY"]
        case .input:
            if let p = stepped as? PoolInputGradient { return poolInputNotes(p) }
            guard let e = equivalent else { return [" \(cellLabel) = Σ over the weights that reach it dY·w", " \(cellLabel) = Σ dY·w"] }
            // The direct view cross-correlates, as every conv here does: with W rotated that is
            // the full convolution the lessons name (at stride 1).
            let w = dXKernelWords
            return e.inserted == Pair(0, 0) ? [" dX = dY padded, cross-correlated with \(w): a full convolution", " dX = dY padded, cross-correlated with \(w)"]
                : [" dX = dY spread by the stride, padded, cross-correlated with \(w)", " dX = dY spread, padded, correlated with \(w)"]
        }
    }

    /// The kernel the dX direct view slides: W rotated 180°; under --flip the layer already met
    /// it rotated, so the direct view's kernel is W as written.
    var dXKernelWords: String { isFlipped ? "W as written" : "W rotated 180°" }

    /// The header's words for a gradient, longest first (see `modeTexts`).
    var gradientModeTexts: [String]? {
        // A flip changes the forward pass and so every gradient (ReLU's gate too): said in
        // every wording, as the forward header says it.
        gradientWords.map { isFlipped ? $0.map { $0 + " (flip)" } : $0 }
    }

    private var gradientWords: [String]? {
        switch gradient {
        case nil: return nil
        case .weight: return ["weight gradient dW = Σ dY·x", "weight gradient dW", "dW"]
        case .bias: return ["bias gradient db = Σ dY", "bias gradient db", "db"]
        case .input where equivalent != nil: return ["input gradient dX: full conv, \(dXKernelWords)", "input gradient dX", "dX"]
        case .input where stepped is PoolInputGradient:
            return [layer.reduction == .max ? "input gradient dX: dY to each window's max" : "input gradient dX: dY ÷ each window's size", "input gradient dX", "dX"]
        case .input: return ["input gradient dX = Σ dY·w", "input gradient dX", "dX"]
        }
    }
}

extension StepperState {
    /// The help box's closing sentence for a gradient (see `drawHelp`).
    var gradientAbout: [String]? {
        switch gradient {
        case nil: nil
        case .weight: ["", "Each dW cell sums, over the output positions, dY", "there times the input cell that weight met: the", "same sliding window, now summing over positions."]
        case .bias: ["", "Each db cell sums dY over its filter's outputs:", "the bias was added to every one of them."]
        case .input where stepped is PoolInputGradient && layer.reduction == .max:
            ["", "A pool has no weights: dX is its only gradient.", "Each dX cell gets the dY of every window whose", "max it won, and none from the windows it lost."]
        case .input where stepped is PoolInputGradient:
            ["", "A pool has no weights: dX is its only gradient.", "Each dX cell gets dY ÷ the divisor of every", "window holding it, as the forward pass divided."]
        case .input: ["", "Each dX cell sums dY times every weight that", "carried this input cell into an output."]
        }
    }
}

extension StepperState {
    /// Who gets the current window's dY and why, longest first: the cell won or lost the max,
    /// or takes dY ÷ the divisor.
    func poolInputNotes(_ p: PoolInputGradient) -> [String] {
        let t = step.term, cell = cellLabel
        guard let o = t.input else { return [" \(cell): no other window holds this cell", " \(cell): no other window"] }
        let dY = "dY" + Position.text(o, in: p.inputShape)
        if layer.reduction == .mean {
            let d = p.divisor(ofWindow: o)
            return [" \(cell) gets \(dY) ÷ \(d): its window's sum was divided by \(d)", " \(cell) gets \(dY) ÷ \(d)", " \(dY) ÷ \(d)"]
        }
        if t.w == 1 { return [" \(cell) gets all of \(dY): it won that window's max", " \(cell) won the max: all of \(dY)", " won: all of \(dY)"] }
        let winner = p.taker(t).map { " (" + Position.text($0, in: p.outputShape) + " won it)" } ?? ""
        return [" \(cell) gets none of \(dY): it lost that window's max\(winner)", " \(cell) lost the max: none of \(dY)", " lost: none of \(dY)"]
    }
}
