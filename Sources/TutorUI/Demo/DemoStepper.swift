import ConvKit

/// Classroom autoplay of the stepper: it plays from the start at the chosen pace, space pauses,
/// arrows step, `+`/`-` zoom the grids for the back row, `<`/`>` change the pace. With `auto`
/// it loops unattended, holding each finished run on screen for a moment.
public struct DemoStepper: Program {
    public private(set) var stepper: StepperState
    /// Quit after the last step instead of holding or looping (recordings, scripted runs).
    let exitAtEnd: Bool

    public init(_ stepper: StepperState, stepsPerSecond: Double, auto: Bool, exitAtEnd: Bool = false) {
        var s = stepper
        s.autoplay = true
        s.loops = auto && !exitAtEnd
        s.demoKeys = true
        self.exitAtEnd = exitAtEnd
        s.speedIndex = StepperState.speeds.lastIndex { $0 <= stepsPerSecond } ?? 0
        self.stepper = s
    }

    public var tickInterval: Double? { stepper.tickInterval }

    public mutating func update(_ event: Event) -> Effect {
        // While values are being edited every key is the editor's: "-2" must not zoom out.
        if stepper.edit != nil, event != .interrupt { return stepper.update(event) }
        switch event {
        case .char("+"), .char("="), .char("-"), .char("_"):
            stepper.zoom = max(2, stepper.cellWidth + (event == .char("+") || event == .char("=") ? 1 : -1))
            stepper.fitZoom(always: true)
        case .char(">"), .char("."): return stepper.update(.char("+"))
        case .char("<"), .char(","): return stepper.update(.char("-"))
        case .tick where exitAtEnd && stepper.position == stepper.trace.count - 1:
            return .quit
        default: return stepper.update(event)
        }
        return .none
    }

    public func view(_ size: Size) -> CellBuffer {
        var b = stepper.view(size)
        if stepper.edit != nil { return b }   // the editor's own key lines, whole
        let play = stepper.autoplay ? "space pause" : "space play"
        DemoBanner.draw(&b, keys: [play + " · ←→ step · +/- zoom · </> pace · q quit", play + " · ←→ · +/- · </> · q quit"])
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
