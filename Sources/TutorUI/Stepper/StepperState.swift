import ConvKit

/// Everything the stepper screen shows, derived from the layer spec and a trace position.
/// Only O(outputs) data is cached (the finished result, value ranges per plane) besides the
/// current step; other steps come from the lazy trace.
public struct StepperState: Sendable {
    public private(set) var spec: LayerSpec
    /// What the forward panels draw: the layer, or the direct conv a transposed conv (or an
    /// input gradient) is stepped as. A weight or bias gradient's panels read its input from here.
    public private(set) var layer: Layer
    /// Steps the op the screen walks (`stepped`): `layer`, or a gradient op.
    public private(set) var trace: Trace
    /// What the terms are named by in words (`nowNames`): the stepped op, or the op a direct
    /// view rewrites (a transposed conv, an input gradient), whose terms come in the same order.
    private(set) var named: any ReductionLayer
    /// The finished outputs, so cells already passed show their value without re-summing.
    public private(set) var result: Tensor
    public var position = 0 {
        didSet {
            step = trace[position]
            anchor = Self.anchor(of: step, in: trace)
        }
    }
    /// The step at `position`, decoded when either changes rather than at each of the dozens
    /// of places a frame reads it.
    public private(set) var step: TraceStep
    /// The running sum of the current cell before a term at most `anchorReach` terms before the
    /// current one: the equation's window starts its sums there. A dW cell of a big picture has
    /// millions of terms; this costs O(terms) arithmetic once per move, never per frame.
    private(set) var anchor: (term: Int, sum: Double) = (0, 0)
    static let anchorReach = 1024

    static func anchor(of step: TraceStep, in trace: Trace) -> (term: Int, sum: Double) {
        let t = max(0, step.termIndex - anchorReach)
        return (t, trace.layer.running(ofOutput: step.outputFlat, through: t - 1).value)
    }
    /// While a prediction waits: trace steps from this index on are concealed. Every panel
    /// honours it: their factors show as `?·?` (or `?`), their products and running sums not
    /// at all, so nothing on screen gives the predicted products away. nil shows everything.
    public var concealed: Int?
    public var showDot = false
    public var showHelp = false
    public var autoplay = false
    public var speedIndex = 2
    public var edit: EditCursor?
    /// `w` moves on to the next gradient: set by `GradientViews`, never in a lesson.
    var cyclesGradient = false
    /// The rows and columns a host screen (a lesson's panel) takes beside the stepper, so
    /// messages can name the terminal's size rather than the stepper's.
    var host = Size(width: 0, height: 0)
    public var size = Size(width: 80, height: 24) {
        didSet { if size != oldValue { fitZoom(always: false) } }
    }
    /// Column widths for the grids, measured once per layer rather than once per frame.
    private var measuredInput = 1, measuredKernel = 1, measuredOutput = 1
    /// Per input channel and per output plane of a conv: the heatmaps' scales, measured with
    /// the widths (and so renewed by every rebuild, as the data can change in edit mode).
    private(set) var inputPlanes: [ValueStats] = [], outputPlanes: [ValueStats] = []
    /// The narrowest a grid cell may be: the zoom of demo mode and --cell-width.
    public var cellWidth = 2 {
        didSet { cellWidth = max(2, min(12, cellWidth)) }
    }
    /// The zoom asked for (--cell-width, a demo's + and -). The cells get the widest width up
    /// to it that shows as much of every grid as the narrowest cells do, at every size.
    public var zoom: Int? {
        didSet { fitZoom(always: false) }
    }

    /// Sets `cellWidth` from `zoom` for this size; says so when the zoom had to give way (and,
    /// with `always`, what it is when it did not: after a zoom key).
    mutating func fitZoom(always: Bool) {
        guard let zoom else { return }
        let wanted = max(2, min(12, zoom))
        func shown(_ width: Int) -> Int {
            var s = self
            s.cellWidth = width
            return StepperLayout(s, size).panels.map { $0.placement.visibleRows * $0.placement.visibleCols }.reduce(0, +)
        }
        let least = shown(2)
        cellWidth = stride(from: wanted, to: 2, by: -1).first { shown($0) >= least } ?? 2
        if cellWidth < wanted {
            message = "zoom \(wanted) does not fit \(size.width)×\(size.height); using \(cellWidth)"
        } else if always {
            message = "zoom: cells \(cellWidth) wide"
        }
    }

    var inputWidth: Int { max(measuredInput, cellWidth) }
    var kernelWidth: Int { max(measuredKernel, cellWidth) }
    var outputWidth: Int { max(measuredOutput, cellWidth) }
    func zoomed(_ width: Int) -> Int { max(width, cellWidth) }
    /// nil: heatmaps for inputs over 24 rows or columns; `m` forces them on or off.
    public var heatmap: Bool?
    /// What the input grids are called: in a stack, layer 2's input is "layer 1 out".
    var inputWord = "input"

    /// A term's source as this screen's grids name the input: `layer 1 out (2,3)` in a stack,
    /// where ConvKit, which knows no stack, wrote `input (2,3)`.
    func onScreen(source: String) -> String {
        inputWord == "input" ? source : source.replacing("input (", with: "\(inputWord) (")
    }
    /// Demo mode: start over after the last step instead of stopping (unattended loops).
    /// In a demo `+`/`-` zoom and `<`/`>` set the pace; the key line says so.
    public var demoKeys = false
    public var loops = false
    /// Ticks spent holding the finished screen before a loop starts over.
    var heldTicks = 0
    /// A one-line note shown above the key line until the next key (e.g. "edited"), or for
    /// `messageSeconds` of autoplay, so a playing demo shows it and then its status again.
    public var message: String? {
        didSet { messageAge = 0 }
    }
    var messageAge = 0.0
    static let messageSeconds = 4.0
    let original: LayerSpec

    /// Products per second; the top speeds are for fast-forwarding through big layers.
    public static let speeds: [Double] = [0.5, 1, 2, 4, 8, 16, 32, 64, 256, 1024]

    public init(spec: LayerSpec) throws {
        self.spec = spec
        original = spec
        let made = try Self.steppable(spec)
        (layer, named, equivalent) = (made.layer, made.named, made.equivalent)
        trace = Trace(made.stepped)
        step = trace[0]
        // A max's running value starts at −∞, not 0.
        anchor = Self.anchor(of: step, in: trace)
        result = made.stepped.compute()
        measure()
    }

    private mutating func measure() {
        (inputPlanes, outputPlanes) = ([], [])
        switch layer {
        case .conv(let c):
            inputPlanes = ValueStats.planes(c.input.data, size: c.height * c.width)
            outputPlanes = ValueStats.planes(result.data, size: c.outHeight * c.outWidth)
            measuredInput = ValueStats.width(inputPlanes)
            measuredKernel = numberWidth(c.weight.data)
        case .dense(let d):
            measuredInput = numberWidth(d.input.data)
            measuredKernel = numberWidth(d.weight.data)
        case .transposed(let t):
            measuredInput = numberWidth(t.input.data)
            measuredKernel = numberWidth(t.weight.data)
        case .maxPool(let p as any PoolLayer), .avgPool(let p as any PoolLayer):
            let g = p.geometry
            inputPlanes = ValueStats.planes(p.input.data, size: g.height * g.width)
            outputPlanes = ValueStats.planes(result.data, size: g.outHeight * g.outWidth)
            // A max's winner carries its mark (`winnerMark`) in its cell.
            measuredInput = ValueStats.width(inputPlanes) + (p.reduction == .max ? Self.winnerMark.count : 0)
            measuredKernel = 0
        }
        measuredOutput = outputPlanes.isEmpty ? numberWidth(result.data) : ValueStats.width(outputPlanes)
    }

    /// im2col steps through the same products as conv2d, shown as a matrix multiply.
    public var isIm2col: Bool { spec.op == .im2col }

    /// A transposed conv is stepped as its equivalent direct convolution (zeros inserted between
    /// the inputs, padded, kernel rotated); this describes where each of its cells came from.
    public private(set) var equivalent: EquivalentConv?

    /// What a spec is stepped as: the layer its panels draw, the op its trace walks, the op its
    /// terms are named by, and the direct conv it was rewritten as (if any).
    struct Steppable {
        var layer: Layer
        var stepped: any ReductionLayer
        var named: any ReductionLayer
        var equivalent: EquivalentConv?
    }

    /// im2col itself multiplies nothing; the stepper walks the convolution it prepares. A
    /// transposed conv is walked as the ordinary convolution that gives the same output, and so
    /// is an input gradient where a transposed conv gives it (see `inputGradientTransposed`).
    static func steppable(_ spec: LayerSpec) throws -> Steppable {
        if spec.gradient != nil { return try gradientSteppable(spec) }
        if spec.op == .convTranspose, case .transposed(let t) = try spec.layer() {
            return try direct(t, named: Layer.transposed(t))
        }
        var s = spec
        if spec.op == .im2col {
            s.op = .conv2d
            s.options.groups = 1
        }
        let layer = try s.layer()
        return Steppable(layer: layer, stepped: layer, named: layer, equivalent: nil)
    }

    /// A transposed conv as its equivalent direct conv, its terms named by `named`.
    static func direct(_ t: TransposedConvLayer, named: any ReductionLayer) throws -> Steppable {
        let e = try t.equivalentDirectConv()
        return Steppable(layer: .conv(e.conv), stepped: Layer.conv(e.conv), named: named, equivalent: e)
    }

    static func steppableLayer(_ spec: LayerSpec) throws -> Layer { try steppable(spec).layer }
    /// The op the trace walks: `layer`, or a gradient op.
    var stepped: any ReductionLayer { trace.layer }
    public var stepsPerSecond: Double { Self.speeds[speedIndex] }
    public var isFlipped: Bool { spec.options.flip }

    /// Rebuilds after the data or the flip mode changed; shapes never change, so neither does
    /// the trace length, and the position stays put.
    /// false, with the reason in `message`, when the new data does not make a layer.
    @discardableResult
    mutating func rebuild(_ newSpec: LayerSpec) -> Bool {
        let made: Steppable
        do {
            made = try Self.steppable(newSpec)
        } catch let e as ConvError {
            message = "not changed: " + e.message
            return false
        } catch {
            message = "that change does not make a valid layer"
            return false
        }
        spec = newSpec
        (layer, named, equivalent) = (made.layer, made.named, made.equivalent)
        trace = Trace(made.stepped)
        result = made.stepped.compute()
        measure()
        position = min(position, trace.count - 1)   // and with it the step, from the new trace
        return true
    }

    /// The current output's terms on show: those up to the current step, short of any concealed.
    var shownTerms: Int {
        let upTo = step.termIndex + 1
        guard let concealed else { return upTo }
        return max(0, min(upTo, concealed - trace.firstStep(ofOutput: step.outputFlat)))
    }

    /// Whether term `t` (0-based) of the current output is concealed.
    func hides(term t: Int) -> Bool { concealed.map { trace.firstStep(ofOutput: step.outputFlat) + t >= $0 } ?? false }

    /// The running value (sum, or max) of the terms on show: the step's own unless the step itself is concealed.
    var shownSum: Double {
        shownTerms == step.termIndex + 1 ? step.sum : stepped.running(ofOutput: step.outputFlat, through: shownTerms - 1).value
    }

    /// `acc` after term `t` of value `v`, as the op reduces: a sum, or a running max.
    func adding(_ v: Double, term t: Int, to acc: Double) -> Double {
        stepped.reduction.adding(v, term: t, to: Running(value: acc, argmax: nil)).value
    }

    /// The term whose input channel and kernel slice the grids show: the current one, or while
    /// a prediction waits the first concealed one, where the learner's work starts.
    var focusTerm: Int {
        let hidden = concealed.map { $0 - trace.firstStep(ofOutput: step.outputFlat) } ?? -1
        return hidden > step.termIndex && hidden < step.termCount ? hidden : step.termIndex
    }

    /// The current step's own multiply is on show (a prediction of a whole output hides even that).
    var showsCurrent: Bool { shownTerms > step.termIndex }

    /// Term `t` of the current output: every term a frame draws is fetched here, so a test can
    /// count them (`TermMeter`) and show a frame costs what fits on screen, not what a cell sums.
    func currentTerm(_ t: Int) -> Term {
        TermMeter.current?.add(1)
        return stepped.term(output: step.outputFlat, term: t)
    }

    /// What a concealed term shows instead of its factors.
    static let concealedTerm = "?·?"
    /// What a concealed term of this op shows: `?·?`, or `?` where a term is one number (db).
    var concealedMark: String { stepped.factorKeys.count == 1 ? "?" : Self.concealedTerm }
    /// What this op's terms are called: products, or terms where each is one number.
    var termWord: String { stepped.termWord }

    mutating func move(to target: Int) {
        position = max(0, min(trace.count - 1, target))
    }
}

/// Where the edit cursor is: a flat index into the input or the kernel as given.
public struct EditCursor: Sendable, Equatable {
    public enum Target: Sendable, Equatable { case input, kernel }
    public var target: Target
    public var index: Int
    public var typed: String = ""
}

/// Counts the terms a frame fetches, where a test sets one (`TermMeter.$current.withValue`).
final class TermMeter: @unchecked Sendable {
    @TaskLocal static var current: TermMeter?
    private(set) var count = 0
    func add(_ n: Int) { count += n }
}
