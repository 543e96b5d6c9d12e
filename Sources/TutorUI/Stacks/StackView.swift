import ConvKit
import LessonKit

extension StackViews {
    /// The smallest screen: the stepper's, and the stack's line above it.
    static var minimum: Size { Size(width: StepperLayout.minimum.width, height: StepperLayout.minimum.height + stackRows) }

    public func view(_ size: Size) -> CellBuffer {
        guard size.width >= Self.minimum.width, size.height >= Self.minimum.height else { return .tooSmall(size, need: Self.minimum) }
        var b = field.map { fieldView($0, size) } ?? steppingView(size)
        if showsHelp { b.helpBox(helpLines + Self.about) }
        return b
    }

    /// Every layer named, after the input's shape, longest wording first: what the stack is, on
    /// both screens. `marked` (while stepping) is the stepped layer, in brackets.
    func stackTitles(marked: Int? = nil) -> [String] {
        (0..<5).flatMap { short in
            let names = (1...stack.layers.count).map { n in
                let names = stack.layerNames(n), name = names[min(short, names.count - 1)]
                return n == marked ? "[\(name)]" : name
            }.joined(separator: " · ")
            return [" stack · input \(stack.input.shape.dimsText) · " + names, " stack · " + names]
        }
    }

    /// The stepper one row down, under the stack's line; its second key row says what the
    /// stack adds (u, and < > between layers) and leaves out the keys a stack refuses (`refused`).
    private func steppingView(_ size: Size) -> CellBuffer {
        var b = CellBuffer(size)
        b.header(stackTitles(marked: stack.layers.count > 1 ? layer : nil), right: "stepping layer \(layer) of \(stack.layers.count)")
        let sb = stepper.view(Size(width: size.width, height: size.height - Self.stackRows))
        for y in 0..<sb.size.height { for x in 0..<sb.size.width { b[x, y + Self.stackRows] = sb[x, y] } }
        guard stepper.edit == nil else { return b }
        let keys = [("u/Tab", "follow back"), ("< >", "layer"), ("f", "flip"), ("d", "dot"), ("[ ]", stepper.pool != nil ? "channel" : "filter"), ("?", "help"), ("q", "quit")]
        drawKeys(&b, keys.filter { k in k.0 == "u/Tab" || (k.0 == "< >" ? stack.layers.count > 1 : stepper.works(k.0.first!)) }, y: size.height - 1)
        return b
    }

    /// A key row in place of whatever the row held.
    func drawKeys(_ b: inout CellBuffer, _ row: [(String, String)], y: Int) {
        b.fill(x: 0, y: y, width: b.size.width, height: 1)
        b.keyRow(row.map { (key: $0.0, what: $0.1) }, y: y)
    }

    var helpLines: [String] {
        [
            "u Tab      follow the output back / step again",
            "→ l  ← h   next / previous " + stepper.termWord + " (following: column)",
            "↓ j  ↑ k   next / previous output (following: row)",
            stepper.demoKeys ? "g G        first / last  space  autoplay  + - zoom" : "g G        first / last  space  autoplay  + - speed",
        ] + (stepper.demoKeys ? ["< >        pace"] : []) + (stack.layers.count > 1 ? [stepper.demoKeys ? "1 … 9      step that layer" : "< >  , .   step the layer before / after"] : []) + [
            "[ ]        other filter or channel",
        ] + (hasChannels ? ["c          following: the field's next channel"] : []) + [
            "q          quit",
        ]
    }

    /// Whether any level of the stack has several channels, so a field may span them.
    private var hasChannels: Bool {
        ([stack.input.shape] + stack.layers.map(\.outputShape)).contains { $0.count >= 3 && $0[$0.count - 3] > 1 }
    }

    static let about = [
        "",
        "Following back: an output reads a window of the layer",
        "before, each cell of it a window before that, down to",
        "the input. A count is how many such paths reach a cell",
        "(weights aside): the centre of the field has the most.",
    ]
}
