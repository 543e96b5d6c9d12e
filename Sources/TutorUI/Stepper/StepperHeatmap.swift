import ConvKit

/// Large inputs as pictures: each cell shows two pixels with the half block "▀" (upper pixel in
/// the foreground shade, lower in the background), the kernel's window framed, and a zoomed
/// numeric view of the patch beside it. Outputs use a diverging scale when they go negative.
extension StepperState {
    /// Whether the single-channel view draws the input and output as heatmaps.
    var usesHeatmap: Bool {
        guard case .conv(let c) = layer, !isIm2col else { return false }
        return heatmap ?? (c.height > 24 || c.width > 24)
    }

    static func shade(_ v: Double, low: Double, high: Double, signed: Bool) -> Shade {
        if signed {
            let m = max(abs(low), abs(high), 1e-300)
            return .signed(Int8((v / m * 8).rounded()))
        }
        let span = high - low
        return .gray(span > 0 ? UInt8(((v - low) / span * 15).rounded()) : 8)
    }

    func heatmapColumns(_ c: ConvLayer) -> [PanelColumn] {
        let s = step
        let ci = s.term.window[0], co = s.output[0]
        let (oy, ox) = (s.output[1], s.output[2])
        let y0 = oy * c.options.stride.h - c.padTop, x0 = ox * c.options.stride.w - c.padLeft
        let y1 = y0 + c.options.dilation.h * (c.kh - 1), x1 = x0 + c.options.dilation.w * (c.kw - 1)
        let plane = Array(c.input.data[(ci * c.height * c.width)..<((ci + 1) * c.height * c.width)])
        let (low, high) = (plane.min() ?? 0, plane.max() ?? 0)
        let signedInput = low < 0
        let frame = Style(.current, [.bold])
        let input = GridPanel(
            title: "input \(c.height)×\(c.width)" + (c.channels > 1 ? " ch \(ci + 1)" : ""), rows: (c.height + 1) / 2, cols: c.width, cellWidth: 1, gap: 0,
            focus: (max(0, min(c.height - 1, s.term.window[1])) / 2, max(0, min(c.width - 1, s.term.window[2])))
        ) { r, x in
            // The frame sits on the ring of cells just outside the window; a cell holds two
            // pixel rows, so the top and bottom edges go on the first cell clear of the window.
            let top = 2 * r, bottom = 2 * r + 1
            let topEdge = bottom == y0 - 1 || (y0 % 2 != 0 && bottom == y0 - 2)
            let bottomEdge = top == y1 + 1 || (y1 % 2 == 0 && top == y1 + 2)
            if x >= x0 - 1 && x <= x1 + 1 && (topEdge || bottomEdge) {
                let corner = x == x0 - 1 ? (topEdge ? "┌" : "└") : x == x1 + 1 ? (topEdge ? "┐" : "┘") : "─"
                return (corner, frame)
            }
            if (x == x0 - 1 || x == x1 + 1) && bottom >= y0 && top <= y1 { return ("│", frame) }
            let upper = Self.shade(plane[top * c.width + x], low: low, high: high, signed: signedInput)
            let lower = bottom < c.height ? Self.shade(plane[bottom * c.width + x], low: low, high: high, signed: signedInput) : nil
            return ("▀", Style(fg: upper, bg: lower))
        }
        // The window's numbers, padding included: the zoomed view of the framed patch.
        let (cg, ky, kx) = convTerm(c)
        let patch = GridPanel(title: "patch", rows: c.kh, cols: c.kw, cellWidth: inputWidth, focus: (ky, kx)) { r, col in
            let y = y0 + r * c.options.dilation.h, x = x0 + col * c.options.dilation.w
            let inside = c.isInside(y: y, x: x)
            let text = inside ? self.text(c.input.data[(ci * c.height + y) * c.width + x]) : "0"
            if r == ky && col == kx { return (text, .current) }
            return (text, inside ? .window : Style(.window, [.reverse, .dim]))
        }
        // The small grids side by side, with the output map under them, beside the input map.
        let slice = co * c.groupChannels + cg
        var small = [PanelEntry(kind: .input, panel: patch),
                     PanelEntry(kind: .kernel, panel: kernelPanel(c, plane: slice, title: c.options.flip ? "given" : "kernel"))]
        if c.options.flip { small.append(PanelEntry(kind: .usedKernel, panel: usedKernelPanel(c, plane: slice, title: "rotated"))) }
        small.append(PanelEntry(kind: .products, panel: productsPanel(c)))
        return [PanelColumn(PanelEntry(kind: .input, panel: input)),
                PanelColumn([small, [PanelEntry(kind: .output(plane: co), panel: outputHeatmap(c, plane: co))]])]
    }

    /// The output map fills as outputs finish; the current one is a solid block.
    func outputHeatmap(_ c: ConvLayer, plane co: Int) -> GridPanel {
        let s = step
        let size = c.outHeight * c.outWidth
        let values = result.data[(co * size)..<((co + 1) * size)]
        let (low, high) = (values.min() ?? 0, values.max() ?? 0)
        let signed = low < 0
        let done = s.outputFlat - co * size   // outputs of this plane already finished
        return GridPanel(
            title: "output \(c.outHeight)×\(c.outWidth)" + (c.outChannels > 1 ? " ch \(co + 1)" : "") + (signed ? " −blue +red" : ""), rows: (c.outHeight + 1) / 2, cols: c.outWidth,
            cellWidth: 1, gap: 0, focus: (s.output[1] / 2, s.output[2])
        ) { r, x in
            let top = 2 * r * c.outWidth + x, bottom = top + c.outWidth
            if top == done || bottom == done { return ("█", .current) }
            let upper = top < done ? Self.shade(values[values.startIndex + top], low: low, high: high, signed: signed) : nil
            let lower = bottom < done && 2 * r + 1 < c.outHeight ? Self.shade(values[values.startIndex + bottom], low: low, high: high, signed: signed) : nil
            if upper == nil && lower == nil { return (" ", .plain) }
            return ("▀", Style(fg: upper, bg: lower))
        }
    }
}
