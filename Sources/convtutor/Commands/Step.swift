import ArgumentParser
import ConvKit

struct Step: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Step a kernel over a grid in the terminal, product by product (the default command).")

    @OptionGroup var layer: LayerOptions

    func run() throws {
        try reportingErrors {
            _ = try layer.layer()
            throw ConvError("the stepper is not built yet; try 'convtutor trace'")
        }
    }
}
