import ConvKit

/// `from: {stack: NAME, layer: N, value: V}`: an answer computed from one layer of a lesson's
/// stack (N counts from 1 and defaults to the last): its `output` (one grid), one cell
/// `output[c,i,j]`, or its receptive-field row's `rf`, `jump`, `start` or `size`.
enum StackReference {
    case output
    case element([Int])
    case field(String)

    static let forms = "output, output[c,i,j], rf, jump, start or size"
    static let fieldNames = ["rf", "jump", "start", "size"]

    init?(_ text: String) {
        let t = text.replacingOccurrences(of: " ", with: "")
        if Self.fieldNames.contains(t) {
            self = .field(t)
            return
        }
        switch Reference(t) {
        case .output: self = .output
        case .element(let index): self = .element(index)
        default: return nil
        }
    }

    var kind: Question.Kind {
        if case .output = self { return .grid }
        return .number
    }

    /// The engine's value for layer `layer` (1-based) of `stack`, or why there is none.
    func evaluate(on stack: Stack, layer: Int, name: String, tolerance: Double) -> Result<Expected, Reference.Failure> {
        let what = "layer \(layer) of stack '\(name)'"
        let output = stack.outputs[layer - 1]
        switch self {
        case .output:
            guard let rows = Reference.rows(output) else {
                return .failure(.message("the output of \(what) has shape \(output.shape.shapeText), which is not one grid; ask for output[c,i,j]"))
            }
            return .success(.grid(rows, tolerance: tolerance))
        case .element(let index):
            guard let flat = Reference.flatIndex(index, in: output.shape) else {
                return .failure(.message(Reference.outside("output\(index.shapeText)", index, of: "the output of \(what)", shape: output.shape)))
            }
            return .success(.number(output.data[flat], tolerance: tolerance))
        case .field(let key):
            let field: StackField
            do {
                field = try StackField(stack: stack)
            } catch {
                return .failure(.message("\(key) of \(what): \(error)"))
            }
            func value(_ r: ReceptiveField.Row) -> Double {
                switch key {
                case "rf": Double(r.rf)
                case "jump": Double(r.jump)
                case "start": r.start
                default: Double(r.size ?? 0)
                }
            }
            let (rows, cols) = (value(field.rows.rows[layer]), value(field.cols.rows[layer]))
            guard rows == cols else {
                return .failure(.message("\(key) of \(what) differs along rows (\(NumberFormat.short(rows))) and columns (\(NumberFormat.short(cols))); a question takes one number"))
            }
            return .success(.number(rows, tolerance: tolerance))
        }
    }
}
