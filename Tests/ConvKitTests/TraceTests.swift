import ConvKit
import Testing

@Suite(.timeLimit(.minutes(10))) struct TraceTests {
    let seed = try! Layer(op: .conv2d, input: GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0"),
                          kernel: GridText.parse("1 0 1; 0 1 0; 1 0 1"))

    @Test func seedFirstOutputIsFour() {
        let trace = Trace(seed)
        #expect(trace.count == 81)
        let ninth = trace[8]
        #expect(ninth.isLastTerm && ninth.sum == 4 && ninth.output == [0, 0, 0])
        #expect(trace.map(\.sum).enumerated().filter { $0.offset % 9 == 8 }.map(\.element) == [4, 3, 4, 2, 4, 3, 2, 3, 4])
    }

    @Test func paddingStepsCarryNoInput() throws {
        let layer = try Layer(op: .conv2d, input: GridText.parse("1 2; 3 4"), kernel: GridText.parse("1 1 1; 1 1 1; 1 1 1"),
                              options: ConvOptions(padding: .explicit(Pair(1, 1))))
        let first = Trace(layer)[0]
        #expect(first.term.input == nil)
        #expect(first.term.window == [0, -1, -1])
        #expect(first.x == 0 && first.w == 1)
    }

    @Test func flipPairsWindowTopLeftWithKernelBottomRight() throws {
        let layer = try Layer(op: .conv2d, input: GridText.parse("1 2; 3 4"), kernel: GridText.parse("1 2; 3 4"),
                              options: ConvOptions(flip: true))
        let step = Trace(layer)[0]
        #expect(step.term.input == [0, 0, 0] && step.term.weight == [0, 0, 1, 1] && step.w == 4)
        let expected: Double = 1 * 4 + 2 * 3 + 3 * 2 + 4 * 1
        #expect(layer.compute().data == [expected])
    }

    @Test func biasAndReluComeAfterTheLastProduct() throws {
        let layer = try Layer(op: .dense, input: GridText.parse("1 2 3"), kernel: GridText.parse("1 1 1; -1 -1 -1"),
                              bias: GridText.parse("0.5 1"), options: ConvOptions(relu: true))
        let trace = Trace(layer)
        #expect(trace[2].sum == 6 && layer.finish(output: 0, sum: trace[2].sum) == 6.5)
        #expect(trace[5].sum == -6 && layer.finish(output: 1, sum: trace[5].sum) == 0)
        #expect(trace[4].term.weight == [1, 1] && trace[4].term.input == [0, 1])
    }

    /// A trace of 10¹² steps over a layer whose output alone would need 800 MB costs nothing to
    /// create, and any step is reached directly: memory stays flat throughout.
    @Test func hugeTraceIsLazy() throws {
        let input = try Tensor.zeros([64, 1, 1])
        let kernel = try Tensor(shape: [1, 64, 13, 13], data: Array(repeating: 1, count: 64 * 13 * 13))
        let before = peakResidentBytes()
        let layer = try Layer(op: .conv2d, input: input, kernel: kernel, options: ConvOptions(padding: .explicit(Pair(5_005, 5_005))))
        let trace = Trace(layer)
        #expect(layer.outputShape == [1, 9_999, 9_999])
        #expect(trace.count == 9_999 * 9_999 * 64 * 13 * 13 && trace.count > 1_000_000_000_000)
        let last = trace[trace.count - 1]
        #expect(last.output == [0, 9_998, 9_998] && last.isLastTerm && last.term.input == nil)
        // The kernel's centre (term 10731 of 10816) over the single pixel of the last channel.
        let centre = trace[trace.lastStep(ofOutput: 4_999 * 9_999 + 4_999) - 84]
        #expect(centre.output == [0, 4_999, 4_999] && centre.term.input == [63, 0, 0])
        #expect(peakResidentBytes() - before < 256 << 20)
    }
}
