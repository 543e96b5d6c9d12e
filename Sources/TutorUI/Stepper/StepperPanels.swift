import ConvKit

/// The grids across the top of the stepper: input, kernel (given and, with flip, as used),
/// the element-wise products and the output. Each is a view of the layer and the current step.
enum PanelKind: Equatable { case input, kernel, usedKernel, products, output }

extension Style {
    static let padding = Style(.dim, [.dim])
    static let future = Style(.dim, [.dim])
    static let window = Style(.window, [.reverse])
    static let current = Style(.current, [.reverse, .bold, .underline])
    static let cursor = Style(.warning, [.reverse, .underline])
}

extension StepperState {
    func panels() -> [(kind: PanelKind, panel: GridPanel)] {
        switch layer {
        case .conv(let c): convPanels(c)
        case .dense(let d): densePanels(d)
        }
    }

    private func text(_ v: Double) -> String { NumberFormat.short(v) }

    private func convPanels(_ c: ConvLayer) -> [(kind: PanelKind, panel: GridPanel)] {
        let s = step
        let co = s.output[0], oy = s.output[1], ox = s.output[2]
        let kk = c.kh * c.kw
        let cg = s.termIndex / kk, ky = (s.termIndex % kk) / c.kw, kx = s.termIndex % c.kw
        let (wy, wx) = c.weightPosition(ky: ky, kx: kx)
        let editInput = edit?.target == .input ? edit : nil
        let editKernel = edit?.target == .kernel ? edit : nil

        // Input: the channel under the current term (or under the edit cursor), padding included.
        let ci = editInput.map { geometry(of: .input).position(of: $0.index).plane } ?? s.term.window[0]
        let originY = oy * c.options.stride.h - c.padTop, originX = ox * c.options.stride.w - c.padLeft
        let (dh, dw) = (c.options.dilation.h, c.options.dilation.w)
        func inWindow(_ y: Int, _ x: Int) -> Bool {
            let ry = y - originY, rx = x - originX
            return ry >= 0 && rx >= 0 && ry % dh == 0 && rx % dw == 0 && ry / dh < c.kh && rx / dw < c.kw
                && ci >= c.firstInputChannel(of: co) && ci < c.firstInputChannel(of: co) + c.groupChannels
        }
        let cursorAt = editInput.map { geometry(of: .input).position(of: $0.index) }
        var inputTitle = c.channels > 1 ? "input ch \(ci + 1)/\(c.channels)" : "input \(c.height)×\(c.width)"
        if c.padTop + c.padBottom + c.padLeft + c.padRight > 0 { inputTitle += " +pad" }
        let input = GridPanel(
            title: inputTitle, rows: c.height + c.padTop + c.padBottom, cols: c.width + c.padLeft + c.padRight,
            rowBase: -c.padTop, colBase: -c.padLeft,
            cellWidth: inputWidth,
            focus: cursorAt.map { ($0.y, $0.x) } ?? (s.term.window[1], s.term.window[2])
        ) { y, x in
            if let p = cursorAt, p.y == y, p.x == x { return (editInput!.typed.isEmpty ? self.text(c.input.data[(ci * c.height + y) * c.width + x]) : editInput!.typed, .cursor) }
            let inside = c.isInside(y: y, x: x)
            let value = inside ? self.text(c.input.data[(ci * c.height + y) * c.width + x]) : "0"
            if editInput == nil, ci == s.term.window[0], y == s.term.window[1], x == s.term.window[2] { return (value, .current) }
            if editInput == nil, inWindow(y, x) { return (value, inside ? .window : Style(.window, [.reverse, .dim])) }
            return (value, inside ? .plain : .padding)
        }

        // Kernel as given; the slice follows the edit cursor while editing.
        let kernelPlane = editKernel.map { geometry(of: .kernel).position(of: $0.index).plane } ?? (co * c.groupChannels + cg)
        let kCursor = editKernel.map { geometry(of: .kernel).position(of: $0.index) }
        func given(_ r: Int, _ col: Int) -> Double { c.weight.data[(kernelPlane * c.kh + r) * c.kw + col] }
        var kernelTitle = c.options.flip ? "kernel given" : "kernel \(c.kh)×\(c.kw)"
        if c.outChannels > 1 || c.groupChannels > 1 {
            kernelTitle = c.op == .depthwise ? "kernel ch \(kernelPlane + 1)" : "filter \(kernelPlane / c.groupChannels + 1)"
            if c.groupChannels > 1 { kernelTitle += " ch \(kernelPlane % c.groupChannels + 1)" }
            if c.options.flip { kernelTitle += " given" }
        }
        let kernel = GridPanel(title: kernelTitle, rows: c.kh, cols: c.kw, cellWidth: kernelWidth, focus: (wy, wx)) { r, col in
            if let p = kCursor, p.y == r, p.x == col { return (editKernel!.typed.isEmpty ? self.text(given(r, col)) : editKernel!.typed, .cursor) }
            return (self.text(given(r, col)), editKernel == nil && r == wy && col == wx ? .current : Style(.weight))
        }
        var result: [(kind: PanelKind, panel: GridPanel)] = [(.input, input), (.kernel, kernel)]
        if c.options.flip {
            let used = GridPanel(title: "rotated (used)", rows: c.kh, cols: c.kw, cellWidth: kernelWidth, focus: (ky, kx)) { r, col in
                (self.text(given(c.kh - 1 - r, c.kw - 1 - col)), editKernel == nil && r == ky && col == kx ? .current : Style(.weight))
            }
            result.append((.usedKernel, used))
        }

        // Products of this window and channel, filling in as the terms are stepped.
        let termsBase = cg * kk
        let productValues = (0..<kk).map { layer.term(output: s.outputFlat, term: termsBase + $0).product }
        let products = GridPanel(title: "x·w", rows: c.kh, cols: c.kw, cellWidth: max(1, numberWidth(productValues)), focus: (ky, kx)) { r, col in
            let t = r * c.kw + col
            if termsBase + t > s.termIndex { return ("·", .future) }
            return (self.text(productValues[t]), termsBase + t == s.termIndex ? .current : Style(.product))
        }
        result.append((.products, products))
        result.append((.output, outputPanel(rows: c.outHeight, cols: c.outWidth, plane: co, title: c.outChannels > 1 ? "output ch \(co + 1)/\(c.outChannels)" : "output \(c.outHeight)×\(c.outWidth)")))
        return result
    }

    private func densePanels(_ d: DenseLayer) -> [(kind: PanelKind, panel: GridPanel)] {
        let s = step
        let g = Self.plane(of: d.input.shape)
        let per = g.rows * g.cols
        let editInput = edit?.target == .input ? edit : nil
        let editKernel = edit?.target == .kernel ? edit : nil
        let plane = editInput.map { g.position(of: $0.index).plane } ?? s.termIndex / per
        let (ty, tx) = ((s.termIndex % per) / g.cols, s.termIndex % g.cols)
        let inCursor = editInput.map { g.position(of: $0.index) }
        let input = GridPanel(title: g.planes > 1 ? "input ch \(plane + 1)/\(g.planes)" : "input (\(d.inputCount) values)",
                              rows: g.rows, cols: g.cols, cellWidth: inputWidth, focus: inCursor.map { ($0.y, $0.x) } ?? (ty, tx)) { r, col in
            let i = plane * per + r * g.cols + col
            if let p = inCursor, p.y == r, p.x == col { return (editInput!.typed.isEmpty ? self.text(d.input.data[i]) : editInput!.typed, .cursor) }
            return (self.text(d.input.data[i]), editInput == nil && i == s.termIndex ? .current : .plain)
        }
        let kg = geometry(of: .kernel)
        let kCursor = editKernel.map { kg.position(of: $0.index) }
        let kernelPlane = kCursor?.plane ?? (s.outputFlat * g.planes + plane)
        let row = kernelPlane / g.planes
        let kernel = GridPanel(title: "weights row \(row + 1)", rows: g.rows, cols: g.cols, cellWidth: kernelWidth, focus: kCursor.map { ($0.y, $0.x) } ?? (ty, tx)) { r, col in
            let i = kg.flat(plane: kernelPlane, y: r, x: col)
            if let p = kCursor, p.y == r, p.x == col { return (editKernel!.typed.isEmpty ? self.text(d.weight.data[i]) : editKernel!.typed, .cursor) }
            return (self.text(d.weight.data[i]), editKernel == nil && i == s.outputFlat * d.inputCount + s.termIndex ? .current : Style(.weight))
        }
        let base = plane * per
        let productValues = (0..<per).map { d.input.data[base + $0] * d.weight.data[s.outputFlat * d.inputCount + base + $0] }
        let products = GridPanel(title: "x·w", rows: g.rows, cols: g.cols, cellWidth: max(1, numberWidth(productValues)), focus: (ty, tx)) { r, col in
            let t = base + r * g.cols + col
            if t > s.termIndex { return ("·", .future) }
            return (self.text(productValues[t - base]), t == s.termIndex ? .current : Style(.product))
        }
        return [(.input, input), (.kernel, kernel), (.products, products),
                (.output, outputPanel(rows: 1, cols: d.outputCount, plane: 0, title: "output (\(d.outputCount))"))]
    }

    /// Finished outputs show their value, the current one its running sum, later ones a dot.
    private func outputPanel(rows: Int, cols: Int, plane: Int, title: String) -> GridPanel {
        let s = step
        let current = layer.finish(output: s.outputFlat, sum: s.sum)
        let width = max(outputWidth, numberWidth([current, s.sum]))
        let cursor = s.outputFlat - plane * rows * cols
        return GridPanel(title: title, rows: rows, cols: cols, cellWidth: width, focus: (cursor / cols, cursor % cols)) { r, col in
            let flat = plane * rows * cols + r * cols + col
            if flat < s.outputFlat { return (self.text(self.result.data[flat]), Style(.sum)) }
            if flat == s.outputFlat { return (self.text(s.isLastTerm ? current : s.sum), .current) }
            return ("·", .future)
        }
    }
}
