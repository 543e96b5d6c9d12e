import ArgumentParser
import ConvKit

struct Kernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the kernel presets that --kernel accepts by name, with their grids.",
        discussion: "Example: convtutor step --input picture.txt --kernel sobel-x")

    func run() throws {
        try reportingErrors {
            var out = OutputStream()
            for p in KernelPresets.all {
                try out.write("\(p.name): \(p.summary)\n")
                let cells = (0..<p.kernel.shape[0]).map { r in (0..<p.kernel.shape[1]).map { NumberFormat.short(p.kernel[[r, $0]], digits: 4) } }
                let width = cells.flatMap { $0 }.map(\.count).max() ?? 1
                for row in cells {
                    try out.write("    " + row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ") + "\n")
                }
                try out.write("\n")
            }
            try out.flush()
        }
    }
}
