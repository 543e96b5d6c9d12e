import ConvKit

/// Classroom autoplay of a stack (`demo --stack`): the stepped layer plays as `DemoStepper`
/// plays a layer (space pauses, arrows step, `+`/`-` zoom, `<`/`>` pace), `u` or Tab follows
/// the current output back as `step --stack` does, and digits choose the layer (`<`/`>` choose
/// it in `step`, but a demo's `<`/`>` are its pace). With `auto`, each finished run follows its
/// last output back and holds the field on screen before starting over.
public struct DemoStack: Program {
    public private(set) var views: StackViews
    let auto: Bool
    /// Quit after the stepped layer's last step (recordings, scripted runs).
    let exitAtEnd: Bool
    /// Seconds an unattended loop has shown the followed field.
    private var held = 0.0

    /// How long an unattended loop shows the field, and how often it looks.
    static let holdSeconds = 6.0
    static let holdTick = 0.5

    public init(_ views: StackViews, stepsPerSecond: Double, auto: Bool, exitAtEnd: Bool = false, cellWidth: Int = 2) {
        var v = views
        v.stepper.autoplay = true
        // The loop passes through the followed field, so the stepper itself stops at its end.
        v.stepper.loops = false
        v.stepper.demoKeys = true
        v.stepper.speedIndex = StepperState.speeds.lastIndex { $0 <= stepsPerSecond } ?? 0
        v.stepper.zoom = cellWidth
        (self.views, self.auto, self.exitAtEnd) = (v, auto, exitAtEnd)
    }

    public var tickInterval: Double? { views.isFollowing ? (auto ? Self.holdTick : nil) : views.tickInterval }

    private var atEnd: Bool { views.stepper.position == views.stepper.trace.count - 1 }

    public mutating func update(_ event: Event) -> Effect {
        if views.showsHelp { return views.update(event) }
        switch event {
        case .char(let key) where "+=-_".contains(key):
            guard !views.isFollowing else { return views.update(event) }
            views.stepper.zoom = max(2, views.stepper.cellWidth + ("+=".contains(key) ? 1 : -1))
            views.stepper.fitZoom(always: true)
        case .char(">"), .char("."), .char("<"), .char(","):
            // The pace holds while following too: it is the demo's, not the field's.
            let faster = event == .char(">") || event == .char(".")
            views.stepper.speedIndex = max(0, min(StepperState.speeds.count - 1, views.stepper.speedIndex + (faster ? 1 : -1)))
        case .char(let key) where key.isWholeNumber:
            guard let n = key.wholeNumberValue, n >= 1 else { return .none }
            views.choose(layer: n)
        case .char("u") where views.isFollowing, .tab where views.isFollowing:
            // Back from the field, the demo plays on from where it was.
            let effect = views.update(event)
            views.stepper.autoplay = !atEnd
            return effect
        case .tick where views.isFollowing:
            held += Self.holdTick
            guard held >= Self.holdSeconds else { return .none }
            // Start over: step the layer again from its first product.
            held = 0
            _ = views.update(.char("u"))
            views.stepper.move(to: 0)
            views.stepper.autoplay = true
        case .tick where exitAtEnd && atEnd:
            return .quit
        case .tick where auto && atEnd:
            held = 0
            return views.update(.char("u"))
        default:
            return views.update(event)
        }
        return .none
    }

    public func view(_ size: Size) -> CellBuffer {
        var b = views.view(size)
        let play = views.stepper.autoplay ? "space pause" : "space play"
        let layers = views.stack.layers.count > 1 ? "1-\(min(9, views.stack.layers.count)) layer · " : ""
        let keys = views.isFollowing
            ? ["u step again · arrows output · " + layers + "</> pace · q quit", "u · arrows · " + layers + "q quit", "u · q quit"]
            : [play + " · ←→ step · u follow back · " + layers + "+/- zoom · </> pace · q quit",
               play + " · ←→ · u follow · " + layers + "+/- · </> · q quit", play + " · u · q quit"]
        DemoBanner.draw(&b, keys: keys)
        return b
    }
}
