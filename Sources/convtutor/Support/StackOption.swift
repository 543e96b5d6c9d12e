import ArgumentParser
import ConvKit
import LessonKit

/// `--stack FILE`: layers from a stack file (Examples/two-3x3.yaml) instead of the options of one.
struct StackOption: ParsableArguments {
    @Option(help: ArgumentHelp("A stack file: YAML with input: and layers:, each layer with a lesson layer's keys (see Examples/).", valueName: "file"))
    var stack: String?

    /// The stack, nil without --stack; a broken file is one `file:line:col: error:` line per
    /// problem and exit 1.
    func load() throws -> Stack? {
        guard let stack else { return nil }
        do {
            return try StackFile.load(path: stack)
        } catch let e as LessonErrors {
            var err = OutputStream(fd: 2)
            for d in e.diagnostics { try err.write(d.description + "\n") }
            try err.flush()
            throw ExitCode(1)
        }
    }

    /// With --stack every layer comes from the file: a layer option beside it is a usage error.
    func refuse(_ layer: LayerOptions) throws {
        guard stack != nil, let first = layer.givenFlags.first else { return }
        throw ValidationError("\(first) does not apply with --stack: the stack file gives the input and every layer's options")
    }
}

extension LayerOptions {
    /// The layer options given on the command line, as flags (at their default value too).
    var givenFlags: [String] {
        let given: [(String, Bool)] = [
            ("--op", givenOp != nil), ("--input", input != nil), ("--kernel", kernel != nil), ("--bias", bias != nil),
            ("--stride", stride != nil), ("--padding", givenPadding != nil), ("--padding-mode", givenPaddingMode != nil),
            ("--pool-size", poolSize != nil), ("--ceil-mode", ceilMode), ("--output-padding", givenOutputPadding != nil),
            ("--dilation", givenDilation != nil), ("--groups", givenGroups != nil), ("--flip", flip), ("--relu", relu),
        ]
        return given.filter(\.1).map(\.0)
    }
}
