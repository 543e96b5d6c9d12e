import ConvKit

/// Classroom autoplay of the stepper: it plays from the start at the chosen pace, space pauses,
/// arrows step, `+`/`-` zoom the grids for the back row, `<`/`>` change the pace. With `auto`
/// it loops unattended, holding each finished run on screen for a moment.
public struct DemoStepper: Program {
    /// The stepper; for a transposed conv, the direct view of `views`.
    public var stepper: StepperState {
        get { views?.direct ?? plain }
        set { if views != nil { views!.direct = newValue } else { plain = newValue } }
    }
    private var plain: StepperState
    /// A transposed conv's two views, switched with `v` as in `step`; nil for other layers.
    public private(set) var views: TransposedViews?
    /// Quit after the last step instead of holding or looping (recordings, scripted runs).
    let exitAtEnd: Bool

    public init(_ stepper: StepperState, stepsPerSecond: Double, auto: Bool, exitAtEnd: Bool = false) {
        var s = stepper
        s.autoplay = true
        s.loops = auto && !exitAtEnd
        s.demoKeys = true
        self.exitAtEnd = exitAtEnd
        s.speedIndex = StepperState.speeds.lastIndex { $0 <= stepsPerSecond } ?? 0
        plain = s
        if s.spec.op == .convTranspose, var v = try? TransposedViews(spec: s.spec) {
            // Opens on the direct view (the one the zoom and the loop act on); `v` shows the scatter.
            v.showScatter(false)
            v.direct = s
            views = v
        }
    }

    var showsScatter: Bool { views?.showsScatter == true }

    public var tickInterval: Double? { views?.tickInterval ?? stepper.tickInterval }

    public mutating func update(_ event: Event) -> Effect {
        // While values are being edited every key is the editor's: "-2" must not zoom out.
        if stepper.edit != nil, event != .interrupt { return stepper.update(event) }
        switch event {
        // Zoom belongs to the stepper's grids; the scatter view has no zoom and takes the key itself.
        case .char(let key) where "+=-_".contains(key) && !showsScatter:
            stepper.zoom = max(2, stepper.cellWidth + ("+=".contains(key) ? 1 : -1))
            stepper.fitZoom(always: true)
        case .char(">"), .char("."): return forward(.char("+"))
        case .char("<"), .char(","): return forward(.char("-"))
        case .tick where exitAtEnd && (showsScatter ? views!.scatter.position == views!.scatter.trace.count - 1 : stepper.position == stepper.trace.count - 1):
            return .quit
        case .char("+"), .char("="), .char("-"), .char("_"): break   // the scatter view has no zoom
        case .char("v") where views != nil:
            let effect = forward(event)
            // The view switched to keeps playing as the one left did.
            if showsScatter { views!.scatter.autoplay = stepper.autoplay; views!.scatter.speedIndex = stepper.speedIndex }
            else { stepper.autoplay = views!.scatter.autoplay }
            return effect
        default: return forward(event)
        }
        return .none
    }

    private mutating func forward(_ event: Event) -> Effect {
        if views != nil { return views!.update(event) }
        return plain.update(event)
    }

    public func view(_ size: Size) -> CellBuffer {
        var b = views?.view(size) ?? stepper.view(size)
        if stepper.edit != nil { return b }   // the editor's own key lines, whole
        let play = (showsScatter ? views!.scatter.autoplay : stepper.autoplay) ? "space pause" : "space play"
        let v = views == nil ? "" : showsScatter ? "v direct · " : "v scatter · "
        let zoom = showsScatter ? "" : "+/- zoom · "
        DemoBanner.draw(&b, keys: [v + play + " · ←→ step · " + zoom + "</> pace · q quit",
                                   v + play + " · ←→ · " + (showsScatter ? "" : "+/- · ") + "</> · q quit", play + " · q quit"])
        return b
    }
}

/// The key line of demo screens, over the last row.
enum DemoBanner {
    /// `keys`: the key line, longest first; the first that fits is drawn (q quit stays visible).
    static func draw(_ b: inout CellBuffer, keys: [String]) {
        let y = b.size.height - 1
        guard y > 0 else { return }
        let keys = keys.map(Charset.separated)
        b.fill(x: 0, y: y, width: b.size.width, height: 1)
        let x = b.put(" DEMO ", x: 0, y: y, Style(.accent, [.reverse, .bold]))
        b.put(" " + (keys.first { x + 1 + $0.cellWidth <= b.size.width } ?? keys.last ?? ""), x: x, y: y, .plain)
    }
}
