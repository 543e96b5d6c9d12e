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

    /// Maps values onto shades: grey between the plane's low and high, or diverging around 0
    /// when it goes negative. The scale is worked out once per panel, not once per pixel.
    struct ShadeScale {
        let signed: Bool
        let low: Double, span: Double, m: Double
        /// 15 / span and 8 / m: a pixel costs a multiply rather than a divide.
        let toGray: Double, toSigned: Double

        init(_ stats: ValueStats, signed: Bool) {
            self.signed = signed
            low = stats.low
            span = stats.high - stats.low
            m = max(abs(stats.low), abs(stats.high), 1e-300)
            (toGray, toSigned) = (15 / span, 8 / m)
        }

        @inline(__always) func callAsFunction(_ v: Double) -> Shade {
            if signed { return .signed(Int8(Self.rounded(v * toSigned) ?? exact(v))) }
            return .gray(span > 0 ? UInt8(Self.rounded((v - low) * toGray) ?? exact(v)) : 8)
        }

        /// The estimate (within a few ulps of the exact quotient) rounded, halves away from
        /// zero, or nil where the two could round apart: near a half, or when the reciprocal
        /// overflowed. No libm call: the fraction x - trunc(x) of a double is itself exact.
        @inline(__always) static func rounded(_ x: Double) -> Int? {
            guard abs(x) < 0x1p52 else { return nil }
            let whole = Int(x), fraction = x - Double(whole)
            if abs(abs(fraction) - 0.5) < 1e-9 * (abs(x) + 1) { return nil }
            // Flags, not branches: pixel values are as good as random to a branch predictor.
            return whole + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0)
        }

        /// The shade level by the formula itself. Kept out of line, so the compiler does not
        /// work out its division for every pixel just in case.
        @inline(never) func exact(_ v: Double) -> Int {
            Int((signed ? v / m * 8 : (v - low) / span * 15).rounded())
        }
    }

    /// Screen columns (and half-rows) per pixel: 1 until the terminal has room for a bigger
    /// picture, up to 4, so a small image fills a projector's screen instead of a corner of it.
    /// The input map may take half the width; the output map shares its column with the patch.
    func heatmapScale(_ c: ConvLayer) -> Int {
        let rows = size.height - 10   // header, narration, equation and keys
        let byWidth = (size.width / 2 - 2) / max(c.width, c.outWidth, 1)
        // Each map has a title row; the output's column also holds the patch (kh rows, a title, a gap).
        let byHeight = min(2 * (rows - 1) / max(c.height, 1), 2 * (rows - c.kh - 3) / max(c.outHeight, 1))
        return max(1, min(4, byWidth, byHeight))
    }

    func heatmapColumns(_ c: ConvLayer) -> [PanelColumn] {
        let s = step
        let co = s.output[0], ci = c.firstInputChannel(of: co) + focusChannel(c)
        let (oy, ox) = (s.output[1], s.output[2])
        let z = heatmapScale(c)
        // The window's corner in the padded frame, and in screen units: z columns and z half-rows a pixel.
        let corner = c.inputPosition(oy: oy, ox: ox, ky: 0, kx: 0)
        let y0 = corner.y * z, x0 = corner.x * z
        let y1 = y0 + (c.options.dilation.h * (c.kh - 1) + 1) * z - 1, x1 = x0 + (c.options.dilation.w * (c.kw - 1) + 1) * z - 1
        let base = ci * c.height * c.width
        let data = c.input.data
        let scale = ShadeScale(inputPlanes[ci], signed: inputPlanes[ci].low < 0)
        let frame = Style(.current, [.bold])
        let input = GridPanel(
            title: inputName(c) + (c.channels > 1 ? " ch \(ci)" : "") + (z > 1 ? " (\(z)×)" : ""),
            rows: (c.height * z + 1) / 2, cols: c.width * z,
            focus: (max(0, min(c.height - 1, s.term.window[1])) * z / 2, max(0, min(c.width - 1, s.term.window[2])) * z)
        ) { r, x in
            // The frame sits on the ring of cells just outside the window; a cell holds two
            // half-rows, so the top and bottom edges go on the first cell clear of the window.
            let top = 2 * r, bottom = 2 * r + 1
            let topEdge = bottom == y0 - 1 || (y0 % 2 != 0 && bottom == y0 - 2)
            let bottomEdge = top == y1 + 1 || (y1 % 2 == 0 && top == y1 + 2)
            if x >= x0 - 1 && x <= x1 + 1 && (topEdge || bottomEdge) {
                let corner: Unicode.Scalar = x == x0 - 1 ? (topEdge ? "┌" : "└") : x == x1 + 1 ? (topEdge ? "┐" : "┘") : "─"
                return Cell(scalar: corner, frame)
            }
            if (x == x0 - 1 || x == x1 + 1) && bottom >= y0 && top <= y1 { return Cell(scalar: "│", frame) }
            let column = x / z
            let upper = scale(data[base + top / z * c.width + column])
            let lower = bottom < c.height * z ? scale(data[base + bottom / z * c.width + column]) : nil
            return Cell(scalar: "▀", Style(fg: upper, bg: lower))
        }
        // The window's numbers, padding included: the zoomed view of the framed patch.
        let (_, ky, kx) = convTerm(c)
        let cg = focusChannel(c)
        let patch = GridPanel(title: "patch", rows: c.kh, cols: c.kw, cellWidth: inputWidth, focus: (ky, kx)) { r, col in
            let (y, x) = c.inputPosition(oy: oy, ox: ox, ky: r, kx: col)
            let inside = c.isInside(y: y, x: x)
            let text = Self.text(c.framed(channel: ci, y: y, x: x))
            if r == ky && col == kx && showsCurrent && focusTerm == step.termIndex { return (text, .current) }
            return (text, inside ? .window : .paddedWindow)
        }
        // The small grids side by side, with the output map under them, beside the input map.
        let slice = co * c.groupChannels + cg
        var small = [PanelEntry(kind: .input, panel: patch),
                     PanelEntry(kind: .kernel, panel: kernelPanel(c, plane: slice, title: c.options.flip ? "given" : "kernel"))]
        if c.options.flip { small.append(PanelEntry(kind: .usedKernel, panel: usedKernelPanel(c, plane: slice, title: "rotated"))) }
        small.append(PanelEntry(kind: .products, panel: productsPanel(c), optional: true))
        return [PanelColumn(PanelEntry(kind: .input, panel: input)),
                PanelColumn([small, [PanelEntry(kind: .output(plane: co), panel: outputHeatmap(c, plane: co, scale: z))]])]
    }

    /// The output map fills as outputs finish; the current one is a solid block.
    func outputHeatmap(_ c: ConvLayer, plane co: Int, scale z: Int) -> GridPanel {
        let s = step
        let size = c.outHeight * c.outWidth
        let base = co * size
        let values = result.data
        let signed = outputPlanes[co].low < 0
        let scale = ShadeScale(outputPlanes[co], signed: signed)
        let done = s.outputFlat - base   // outputs of this plane already finished
        var panel = GridPanel(
            title: "output \(c.outHeight)×\(c.outWidth)" + (c.outChannels > 1 ? " ch \(co)" : ""),
            rows: (c.outHeight * z + 1) / 2, cols: c.outWidth * z,
            focus: (s.output[1] * z / 2, s.output[2] * z)
        ) { r, x in
            // Outputs (flat, in this plane) under the cell's upper and lower half.
            let top = 2 * r / z * c.outWidth + x / z, bottom = (2 * r + 1) / z * c.outWidth + x / z
            if top == done || bottom == done { return Cell(scalar: "█", .current) }
            let upper = top < done ? scale(values[base + top]) : nil
            let lower = bottom < done && 2 * r + 1 < c.outHeight * z ? scale(values[base + bottom]) : nil
            if upper == nil && lower == nil { return .blank }
            return Cell(scalar: "▀", Style(fg: upper, bg: lower))
        }
        if signed { panel.legend = [(.signed(-8), "<0"), (.signed(8), ">0")] }
        return panel
    }
}
