import ArgumentParser
import ConvKit

extension GradientTarget: ExpressibleByArgument {}

/// `--grad-output` alone: what `compute` takes (it prints all three gradients, so it has no
/// `--wrt` to accept and ignore).
struct GradOutputOption: ParsableArguments {
    @Option(name: .customLong("grad-output"), parsing: .unconditional,
            help: ArgumentHelp("dL/dY: the loss gradient reaching the layer's output, in its shape (a grid spec, as --input). Works the backward pass instead of the forward sums.", valueName: "spec"))
    var gradOutput: String?

    /// dY as given, or nil for the forward layer.
    func load() throws -> Tensor? { try gradOutput.map { try SpecLoader.load($0, option: "--grad-output") } }
}

/// The backward pass options `trace` and `step` share.
struct GradientOptions: ParsableArguments {
    @OptionGroup var dY: GradOutputOption

    @Option(help: ArgumentHelp("With --grad-output: the gradient to follow, weight (dW, the default), input (dX) or bias (db).", valueName: "target"))
    var wrt: GradientTarget?

    var gradOutput: String? { dY.gradOutput }

    func validate() throws {
        if wrt != nil, gradOutput == nil {
            throw ValidationError("--wrt needs --grad-output SPEC: the gradient of the loss with respect to the layer's output")
        }
    }

    /// The backward pass asked for, or nil for the forward layer.
    func spec() throws -> GradientSpec? {
        try dY.load().map { GradientSpec(gradOutput: $0, wrt: wrt ?? .weight) }
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
