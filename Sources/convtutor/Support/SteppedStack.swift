import ArgumentParser
import ConvKit
import TutorUI

/// `--stack FILE [--layer N]` for the commands that step a stack on screen (`step`, `demo`):
/// one rule for which layer opens and what a bad `--layer` says.
struct SteppedStackOptions: ParsableArguments {
    @OptionGroup var file: StackOption
    @Option(name: .customLong("layer"), help: ArgumentHelp("With --stack: the layer stepped first, 1 for the first (default: the last).", valueName: "n"))
    var layer: Int?

    /// Usage errors the command line alone shows (exit 64 before the file is read).
    func validate(_ options: LayerOptions) throws {
        try file.refuse(options)
        if file.stack == nil, layer != nil { throw ValidationError("--layer needs --stack FILE: it chooses a layer of the stack") }
        if let n = layer, n < 1 { throw ValidationError("--layer counts from 1 (the first layer), not \(n)") }
    }

    /// The stack's screens on the chosen layer; nil without --stack.
    func views(autoplay: Bool) throws -> StackViews? {
        guard let stack = try file.load() else { return nil }
        if let n = layer, n > stack.layers.count {
            throw ValidationError("--layer \(n) is not in the stack: it has layers 1 to \(stack.layers.count)")
        }
        return try StackViews(stack: stack, layer: layer, autoplay: autoplay)
    }
}
