import ConvKit

/// Max and average pooling in the stepper: each channel's input in its padded frame (in ceil
/// mode with the cells a last window reaches past the padding), the window framed, the current
/// tap and a max's running winner marked; where a conv draws its kernel, a note that a pool has
/// no weights; the output filling in.
extension StepperState {
    /// The pool this screen steps forward, or nil (its dX is stepped as a gradient).
    var pool: (any PoolLayer)? {
        if gradient != nil { return nil }
        switch layer {
        case .maxPool(let p): return p
        case .avgPool(let p): return p
        default: return nil
        }
    }

    /// What marks a max's running winner in the input grid, in every charset and without colour.
    static let winnerMark = "*"

    func poolColumns(_ p: any PoolLayer, sideBySide: Bool) -> [PanelColumn] {
        let g = p.geometry, plane = step.output[0]
        let note = PanelColumn(PanelEntry(kind: .kernel, panel: noWeightsPanel(p), optional: true))
        if sideBySide && g.channels > 1 && edit == nil {
            // Each channel is pooled on its own, as depthwise keeps its channels apart.
            return (0..<g.channels).map { ch in
                PanelColumn([[PanelEntry(kind: .input, panel: poolInputPanel(p, channel: ch))],
                             [PanelEntry(kind: .output(plane: ch), panel: outputPanel(rows: g.outHeight, cols: g.outWidth, plane: ch, title: "out \(ch)"))]])
            } + [note]
        }
        let ci = edit?.target == .input ? geometry(of: .input).position(of: edit!.index).plane : plane
        let title = g.channels > 1 ? "out \(Position.among(plane, g.channels))" : "output \(g.outHeight)×\(g.outWidth)"
        return [PanelColumn(PanelEntry(kind: .input, panel: poolInputPanel(p, channel: ci))), note,
                PanelColumn(PanelEntry(kind: .output(plane: plane), panel: outputPanel(rows: g.outHeight, cols: g.outWidth, plane: plane, title: title)))]
    }

    /// Where the kernel would be: why there is none.
    private func noWeightsPanel(_ p: any PoolLayer) -> GridPanel {
        let lines = p.reduction == .max ? ["a max of the window", "\(Self.winnerMark) the max so far"] : ["a mean of the window"]
        let width = lines.map(\.cellWidth).max() ?? 1
        return GridPanel(title: "no weights:", rows: lines.count, cols: 1, cellWidth: width, focus: (0, 0)) { r, _ in
            (.text(lines[r].padding(to: width)), Style(.dim))
        }
    }

    /// How the equation writes an average's tap past the padding: `×`, as the grid draws it,
    /// since it is neither added nor counted (a `0` would read as a padding zero that counts).
    func pastMark(_ t: Term) -> String? {
        guard let p = pool, p.reduction == .mean, p.isPast(t) else { return nil }
        return CellText.pastMark
    }

    /// The running max's tap among those on show (nil for an average, or while every tap is −∞).
    var poolWinner: Int? {
        guard pool?.reduction == .max, shownTerms > 0 else { return nil }
        return shownTerms == step.termIndex + 1 ? step.argmax : stepped.running(ofOutput: step.outputFlat, through: shownTerms - 1).argmax
    }

    /// One channel: the input in its padded frame and, in ceil mode, as far past it as the last
    /// window reaches. Padding reads 0 for an average, −∞ for a max; past the padding reads ×
    /// (not a cell of the input: an average does not count it).
    func poolInputPanel(_ p: any PoolLayer, channel ci: Int) -> GridPanel {
        let g = p.geometry, s = step
        let origin = g.origin(output: s.outputFlat)
        let ends = (y: (g.outHeight - 1) * g.stride.h - g.padding.h + (g.size.h - 1) * g.dilation.h + 1,
                    x: (g.outWidth - 1) * g.stride.w - g.padding.w + (g.size.w - 1) * g.dilation.w + 1)
        let rows = max(g.height + g.padding.h, ends.y) + g.padding.h, cols = max(g.width + g.padding.w, ends.x) + g.padding.w
        let active = edit == nil && ci == s.output[0]
        let current = active && showsCurrent ? s.term.window : nil
        let winner = active ? poolWinner.map { currentTerm($0).window } : nil
        let cursor = edit?.target == .input ? geometry(of: .input).position(of: edit!.index) : nil
        let typed = edit?.typed ?? ""
        let outside: CellText = p.reduction == .max ? .text(NumberFormat.onScreen(-.infinity)) : "0"
        let hidden = concealed.map { $0 - trace.firstStep(ofOutput: s.outputFlat) }
        func tap(_ y: Int, _ x: Int) -> Int? {
            let ry = y - origin.y, rx = x - origin.x
            guard ry >= 0, rx >= 0, ry % g.dilation.h == 0, rx % g.dilation.w == 0, ry / g.dilation.h < g.size.h, rx / g.dilation.w < g.size.w else { return nil }
            return (ry / g.dilation.h) * g.size.w + rx / g.dilation.w
        }
        let (data, height, width) = (p.input.data, g.height, g.width)
        let cellWidth = max(inputWidth, rows > height || cols > width ? zoomed(max(outside.width, CellText.past.width)) : 1)
        var title = g.channels > 1 ? (hasChannelView ? "\(inputWord) ch \(ci)" : "in ch \(Position.among(ci, g.channels))") : "\(inputWord) \(height)×\(width)"
        if g.padding != .zero { title += " +pad" }
        if ends.y > height + g.padding.h || ends.x > width + g.padding.w { title += " +past" }
        return GridPanel(title: title, rows: rows, cols: cols, rowBase: -g.padding.h, colBase: -g.padding.w, cellWidth: cellWidth,
                         focus: cursor.map { ($0.y, $0.x) } ?? (s.term.window[1], s.term.window[2])) { y, x in
            let inside = y >= 0 && y < height && x >= 0 && x < width
            let isWinner = winner.map { $0[1] == y && $0[2] == x } ?? false
            var value: CellText = inside ? Self.text(data[(ci * height + y) * width + x]) : g.isPadding([ci, y, x]) ? outside : .past
            if isWinner, case .number(let v) = value { value = .text(Self.winnerMark + NumberFormat.onScreen(v)) }
            if let c = cursor, c.plane == ci, c.y == y, c.x == x { return (typed.isEmpty ? value : .text(typed), .cursor) }
            if let current, current[1] == y, current[2] == x { return (value, .current) }
            if isWinner { return (value, .winner) }
            // A waiting prediction frames only the taps on show.
            if active, let t = tap(y, x), hidden.map({ t < $0 }) ?? true { return (value, inside ? .window : .paddedWindow) }
            return (value, inside ? .plain : .padding)
        }
    }
}

extension CellText {
    /// A cell past the padding, which only a ceil-mode window reaches: no value there.
    static let past: CellText = .text(pastMark)
    static let pastMark = "×"

    var width: Int {
        switch self {
        case .number(let v): NumberFormat.onScreen(v).cellWidth
        case .text(let t): t.cellWidth
        }
    }
}

extension Style {
    /// A max's running winner: bold and underlined, not reversed, so it stands out inside the
    /// reversed window and apart from the current tap without colour.
    static let winner = Style(.sum, [.bold, .underline])
}
