import ArgumentParser
import ConvKit
import TutorUI
import Foundation

struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the whole result of an operation (numbers match numpy/scipy/PyTorch).",
        discussion: HelpText.discussion([
            "With --grad-output (dL/dY, in the output's shape) compute prints the backward pass instead: dL/dW, dL/dX and dL/db, as PyTorch's autograd gives them without the batch dimension. dW is [Cout, Cin/groups, kh, kw] (dense: [N, fan-in]), dX has the input's shape as given, db is [Cout] (reported whether or not the layer has a bias). With --relu, dY is what reaches the output after the ReLU. json: {\"op\", \"grad_input\", \"grad_weight\", \"grad_bias\"}, each {\"shape\", \"data\"}.",
        ], examples: [
            "compute --format json",
            "compute --input \"1 2 3; 4 5 6; 7 8 9\" --kernel \"1 0; 0 -1\" --padding 1",
            "compute --op im2col --stride 2",
            "compute --op conv-transpose --input \"1 2; 3 4\" --kernel \"1 1; 1 1\" --stride 2",
            "compute --grad-output \"1 0 0; 0 0 0; 0 0 -1\"",
        ]))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var layer: LayerOptions
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Also write the result as a float64 .npy file.", valueName: "file.npy"))
    var output: String?
    @OptionGroup var dY: GradOutputOption

    func validate() throws {
        if output != nil, dY.gradOutput != nil {
            throw ValidationError("--output writes one tensor; with --grad-output use --format json")
        }
    }

    func run() throws {
        try reportingErrors {
            if let dY = try dY.load() { return try backward(dY) }
            let result = try Self.result(of: layer)
            if let output { try FileOutput.write(NPY.encode(result), to: output, option: "--output") }
            var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
            switch format {
            case .json:
                try out.write("{\"op\": \"\(layer.op.rawValue)\", \"shape\": \(result.shape.shapeText), \"data\": ")
                try GridPrint.json(result.data, shape: result.shape) { try out.write($0) }
                try out.write("}\n")
            case .text:
                try GridPrint.text(result) { try out.write($0) }
            }
            try out.flush()
        }
    }

    /// The three gradients, each headed (text) or keyed (json) by its name.
    private func backward(_ dY: Tensor) throws {
        if layer.op == .im2col { throw ConvError("im2col only rearranges the input: it has no gradient of its own; use --op conv2d with --grad-output") }
        let g = try layer.layer().backward(gradOutput: dY, named: "--grad-output")
        let blocks = [("dL/dW", "grad_weight", g.weight), ("dL/dX", "grad_input", g.input), ("dL/db", "grad_bias", g.bias)]
        var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
        switch format {
        case .json:
            try out.write("{\"op\": \"\(layer.op.rawValue)\"")
            for (_, key, t) in [blocks[1], blocks[0], blocks[2]] {
                try out.write(", \"\(key)\": {\"shape\": \(t.shape.shapeText), \"data\": ")
                try GridPrint.json(t.data, shape: t.shape) { try out.write($0) }
                try out.write("}")
            }
            try out.write("}\n")
        case .text:
            for (i, (symbol, key, t)) in blocks.enumerated() {
                try out.write((i > 0 ? "\n" : "") + "\(symbol) (\(key)) \(t.shape.dimsText):\n")
                try GridPrint.text(t) { try out.write($0) }
            }
        }
        try out.flush()
    }

    static func result(of options: LayerOptions) throws -> Tensor {
        if options.op == .im2col {
            return try Im2col(input: try options.loadInput(), kernel: try options.loadKernel(), options: try options.convOptions()).matrix
        }
        return try options.layer().compute()
    }
}
