import ArgumentParser
import ConvKit
import TutorUI
import Foundation

struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the whole result of an operation (numbers match numpy/scipy/PyTorch).",
        discussion: HelpText.discussion([], examples: [
            "compute --format json",
            "compute --input \"1 2 3; 4 5 6; 7 8 9\" --kernel \"1 0; 0 -1\" --padding 1",
            "compute --op im2col --stride 2",
            "compute --op conv-transpose --input \"1 2; 3 4\" --kernel \"1 1; 1 1\" --stride 2",
        ]))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var layer: LayerOptions
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Also write the result as a float64 .npy file.", valueName: "file.npy"))
    var output: String?

    func run() throws {
        try reportingErrors {
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

    static func result(of options: LayerOptions) throws -> Tensor {
        if options.op == .im2col {
            return try Im2col(input: try options.loadInput(), kernel: try options.loadKernel(), options: try options.convOptions()).matrix
        }
        return try options.layer().compute()
    }
}
