import ConvKit

/// The scatter view of a transposed convolution: input cells one at a time, each stamping its
/// value times the kernel onto the output, overlaps adding up. A pure state machine like the
/// stepper's; the direct-convolution view is the stepper itself (see TransposedViews).
public struct ScatterState: Sendable {
    public let layer: TransposedConvLayer
    public let trace: ScatterTrace
    public var position = 0
    public var autoplay = false
    public var speedIndex = 2
    /// dX of a conv: its input is dY and its output dX, and the screen says so.
    public var gradient = false
    /// dX of a conv under --flip: `layer` holds the kernel rotated, as the layer met it; the
    /// screen says so and names each weight by its index in the kernel as given.
    public var flipped = false

    /// Column width for the output: the final values, measured once (a frame only reads them).
    let outputWidth: Int

    public init(_ layer: TransposedConvLayer) {
        self.layer = layer
        trace = ScatterTrace(layer)
        outputWidth = max(2, numberWidth(layer.compute().data))
    }

    public var step: ScatterStep { trace[position] }
    var stepsPerSecond: Double { StepperState.speeds[speedIndex] }

    mutating func update(_ event: Event) {
        let s = step
        switch event {
        case .tick: if position + 1 < trace.count { position += 1 } else { autoplay = false }
        case .right, .char("l"): position = min(trace.count - 1, position + 1)
        case .left, .char("h"): position = max(0, position - 1)
        case .down, .char("j"), .char("n"):
            position = s.isLastOfInput ? trace.lastStep(ofInput: min(s.inputFlat + 1, layer.input.count - 1)) : trace.lastStep(ofInput: s.inputFlat)
        case .up, .char("k"), .char("p"): position = s.inputFlat == 0 ? 0 : trace.lastStep(ofInput: s.inputFlat - 1)
        case .home, .char("g"): position = 0
        case .end, .char("G"): position = trace.count - 1
        case .char(" "): autoplay.toggle()
        case .char("+"), .char("="): speedIndex = min(StepperState.speeds.count - 1, speedIndex + 1)
        case .char("-"), .char("_"): speedIndex = max(0, speedIndex - 1)
        default: break
        }
    }

    func view(_ size: Size) -> CellBuffer {
        var b = CellBuffer(size)
        let s = step
        b.header(gradient ? [" convtutor · dX · each dY cell stamps the kernel", " dX · each dY cell stamps the kernel", " dX · scatter view"] : [" convtutor · conv-transpose · scatter view"], counting: "product", position + 1, of: trace.count)

        let (ci, iy, ix) = (s.input[0], s.input[1], s.input[2])
        let j = s.weight[1]
        let t = layer
        let text = { CellText.number($0) }
        let input = GridPanel(title: (gradient ? "dY" : t.channels > 1 ? "in" : "input") + (t.channels > 1 ? " ch \(Position.among(ci, t.channels))" : " \(t.height)×\(t.width)"), rows: t.height, cols: t.width,
                              cellWidth: numberWidth(t.input.data), focus: (iy, ix)) { y, x in
            let flat = (ci * t.height + y) * t.width + x
            return (text(t.input.data[flat]), y == iy && x == ix ? .current : flat < s.inputFlat ? .plain : .future)
        }
        let kernel = GridPanel(title: gradient ? (flipped ? "W rotated (used)" : "W") : "kernel", rows: t.kh, cols: t.kw, cellWidth: numberWidth(t.weight.data), focus: (s.weight[2], s.weight[3])) { y, x in
            let w = t.weight.data[((ci * t.groupOutChannels + j) * t.kh + y) * t.kw + x]
            return (text(w), y == s.weight[2] && x == s.weight[3] ? .current : Style(.weight))
        }
        // The output so far; the cells the current input stamps are framed as the window.
        let co = s.target[0]
        let stamp = Set((trace.firstStep(ofInput: s.inputFlat)...trace.lastStep(ofInput: s.inputFlat)).compactMap { trace[$0].outputFlat })
        let plane = t.outHeight * t.outWidth
        let output = GridPanel(title: (gradient ? "dX" : t.outChannels > 1 ? "out" : "output") + (t.outChannels > 1 ? " \(Position.among(co, t.outChannels))" : " \(t.outHeight)×\(t.outWidth)"), rows: t.outHeight, cols: t.outWidth,
                               cellWidth: outputWidth, focus: (max(0, min(t.outHeight - 1, s.target[1])), max(0, min(t.outWidth - 1, s.target[2])))) { y, x in
            let flat = co * plane + y * t.outWidth + x
            let style: Style = flat == s.outputFlat ? .current : stamp.contains(flat) ? .window : Style(.sum)
            // Only visible cells are summed (each costs at most one kernel's products), so a
            // frame never replays the trace up to the current step.
            return (text(self.trace.sum(ofOutput: flat, through: self.position)), style)
        }
        var x = 1
        let height = max(2, size.height - 10)
        for panel in [input, kernel, output] {
            let w = min(panel.naturalWidth, max(3, size.width - x - 1))
            panel.draw(into: &b, panel.place(x: x, y: 2, width: w, height: min(height, panel.rows + 1)))
            x += w + 3
        }
        var y = 3 + min(height, max(t.height, t.kh, t.outHeight) + 1)
        let n = { NumberFormat.onScreen($0, digits: 4) }
        let gradient = self.gradient
        let at = { (i: [Int]) in gradient ? GradientTarget.input.cellName(i) : "out" + Position.text(i, in: t.outputShape) }
        // Longest wording first: at 60 columns a shorter one stands in for a sentence cut mid-word.
        let lines: [String]
        if let sum = s.sum, let o = s.output {
            let head = " \(at(o)) += \(n(s.x))·\(n(s.w)) = \(n(s.product)) → now \(n(sum))"
            let (k, of) = (s.contribution! + 1, s.contributionCount!)
            lines = [head + "  (product \(k) of \(of) into this cell)", head + "  (\(k) of \(of) into this cell)", head + " (\(k) of \(of))", head]
        } else {
            let head = " \(n(s.x))·\(n(s.w)) = \(n(s.product)) lands at \(Position.text(s.target, in: t.outputShape))"
            lines = [head + ", outside the output: cropped by the padding", head + ": cropped by the padding", head + ": cropped"]
        }
        b.putFitting(lines, y: y, Style(.sum, [.bold]))
        y += 1
        let names = "\(gradient ? "dY" : "input") \(Position.text(s.input, in: t.input.shape)) = \(n(s.x))  ×  weight \(Position.text(givenWeight(s.weight), in: t.weight.shape)) = \(n(s.w))"
        let count = "product \(s.productIndex + 1) of \(s.productCount)"
        let tight = names.replacingOccurrences(of: "  ×  ", with: " × ")
        b.putFitting([" now: \(names): \(count) of its stamp", " now: \(tight): \(count) of its stamp", " now: \(tight): \(count)", " now: \(tight)"], y: y, .plain)
        y += 1
        b.putFitting([" The same numbers come out of an ordinary convolution: press v to see it.",
                      " The same numbers come out of an ordinary conv: press v.", " v: the same numbers from an ordinary conv"], y: y + 1, Style(.accent))
        let status = [Self.optionsText(t)] + (flipped ? ["flip"] : []) + [(autoplay ? "playing " : "paused ") + NumberFormat.short(stepsPerSecond) + "/s"]
        b.put(String(" " + status.joined(separator: Charset.separator)).prefix(size.width).description, x: 0, y: size.height - 2, Style(.dim))
        return b
    }

    /// A weight's index in the kernel as given: under flip the stamp's kernel is rotated.
    func givenWeight(_ i: [Int]) -> [Int] {
        flipped ? [i[0], i[1], layer.kh - 1 - i[2], layer.kw - 1 - i[3]] : i
    }

    /// The layer's own options, as both transposed views' status lines name them.
    static func optionsText(_ t: TransposedConvLayer) -> String {
        let o = t.options
        var text = "layer: stride \(o.stride), pad \(o.padding)"
        if o.outputPadding != .zero { text += ", output pad \(o.outputPadding)" }
        if o.dilation != .one { text += ", dilation \(o.dilation)" }
        if o.groups > 1 { text += ", groups \(o.groups)" }
        return text
    }
}
