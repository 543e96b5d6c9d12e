import ConvKit
import Foundation
import Testing

/// A case of Fixtures/compose-cases.json (Scripts/gen_stack_fixtures.py): two stacked
/// stride-1 'valid' convolutions and the one layer numpy proved equal to them.
struct ComposeFixture: Decodable, CustomStringConvertible {
    let name: String
    let flip: Bool
    let input, kernel1, kernel2, kernel, expected: FixtureCase.Array
    let bias1, bias2, bias: FixtureCase.Array?
    var description: String { name }

    static let all: [ComposeFixture] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/compose-cases.json")
        struct File: Decodable { let cases: [ComposeFixture] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()
}

@Suite(.timeLimit(.minutes(10))) struct KernelCompositionTests {
    @Test func fixturesCoverBiasesRanksAndFlip() {
        let all = ComposeFixture.all
        #expect(all.count >= 20 && all.contains(where: \.flip) && all.contains { $0.bias == nil })
        #expect(Set(all.map(\.kernel.shape.count)) == [2, 3, 4])
    }

    /// The composed kernel and bias are numpy's, and ConvKit's own conv2d agrees that the
    /// stack and the one layer compute the same output.
    @Test(arguments: ComposeFixture.all)
    func composedLayerEqualsTheStack(_ c: ComposeFixture) throws {
        let (k, b) = try KernelComposition.compose(first: c.kernel1.tensor, bias: c.bias1?.tensor, then: c.kernel2.tensor, bias: c.bias2?.tensor)
        #expect(k.shape == c.kernel.shape && allClose(k.data, c.kernel.data), "\(c.name): \(k.data)")
        #expect(b?.shape == c.bias?.shape && allClose(b?.data ?? [], c.bias?.data ?? []), "\(c.name)")
        let options = ConvOptions(flip: c.flip)
        let hidden = try Layer(op: .conv2d, input: c.input.tensor, kernel: c.kernel1.tensor, bias: c.bias1?.tensor, options: options).compute()
        let stacked = try Layer(op: .conv2d, input: hidden, kernel: c.kernel2.tensor, bias: c.bias2?.tensor, options: options).compute()
        let once = try Layer(op: .conv2d, input: c.input.tensor, kernel: k, bias: b, options: options).compute()
        #expect(stacked.shape == c.expected.shape && allClose(stacked.data, c.expected.data), "\(c.name)")
        #expect(once.shape == c.expected.shape && allClose(once.data, c.expected.data), "\(c.name)")
    }

    /// Two 3×3 box sums are one 5×5 kernel: the outer product of 1 2 3 2 1.
    @Test func twoBoxesMakeAPyramid() throws {
        let ones = try Tensor(shape: [3, 3], data: Array(repeating: 1, count: 9))
        let (k, b) = try KernelComposition.compose(first: ones, bias: nil, then: ones, bias: nil)
        let edge: [Double] = [1, 2, 3, 2, 1]
        #expect(k.shape == [5, 5] && k.data == edge.flatMap { r in edge.map { r * $0 } } && b == nil)
    }

    @Test func mismatchedChannelsAndBiasesAreNamed() throws {
        let k1 = try Tensor.zeros([2, 3, 3, 3]), k2 = try Tensor.zeros([4, 3, 3, 3])
        #expect(throws: ConvError("the second kernel [4,3,3,3] reads 3 channels but the first kernel [2,3,3,3] makes 2 channels")) {
            try KernelComposition.compose(first: k1, bias: nil, then: k2, bias: nil)
        }
        #expect(throws: ConvError("the bias of layer 1's kernel is [3] but it has 2 output channels")) {
            try KernelComposition.compose(first: k1, bias: try Tensor.zeros([3]), then: try Tensor.zeros([3, 2, 1, 1]), bias: nil,
                                          naming: ("layer 1's kernel", "layer 2's kernel"))
        }
        #expect(throws: ConvError("the first kernel must be [kh,kw], [C,kh,kw] or [Cout,Cin,kh,kw] with every dimension at least 1; got [3]")) {
            try KernelComposition.compose(first: try Tensor.zeros([3]), bias: nil, then: k2, bias: nil)
        }
    }
}
