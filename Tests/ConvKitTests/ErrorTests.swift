import ConvKit
import Testing

@Suite struct ErrorTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }
    let x5 = try! GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0")

    @Test func outputSmallerThanOneNamesTheNumbers() throws {
        let m = message { _ = try Layer(op: .conv2d, input: x5, kernel: Tensor.zeros([7, 7])) }
        #expect(m == "no output rows: the padded input has 5 rows (5 + 0 + 0) but the kernel spans 7 (dilation 1 · (7 − 1) + 1); floor((5 − 7) / 1) + 1 < 1")
        let d = message { _ = try Layer(op: .conv2d, input: x5, kernel: Tensor.zeros([3, 3]), options: ConvOptions(dilation: Pair(3, 3))) }
        #expect(d == "no output rows: the padded input has 5 rows (5 + 0 + 0) but the kernel spans 7 (dilation 3 · (3 − 1) + 1); floor((5 − 7) / 1) + 1 < 1")
        // Columns are named as such, with their own padding and stride.
        let w = message { _ = try Layer(op: .conv2d, input: x5, kernel: Tensor.zeros([1, 4]), options: ConvOptions(stride: Pair(1, 2), padding: .explicit(Pair(0, 1)), dilation: Pair(1, 3))) }
        #expect(w == "no output columns: the padded input has 7 columns (5 + 1 + 1) but the kernel spans 10 (dilation 3 · (4 − 1) + 1); floor((7 − 10) / 2) + 1 < 1")
        // One of a kind is singular.
        let one = message { _ = try Layer(op: .conv2d, input: try GridText.parse("1; 2; 3"), kernel: Tensor.zeros([1, 2])) }
        #expect(one == "no output columns: the padded input has 1 column (1 + 0 + 0) but the kernel spans 2 (dilation 1 · (2 − 1) + 1); floor((1 − 2) / 1) + 1 < 1")
    }

    @Test func shapeProblemsAreRefusedWithReasons() throws {
        let c3 = try Tensor.zeros([3, 4, 4])
        #expect(message { _ = try Layer(op: .conv2d, input: c3, kernel: Tensor.zeros([2, 2])) }.contains("3 channels"))
        #expect(message { _ = try Layer(op: .conv2d, input: c3, kernel: Tensor.zeros([2, 3, 2, 2]), options: ConvOptions(groups: 2)) }.contains("does not divide"))
        #expect(message { _ = try Layer(op: .conv2d, input: c3, kernel: Tensor.zeros([2, 2, 2, 2])) }.contains("expects 2 input channel"))
        #expect(message { _ = try Layer(op: .conv2d, input: c3, kernel: Tensor.zeros([1, 3, 2, 2]), bias: Tensor.zeros([2])) }.contains("--bias has 2"))
        #expect(message { _ = try Layer(op: .depthwise, input: c3, kernel: Tensor.zeros([2, 2, 2])) }.contains("depthwise"))
        #expect(message { _ = try Layer(op: .pointwise, input: c3, kernel: Tensor.zeros([2, 3, 3])) }.contains("pointwise"))
        #expect(message { _ = try Layer(op: .dense, input: c3, kernel: Tensor.zeros([2, 47])) }.contains("47") == true)
        #expect(message { _ = try Layer(op: .dense, input: c3, kernel: Tensor.zeros([2, 47])) }.contains("48"))
        #expect(message { _ = try Layer(op: .conv2d, input: Tensor.zeros([2, 2, 2, 2]), kernel: Tensor.zeros([1, 1])) }.contains("[H,W] or [C,H,W]"))
        #expect(message { _ = try Layer(op: .im2col, input: c3, kernel: Tensor.zeros([1, 1])) }.contains("im2col"))
    }

    @Test func emptyTensorsAreRefused() throws {
        #expect(message { _ = try Layer(op: .conv2d, input: Tensor.zeros([0, 5, 5]), kernel: Tensor.zeros([0, 3, 3])) }.contains("is empty"))
        #expect(message { _ = try Layer(op: .conv2d, input: Tensor.zeros([5, 5]), kernel: Tensor.zeros([3, 0])) }.contains("is empty"))
    }

    @Test func optionLimits() throws {
        let k = try Tensor.zeros([3, 3])
        #expect(message { _ = try Layer(op: .conv2d, input: x5, kernel: k, options: ConvOptions(stride: Pair(0, 1))) }.contains("--stride"))
        #expect(message { _ = try Layer(op: .conv2d, input: x5, kernel: k, options: ConvOptions(dilation: Pair(1, 0))) }.contains("--dilation"))
        #expect(message { _ = try Layer(op: .conv2d, input: x5, kernel: k, options: ConvOptions(groups: 0)) }.contains("--groups"))
        #expect(message { _ = try Layer(op: .conv2d, input: x5, kernel: k, options: ConvOptions(stride: Pair(2, 2), padding: .same)) }.contains("stride 1"))
        #expect(message { _ = try Layer(op: .conv2d, input: x5, kernel: k, options: ConvOptions(padding: .explicit(Pair(-1, 0)))) }.contains("negative"))
    }

    @Test func valuesThatCouldOverflowAreRefused() throws {
        let big = try GridText.parse("1e308 1")
        #expect(message { _ = try Layer(op: .conv2d, input: big, kernel: Tensor.zeros([1, 1])) }.contains("±1e100"))
        #expect(message { _ = try Layer(op: .dense, input: Tensor.zeros([2]), kernel: big) }.contains("--kernel value 1e+308"))
    }

    @Test func hugeSizesAreRefusedBeforeAllocating() {
        #expect(message { _ = try Tensor.zeros([100_000, 100_000]) }.contains("too large"))
        #expect(message { _ = try Tensor.zeros([Int.max, 3]) }.contains("too large"))
        // Padding can make the output, not the input, the huge part.
        #expect(message {
            _ = try Layer(op: .conv2d, input: Tensor.zeros([1, 1]), kernel: Tensor.zeros([1, 1]), options: ConvOptions(padding: .explicit(Pair(10_000, 10_000))))
        }.contains("the output [1,20001,20001] would have more than"))
    }
}
