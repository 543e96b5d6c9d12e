import ArgumentParser
import ConvKit

struct Kernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the kernel presets that --kernel accepts by name, with their grids.",
        discussion: HelpText.discussion([
            "Pictures to run them over, bundled with the lessons, are --input names too: \(BundledPictures.names.joined(separator: ", ")).",
        ], examples: ["step --input digit-7-32 --kernel sobel-x"]))

    @Argument(help: "Show only these presets (default: all).")
    var names: [String] = []

    func validate() throws {
        for name in names where KernelPresets.named(name) == nil {
            throw ValidationError("no kernel preset named '\(name)'; there are \(KernelPresets.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingErrors {
            var out = OutputStream()
            // Names match as --kernel matches them (any case), in the order given.
            let chosen = names.isEmpty ? KernelPresets.all : names.compactMap { KernelPresets.preset(named: $0) }
            for (n, p) in chosen.enumerated() {
                if n > 0 { try out.write("\n") }
                try out.write("\(p.name): \(p.summary)\n")
                let cells = (0..<p.kernel.shape[0]).map { r in (0..<p.kernel.shape[1]).map { NumberFormat.short(p.kernel[[r, $0]], digits: 4) } }
                let width = cells.flatMap { $0 }.map(\.count).max() ?? 1
                for row in cells {
                    try out.write("    " + row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ") + "\n")
                }
            }
            try out.flush()
        }
    }
}
