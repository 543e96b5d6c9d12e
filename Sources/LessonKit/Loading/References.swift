import ConvKit

/// `from: {layer: NAME, value: V}`: an expected answer the engine computes.
enum Reference {
    case element([Int])
    case output
    case outputShape
    case parameters
    case steps
    case terms
    /// `grad_weight`, `grad_input`, `grad_bias` (whole, or one cell by its full index): the
    /// layer's backward pass for its `grad_output:`.
    case gradient(GradientTarget, [Int]?)

    static let forms = "output[i,j,k], output, output-shape, parameters, steps, terms, grad_weight[o,c,ky,kx], grad_weight, grad_input[c,i,j], grad_input, grad_bias[o] or grad_bias"

    init?(_ text: String) {
        let t = text.replacingOccurrences(of: " ", with: "")
        switch t {
        case "output": self = .output
        case "output-shape": self = .outputShape
        case "parameters": self = .parameters
        case "steps": self = .steps
        case "terms": self = .terms
        default:
            if let target = GradientTarget.allCases.first(where: { t == "grad_\($0.rawValue)" }) {
                self = .gradient(target, nil)
                return
            }
            guard let open = t.firstIndex(of: "["), t.hasSuffix("]") else { return nil }
            let parts = t[t.index(after: open)...].dropLast().split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
            let index = parts.map { $0! }, name = t[..<open]
            if name == "output" {
                self = .element(index)
            } else if let target = GradientTarget.allCases.first(where: { name == "grad_\($0.rawValue)" }) {
                self = .gradient(target, index)
            } else {
                return nil
            }
        }
    }

    /// The question kind this reference can answer.
    var kind: Question.Kind {
        switch self {
        case .output, .gradient(_, nil): .grid
        case .outputShape: .shape
        default: .number
        }
    }

    enum Failure: Error { case message(String) }

    /// The engine's value, or why this layer cannot give one.
    func evaluate(on b: BuiltLayer, tolerance: Double) -> Result<Expected, Failure> {
        let shape = b.result.shape
        switch self {
        case .element(let index):
            guard let flat = Self.flatIndex(index, in: shape) else {
                return .failure(.message(Self.outside("output\(index.shapeText)", index, of: "the output of layer '\(b.name)'", shape: shape)))
            }
            return .success(.number(b.result.data[flat], tolerance: tolerance))
        case .output:
            guard let rows = Self.rows(b.result) else {
                return .failure(.message("the output of layer '\(b.name)' has shape \(shape.shapeText), which is not one grid; ask for output[c,i,j] or use a one-channel layer"))
            }
            return .success(.grid(rows, tolerance: tolerance))
        case .outputShape:
            return .success(.shape(shape))
        case .parameters, .steps, .terms:
            guard let layer = b.layer else {
                return .failure(.message("im2col rearranges the input and has no weights or products; '\(self)' does not apply"))
            }
            let n: Int
            switch self {
            case .parameters:
                switch layer {
                case .conv(let c): n = c.parameterCount
                case .dense(let d): n = d.parameterCount
                case .transposed(let t): n = t.parameterCount
                case .maxPool, .avgPool: n = 0  // a window with no weights
                }
            case .steps: n = Trace(layer).count
            default: n = layer.termsPerOutput
            }
            return .success(.number(Double(n), tolerance: tolerance))
        case .gradient(let target, let index):
            return Self.gradient(target, index, of: b, tolerance: tolerance)
        }
    }

    /// The cells of the layer this answer reads, as a stepper on it walks them; nil where no
    /// stepper shows the answer as a cell (a shape, a count).
    func asked(on b: BuiltLayer) -> AskedCells? {
        switch self {
        case .element(let index): return AskedCells(spec: b.spec(wrt: nil), cells: Self.flatIndex(index, in: b.result.shape).map { [$0] })
        case .output: return AskedCells(spec: b.spec(wrt: nil), cells: nil)
        case .gradient(let target, let index):
            guard let layer = b.layer, let dY = b.gradOutput,
                  let cells = try? layer.gradientLayers(gradOutput: dY, named: "grad_output").layer(for: target).outputShape else { return nil }
            return AskedCells(spec: b.spec(wrt: target), cells: index.map { Self.flatIndex($0, in: cells).map { [$0] } ?? [] })
        case .outputShape, .parameters, .steps, .terms: return nil
        }
    }

    /// The gradient `target` of the layer for its `grad_output:`, in its cells' shape (dW
    /// [Cout,Cin/groups,kh,kw], dX [C,H,W], db [Cout]; dense: [N, fan-in], the input as given,
    /// [N]): one cell, or the whole as one grid.
    private static func gradient(_ target: GradientTarget, _ index: [Int]?, of b: BuiltLayer, tolerance: Double) -> Result<Expected, Failure> {
        let name = "grad_\(target.rawValue)"
        guard let layer = b.layer, let dY = b.gradOutput else {
            return .failure(.message("\(name) needs grad_output: on layer '\(b.name)' (dL/dY, the gradient arriving at its output), which it does not have"))
        }
        let t: Tensor
        do {
            t = try layer.gradientLayers(gradOutput: dY, named: "grad_output").layer(for: target).compute()
        } catch {
            return .failure(.message("\(name) of layer '\(b.name)': \(error)"))
        }
        if let index {
            guard let flat = flatIndex(index, in: t.shape) else {
                return .failure(.message(outside("\(name)\(index.shapeText)", index, of: "\(target.symbol) of layer '\(b.name)'", shape: t.shape)))
            }
            return .success(.number(t.data[flat], tolerance: tolerance))
        }
        guard let rows = rows(t) else {
            return .failure(.message("\(target.symbol) of layer '\(b.name)' has shape \(t.shape.shapeText), which is not one grid; ask for one cell, \(name)\([Int](repeating: 0, count: t.rank).shapeText)"))
        }
        return .success(.grid(rows, tolerance: tolerance))
    }

    /// Why `index` (written `written`, as the file has it) names no cell of `whole`: too few or
    /// too many indices, which is not "outside", or one out of range.
    static func outside(_ written: String, _ index: [Int], of whole: String, shape: [Int]) -> String {
        guard index.count == shape.count else {
            // A one-channel output reads as a plane; its channel index is the one left out.
            let form = shape.count == 3 ? " ([c,i,j]: the channel too, even when there is one)" : ""
            return "\(written) has \(index.count.counting("index", plural: "indices")), but \(whole) has shape \(shape.shapeText): give \(shape.count)\(form)"
        }
        return "\(written) is outside \(whole), whose shape is \(shape.shapeText) (indices are 0-based, one per dimension)"
    }

    /// Row-major flat index of `index` in `shape`, or nil if it has the wrong rank or is out of range.
    static func flatIndex(_ index: [Int], in shape: [Int]) -> Int? {
        guard index.count == shape.count, zip(index, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else { return nil }
        return zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// A result as rows: 1-D is one row, 2-D as is, a one-channel 3-D or one-filter,
    /// one-channel 4-D (a weight gradient) as its plane.
    static func rows(_ t: Tensor) -> [[Double]]? {
        switch t.rank {
        case 1: return [t.data]
        case 2: return chunk(t.data, t.shape[1])
        case 3 where t.shape[0] == 1: return chunk(t.data, t.shape[2])
        case 4 where t.shape[0] == 1 && t.shape[1] == 1: return chunk(t.data, t.shape[3])
        default: return nil
        }
    }

    private static func chunk(_ data: [Double], _ width: Int) -> [[Double]] {
        guard width > 0 else { return [] }
        return stride(from: 0, to: data.count, by: width).map { Array(data[$0..<min($0 + width, data.count)]) }
    }
}
