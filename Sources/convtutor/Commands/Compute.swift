import ArgumentParser
import ConvKit
import TutorUI
import Foundation

struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the whole result of an operation (numbers match numpy/scipy/PyTorch).",
        discussion: HelpText.discussion([
            "With --stack FILE compute prints the stack's output, its last layer's; --all prints every layer's in order (json: a list of {\"op\", \"shape\", \"data\"}); --compose prints the one conv2d kernel and bias equal to the whole stack, when every layer is a conv2d of stride 1, dilation 1, groups 1, no padding and no ReLU (json: {\"op\", \"kernel\", \"bias\"}, bias null when no layer has one).",
            "With --grad-output (dL/dY, in the output's shape) compute prints the backward pass instead: dL/dW, dL/dX and dL/db, as PyTorch's autograd gives them without the batch dimension. dW is [Cout, Cin/groups, kh, kw] (dense: [N, fan-in]), dX has the input's shape as given, db is [Cout] (reported whether or not the layer has a bias). With --relu, dY is what reaches the output after the ReLU. json: {\"op\", \"grad_input\", \"grad_weight\", \"grad_bias\"}, each {\"shape\", \"data\"}. max-pool and avg-pool have no weights: dX alone (json: grad_weight and grad_bias are null). max-pool routes each dY cell to its window's argmax (a cell that wins several windows adds them); avg-pool spreads dY ÷ the window's divisor over its taps inside the input.",
        ], examples: [
            "compute --format json",
            "compute --input \"1 2 3; 4 5 6; 7 8 9\" --kernel \"1 0; 0 -1\" --padding 1",
            "compute --op im2col --stride 2",
            "compute --op conv-transpose --input \"1 2; 3 4\" --kernel \"1 1; 1 1\" --stride 2",
            "compute --grad-output \"1 0 0; 0 0 0; 0 0 -1\"",
            "compute --op max-pool --pool-size 2 --input \"1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3\" --grad-output \"1 2; 3 4\"",
            "compute --stack Examples/conv-pool-conv.yaml --all",
            "compute --stack Examples/two-3x3.yaml --compose",
        ]))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var layer: LayerOptions
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Also write the result as a float64 .npy file.", valueName: "file.npy"))
    var output: String?
    @OptionGroup var dY: GradOutputOption
    /// Only to say why: compute prints every gradient, where step and trace follow one.
    @Option(help: .hidden) var wrt: String?
    @OptionGroup var stack: StackOption
    @Flag(help: "With --stack: print every layer's output, in order.") var all = false
    @Flag(help: "With --stack: print the one kernel equal to the stack of linear stride-1 'valid' conv2d layers.") var compose = false

    func validate() throws {
        if wrt != nil { throw ValidationError("--wrt is for step and trace, which follow one gradient; with --grad-output, compute prints them all") }
        try stack.refuse(layer)
        try layer.validateLayer(gradient: dY.gradOutput != nil)
        if stack.stack == nil, let flag = all ? "--all" : compose ? "--compose" : nil {
            throw ValidationError("\(flag) needs --stack FILE: it works on a stack of layers")
        }
        if stack.stack != nil, dY.gradOutput != nil { throw ValidationError("--grad-output does not apply with --stack: a stack is computed forward only") }
        if all, compose { throw ValidationError("--all and --compose print different things; give one") }
        if output != nil, all || compose { throw ValidationError("--output writes one tensor, the stack's output; leave out \(all ? "--all" : "--compose")") }
        if output != nil, dY.gradOutput != nil {
            throw ValidationError("--output writes one tensor; with --grad-output use --format json")
        }
    }

    func run() throws {
        try reportingErrors {
            if let dY = try dY.load() { return try backward(dY) }
            if let stack = try stack.load() { return try show(stack) }
            let result = try Self.result(of: layer)
            if let output { try FileOutput.write(NPY.encode(result), to: output, option: "--output") }
            var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
            try show(result, of: layer.op, to: &out)
            try out.write(format == .json ? "\n" : "")
            try out.flush()
        }
    }

    /// One output as compute prints any: an aligned grid, or {"op", "shape", "data"}.
    private func show(_ result: Tensor, of op: Op, to out: inout OutputStream) throws {
        switch format {
        case .json:
            try out.write("{\"op\": \"\(op.rawValue)\", ")
            try GridPrint.jsonFields(result) { try out.write($0) }
            try out.write("}")
        case .text:
            try GridPrint.text(result) { try out.write($0) }
        }
    }

    /// The stack's output, every layer's (--all), or the one kernel equal to it (--compose).
    private func show(_ stack: Stack) throws {
        var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
        if compose {
            let (kernel, bias) = try KernelComposition.compose(stack)
            switch format {
            case .json:
                try out.write("{\"op\": \"conv2d\", \"kernel\": {")
                try GridPrint.jsonFields(kernel) { try out.write($0) }
                try out.write("}, \"bias\": ")
                if let bias {
                    try out.write("{")
                    try GridPrint.jsonFields(bias) { try out.write($0) }
                    try out.write("}")
                } else {
                    try out.write("null")
                }
                try out.write("}\n")
            case .text:
                try out.write("kernel \(kernel.shape.shapeText):\n")
                try GridPrint.text(kernel) { try out.write($0) }
                try out.write("\nbias" + (bias.map { " \($0.shape.shapeText):\n" } ?? ": none\n"))
                if let bias { try GridPrint.text(bias) { try out.write($0) } }
            }
            return try out.flush()
        }
        let outputs = stack.outputs
        if let output { try FileOutput.write(NPY.encode(outputs[outputs.count - 1]), to: output, option: "--output") }
        let shown = all ? Array(outputs.indices) : [outputs.count - 1]
        try out.write(format == .json && all ? "[\n" : "")
        for i in shown {
            let op = stack.specs[i].op
            switch format {
            case .json: try out.write(all ? (i > 0 ? ",\n  " : "  ") : "")
            case .text: try out.write(all ? (i > 0 ? "\n" : "") + "layer \(i + 1) (\(op.rawValue)) \(outputs[i].shape.shapeText):\n" : "")
            }
            try show(outputs[i], of: op, to: &out)
        }
        try out.write(format == .json ? (all ? "\n]\n" : "\n") : "")
        try out.flush()
    }

    /// The layer's gradients, each headed (text) or keyed (json) by its name; a pool has dX alone
    /// (text says so, json writes null for the others).
    private func backward(_ dY: Tensor) throws {
        let g = try layer.layer().backward(gradOutput: dY, named: "--grad-output")
        let blocks = [("dL/dW", "grad_weight", g.weight), ("dL/dX", "grad_input", g.input), ("dL/db", "grad_bias", g.bias)]
        var out = OutputStream(charset: format == .json ? .unicode : Charset.current)
        switch format {
        case .json:
            try out.write("{\"op\": \"\(layer.op.rawValue)\"")
            for (_, key, t) in [blocks[1], blocks[0], blocks[2]] {
                try out.write(", \"\(key)\": ")
                guard let t else {
                    try out.write("null")
                    continue
                }
                try out.write("{")
                try GridPrint.jsonFields(t) { try out.write($0) }
                try out.write("}")
            }
            try out.write("}\n")
        case .text:
            if g.weight == nil { try out.write("\(layer.op.rawValue) has no weights: dL/dX is its only gradient.\n\n") }
            for (i, (symbol, key, t)) in blocks.compactMap({ b in b.2.map { (b.0, b.1, $0) } }).enumerated() {
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
