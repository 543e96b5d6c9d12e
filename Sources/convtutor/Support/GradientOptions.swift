import ArgumentParser
import ConvKit

extension GradientTarget: ExpressibleByArgument {}

/// The backward pass options `trace` and `step` share (`compute` takes `--grad-output` alone and
/// prints all three gradients).
struct GradientOptions: ParsableArguments {
    @Option(name: .customLong("grad-output"), parsing: .unconditional,
            help: ArgumentHelp("dL/dY: the loss gradient reaching the layer's output, in its shape (a grid spec, as --input). Steps the backward pass instead of the forward sums.", valueName: "spec"))
    var gradOutput: String?

    @Option(help: ArgumentHelp("With --grad-output: the gradient to follow, weight (dW, the default), input (dX) or bias (db).", valueName: "target"))
    var wrt: GradientTarget?

    func validate() throws {
        if wrt != nil, gradOutput == nil {
            throw ValidationError("--wrt needs --grad-output SPEC: the gradient of the loss with respect to the layer's output")
        }
    }

    /// The backward pass asked for, or nil for the forward layer.
    func spec() throws -> GradientSpec? {
        guard let gradOutput else { return nil }
        return GradientSpec(gradOutput: try SpecLoader.load(gradOutput, option: "--grad-output"), wrt: wrt ?? .weight)
    }
}

extension LayerOptions {
    /// The layer spec, with the backward pass `gradient` asks for.
    func spec(_ gradient: GradientOptions) throws -> LayerSpec {
        var s = try spec()
        s.gradient = try gradient.spec()
        if s.gradient != nil { _ = try s.steppedOp(naming: "--grad-output") }   // a wrong dY shape is reported before any screen opens
        return s
    }
}
