import ConvKit

extension StepperState: Program {
    /// Frames are capped at 50 a second; faster speeds take several steps per frame.
    public var tickInterval: Double? { autoplay && !showHelp ? max(1 / stepsPerSecond, Self.frameInterval) : nil }
    static let frameInterval = 0.02
    var stepsPerTick: Int { max(1, Int((stepsPerSecond * Self.frameInterval).rounded())) }

    public mutating func update(_ event: Event) -> Effect {
        if case .resize(let s) = event {
            // A size message from `d` names the old size: say it again for the new one.
            let sizeMessage = message != nil && message?.hasSuffix(vectorsNeed()) == true ? message : nil
            size = s
            if sizeMessage != nil, message == sizeMessage { message = dotFits ? refusal("d") : (refusal("d").map { $0 + "; " } ?? "") + vectorsNeed() }
            return .none
        }
        if event == .interrupt { return .quit }
        if showHelp {
            // Any key closes help; q still quits so nobody is ever trapped.
            showHelp = false
            return event == .char("q") ? .quit : .none
        }
        if edit != nil { return updateEditing(event) }
        if event == .tick {
            messageAge += tickInterval ?? 0
            if messageAge >= Self.messageSeconds { message = nil }
        } else {
            message = nil
        }
        if case .char(let key) = event, let why = refusal(key) {
            // The size note costs a layout search: made here, once per key, not in every frame's key line.
            message = key == "d" && !dotFits ? why + "; " + vectorsNeed() : why
            return .none
        }
        switch event {
        case .tick:
            if position + 1 < trace.count {
                position = min(trace.count - 1, position + stepsPerTick)
            } else if loops {
                // Hold the finished screen for about three seconds, then start over.
                heldTicks += 1
                if Double(heldTicks) * (tickInterval ?? 1) >= 3 {
                    heldTicks = 0
                    position = 0
                }
            } else {
                autoplay = false
            }
        case .right, .char("l"): move(to: position + 1)
        case .left, .char("h"): move(to: position - 1)
        case .down, .char("j"), .char("n"): nextOutput()
        case .up, .char("k"), .char("p"): previousOutput()
        case .home, .char("g"): move(to: 0)
        case .end, .char("G"): move(to: trace.count - 1)
        case .char(" "):
            autoplay.toggle()
            if autoplay && position == trace.count - 1 { position = 0 }
        case .char("+"), .char("="): speedIndex = min(Self.speeds.count - 1, speedIndex + 1)
        case .char("-"), .char("_"): speedIndex = max(0, speedIndex - 1)
        case .char("f"):
            var s = spec
            s.options.flip.toggle()
            rebuild(s)
        case .char("d"):
            // Refused when the lines would not show: the view stays as it was, and says why.
            if showDot || dotFits { showDot.toggle() } else { message = vectorsNeed() }
        case .char("o"): switchOp()
        case .char("m"):
            heatmap = !usesHeatmap
            message = usesHeatmap ? "heatmap: pixels as shades, the window framed" : "numbers: every value in its cell (m: the map again)"
        case .char("]"): otherFilter(+1)
        case .char("["): otherFilter(-1)
        case .char("e"):
            autoplay = false
            edit = EditCursor(target: .input, index: currentInputIndex ?? 0)
        case .char("r"):
            rebuild(original)
            position = 0
            autoplay = false
            message = "reset to the original data"
        case .char("?"): showHelp = true
        // Esc never quits: an unrecognised key sequence also starts with Esc.
        case .char("q"): return .quit
        case .click(let x, let y):
            if let output = StepperLayout(self, size).output(atX: x, y: y) { move(to: trace.lastStep(ofOutput: output)) }
        default: break
        }
        return .none
    }

    /// Whether the dot-product lines show at this size once `d` turns them on.
    var dotFits: Bool {
        var s = self
        s.showDot = true
        return StepperLayout(s, size).showVectors
    }

    /// Where the dot-product lines do not fit: the smallest screen (as tall as needed, as wide
    /// as this one, or wider) that has room for them beside whole grids.
    func vectorsNeed() -> String {
        let screen = Size(width: size.width + host.width, height: size.height + host.height)
        var s = self
        s.showDot = true
        for width in Set([size.width, max(size.width, 80), max(size.width, 120)]).sorted() {
            for height in size.height...(size.height + 60) where StepperLayout(s, Size(width: width, height: height)).showVectors {
                return "d needs at least \(width + host.width)×\(height + host.height); this terminal is \(screen.width)×\(screen.height)"
            }
        }
        return "d: the dot-product lines do not fit beside these grids"
    }

    /// ↓: finish this output (jump to its last product); when it is finished, finish the next.
    mutating func nextOutput() {
        let s = step
        move(to: s.isLastTerm ? trace.lastStep(ofOutput: min(s.outputFlat + 1, stepped.outputCount - 1)) : trace.lastStep(ofOutput: s.outputFlat))
    }

    /// ] and [: the same position in the next or previous output channel (filter), finished.
    mutating func otherFilter(_ delta: Int) {
        let t = step.termIndex
        if gradient != nil {
            // A gradient's cells are grouped by their first index: the filter (dW, db) or channel (dX).
            let cells = stepped.outputShape[0], plane = stepped.outputCount / cells
            let o = (step.outputFlat / plane + delta + cells) % cells
            move(to: trace.firstStep(ofOutput: o * plane + step.outputFlat % plane) + t)
            message = (gradient == .input ? "channel " : "filter ") + Position.among(o, cells) + ", same cell and product"
            return
        }
        switch layer {
        case .dense(let d):
            let o = (step.outputFlat + delta + d.outputCount) % d.outputCount
            move(to: trace.firstStep(ofOutput: o) + t)
            message = "neuron \(Position.among(o, d.outputCount))"
        case .conv(let c) where c.outChannels > 1:
            let plane = c.outHeight * c.outWidth
            let co = (step.output[0] + delta + c.outChannels) % c.outChannels
            move(to: trace.firstStep(ofOutput: co * plane + step.outputFlat % plane) + t)
            message = "filter \(Position.among(co, c.outChannels)), same position and product"
        case .maxPool(let p as any PoolLayer), .avgPool(let p as any PoolLayer):
            let g = p.geometry, plane = g.outHeight * g.outWidth
            let ci = (step.output[0] + delta + g.channels) % g.channels
            move(to: trace.firstStep(ofOutput: ci * plane + step.outputFlat % plane) + t)
            message = "channel \(Position.among(ci, g.channels)), same position and tap"
        default: break
        }
    }

    /// ↑: the previous output, finished (its whole equation visible).
    mutating func previousOutput() {
        let s = step
        move(to: s.outputFlat == 0 ? 0 : trace.lastStep(ofOutput: s.outputFlat - 1))
    }

    /// Flat index into the given input of the element under the current term (the cell a padding
    /// mode copies), nil over a padding zero.
    var currentInputIndex: Int? { step.term.input.map(flatInputIndex) }

    func flatInputIndex(_ index: [Int]) -> Int { Tensor.ravel(index, layer.inputShape) }
}
