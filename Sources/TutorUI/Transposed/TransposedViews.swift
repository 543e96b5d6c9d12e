import ConvKit

/// Transposed convolution, two ways, switched with `v`: the scatter view (inputs stamp scaled
/// kernels onto the output) and the stepper on the equivalent direct convolution. Both end on
/// the same output, which is the point.
public struct TransposedViews: Program {
    public internal(set) var scatter: ScatterState
    /// Settable within TutorUI: a demo zooms and paces the direct view.
    public internal(set) var direct: StepperState
    public private(set) var showsScatter = true
    /// `?`: this pair of views has its own keys (see `helpLines`).
    public private(set) var showsHelp = false

    public init(spec: LayerSpec) throws {
        if spec.gradient?.wrt == .input {
            // dX is the transposed conv of dY: the same two views, named for the gradient.
            scatter = ScatterState(try StepperState.inputGradientTransposed(spec).get())
            scatter.gradient = true
            scatter.flipped = spec.options.flip
        } else {
            guard case .transposed(let t) = try spec.layer() else { throw ConvError("not a transposed convolution") }
            scatter = ScatterState(t)
        }
        direct = try StepperState(spec: spec)
    }

    /// Whether `spec` gets these two views: a conv-transpose, or dX where a transposed conv gives it.
    public static func applies(to spec: LayerSpec) -> Bool {
        guard let g = spec.gradient else { return spec.op == .convTranspose }
        guard g.wrt == .input, case .success? = try? StepperState.inputGradientTransposed(spec) else { return false }
        return true
    }

    public var tickInterval: Double? {
        showsScatter ? (scatter.autoplay ? max(1 / scatter.stepsPerSecond, 0.02) : nil) : direct.tickInterval
    }

    public mutating func update(_ event: Event) -> Effect {
        if showsHelp, event != .tick, event != .interrupt {
            if case .resize = event { return direct.update(event) }
            showsHelp = false
            return .none
        }
        switch event {
        case .char("?"):
            showsHelp = true
            return .none
        case .resize:
            return direct.update(event)
        case .interrupt, .char("q"):
            return .quit
        case .char("v"):
            showScatter(!showsScatter)
            return .none
        default:
            if showsScatter {
                scatter.update(event)
                return .none
            }
            return direct.update(event)
        }
    }

    /// Switches views, keeping the output cell in view: the step that finishes it in the other order.
    mutating func showScatter(_ scatterView: Bool) {
        guard scatterView != showsScatter else { return }
        if showsScatter, let o = scatter.step.outputFlat {
            direct.position = direct.trace.lastStep(ofOutput: o)
        } else if !showsScatter, let last = scatter.trace.steps(intoOutput: direct.step.outputFlat).last {
            scatter.position = last
        }
        showsScatter = scatterView
    }

    public func view(_ size: Size) -> CellBuffer {
        guard size.width >= StepperLayout.minimum.width, size.height >= StepperLayout.minimum.height else {
            return .tooSmall(size, need: StepperLayout.minimum)
        }
        var b = showsScatter ? scatter.view(size) : direct.view(size)
        let y = size.height - 1
        b.fill(x: 0, y: y, width: size.width, height: 1)
        // The direct view keeps the stepper's first key line (stepping keys); this one replaces
        // its second. Longest first: the first that fits is drawn, so "q quit" is never cut.
        let variants = direct.cyclesGradient
            ? (showsScatter ? [" v direct conv  w next gradient  ←/→ product  ↓/↑ dY cell  space play  q quit", " v direct  w gradient  ←/→ ↓/↑ step  q quit", " v direct  w next  q quit"]
                : [" v scatter view  w next gradient  d dot  ? help  q quit", " v scatter  w gradient  d dot  q quit"])
            : showsScatter
            ? [" v direct conv  ←/→ product  ↓/↑ input cell  g/G first/last  space play  q quit",
               " v direct  ←/→ product  ↓/↑ input  g/G first/last  space play  q quit", " v direct  ←→ ↑↓ step  q quit"]
            : [" v scatter view  d dot  ? help  q quit", " v scatter  d dot  q quit"]
        let keys = variants.first { $0.count <= size.width } ?? variants[variants.count - 1]
        b.put(String(keys.prefix(size.width)), x: 0, y: y, Style(.accent, [.bold]))
        if showsHelp { b.helpBox(helpLines.map(\.text) + (scatter.gradient ? Self.gradientHelpText : Self.helpText)) }
        return b
    }

    /// The `?` box's key lines: each view lists only its own keys (no flip or edit here; the
    /// direct view's dot product is the stepper's).
    var helpLines: [KeyHelp] {
        let common = [
            KeyHelp("→ l  ← h   next / previous product", .right, .left),
            showsScatter ? KeyHelp("↓ j  ↑ k   next / previous input cell", .down, .up) : KeyHelp("↓ j  ↑ k   next / previous output", .down, .up),
            KeyHelp("g G        first / last product  space  autoplay", .char("g"), .char("G"), .char(" ")),
        ]
        let speed = KeyHelp("+ -        faster / slower", .char("+"), .char("-"))
        return [showsScatter ? KeyHelp("v          the equivalent direct conv", .char("v")) : KeyHelp("v          back to the scatter view", .char("v"))]
            + common
            + (direct.cyclesGradient ? [KeyHelp("w          next gradient: dW → dX → db", .char("w"))] : [])
            + [showsScatter || !direct.works("d") ? speed : KeyHelp.pair(speed, KeyHelp("d      dot product", .char("d")), column: 33)!,
               KeyHelp("q          quit", .char("q"))]
    }

    static let helpText = [
        "",
        "Each input cell adds its value times the kernel onto",
        "the output, and where stamps overlap they add up. The",
        "direct view gets the same numbers as an ordinary",
        "convolution over the input spread out with zeros.",
    ]

    static let gradientHelpText = [
        "",
        "Each dY cell adds its value times the kernel onto",
        "dX, and where stamps overlap they add up. The direct",
        "view gets the same numbers as the full convolution",
        "of dY with the kernel rotated 180°.",
    ]
}
