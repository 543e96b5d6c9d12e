import ConvKit

/// A backward pass in the stepper: dW and db are stepped as their own ops (`steppedOp`); dX is
/// stepped as the direct conv of the transposed conv that computes it, when one does.
extension StepperState {
    /// The gradient this screen steps, or nil for a forward layer.
    public var gradient: GradientTarget? { spec.gradient?.wrt }

    /// The gradient's own panels (dW, db, or dX stepped term by term) rather than a conv's.
    var gradientView: Bool { gradient != nil && equivalent == nil }

    static func gradientSteppable(_ spec: LayerSpec) throws -> Steppable {
        let op = try spec.steppedOp()
        if spec.gradient?.wrt == .input, case .success(let t) = try inputGradientTransposed(spec) {
            return try direct(t, named: op)
        }
        return Steppable(layer: try spec.layer(), stepped: op, named: op, equivalent: nil)
    }

    /// dX as a conv-transpose of the gated dY with the same weights (its input channels are the
    /// layer's output channels): stride, dilation and groups as the layer's, its padding as the
    /// transposed conv's crop and the output padding that makes dX the input's size. `flip`
    /// hands it the rotated kernel, the one the layer's windows meet. A failure says why no
    /// transposed conv gives dX (the screen then steps Σ dY·w cell by cell).
    static func inputGradientTransposed(_ spec: LayerSpec) throws -> Result<TransposedConvLayer, ConvError> {
        guard let g = spec.gradient else { return .failure(ConvError("not a gradient")) }
        let layer = try spec.layer()
        guard case .conv(let c) = layer else {
            return .failure(ConvError(layer.weightShape.isEmpty ? "\(layer.op.rawValue) has no weights: each window shares its dY out"
                : "a fully connected layer has no kernel to slide: dX is Σ dY·w over its neurons"))
        }
        let gated = try Layer.conv(c).gradientLayers(gradOutput: g.gradOutput).gated
        guard c.padTop == c.padBottom, c.padLeft == c.padRight else {
            return .failure(ConvError("its padding is uneven (\(c.padTop) top, \(c.padBottom) bottom, \(c.padLeft) left, \(c.padRight) right): no conv-transpose crops that"))
        }
        let (s, d) = (c.options.stride, c.options.dilation)
        // The transposed conv's output size without output padding, per axis.
        let spanH = (c.outHeight - 1) * s.h - 2 * c.padTop + d.h * (c.kh - 1) + 1
        let spanW = (c.outWidth - 1) * s.w - 2 * c.padLeft + d.w * (c.kw - 1) + 1
        let extra = Pair(c.height - spanH, c.width - spanW)
        guard extra.h >= 0, extra.w >= 0, extra.h < max(s.h, d.h) || extra.h == 0, extra.w < max(s.w, d.w) || extra.w == 0 else {
            return .failure(ConvError("the stride leaves \(extra.h) rows and \(extra.w) columns no output reaches: no conv-transpose gives that size"))
        }
        var weight = c.weight
        if c.options.flip {
            let kk = c.kh * c.kw
            weight = try Tensor(shape: weight.shape, data: weight.data.indices.map { i in weight.data[i - i % kk + kk - 1 - i % kk] })
        }
        let options = ConvOptions(stride: s, padding: .explicit(Pair(c.padTop, c.padLeft)), outputPadding: extra, dilation: d, groups: c.groups)
        return .success(try TransposedConvLayer(input: Tensor(shape: c.outputShape, data: gated), kernel: weight, options: options))
    }

    /// Why `v` (the scatter view) does not apply to this gradient, or nil when it does.
    var scatterRefusal: String? {
        switch gradient {
        case nil: return nil
        case .weight, .bias: return "v: the scatter view belongs to dX (--wrt input)"
        case .input:
            guard equivalent == nil else { return "v: run convtutor step --grad-output … --wrt input and press v" }
            let why: String
            switch Result(catching: { try Self.inputGradientTransposed(spec) }) {
            case .success(.failure(let e)), .failure(let e as ConvError): why = e.message
            default: why = "no conv-transpose gives dX here"
            }
            return "v: no scatter view, " + why
        }
    }

    /// What a gradient cell is called: `dW[0,0,1,2]`; a forward output `out(0,1)`.
    var cellLabel: String {
        guard let gradient else { return "out" + outputLabel }
        return gradient.cellName(step.output)
    }
}

extension StepperState {
    /// Why a forward key does nothing for this gradient (see `refusal`), or nil.
    func gradientRefusal(_ key: Character) -> String? {
        guard let gradient else { return nil }
        switch key {
        case "o": return "o switches the forward op; a gradient belongs to its layer"
        case "e": return "e edits a forward layer; here give --input, --kernel or --grad-output"
        case "m" where gradientView: return "the picture map belongs to the forward view"
        case "d" where gradient == .bias: return "db adds dY alone: there is no dot product"
        case "f" where gradient == .bias: return "db does not depend on the kernel: flipping changes nothing"
        // A layer without weights (a pool): its dX shares dY out, no kernel takes part.
        case "f" where layer.weightShape.isEmpty: return "\(layer.op.rawValue) has no kernel to flip: dX shares dY out"
        case "d" where layer.weightShape.isEmpty: return "no dot product: \(layer.op.rawValue) shares each dY out, it has no weights"
        case "v": return scatterRefusal
        case "[" where stepped.outputShape[0] < 2, "]" where stepped.outputShape[0] < 2:
            return gradient == .input ? "there is only one channel" : "there is only one filter"
        default: return nil
        }
    }
}
