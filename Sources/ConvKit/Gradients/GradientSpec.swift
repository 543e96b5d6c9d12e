/// Which gradient a trace, a stepper or a lesson step walks.
public enum GradientTarget: String, Sendable, CaseIterable {
    case weight, input, bias

    /// The gradient's name as screens write it: `dW`, `dX`, `db`.
    public var symbol: String {
        switch self {
        case .weight: "dW"
        case .input: "dX"
        case .bias: "db"
        }
    }

    /// A gradient cell by its full PyTorch index, as every screen, trace and lesson names it:
    /// `dW[0,0,1,2]`, `dX[0,2,3]`, `db[0]` (no channel is dropped: the index is the tensor's).
    public func cellName(_ index: [Int]) -> String {
        symbol + "[" + index.map(String.init).joined(separator: ",") + "]"
    }
}

/// A backward pass to step through: dL/dY of the layer's output and the gradient to follow.
public struct GradientSpec: Sendable, Equatable {
    /// The output's shape (a single-channel output may be given 2-D).
    public var gradOutput: Tensor
    public var wrt: GradientTarget

    public init(gradOutput: Tensor, wrt: GradientTarget = .weight) {
        self.gradOutput = gradOutput
        self.wrt = wrt
    }
}

extension GradientLayers {
    /// The op whose cells are the gradient `target`; a layer without weights refuses dW and db,
    /// in the one message the CLI and lessons both give.
    public func layer(for target: GradientTarget) throws -> any ReductionLayer {
        switch target {
        case .input: return input
        case .weight, .bias:
            guard let weight, let bias else {
                throw ConvError("\(op.rawValue) has no weights: its only gradient is dX (wrt: input)")
            }
            return target == .weight ? weight : bias
        }
    }
}

extension LayerSpec {
    /// The op a trace or stepper walks: the layer itself, or with `gradient` set, the gradient
    /// it names (every gradient cell is a sum of products, stepped like an output). `name` is
    /// what an error calls dY (see `Layer.gradientLayers`).
    public func steppedOp(naming name: String = "grad-output") throws -> any ReductionLayer {
        let layer = try self.layer()
        guard let gradient else { return layer }
        return try layer.gradientLayers(gradOutput: gradient.gradOutput, named: name).layer(for: gradient.wrt)
    }
}
