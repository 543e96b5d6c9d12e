import ConvKit

/// Keys that mean nothing for some layers. The reducer answers them with the reason; help
/// boxes and key lines leave them out, so every key a screen lists does something there.
extension StepperState {
    /// Why `key` does nothing for this layer, or nil when it works.
    func refusal(_ key: Character) -> String? {
        if let why = gradientRefusal(key) ?? poolRefusal(key) { return why }
        return switch key {
        case "f" where spec.op == .convTranspose: "no flip here: this direct conv already turns the kernel 180°"
        case "f" where layer.op == .dense: "a fully connected layer has no sliding kernel to flip"
        case "f" where layer.kernelArea == 1: "a 1×1 kernel is the same rotated: flipping changes nothing"
        // Fixed text: help boxes and key lines ask on every frame. The reducer adds the size note.
        case "d" where !gradientView && (layer.op == .pointwise || layer.op == .dense): "\(layer.op.rawValue) always shows the dot-product lines"
        // The scatter view's `v` belongs to TransposedViews, which a lesson does not embed.
        case "v" where spec.op == .convTranspose: "the scatter view: run convtutor step --op conv-transpose and press v"
        case "e" where spec.op == .convTranspose: "conv-transpose data is edited in its input file, not here"
        case "o" where original.op.isPool: poolSwitchRefusal
        case "o" where canonicalConv == nil: "o switches ops from conv2d, depthwise, pointwise or im2col only"
        case "[" where layer.outputShape[0] < 2, "]" where layer.outputShape[0] < 2: "there is only one filter"
        case "w" where !cyclesGradient: "w moves between dW, dX and db in convtutor step --grad-output"
        case "m" where !hasPictureMap: "the picture map shows one conv input channel at a time"
        default: nil
        }
    }

    /// Whether `key` does something for this layer (see `refusal`).
    public func works(_ key: Character) -> Bool { refusal(key) == nil }

    /// Channels drawn side by side stay numbers; one channel at a time can be a picture.
    private var hasPictureMap: Bool {
        guard case .conv = layer, !isIm2col else { return false }
        return usesHeatmap || StepperLayout(self, size).panels.filter { $0.kind == .input }.count <= 1
    }
}
