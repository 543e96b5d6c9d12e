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

    @Option(help: ArgumentHelp("With --grad-output: the gradient to follow, weight (dW, the default), input (dX) or bias (db). A pool has dX alone (the default there).", valueName: "target"))
    var wrt: GradientTarget?

    var gradOutput: String? { dY.gradOutput }

    func validate() throws {
        if wrt != nil, gradOutput == nil {
            throw ValidationError("--wrt needs --grad-output SPEC: the gradient of the loss with respect to the layer's output")
        }
    }

}

extension LayerOptions {
    /// The layer spec, with the backward pass `gradient` asks for: without --wrt the layer's
    /// first gradient (dW, or dX for a pool, which has no weights). A wrong dY shape or a
    /// gradient the layer does not have is reported before any screen opens.
    func spec(_ gradient: GradientOptions) throws -> LayerSpec {
        var s = try spec()
        guard let dY = try gradient.dY.load() else { return s }
        let layers = try s.layer().gradientLayers(gradOutput: dY, named: "--grad-output")
        let wrt = gradient.wrt ?? layers.targets[0]
        do {
            _ = try layers.layer(for: wrt)
        } catch let e as ConvError {
            throw ValidationError("--wrt \(wrt.rawValue): \(e.message)")
        }
        s.gradient = GradientSpec(gradOutput: dY, wrt: wrt)
        return s
    }
}
