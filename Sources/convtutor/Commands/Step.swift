import ArgumentParser
import ConvKit
import TerminalBackend
import TutorUI

struct Step: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Step a kernel over a grid in the terminal, product by product.",
        discussion: HelpText.discussion([
            "Keys: →/← product, ↓/↑ output, g/G first/last, space autoplay, +/- speed, f flip, d dot-product view, o next op, m map or numbers, [ ] other filter, e edit values, r reset, v scatter/direct view (conv-transpose), ? help, q quit.",
            "--op max-pool and avg-pool step a pool tap by tap: the window over each channel, no weights, the running max (its winner marked *) or sum, an average divided at its last tap. o on avg-pool steps the depthwise conv with weights 1/(kh·kw), which gives the same outputs (bit for bit when kh·kw is a power of 2), and o returns.",
            "With --stack FILE the stack's last layer (or --layer N) is stepped under a line naming every layer, the stepped one in brackets; < and > (or , and .) step the layer before or after, each where it was left. u or Tab follows the current output back through the windows of each layer before it to the input: every cell in its field highlighted on every level, the input's cells numbered with how many paths reach them (the centre-weighted effective field), and the rf, jump and start of layers 1 to N beside them; arrows then move the output, and u or Tab steps again. o and e belong to a single layer and say so.",
            "With --grad-output the backward pass is stepped, one gradient cell at a time (--wrt weight, input or bias; w moves on to the next). dW: the input patch and the dY cell that multiply, dW filling up with its running sums. dX: v switches between the full convolution of dY with the rotated kernel and the scatter view (each dY cell stamps the kernel). [ ] other filter or channel, f flip; o, e and m belong to the forward view and say so.",
        ], examples: [
            "step",
            "step --kernel \"1 2; 3 4\" --flip",
            "step --padding 1 --stride 2",
            "step --op max-pool --pool-size 2 --input \"1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3\"",
            "step --stack Examples/two-3x3.yaml",
            "step --stack Examples/conv-pool-conv.yaml --layer 1",
            "step --grad-output \"1 0 0; 0 0 0; 0 0 -1\"",
            "step --grad-output \"1 0 0; 0 0 0; 0 0 -1\" --wrt input",
        ]))

    @OptionGroup var layer: LayerOptions
    @OptionGroup var gradient: GradientOptions
    @OptionGroup var stack: SteppedStackOptions
    @Flag(help: "Use no colours, only bold/reverse/underline (also when NO_COLOR is set).")
    var noColor = false
    @Flag(help: "Start with autoplay running.")
    var play = false
    @Option(help: ArgumentHelp("Record the session as an asciicast v2 file (play it with asciinema).", valueName: "file.cast"))
    var record: String?

    func validate() throws {
        try stack.validate(layer)
        try layer.validateLayer(gradient: gradient.gradOutput != nil)
        if stack.file.stack != nil, gradient.gradOutput != nil { throw ValidationError("--grad-output does not apply with --stack: a stack is stepped forward only") }
    }

    func run() throws {
        var reason = ExitReason.quit
        try reportingErrors {
            let stacked = try stack.views(autoplay: play)
            do {
                if var views = stacked {
                    reason = try runFullScreen(&views, colors: noColor ? .none : .auto, recordTo: record)
                    return
                }
                let spec = try layer.spec(gradient)
                if spec.gradient != nil {
                    var views = try GradientViews(spec: spec, autoplay: play)
                    reason = try runFullScreen(&views, colors: noColor ? .none : .auto, recordTo: record)
                } else if spec.op == .convTranspose {
                    var views = try TransposedViews(spec: spec)
                    reason = try runFullScreen(&views, colors: noColor ? .none : .auto, recordTo: record)
                } else {
                    var state = try StepperState(spec: spec)
                    state.autoplay = play
                    reason = try runFullScreen(&state, colors: noColor ? .none : .auto, recordTo: record)
                }
            } catch let e as TerminalError where e.wantsLines {
                throw fullScreenRefusal("step", e, instead: "for a plain listing of every step use 'convtutor trace'")
            } catch let e as TerminalError {
                throw ConvError(e.description)
            }
        }
        if case .signal(let n) = reason { throw ExitCode(128 + n) }
    }
}
