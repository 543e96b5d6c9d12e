import ConvKit

/// `convtutor step --stack`: one layer of a stack (the last unless chosen) stepped as the
/// stepper steps any layer, `<` and `>` choosing another, and `u` (or Tab) following its current
/// output back through the layers before it to the input pixels it depends on, with the number
/// of paths that reach each one.
public struct StackViews: Program, Sendable {
    public let stack: Stack
    /// The layer stepped (1-based), and the stepper every screen uses, built from its spec.
    public private(set) var layer: Int
    public internal(set) var stepper: StepperState
    /// Each layer's trace position, kept while another layer is stepped.
    private var positions: [Int]
    /// The output followed back, while following; nil while stepping.
    private(set) var field: FollowedField?
    /// The arithmetic of layers 1…`layer`: what the followed output's field obeys.
    private(set) var arithmetic: StackArithmetic
    public private(set) var showsHelp = false

    /// `layer`: the layer stepped first (1-based; the last when nil). `following`: a flat index
    /// into that layer's output to open already followed back (the stepper on that output's
    /// last step), as a lesson shows one field.
    public init(stack: Stack, layer: Int? = nil, autoplay: Bool = false, following: Int? = nil) throws {
        self.stack = stack
        let n = layer ?? stack.layers.count
        guard (1...stack.layers.count).contains(n) else {
            throw ConvError("layer \(n) is not in the stack: it has layers 1 to \(stack.layers.count)")
        }
        self.layer = n
        positions = Array(repeating: 0, count: stack.layers.count)
        stepper = try Self.stepper(stack, layer: n)
        stepper.autoplay = autoplay
        arithmetic = StackArithmetic(stack, through: n)
        if let o = following {
            stepper.move(to: stepper.trace.lastStep(ofOutput: o))
            field = follow(o)
        }
    }

    /// Layer n's stepper, one row down under the stack's line; an input after layer 1 is named
    /// as the output it is.
    private static func stepper(_ stack: Stack, layer n: Int) throws -> StepperState {
        var s = try StepperState(spec: stack.specs[n - 1])
        s.host = Size(width: 0, height: Self.stackRows)
        s.inputWord = inputWord(layer: n)
        return s
    }

    /// What layer n's stepper calls its input: after layer 1 it is the output of the one before.
    static func inputWord(layer n: Int) -> String { n > 1 ? "layer \(n - 1) out" : "input" }

    /// Steps layer `n` instead, where the stepper left it, on the same screen at the same speed;
    /// a field being followed is followed from the new layer's current output.
    mutating func choose(layer n: Int) {
        guard n != layer else { return }
        guard (1...stack.layers.count).contains(n) else {
            // < and > go one layer on; a demo's digits name any layer.
            stepper.message = n == 0 && layer == 1 ? "layer 1 is the first: nothing comes before it but the input"
                : n == layer + 1 ? "layer \(layer) is the last: its output is the stack's"
                : "layer \(n) is not in the stack: it has layers 1 to \(stack.layers.count)"
            return
        }
        do {
            var next = try Self.stepper(stack, layer: n)
            positions[layer - 1] = stepper.position
            (next.speedIndex, next.heatmap, next.autoplay) = (stepper.speedIndex, stepper.heatmap, stepper.autoplay)
            (next.demoKeys, next.loops) = (stepper.demoKeys, stepper.loops)
            next.host = stepper.host
            _ = next.update(.resize(stepper.size))
            // After the size: the zoom fits itself to it.
            if let zoom = stepper.zoom { next.zoom = zoom }
            next.move(to: positions[n - 1])
            (stepper, layer) = (next, n)
            arithmetic = StackArithmetic(stack, through: n)
            if field != nil { field = follow(stepper.step.outputFlat) }
        } catch let e as ConvError {
            stepper.message = e.message
        } catch {
            stepper.message = "layer \(n) cannot be stepped"
        }
    }

    /// The stepper gets the screen less the stack's line, and names the whole when it is short.
    private mutating func resize(_ size: Size) -> Effect {
        stepper.update(.resize(Size(width: size.width, height: size.height - Self.stackRows)))
    }

    public var isFollowing: Bool { field != nil }

    public var tickInterval: Double? { field == nil && !showsHelp ? stepper.tickInterval : nil }

    /// Keys that would make the stepped layer differ from the stack's layer (another op,
    /// other data), so that following it back would describe a layer that is not there. Each
    /// fits 60 columns whole.
    static let refused: [Character: String] = [
        "o": "in a stack, layers stay as the file gives them: o is off",
        "e": "e edits one layer's data; in a stack, edit the stack file",
        "r": "r resets edits, and a stack is not edited here",
    ]

    /// Keys of the stepper that have nothing to do while following, by the names help gives them.
    static let steppingOnly: [Character: String] = ["f": "f", "d": "d", " ": "space", "+": "+", "=": "+", "-": "-", "_": "-", "m": "m"]

    public mutating func update(_ event: Event) -> Effect {
        if showsHelp, event != .tick, event != .interrupt {
            if case .resize(let size) = event { return resize(size) }
            showsHelp = false
            return event == .char("q") ? .quit : .none
        }
        switch event {
        case .interrupt, .char("q"): return .quit
        case .resize(let size): return resize(size)
        case .char("?"):
            showsHelp = true
            return .none
        case .char("<"), .char(","), .char(">"), .char("."):
            (stepper.autoplay, stepper.message) = (false, nil)
            choose(layer: event == .char(">") || event == .char(".") ? layer + 1 : layer - 1)
            return .none
        case .char("u"), .tab:
            stepper.autoplay = false
            stepper.message = nil
            field = field == nil ? follow(stepper.step.outputFlat) : nil
            return .none
        case .char(let key) where Self.refused[key] != nil:
            stepper.message = Self.refused[key]
            return .none
        case .char(let key) where field != nil && Self.steppingOnly[key] != nil:
            stepper.message = "\(Self.steppingOnly[key]!) works while stepping; u or Tab steps again"
            return .none
        case .char("c") where field != nil:
            stepper.message = nil
            if let f = field, f.spread > 1 { field = f.nextChannel() } else { stepper.message = "the field lies on one channel of each level: c has none to cycle" }
            return .none
        case .char("c"):
            stepper.message = "c works while following: u or Tab follows this output back"
            return .none
        case .click(let x, let y) where field == nil:
            return stepper.update(.click(x: x, y: y - Self.stackRows))
        default:
            if field != nil {
                stepper.message = nil
                moveFollowed(event)
                return .none
            }
            return stepper.update(event)
        }
    }

    /// The field of output `o`, or nil (stepping again) with the reason in the message.
    private mutating func follow(_ o: Int) -> FollowedField? {
        do {
            return try FollowedField(stack, layer: layer, output: o, shown: field?.shown ?? 0)
        } catch let e as ConvError {
            stepper.message = e.message
        } catch {
            stepper.message = "this output cannot be followed back"
        }
        return nil
    }

    /// While following, arrows move the output within its plane and [ ] to another channel
    /// (saying so at the first or last); the stepper moves along (to the output's last step),
    /// so `u` returns to it finished. The channel `c` draws stays.
    private mutating func moveFollowed(_ event: Event) {
        let shape = stack.layers[layer - 1].outputShape
        var cell = Tensor.unravel(stepper.step.outputFlat, shape)
        let (row, col, chan) = (shape.count - 2, shape.count - 1, shape.count - 3)
        func move(_ axis: Int, _ by: Int) {
            guard axis >= 0 else { return }
            cell[axis] = max(0, min(shape[axis] - 1, cell[axis] + by))
        }
        switch event {
        case .left, .char("h"): move(col, -1)
        case .right, .char("l"): move(col, 1)
        case .up, .char("k"): move(row, -1)
        case .down, .char("j"): move(row, 1)
        case .char("["), .char("]"):
            let by = event == .char("]") ? 1 : -1, count = chan >= 0 ? shape[chan] : 1
            guard count > 1 else { stepper.message = "layer \(layer)'s output has one channel"; return }
            guard (0..<count).contains(cell[chan] + by) else {
                stepper.message = by > 0 ? "channel \(cell[chan]) is the last of \(count)" : "channel 0 is the first of \(count)"
                return
            }
            move(chan, by)
        case .home, .char("g"): cell = cell.map { _ in 0 }
        case .end, .char("G"): cell = shape.map { $0 - 1 }
        default: return
        }
        let o = Tensor.ravel(cell, shape)
        guard o != field?.output else { return }
        stepper.move(to: stepper.trace.lastStep(ofOutput: o))
        field = follow(o)
    }

    /// The stack's line above the stepper.
    static let stackRows = 1
}
