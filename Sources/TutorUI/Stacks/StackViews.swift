import ConvKit

/// `convtutor step --stack`: the last layer of a stack stepped as the stepper steps any layer,
/// and `u` (or Tab) following its current output back through every layer to the input pixels
/// it depends on, with the number of paths that reach each one.
public struct StackViews: Program, Sendable {
    public let stack: Stack
    /// The last layer, stepped by the one stepper every screen uses.
    public internal(set) var stepper: StepperState
    /// The output followed back, while following; nil while stepping.
    private(set) var field: FollowedField?
    let arithmetic: StackArithmetic
    public private(set) var showsHelp = false

    /// `following`: a flat index into the last layer's output to open already followed back
    /// (the stepper on that output's last step), as a lesson shows one field.
    public init(stack: Stack, autoplay: Bool = false, following: Int? = nil) throws {
        self.stack = stack
        stepper = try StepperState(spec: stack.specs[stack.specs.count - 1])
        stepper.autoplay = autoplay
        arithmetic = StackArithmetic(stack.layers)
        stepper.host = Size(width: 0, height: Self.stackRows)
        if let o = following {
            stepper.move(to: stepper.trace.lastStep(ofOutput: o))
            field = follow(o)
        }
    }

    /// The stepper gets the screen less the stack's line, and names the whole when it is short.
    private mutating func resize(_ size: Size) -> Effect {
        stepper.update(.resize(Size(width: size.width, height: size.height - Self.stackRows)))
    }

    public var isFollowing: Bool { field != nil }

    public var tickInterval: Double? { field == nil && !showsHelp ? stepper.tickInterval : nil }

    /// Keys that would make the stepped layer differ from the stack's last layer (another op,
    /// other data), so that following it back would describe a layer that is not there.
    static let refused: [Character: String] = [
        "o": "o switches ops on a single layer; in a stack the last layer stays as its file gives it",
        "e": "e edits a single layer's data; in a stack edit the stack file",
        "r": "r resets edits, and a stack is not edited here",
    ]

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
        case .char("u"), .tab:
            stepper.autoplay = false
            stepper.message = nil
            field = field == nil ? follow(stepper.step.outputFlat) : nil
            return .none
        case .char(let key) where field == nil && Self.refused[key] != nil:
            stepper.message = Self.refused[key]
            return .none
        case .click(let x, let y) where field == nil:
            return stepper.update(.click(x: x, y: y - Self.stackRows))
        default:
            if field != nil {
                moveFollowed(event)
                return .none
            }
            return stepper.update(event)
        }
    }

    /// The field of output `o`, or nil (stepping again) with the reason in the message.
    private mutating func follow(_ o: Int) -> FollowedField? {
        do {
            return try FollowedField(stack, output: o)
        } catch let e as ConvError {
            stepper.message = e.message
        } catch {
            stepper.message = "this output cannot be followed back"
        }
        return nil
    }

    /// While following, arrows move the output within its plane and [ ] to another channel;
    /// the stepper moves along (to the output's last step), so `u` returns to it finished.
    private mutating func moveFollowed(_ event: Event) {
        let shape = stack.layers[stack.layers.count - 1].outputShape
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
        case .char("["): move(chan, -1)
        case .char("]"): move(chan, 1)
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
