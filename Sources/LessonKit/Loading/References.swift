import ConvKit

/// `from: {layer: NAME, value: V}`: an expected answer the engine computes.
enum Reference {
    case element([Int])
    case output
    case outputShape
    case parameters
    case steps
    case terms

    static let forms = "output[i,j,k], output, output-shape, parameters, steps or terms"

    init?(_ text: String) {
        let t = text.replacingOccurrences(of: " ", with: "")
        switch t {
        case "output": self = .output
        case "output-shape": self = .outputShape
        case "parameters": self = .parameters
        case "steps": self = .steps
        case "terms": self = .terms
        default:
            guard t.hasPrefix("output["), t.hasSuffix("]") else { return nil }
            let inner = t.dropFirst("output[".count).dropLast()
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
            self = .element(parts.map { $0! })
        }
    }

    /// The question kind this reference can answer.
    var kind: Question.Kind {
        switch self {
        case .output: .grid
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
                return .failure(.message("output\(index.shapeText) is outside the output of layer '\(b.name)', whose shape is \(shape.shapeText)"))
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
                }
            case .steps: n = Trace(layer).count
            default: n = layer.termsPerOutput
            }
            return .success(.number(Double(n), tolerance: tolerance))
        }
    }

    /// Row-major flat index of `index` in `shape`, or nil if it has the wrong rank or is out of range.
    static func flatIndex(_ index: [Int], in shape: [Int]) -> Int? {
        guard index.count == shape.count, zip(index, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else { return nil }
        return zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// A result as rows: 1-D is one row, 2-D as is, one-channel 3-D as its plane.
    static func rows(_ t: Tensor) -> [[Double]]? {
        switch t.rank {
        case 1: return [t.data]
        case 2: return chunk(t.data, t.shape[1])
        case 3 where t.shape[0] == 1: return chunk(t.data, t.shape[2])
        default: return nil
        }
    }

    private static func chunk(_ data: [Double], _ width: Int) -> [[Double]] {
        guard width > 0 else { return [] }
        return stride(from: 0, to: data.count, by: width).map { Array(data[$0..<min($0 + width, data.count)]) }
    }
}
