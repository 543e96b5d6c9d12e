import ConvKit

/// The grids above the equation, as columns of stacked rows of panels. Which grids appear, and
/// how they are grouped, is what distinguishes the views: one channel slides (conv2d on a
/// single channel), channels add up (conv2d over depth, pointwise), channels stay apart
/// (depthwise), or a vector meets weight rows (dense).
enum PanelKind: Equatable {
    case input, kernel, usedKernel, products
    /// An output grid showing output channel (or plane) `plane`.
    case output(plane: Int)
}

struct PanelEntry {
    var kind: PanelKind
    var panel: GridPanel
    /// Repeats what another part shows (the products are the equation's terms; the kernel as
    /// given is the rotated one turned back), so it gives way before any grid has to pan.
    var optional = false
}

/// One column of the layout: rows stacked top to bottom, panels in a row side by side.
struct PanelColumn {
    var rows: [[PanelEntry]]
    init(_ rows: [[PanelEntry]]) { self.rows = rows }
    init(_ single: PanelEntry) { rows = [[single]] }

    /// The columns without their optional panels (and without rows or columns left empty).
    static func essential(_ columns: [PanelColumn]) -> [PanelColumn] {
        columns.map { PanelColumn($0.rows.map { $0.filter { !$0.optional } }.filter { !$0.isEmpty }) }.filter { !$0.rows.isEmpty }
    }
}

extension Style {
    static let padding = Style(.dim, [.dim])
    static let future = Style(.dim, [.dim])
    static let window = Style(.window, [.reverse])
    /// A padded cell (a zero or a padding mode's copy) under the window: the window, dimmed.
    static let paddedWindow = Style(.window, [.reverse, .dim])
    static let current = Style(.current, [.reverse, .bold, .underline])
    static let cursor = Style(.warning, [.reverse, .underline])
}

extension StepperState {
    /// `sideBySide` false asks for the compact single-channel arrangement (narrow terminals).
    func columns(sideBySide: Bool) -> [PanelColumn] {
        if gradientView { return gradientColumns() }
        return switch layer {
        case .conv(let c) where isIm2col: im2colColumns(c, sideBySide: sideBySide)
        case .conv(let c): convColumns(c, sideBySide: sideBySide)
        case .dense(let d): denseColumns(d)
        case .transposed: []  // issue 8: the scatter and direct-conv views go here
        case .maxPool(let p as any PoolLayer), .avgPool(let p as any PoolLayer): poolColumns(p, sideBySide: sideBySide)
        }
    }

    /// Whether this layer has a wider arrangement worth trying first (channels side by side,
    /// or im2col's matrices next to each other).
    var hasChannelView: Bool {
        if isIm2col { return true }
        if let p = pool { return p.geometry.channels > 1 }
        if case .conv(let c) = layer { return c.groupChannels > 1 || (c.op == .depthwise && c.channels > 1) }
        return false
    }

    /// A number in a grid, as `NumberFormat.short` writes it. Static, so the cell closures
    /// need not capture (and copy) the whole state.
    static func text(_ v: Double) -> CellText { .number(v) }

    /// The conv term under the current step, decoded: (channel in group, window row, window col).
    func convTerm(_ c: ConvLayer) -> (cg: Int, ky: Int, kx: Int) {
        let t = step.termIndex, kk = c.kh * c.kw
        return (t / kk, (t % kk) / c.kw, t % c.kw)
    }

    /// The channel (within the group) whose grids a one-channel view shows: see `focusTerm`.
    func focusChannel(_ c: ConvLayer) -> Int { focusTerm / (c.kh * c.kw) }

    private func convColumns(_ c: ConvLayer, sideBySide: Bool) -> [PanelColumn] {
        let s = step
        let co = s.output[0]
        let cg = focusChannel(c)
        let first = c.firstInputChannel(of: co)
        let editing = edit != nil
        if sideBySide && !editing && hasChannelView {
            if c.op == .depthwise {
                // Each channel keeps its own kernel and its own output: nothing crosses columns.
                var columns = (0..<c.channels).map { ch in
                    PanelColumn([[PanelEntry(kind: .input, panel: inputPanel(c, channel: ch))],
                                 [PanelEntry(kind: .kernel, panel: sliceView(c, plane: ch, title: "kernel \(ch)")),
                                  PanelEntry(kind: .output(plane: ch), panel: outputPanel(rows: c.outHeight, cols: c.outWidth, plane: ch, title: "out \(ch)"))]])
                }
                columns.append(PanelColumn(PanelEntry(kind: .products, panel: productsPanel(c), optional: true)))
                return columns
            }
            // A slice is named by its weight index, [filter, channel within the group] as PyTorch
            // writes it and as the now: line and plain mode do; the input it reads is right above.
            var columns = (0..<c.groupChannels).map { g in
                PanelColumn([[PanelEntry(kind: .input, panel: inputPanel(c, channel: first + g))],
                             [PanelEntry(kind: .kernel, panel: sliceView(c, plane: co * c.groupChannels + g, title: sliceTitle(c, filter: co, channel: g)))]])
            }
            columns.append(PanelColumn(PanelEntry(kind: .products, panel: productsPanel(c), optional: true)))
            columns.append(PanelColumn(PanelEntry(kind: .output(plane: co), panel: outputPanel(rows: c.outHeight, cols: c.outWidth, plane: co, title: outputTitle(c, co)))))
            return columns
        }

        if usesHeatmap && !editing { return heatmapColumns(c) }
        // One channel at a time: the one under the current term, or under the edit cursor.
        let ci = edit?.target == .input ? geometry(of: .input).position(of: edit!.index).plane : first + cg
        let kernelPlane = edit?.target == .kernel ? geometry(of: .kernel).position(of: edit!.index).plane : co * c.groupChannels + cg
        var kernelTitle = equivalent != nil ? (gradient != nil ? (isFlipped ? "W as written" : "W rotated") : "kernel rotated") : c.options.flip ? "kernel given" : "kernel \(c.kh)×\(c.kw)"
        if equivalent != nil && (c.outChannels > 1 || c.groupChannels > 1) {
            kernelTitle = sliceTitle(c, filter: kernelPlane / c.groupChannels, channel: kernelPlane % c.groupChannels)
        } else if c.outChannels > 1 || c.groupChannels > 1 {
            kernelTitle = c.op == .depthwise ? "kernel ch \(kernelPlane)" : "filter \(kernelPlane / c.groupChannels)"
            if c.groupChannels > 1 { kernelTitle += " ch \(kernelPlane % c.groupChannels)" }
            if c.options.flip { kernelTitle += " given" }
        }
        var columns = [PanelColumn(PanelEntry(kind: .input, panel: inputPanel(c, channel: ci))),
                       PanelColumn(PanelEntry(kind: .kernel, panel: kernelPanel(c, plane: kernelPlane, title: kernelTitle), optional: c.options.flip && !editing))]
        if c.options.flip { columns.append(PanelColumn(PanelEntry(kind: .usedKernel, panel: usedKernelPanel(c, plane: kernelPlane, title: "rotated (used)")))) }
        columns.append(PanelColumn(PanelEntry(kind: .products, panel: productsPanel(c), optional: true)))
        columns.append(PanelColumn(PanelEntry(kind: .output(plane: co), panel: outputPanel(rows: c.outHeight, cols: c.outWidth, plane: co, title: outputTitle(c, co)))))
        return columns
    }

    private func outputTitle(_ c: ConvLayer, _ co: Int) -> String {
        // A direct view of dX names its output as the gradient it is, by channel as dY is.
        let name = gradient != nil ? "dX ch" : c.outChannels > 1 ? "out" : "output"
        return c.outChannels > 1 ? "\(name) \(Position.among(co, c.outChannels))" : "\(gradient != nil ? "dX" : name) \(c.outHeight)×\(c.outWidth)"
    }

    /// A kernel slice's title in the channels-side-by-side view: `f0 ch 1`, its weight index.
    /// A direct view's conv has the slices of the given weight rotated and its channel axes
    /// swapped: its slice [co, g] is weight [group's first filter + g, co within the group],
    /// named so, as on every screen (Lessons/README: `filter 3 ch 0` = weight[3, 0]).
    func sliceTitle(_ c: ConvLayer, filter co: Int, channel g: Int) -> String {
        guard equivalent != nil else { return "f\(co) ch \(g)" }
        let perGroup = c.outChannels / c.groups
        let filter = (co / perGroup) * c.groupChannels + g
        // Under --flip the layer met W rotated, so dX's direct view slides W as written.
        return "filter \(filter) ch \(co % perGroup)" + (gradient != nil && isFlipped ? "" : " rotated")
    }

    /// The input grid's name in the numbers and the picture view alike: a transposed conv's
    /// direct view slides over the zero-stuffed grid, not over the layer's input.
    /// dX's direct view says its dY is gated under ReLU, as the dW and db views do.
    func inputName(_ c: ConvLayer) -> String {
        guard let equivalent else { return "\(inputWord) \(c.height)×\(c.width)" }
        guard gradient != nil else { return "zeros inserted \(c.height)×\(c.width)" }
        return "dY " + (spec.options.relu ? "gated, " : "") + (equivalent.inserted == Pair(0, 0) ? "padded " : "spread ") + "\(c.height)×\(c.width)"
    }

    /// One input channel in its padded frame, the window and the current element highlighted
    /// when this channel takes part in the current output.
    func inputPanel(_ c: ConvLayer, channel ci: Int) -> GridPanel {
        let s = step
        let (co, oy, ox) = (s.output[0], s.output[1], s.output[2])
        let cursor = edit?.target == .input ? geometry(of: .input).position(of: edit!.index) : nil
        let originY = oy * c.options.stride.h - c.padTop, originX = ox * c.options.stride.w - c.padLeft
        let (dh, dw) = (c.options.dilation.h, c.options.dilation.w)
        let first = c.firstInputChannel(of: co)
        let active = edit == nil && ci >= first && ci < first + c.groupChannels
        let current = active && showsCurrent
        func inWindow(_ y: Int, _ x: Int) -> Bool {
            let ry = y - originY, rx = x - originX
            guard active && ry >= 0 && rx >= 0 && ry % dh == 0 && rx % dw == 0 && ry / dh < c.kh && rx / dw < c.kw else { return false }
            // A waiting prediction marks only the cells of products on show: where the hidden
            // ones lie (a dilated or strided footprint) is part of the learner's work.
            return concealed == nil || !hides(term: (ci - first) * c.kh * c.kw + (ry / dh) * c.kw + rx / dw)
        }
        var title = c.channels > 1 ? (hasChannelView ? "\(inputWord) ch \(ci)" : "in ch \(Position.among(ci, c.channels))") : inputName(c)
        let suffix = (c.groups > 1 && c.op != .depthwise ? " g\(ci / c.groupChannels)" : "") + (c.isPadded ? " +pad" : "")
        title += suffix
        // Narrow (a panned grid's marks take room), the channel stays and the word gives way.
        let shorter = c.channels > 1 && hasChannelView ? ["in ch \(ci)" + suffix, "ch \(ci)" + suffix, "ch \(ci)"] : []
        let typed = edit?.typed ?? ""
        // The cell a padding mode copies into the current padded position: marked lighter, as
        // where the number comes from (the position itself carries the current mark).
        let copied = current ? Self.copiedCell(s.term, mode: c.options.paddingMode) : nil
        // Tested as a flag per cell, not by copying the whole optional out of the closure.
        let equivalent = self.equivalent, transposed = equivalent != nil
        // dY has a channel per filter: a gradient's direct view names which one a grid is.
        if equivalent != nil { title = inputName(c) + (gradient != nil && c.channels > 1 ? " ch \(ci)" : "") }
        var panel = GridPanel(
            title: title, rows: c.height + c.padTop + c.padBottom, cols: c.width + c.padLeft + c.padRight,
            rowBase: -c.padTop, colBase: -c.padLeft, cellWidth: inputWidth,
            focus: cursor.map { ($0.y, $0.x) } ?? (s.term.window[1], s.term.window[2])
        ) { y, x in
            // In a transposed conv's equivalent input only the original values count as data.
            var inside = c.isInside(y: y, x: x)
            if transposed, inside, case .input = equivalent!.source(y: y, x: x) {} else if transposed { inside = false }
            let value = Self.text(c.framed(channel: ci, y: y, x: x))
            if let p = cursor, p.plane == ci, p.y == y, p.x == x { return (typed.isEmpty ? value : .text(typed), .cursor) }
            if current, ci == s.term.window[0], y == s.term.window[1], x == s.term.window[2] { return (value, .current) }
            let style: Style = inWindow(y, x) ? (inside ? .window : .paddedWindow) : inside ? .plain : .padding
            // Underlined in the current term's colour, or the window's where the window covers it.
            if let copied, copied == [ci, y, x] { return (value, Style(style == .plain ? .current : style.color, style.attributes.union(.underline))) }
            return (value, style)
        }
        // Groups get a colour each, so the split of the channels is visible at a glance.
        if c.groups > 1 && c.op != .depthwise {
            let colours: [ColorRole] = [.weight, .product, .sum, .window, .negative, .positive]
            panel.titleStyle = Style(colours[(ci / c.groupChannels) % colours.count], [.bold, .underline])
        }
        if equivalent == nil { panel.shorterTitles = shorter }
        return panel
    }

    /// The input cell a conv term over padding copies under `mode`, nil for a term inside the
    /// input or over a zero. (Other ops' terms name their window in other coordinates.)
    static func copiedCell(_ t: Term, mode: PaddingMode) -> [Int]? {
        guard mode != .zeros, let i = t.input, i != t.window else { return nil }
        return i
    }

    /// Whether a term reads the padding, a zero or a copy: drawn dimmed, like the padded cells.
    static func readsPadding(_ t: Term, mode: PaddingMode) -> Bool { t.input == nil || copiedCell(t, mode: mode) != nil }

    /// A kernel slice as the user gave it; the weight in use (or under the cursor) highlighted.
    func kernelPanel(_ c: ConvLayer, plane: Int, title: String) -> GridPanel {
        let s = step
        let (cg, ky, kx) = convTerm(c)
        let (wy, wx) = c.weightPosition(ky: ky, kx: kx)
        let isCurrent = edit == nil && showsCurrent && plane == s.output[0] * c.groupChannels + cg
        let cursor = edit?.target == .kernel ? geometry(of: .kernel).position(of: edit!.index) : nil
        let typed = edit?.typed ?? ""
        return GridPanel(title: title, rows: c.kh, cols: c.kw, cellWidth: kernelWidth, focus: cursor.map { ($0.y, $0.x) } ?? (wy, wx)) { r, col in
            let value = Self.text(c.weight.data[(plane * c.kh + r) * c.kw + col])
            if let p = cursor, p.plane == plane, p.y == r, p.x == col { return (typed.isEmpty ? value : .text(typed), .cursor) }
            return (value, isCurrent && r == wy && col == wx ? .current : Style(.weight))
        }
    }

    /// The kernel rotated 180°, as true convolution uses it: aligned with the window.
    func usedKernelPanel(_ c: ConvLayer, plane: Int, title: String) -> GridPanel {
        let (cg, ky, kx) = convTerm(c)
        let isCurrent = edit == nil && showsCurrent && plane == step.output[0] * c.groupChannels + cg
        return GridPanel(title: title, rows: c.kh, cols: c.kw, cellWidth: kernelWidth, focus: (ky, kx)) { r, col in
            (Self.text(c.weight.data[(plane * c.kh + c.kh - 1 - r) * c.kw + c.kw - 1 - col]), isCurrent && r == ky && col == kx ? .current : Style(.weight))
        }
    }

    /// A slice in the channels-side-by-side views: with flip there is room for one copy only, so
    /// it is the rotated one, the copy that actually meets the window.
    func sliceView(_ c: ConvLayer, plane: Int, title: String) -> GridPanel {
        c.options.flip ? usedKernelPanel(c, plane: plane, title: title.replacingOccurrences(of: "kernel", with: "rot") + (title.hasPrefix("kernel") ? "" : " rot"))
            : kernelPanel(c, plane: plane, title: title)
    }

    /// Products of the window with the kernel slice of the current channel, filling in.
    func productsPanel(_ c: ConvLayer) -> GridPanel {
        let s = step
        let (_, ky, kx) = convTerm(c)
        let cg = focusChannel(c)
        let kk = c.kh * c.kw, base = cg * kk
        let values = (0..<kk).map { layer.term(output: s.outputFlat, term: base + $0).product }
        let shown = shownTerms
        let xw = gradient == .input ? "dY·w" : "x·w"
        let title = c.groupChannels > 1 || c.op == .depthwise ? "\(xw) ch \(c.firstInputChannel(of: s.output[0]) + cg)" : xw
        return GridPanel(title: title, rows: c.kh, cols: c.kw, cellWidth: zoomed(numberWidth(values)), focus: (ky, kx)) { r, col in
            let t = base + r * c.kw + col
            if t >= shown { return ("·", .future) }
            return (Self.text(values[t - base]), t == s.termIndex ? .current : Style(.product))
        }
    }

    private func denseColumns(_ d: DenseLayer) -> [PanelColumn] {
        let s = step
        let g = Self.plane(of: d.input.shape)
        let per = g.rows * g.cols
        let inCursor = edit?.target == .input ? g.position(of: edit!.index) : nil
        let kg = geometry(of: .kernel)
        let kCursor = edit?.target == .kernel ? kg.position(of: edit!.index) : nil
        let plane = inCursor?.plane ?? s.termIndex / per
        let (ty, tx) = ((s.termIndex % per) / g.cols, s.termIndex % g.cols)
        let typed = edit?.typed ?? ""
        let editing = edit != nil
        let input = GridPanel(title: g.planes > 1 ? "in ch \(Position.among(plane, g.planes))" : "\(inputWord) (\(d.inputCount) values)",
                              rows: g.rows, cols: g.cols, cellWidth: inputWidth, focus: inCursor.map { ($0.y, $0.x) } ?? (ty, tx)) { r, col in
            let i = plane * per + r * g.cols + col
            let value = Self.text(d.input.data[i])
            if let p = inCursor, p.plane == plane, p.y == r, p.x == col { return (typed.isEmpty ? value : .text(typed), .cursor) }
            return (value, !editing && showsCurrent && i == s.termIndex ? .current : .plain)
        }
        let kernelPlane = kCursor?.plane ?? (s.outputFlat * g.planes + plane)
        let kernel = GridPanel(title: "weights row \(kernelPlane / g.planes)", rows: g.rows, cols: g.cols, cellWidth: kernelWidth,
                               focus: kCursor.map { ($0.y, $0.x) } ?? (ty, tx)) { r, col in
            let i = kg.flat(plane: kernelPlane, y: r, x: col)
            let value = Self.text(d.weight.data[i])
            if let p = kCursor, p.y == r, p.x == col { return (typed.isEmpty ? value : .text(typed), .cursor) }
            return (value, !editing && showsCurrent && i == s.outputFlat * d.inputCount + s.termIndex ? .current : Style(.weight))
        }
        let base = plane * per
        let values = (0..<per).map { d.input.data[base + $0] * d.weight.data[s.outputFlat * d.inputCount + base + $0] }
        let shown = shownTerms
        let products = GridPanel(title: "x·w", rows: g.rows, cols: g.cols, cellWidth: zoomed(numberWidth(values)), focus: (ty, tx)) { r, col in
            let t = base + r * g.cols + col
            if t >= shown { return ("·", .future) }
            return (Self.text(values[t - base]), t == s.termIndex ? .current : Style(.product))
        }
        return [PanelColumn(PanelEntry(kind: .input, panel: input)), PanelColumn(PanelEntry(kind: .kernel, panel: kernel)),
                PanelColumn(PanelEntry(kind: .products, panel: products, optional: true)),
                PanelColumn(PanelEntry(kind: .output(plane: 0), panel: outputPanel(rows: 1, cols: d.outputCount, plane: 0, title: "output (\(d.outputCount))")))]
    }

    /// Finished outputs show their value, the current one its running sum, later ones a dot.
    func outputPanel(rows: Int, cols: Int, plane: Int, title: String) -> GridPanel {
        let s = step
        // Only a cell's last term finishes it: a mean divides its whole sum, never a partial one.
        let current = s.isLastTerm ? stepped.finish(output: s.outputFlat, sum: s.sum) : s.sum
        // The cell being summed shows the sum so far; one a prediction asks about shows only
        // that it is asked (its partial sum would read like a finished value).
        let running = shownTerms == s.termCount ? current : shownSum
        // A max before any tap beat −∞ (all padding so far) shows −∞ as the equation writes it.
        let sofar: CellText = !showsCurrent || concealed != nil ? "?" : Self.text(running)
        let width = max(outputWidth, concealed == nil ? numberWidth([current, s.sum].filter(\.isFinite)) : numberWidth([shownSum]), zoomed(sofar.width))
        let base = plane * rows * cols
        let inPlane = s.outputFlat >= base && s.outputFlat < base + rows * cols
        let cursor = inPlane ? s.outputFlat - base : 0
        let data = result.data
        return GridPanel(title: title, rows: rows, cols: cols, cellWidth: width, focus: (cursor / cols, cursor % cols)) { r, col in
            let flat = base + r * cols + col
            if flat < s.outputFlat { return (Self.text(data[flat]), Style(.sum)) }
            if flat == s.outputFlat { return (sofar, .current) }
            return ("·", .future)
        }
    }
}

extension ConvLayer {
    /// Whether the frame has any padding around the input.
    var isPadded: Bool { padTop + padBottom + padLeft + padRight > 0 }

    /// The number the padded frame holds at (y, x) of channel `ci`: the input's own, the copy a
    /// padding mode makes of it, or a padding zero. Derived, never stored, so an edited input
    /// cell shows in its copies at once.
    func framed(channel ci: Int, y: Int, x: Int) -> Double {
        source(y: y, x: x).map { input.data[(ci * height + $0.y) * width + $0.x] } ?? 0
    }
}
