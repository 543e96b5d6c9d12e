/// A layer option by the name lesson files give it; the CLI spells it `--output-padding`.
public enum LayerOption: String, Sendable, CaseIterable {
    case stride, padding, dilation, groups, flip, outputPadding = "output_padding", bias, relu

    public var flag: String { "--" + String(rawValue.map { $0 == "_" ? "-" : $0 }) }
}

/// An option given to an op that has no use for it. One rule for `compute` and lesson layers,
/// so a lesson never shows an option the engine's own command refuses.
public struct InapplicableOption: Sendable, Equatable {
    public let option: LayerOption
    public let op: Op

    /// The error, naming the option as the caller's user writes it.
    public func message(naming name: String) -> String {
        switch (option, op) {
        case (.outputPadding, _): "\(name) only applies to conv-transpose (it picks the output size of a strided transposed convolution)"
        case (_, .dense): "\(name) does not apply to dense: a fully connected layer has no sliding window"
        default: "\(name) does not apply to \(op.rawValue): it rearranges the input into columns and adds or clips nothing"
        }
    }
}

extension ConvOptions {
    /// The options set away from their defaults that `op` does not use, dense's first.
    public func inapplicable(to op: Op, bias: Bool) -> [InapplicableOption] {
        let padded = padding != .valid && padding != .explicit(.zero)
        let given: [(LayerOption, Bool)] = switch op {
        case .dense: [(.stride, stride != .one), (.padding, padded), (.dilation, dilation != .one), (.groups, groups != 1), (.flip, flip)]
        case .im2col: [(.bias, bias), (.relu, relu)]
        default: []
        }
        let extra: [(LayerOption, Bool)] = [(.outputPadding, op != .convTranspose && outputPadding != .zero)]
        return (given + extra).filter(\.1).map { InapplicableOption(option: $0.0, op: op) }
    }
}
