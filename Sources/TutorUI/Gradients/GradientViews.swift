import ConvKit

/// `convtutor step --grad-output`: one gradient's screen at a time, `w` moving on to the next
/// (dW → dX → db) with the data, flip and terminal size kept. dX opens as `TransposedViews`
/// where a transposed conv gives it (v: scatter ⇄ full convolution), else as the stepper.
/// A lesson embeds `StepperState` alone: its steps are counted on one gradient's trace.
public struct GradientViews: Program {
    enum Screen {
        case cells(StepperState)
        case views(TransposedViews)
    }

    private(set) var screen: Screen

    public init(spec: LayerSpec, autoplay: Bool = false) throws {
        screen = try Self.screen(spec)
        if case .cells(var s) = screen {
            s.autoplay = autoplay
            screen = .cells(s)
        }
    }

    static func screen(_ spec: LayerSpec) throws -> Screen {
        if TransposedViews.applies(to: spec) {
            var views = try TransposedViews(spec: spec)
            views.direct.cyclesGradient = true
            return .views(views)
        }
        var s = try StepperState(spec: spec)
        // A pool has dX alone: nothing to cycle to.
        s.cyclesGradient = try spec.gradient.map { try spec.layer().gradientLayers(gradOutput: $0.gradOutput).targets.count > 1 } ?? false
        return .cells(s)
    }

    /// The stepper on screen (the direct view's, under the scatter view).
    var stepper: StepperState {
        switch screen {
        case .cells(let s): s
        case .views(let v): v.direct
        }
    }

    public var tickInterval: Double? {
        switch screen {
        case .cells(let s): s.tickInterval
        case .views(let v): v.tickInterval
        }
    }

    public mutating func update(_ event: Event) -> Effect {
        // `w` is this screen's own, unless a help box is open (any key closes it) or a value is typed.
        let busy: Bool
        switch screen {
        case .cells(let s): busy = s.showHelp || s.edit != nil
        case .views(let v): busy = v.showsHelp || v.direct.showHelp
        }
        if event == .char("w") && !busy {
            nextGradient()
            return .none
        }
        // dX's two views are one transposed conv: a flip rebuilds both, or the scatter view
        // would keep stamping the kernel the layer no longer meets.
        if event == .char("f") && !busy, case .views(let v) = screen {
            var spec = v.direct.spec
            spec.options.flip.toggle()
            guard case .views(var next)? = try? Self.screen(spec) else { return .none }
            _ = next.update(.resize(v.direct.size))
            // Same shapes, same traces' lengths: both views stay on their steps.
            if !v.showsScatter { next.showScatter(false) }
            next.scatter.position = v.scatter.position
            next.direct.position = v.direct.position
            next.direct.message = spec.options.flip ? "flip on: the layer meets W rotated, so dX's direct view slides W as written" : "flip off: dX's direct view slides W rotated 180°"
            screen = .views(next)
            return .none
        }
        switch screen {
        case .cells(var s):
            let effect = s.update(event)
            screen = .cells(s)
            return effect
        case .views(var v):
            let effect = v.update(event)
            screen = .views(v)
            return effect
        }
    }

    /// The next gradient of the same data, flip and size; where it cannot be built, why.
    mutating func nextGradient() {
        let now = stepper
        guard let wrt = now.gradient, let g = now.spec.gradient,
              let order = try? now.spec.layer().gradientLayers(gradOutput: g.gradOutput).targets else { return }
        guard order.count > 1 else {
            // A pool has dX alone: `w` says so rather than doing nothing.
            if case .cells(var s) = screen {
                s.message = "\(now.layer.op.rawValue) has no weights: dX is its only gradient"
                screen = .cells(s)
            }
            return
        }
        var spec = now.spec
        spec.gradient?.wrt = order[(order.firstIndex(of: wrt)! + 1) % order.count]
        guard var next = try? Self.screen(spec) else { return }
        let note = "\(spec.gradient!.wrt.symbol): the \(spec.gradient!.wrt.rawValue) gradient (w: the next one)"
        switch next {
        case .cells(var s):
            _ = s.update(.resize(now.size))
            s.message = note
            next = .cells(s)
        case .views(var v):
            _ = v.update(.resize(now.size))
            v.direct.message = note
            next = .views(v)
        }
        screen = next
    }

    public func view(_ size: Size) -> CellBuffer {
        switch screen {
        case .cells(let s): s.view(size)
        case .views(let v): v.view(size)
        }
    }
}
