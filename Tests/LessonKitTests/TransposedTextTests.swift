import ConvKit
import Testing
@testable import LessonKit

/// Plain mode says what a transposed convolution does: the kernel as given, the rotated one
/// its sums use, inserted and padding zeros told apart (issue 13 §5).
@Suite struct TransposedTextTests {
    static let spec = LayerSpec(op: .convTranspose, input: try! GridText.parse("1 2; 3 4"), kernel: try! GridText.parse("1 0 1; 0 1 0; 1 1 0"),
                                options: ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1))))

    @Test func summaryAndOperandsNameTheTransposedConvolution() throws {
        let layer = try Self.spec.layer()
        let summary = TraceText.summary(Self.spec, layer)
        #expect(summary.contains("transposed convolution") && !summary.contains("cross-correlation"), "\(summary)")
        #expect(TraceText.operands(Self.spec) == """
            input 2×2:
              1 2
              3 4
            kernel as given 3×3:
              1 0 1
              0 1 0
              1 1 0
            kernel rotated 180° (what the sums below use) 3×3:
              0 1 1
              0 1 0
              1 0 1
            input with zeros inserted and padded (what the sums slide over) 5×5:
              0 0 0 0 0
              0 1 0 2 0
              0 0 0 0 0
              0 3 0 4 0
              0 0 0 0 0
            """, "hostile QA F12: plain mode names the grid a prediction's factors are in")
    }

    @Test func sumsTellInsertedZerosFromPadding() throws {
        let layer = try Self.spec.layer()
        let trace = Trace(layer)
        let eq = TraceText.equation(layer, trace, output: 0, products: 9)
        #expect(eq[0] == "out(0,0) = 0(pad)·0 + 0(pad)·1 + 0(pad)·1 + 0(pad)·0 + 1·1 + 0(inserted)·0 + 0(pad)·1 + 0(inserted)·0 + 0(inserted)·1 = 1")
        #expect(TraceText.describe(trace[4], in: layer) == "input (0,0) = 1 × weight (1,1) = 1")
        #expect(TraceText.describe(trace[5], in: layer) == "inserted zero = 0 × weight (1,0) = 0")
        #expect(TraceText.describe(trace[0], in: layer) == "padding zero = 0 × weight (2,2) = 0")
    }

    /// One format for positions everywhere: (y,x) for a single plane, the full index otherwise.
    @Test func positionsDropOnlyLeadingAxesOfSizeOne() {
        #expect(Position.text([0, 1, 3], in: [1, 5, 5]) == "(1,3)")
        #expect(Position.text([2, 1, 3], in: [3, 5, 5]) == "(2,1,3)")
        #expect(Position.text([0, 0, 2, 1], in: [1, 1, 3, 3]) == "(2,1)")
        #expect(Position.text([0, 1, 2, 1], in: [1, 2, 3, 3]) == "(0,1,2,1)")
        #expect(Position.text([0, -1, 0], in: [1, 5, 5]) == "(-1,0)")
        #expect(Position.text([1, 40], in: [2, 75]) == "(1,40)")
        #expect(Position.among(1, 2) == "1 (2 of 2)")
    }
}
