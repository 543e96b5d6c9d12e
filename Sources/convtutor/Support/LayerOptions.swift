import ArgumentParser
import ConvKit

extension Op: ExpressibleByArgument {}
extension PaddingMode: ExpressibleByArgument {}

/// The options every command shares to describe one layer and its data.
struct LayerOptions: ParsableArguments {
    // Options with a default are optional here so that `--stack` can tell one given at its
    // default value (`--padding valid`) from one left out; the computed names read the value.
    @Option(name: .customLong("op"), help: "Op: \(Op.allCases.map(\.rawValue).joined(separator: ", ")) (default: conv2d).")
    var givenOp: Op?
    var op: Op { givenOp ?? .conv2d }

    // `.unconditional`: a grid or number may start with a minus sign ("-1 0 1; ...").
    @Option(parsing: .unconditional, help: ArgumentHelp("Input grid: a file (text, .npy, .pgm or .ppm), inline rows such as \"1 2; 3 4\", or a picture bundled with the lessons: \(BundledPictures.names.joined(separator: ", ")).", valueName: "spec"))
    var input: String?

    @Option(name: [.customLong("kernel"), .customLong("weights")], parsing: .unconditional,
            help: ArgumentHelp("Kernel or weights (--weights is the same option).", valueName: "spec"))
    var kernel: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Bias, one value per output channel or neuron.", valueName: "spec"))
    var bias: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stride: S or SH,SW (default 1; max-pool and avg-pool: the pool size).", valueName: "s"))
    var stride: String?

    @Option(name: .customLong("padding"), parsing: .unconditional, help: ArgumentHelp("Padding: valid, same, full, P or PH,PW (conv-transpose: P or PH,PW, cropped from the output; pools: P or PH,PW, at most half the pool size). (default: valid)", valueName: "p"))
    var givenPadding: String?
    var padding: String { givenPadding ?? "valid" }

    @Option(name: .customLong("padding-mode"), help: ArgumentHelp("What the padding holds: zeros, reflect, replicate or circular (PyTorch's padding_mode; conv2d, depthwise, pointwise, im2col). (default: zeros)", valueName: "mode"))
    var givenPaddingMode: PaddingMode?
    var paddingMode: PaddingMode { givenPaddingMode ?? .zeros }

    @Option(parsing: .unconditional, help: ArgumentHelp("max-pool and avg-pool: the window, K or KH,KW (required there).", valueName: "k"))
    var poolSize: String?

    @Flag(help: "max-pool and avg-pool: keep a last window that runs past the input (PyTorch's ceil_mode), if it starts inside the input or its left padding.")
    var ceilMode = false

    @Option(name: .customLong("output-padding"), parsing: .unconditional, help: ArgumentHelp("conv-transpose only: extra output rows/columns at the bottom/right, P or PH,PW (below the stride or the dilation). (default: 0)", valueName: "p"))
    var givenOutputPadding: String?
    var outputPadding: String { givenOutputPadding ?? "0" }

    @Option(name: .customLong("dilation"), parsing: .unconditional, help: ArgumentHelp("Dilation: D or DH,DW. (default: 1)", valueName: "d"))
    var givenDilation: String?
    var dilation: String { givenDilation ?? "1" }

    @Option(name: .customLong("groups"), parsing: .unconditional, help: ArgumentHelp("Groups: input and output channels split into this many independent groups. (default: 1)", valueName: "groups"))
    var givenGroups: Int?
    var groups: Int { givenGroups ?? 1 }

    @Flag(help: "True convolution: rotate the kernel 180° first (scipy convolve2d). Default: cross-correlation, as CNNs do.")
    var flip = false

    @Flag(help: "Apply ReLU, max(0, ·), after the bias.")
    var relu = false

    /// Whatever the command line alone gets wrong is a usage error (exit 64), refused before
    /// any data is read: an option's value that does not parse or is out of bounds, an option
    /// the op has no use for. What is wrong only for the data (a stride 'same' cannot use, groups
    /// that do not divide the channels) is reported with the layer (exit 1). Each command calls
    /// it from its own `validate`, after whatever makes the layer options moot (`--stack`).
    /// `gradient`: --grad-output was given, which an op without a backward pass refuses here.
    func validateLayer(gradient: Bool = false) throws {
        if gradient, let why = op.gradientRefusal { throw ValidationError("--grad-output: " + why) }
        if op.isPool {
            if kernel != nil { throw ValidationError("--kernel does not apply to \(op.rawValue): a pooling window has no weights; give its size with --pool-size") }
            if poolSize == nil { throw ValidationError("--pool-size is required for \(op.rawValue): K or KH,KW (--pool-size 2 halves each side)") }
        }
        do {
            let options = try convOptions()
            try options.checkLimits()
        } catch let e as ConvError {
            throw ValidationError(e.message)
        }
    }

    func convOptions() throws -> ConvOptions {
        let options = try givenOptions()
        if let misfit = options.inapplicable(to: op, bias: bias != nil, kernel: kernel != nil).first {
            throw ConvError(misfit.message(naming: misfit.option.flag))
        }
        return options
    }

    private func givenOptions() throws -> ConvOptions {
        let size = try poolSize.map { try pair($0, option: "--pool-size") }
        return ConvOptions(
            stride: try stride.map { try pair($0, option: "--stride") } ?? ConvOptions.defaultStride(op: op, poolSize: size),
            padding: try paddingValue(),
            outputPadding: try pair(outputPadding, option: "--output-padding"),
            dilation: try pair(dilation, option: "--dilation"),
            groups: groups, flip: flip, relu: relu, paddingMode: paddingMode, poolSize: size, ceilMode: ceilMode)
    }

    func loadInput() throws -> Tensor { try input.map { try SpecLoader.load($0, option: "--input") } ?? SeedExample.input }
    func loadKernel() throws -> Tensor {
        if op.isPool { return LayerSpec.noKernel }
        return try kernel.map { try SpecLoader.load($0, option: "--kernel") } ?? SeedExample.kernel
    }
    func loadBias() throws -> Tensor? { try bias.map { try SpecLoader.load($0, option: "--bias") } }

    func spec() throws -> LayerSpec {
        LayerSpec(op: op, input: try loadInput(), kernel: try loadKernel(), bias: try loadBias(), options: try convOptions())
    }

    func layer() throws -> Layer { try spec().layer() }

    private func pair(_ text: String, option: String) throws -> Pair {
        if let p = Pair(parsing: text) { return p }
        throw ConvError("\(option) must be an integer or two integers H,W; got '\(text)'")
    }

    private func paddingValue() throws -> Padding {
        switch padding.lowercased() {
        case "valid": return .valid
        case "same": return .same
        case "full": return .full
        default:
            guard let p = try? pair(padding, option: "--padding") else {
                throw ConvError("--padding must be valid, same, full, P or PH,PW; got '\(padding)'")
            }
            return .explicit(p)
        }
    }
}

/// The worked example every learner meets first: a 5×5 binary image and an X-shaped kernel.
enum SeedExample {
    static let input = try! GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0")
    static let kernel = try! GridText.parse("1 0 1; 0 1 0; 1 0 1")
}
