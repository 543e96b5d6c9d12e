import ConvKit
import Foundation
import Testing

/// `step --op max-pool` in a real (tmux) terminal (issue 16's acceptance): stepped to the end,
/// the screen shows the pooled output the engine computes, and says it is a max.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PoolTerminalTests {
    static let input = "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"

    @Test func maxPoolStepsToTheEnd() throws {
        let spec = LayerSpec(op: .maxPool, input: try GridText.parse(Self.input), kernel: LayerSpec.noKernel,
                             options: ConvOptions(stride: Pair(2, 2), poolSize: Pair(2, 2)))
        let grid = GradientTerminalTests.rows(try spec.layer().compute().reshaped([2, 2]))
        #expect(grid == [" 5  8", " 6  9"])
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --op max-pool --pool-size 2 --input '\(Self.input)'")
        #expect(t.wait { $0.contains("tap 1 of 16") }, "\(t.screen())")
        try t.keys("G")
        #expect(t.wait { $0.contains("max(9, 7, 3, 3) = 9") && GradientTerminalTests.shows(grid, on: $0) }, "\(grid) on \(t.screen())")
        #expect(t.screen().contains("not a sum of products: no weights"))
        try t.quitCleanly()
    }
}
