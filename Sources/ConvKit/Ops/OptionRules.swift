/// A layer option by the name lesson files give it; the CLI spells it `--output-padding`.
public enum LayerOption: String, Sendable, CaseIterable {
    case stride, padding, dilation, groups, flip, outputPadding = "output_padding", bias, relu
    case poolSize = "pool_size", ceilMode = "ceil_mode", paddingMode = "padding_mode", kernel

    public var flag: String { "--" + String(rawValue.map { $0 == "_" ? "-" : $0 }) }
}

/// An option given to an op that has no use for it. One rule for `compute` and lesson layers,
/// so a lesson never shows an option the engine's own command refuses.
public struct InapplicableOption: Sendable, Equatable {
    public let option: LayerOption
    public let op: Op

    /// The error, naming the option as the caller's user writes it.
    public func message(naming name: String) -> String {
        let pools = "only applies to max-pool and avg-pool"
        return switch (option, op) {
        case (.flip, .convTranspose):
            "\(name) does not apply to conv-transpose: PyTorch's ConvTranspose2d never rotates the kernel (its equivalent direct convolution does, by itself)"
        case (.padding, .convTranspose):
            "\(name) same or full does not apply to conv-transpose; give P or PH,PW: the rows and columns cropped from each side of the output (PyTorch's padding)"
        case (.padding, _) where op != .dense: "\(name) same needs stride 1 (as in PyTorch)"
        case (.outputPadding, _): "\(name) only applies to conv-transpose (it picks the output size of a strided transposed convolution)"
        case (.poolSize, _): "\(name) \(pools) (a convolution's window is its kernel's size)"
        case (.ceilMode, _): "\(name) \(pools) (a convolution drops a window that does not fit)"
        case (.paddingMode, .maxPool), (.paddingMode, .avgPool):
            "\(name) does not apply to \(op.rawValue): PyTorch's pools have no padding_mode (\(op == .maxPool ? "max-pool pads with -inf, which never wins" : "avg-pool pads with zeros, counted in the divisor"))"
        case (.paddingMode, _): "\(name) does not apply to \(op.rawValue): " + (op == .dense ? "a fully connected layer has no padding" : "PyTorch's ConvTranspose2d pads only with zeros")
        case (.dilation, .avgPool): "\(name) applies to max-pool only (PyTorch's AvgPool2d has no dilation)"
        case (.relu, .maxPool), (.relu, .avgPool): "\(name) does not apply to \(op.rawValue): a pool has no activation (put relu on the layer before it)"
        case (_, .maxPool), (_, .avgPool): "\(name) does not apply to \(op.rawValue): a pooling window has no weights, only its size (pool_size)"
        case (_, .dense): "\(name) does not apply to dense: a fully connected layer has no sliding window"
        default: "\(name) does not apply to \(op.rawValue): it rearranges the input into columns and adds or clips nothing"
        }
    }
}

extension ConvOptions {
    /// The options set away from their defaults that `op` does not use, dense's first. `kernel`
    /// says whether a kernel or weights were given (a pool reads none).
    public func inapplicable(to op: Op, bias: Bool, kernel: Bool = false) -> [InapplicableOption] {
        let padded = padding != .valid && padding != .explicit(.zero)
        let given: [(LayerOption, Bool)] = switch op {
        case .dense: [(.stride, stride != .one), (.padding, padded), (.dilation, dilation != .one), (.groups, groups != 1), (.flip, flip)]
        case .im2col: [(.bias, bias), (.relu, relu)]
        case .maxPool: [(.kernel, kernel), (.bias, bias), (.groups, groups != 1), (.flip, flip), (.relu, relu)]
        case .avgPool: [(.kernel, kernel), (.bias, bias), (.groups, groups != 1), (.flip, flip), (.relu, relu), (.dilation, dilation != .one)]
        default: []
        }
        let extra: [(LayerOption, Bool)] = [
            (.flip, op == .convTranspose && flip),
            (.padding, op == .convTranspose && (padding == .same || padding == .full)),
            (.padding, [.conv2d, .depthwise, .pointwise, .im2col].contains(op) && padding == .same && stride != .one),
            (.outputPadding, op != .convTranspose && outputPadding != .zero),
            (.poolSize, !op.isPool && poolSize != nil),
            (.ceilMode, !op.isPool && ceilMode),
            (.paddingMode, paddingMode != .zeros && [.dense, .convTranspose, .maxPool, .avgPool].contains(op)),
        ]
        return (given + extra).filter(\.1).map { InapplicableOption(option: $0.0, op: op) }
    }
}
