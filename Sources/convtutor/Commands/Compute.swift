import ArgumentParser
import ConvKit
import Foundation

struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the whole result of an operation (numbers match numpy/scipy/PyTorch).",
        discussion: """
            Examples:
              convtutor compute --format json
              convtutor compute --input "1 2 3; 4 5 6; 7 8 9" --kernel "1 0; 0 -1" --padding 1
              convtutor compute --op im2col --stride 2
              convtutor compute --op conv-transpose --input "1 2; 3 4" --kernel "1 1; 1 1" --stride 2
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var layer: LayerOptions
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Also write the result as a float64 .npy file.", valueName: "file.npy"))
    var output: String?

    func run() throws {
        try reportingErrors {
            let result = try Self.result(of: layer)
            if let output { try FileOutput.write(NPY.encode(result), to: output, option: "--output") }
            var out = OutputStream()
            switch format {
            case .json:
                try out.write("{\"op\": \"\(layer.op.rawValue)\", \"shape\": \(result.shape.shapeText), \"data\": \(NumberFormat.jsonNested(result.data, shape: result.shape))}\n")
            case .text:
                try out.write(GridPrinter.text(result, op: layer.op))
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

/// Aligned plain-text grids: what `compute` prints and what screen readers read.
enum GridPrinter {
    static func text(_ t: Tensor, op: Op) -> String {
        switch t.rank {
        case 1: return table([t.data])
        case 2: return table(rows(t.data, width: t.shape[1]))
        default:
            let plane = t.shape[1] * t.shape[2]
            return (0..<t.shape[0]).map { c in
                let grid = table(rows(Array(t.data[(c * plane)..<((c + 1) * plane)]), width: t.shape[2]))
                return t.shape[0] == 1 ? grid : "channel \(c):\n" + grid
            }.joined(separator: "\n")
        }
    }

    static func rows(_ data: [Double], width: Int) -> [[Double]] {
        stride(from: 0, to: data.count, by: max(width, 1)).map { Array(data[$0..<min($0 + width, data.count)]) }
    }

    static func table(_ rows: [[Double]]) -> String {
        let cells = rows.map { $0.map(NumberFormat.exact) }
        let width = cells.flatMap { $0 }.map(\.count).max() ?? 1
        return cells.map { row in
            row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
    }
}
