import ConvKit

/// im2col: every receptive field becomes a column of X_col, every filter a row of the kernel
/// matrix, and each output is one row × column product — the same terms as the sliding view.
extension StepperState {
    func im2colColumns(_ c: ConvLayer, sideBySide: Bool) -> [PanelColumn] {
        let s = step
        let layer = self.layer
        let positions = c.outHeight * c.outWidth
        let k = c.termsPerOutput
        let column = s.outputFlat % positions, filter = s.output[0]
        let xcol = GridPanel(title: "X_col \(k)×\(positions)", rows: k, cols: positions, cellWidth: inputWidth, focus: (s.termIndex, column)) { r, j in
            let term = layer.term(output: j, term: r)
            let value = Self.text(term.x), padded = Self.readsPadding(term, mode: c.options.paddingMode)
            if j == column { return (value, r == s.termIndex ? .current : padded ? .paddedWindow : .window) }
            return (value, j >= column ? .future : padded ? .padding : .plain)
        }
        let kernelRow = GridPanel(title: "kernel rows \(c.outChannels)×\(k)", rows: c.outChannels, cols: k, cellWidth: kernelWidth, focus: (filter, s.termIndex)) { f, t in
            let value = Self.text(layer.term(output: f * positions, term: t).w)
            return (value, f == filter && t == s.termIndex ? .current : f == filter ? .window : Style(.weight))
        }
        let out = outputPanel(rows: c.outChannels, cols: positions, plane: 0, title: "output rows \(c.outChannels)×\(positions)")
        // X_col holds every patch of the input, so the input is the one to give way.
        let input = PanelColumn(PanelEntry(kind: .input, panel: inputPanel(c, channel: focusChannel(c)), optional: true))
        if sideBySide {
            return [input, PanelColumn(PanelEntry(kind: .products, panel: xcol)),
                    PanelColumn([[PanelEntry(kind: .kernel, panel: kernelRow)], [PanelEntry(kind: .output(plane: 0), panel: out)]])]
        }
        // Too wide side by side: X_col, the kernel rows and the output rows share one column and pan.
        return [input, PanelColumn([[PanelEntry(kind: .products, panel: xcol)], [PanelEntry(kind: .kernel, panel: kernelRow)],
                                    [PanelEntry(kind: .output(plane: 0), panel: out)]])]
    }
}
