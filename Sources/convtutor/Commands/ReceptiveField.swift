import ArgumentParser
import ConvKit
import LessonKit
import TutorUI

struct ReceptiveFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receptive-field",
        abstract: "Follow one output of a stack of layers back to the input pixels it depends on.",
        discussion: HelpText.discussion([
            "--layers lists the layers, separated by ';': each is conv or pool with keys k (window size, required), s (stride; 1 for a conv, k for a pool unless given), p (padding on each side) and d (dilation), in any order. Layers are square: one k, s, p and d serve rows and columns alike.",
            "Input pixel i is centred at coordinate i (0-based). Per layer: rf, the side of the square that holds every input pixel one output depends on (part of it may be padding, and a dilation can leave pixels in it unread); jump, how far apart, in input pixels, the fields of neighbouring outputs are; start, the input coordinate of the centre of output 0's field, so output i's is centred at start + jump·i. With --input-size N (an N×N input), size is each layer's output side by PyTorch's floor rule. Row 0 is the input.",
            "--stack FILE takes the layers from a stack file instead: each conv's kernel, stride, dilation and its top/left padding ('same' and 'full' resolved to the pad the layer adds; an even 'same' pads one more at the bottom/right, which moves no centre), each pool's window. Sizes are the stack's own output heights and widths. Dense and conv-transpose layers are refused. Where rows and columns differ (a 1×3 kernel, stride 2,1, a 6×8 input), there is one table along rows and one along columns.",
            "json: a list of {\"layer\", \"size\" (null without --input-size), \"rf\", \"jump\", \"start\"}; where rows and columns differ, each number is a [rows, columns] pair.",
        ], examples: [
            "receptive-field --layers \"conv k=3; conv k=3\"",
            "receptive-field --layers \"conv k=3; conv k=3 s=2 p=1; pool k=2; conv k=3 d=2\" --input-size 32",
            "receptive-field --layers \"conv k=7 s=2 p=3; pool k=3 s=2 p=1\" --input-size 224 --format json",
            "receptive-field --stack Examples/conv-pool-conv.yaml",
        ]))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp("The layers, e.g. \"conv k=3; conv k=3 s=2 p=1; pool k=2\".", valueName: "layers"))
    var layers: String?

    @OptionGroup var stack: StackOption

    @Option(parsing: .unconditional, help: ArgumentHelp("The input's side: an N×N input; adds each layer's output size.", valueName: "n"))
    var inputSize: String?

    @Option(help: "Output format: text or json.") var format: Format = .text

    /// The layers and the input size are the command line itself: any mistake in them is a bad
    /// command line (exit 64); a layer that leaves no outputs is reported when computed (exit 1).
    func validate() throws {
        switch (layers, stack.stack) {
        case (nil, nil): throw ValidationError("give the layers: --layers \"conv k=3; pool k=2\" or --stack FILE")
        case (_?, _?): throw ValidationError("--layers and --stack both give the layers; give one")
        case (nil, _?): if inputSize != nil { throw ValidationError("--input-size does not apply with --stack: the stack file's input gives the size") }
        case (_?, nil): break
        }
        do { _ = try given() } catch let e as ConvError { throw ValidationError(e.message) }
    }

    private func given() throws -> (layers: [FieldLayer], inputSize: Int?) {
        guard let layers else { return ([], nil) }
        let n = try inputSize.map { text in
            guard let n = CheckedSize.integer(text[...]) else { throw ConvError("--input-size must be a whole number; got '\(text)'") }
            try ReceptiveField.check(inputSize: n)
            return n
        }
        return (try FieldLayer.parse(layers), n)
    }

    func run() throws {
        try reportingErrors {
            let axes: (rows: ReceptiveField, cols: ReceptiveField)
            let summary: String
            if let stack = try stack.load() {
                let field = try StackField(stack: stack)
                (axes, summary) = ((field.rows, field.cols), field.summary)
            } else {
                let (layers, n) = try given()
                let field = try ReceptiveField(layers: layers, inputSize: n)
                (axes, summary) = ((field, field), field.summary)
            }
            var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
            try out.write(format == .json ? Self.json(axes) : Self.text(axes, summary: summary))
            try out.flush()
        }
    }

    /// One object per layer; where rows and columns differ, each number is a [rows, columns] pair.
    static func json(_ axes: (rows: ReceptiveField, cols: ReceptiveField)) -> String {
        let square = axes.rows == axes.cols
        func pair(_ r: String, _ c: String) -> String { square ? r : "[\(r), \(c)]" }
        let items = zip(axes.rows.rows, axes.cols.rows).map { r, c in
            "{\"layer\": \(r.layer), \"size\": \(pair(r.size.map(String.init) ?? "null", c.size.map(String.init) ?? "null")), "
                + "\"rf\": \(pair("\(r.rf)", "\(c.rf)")), \"jump\": \(pair("\(r.jump)", "\(c.jump)")), \"start\": \(pair(r.startText, c.startText))}"
        }
        return "[\n  " + items.joined(separator: ",\n  ") + "\n]\n"
    }

    /// One table, or where rows and columns differ one for each axis; then the summary.
    static func text(_ axes: (rows: ReceptiveField, cols: ReceptiveField), summary: String) -> String {
        let tables = axes.rows == axes.cols ? table(axes.rows)
            : "along rows (height):\n" + table(axes.rows) + "along columns (width):\n" + table(axes.cols)
        return tables + PlainLesson.wrap(summary, width: HelpText.terminalColumns() - 1) + "\n"
    }

    /// layer, op, size (with an input size), rf, jump, start: numbers right-aligned, starts on
    /// their decimal point.
    static func table(_ field: ReceptiveField) -> String {
        let halves = field.rows.contains { $0.startText.hasSuffix(".5") }
        var columns: [(title: String, left: Bool, cells: [String])] = [
            ("layer", false, field.rows.map { "\($0.layer)" }),
            ("op", true, ["input"] + field.layers.map(\.description)),
            ("size", false, field.rows.map { $0.size.map(String.init) ?? "" }),
            ("rf", false, field.rows.map { "\($0.rf)" }),
            ("jump", false, field.rows.map { "\($0.jump)" }),
            ("start", false, field.rows.map { halves && !$0.startText.hasSuffix(".5") ? $0.startText + "  " : $0.startText }),
        ]
        if field.rows[0].size == nil { columns.remove(at: 2) }
        let widths = columns.map { c in max(c.title.count, c.cells.map(\.count).max() ?? 0) }
        func line(_ cells: [String]) -> String {
            var text = zip(zip(cells, widths), columns).map { cw, c in
                let pad = String(repeating: " ", count: cw.1 - cw.0.count)
                return c.left ? cw.0 + pad : pad + cw.0
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        return line(columns.map(\.title)) + field.rows.indices.map { i in line(columns.map { $0.cells[i] }) }.joined()
    }
}
