import ConvKit
import Foundation

/// A case of Fixtures/pool-cases.json (Scripts/gen_pool_fixtures.py, checked against PyTorch):
/// a max or average pool, or a convolution / im2col with a padding mode. Error cases have no
/// `expected` and an `error`.
struct PoolFixture: Decodable, CustomStringConvertible {
    struct Ints: Decodable { let shape: [Int]; let data: [Int] }
    struct Failure: Decodable { let kind: String; let axis: Int?; let padding: [Int]?; let size: Int? }
    let name: String
    let op: String
    let input: FixtureCase.Array
    let kernel: FixtureCase.Array?
    let bias: FixtureCase.Array?
    let poolSize: [Int]?
    let stride: [Int]
    let defaultStride: Bool?
    let padding: FixtureCase.PaddingValue
    let outputPadding: [Int]?
    let dilation: [Int]
    let groups: Int?
    let flip: Bool?
    let relu: Bool?
    let ceilMode: Bool?
    let paddingMode: String?
    let expected: FixtureCase.Array?
    let argmax: Ints?
    let divisor: Ints?
    let error: Failure?

    enum CodingKeys: String, CodingKey {
        case name, op, input, kernel, bias, stride, padding, dilation, groups, flip, relu, expected, argmax, divisor, error
        case poolSize = "pool_size", defaultStride = "default_stride", outputPadding = "output_padding"
        case ceilMode = "ceil_mode", paddingMode = "padding_mode"
    }

    var description: String { name }
    var isPool: Bool { op.hasSuffix("-pool") }

    /// The pool's options; the stride left out when the case took PyTorch's default.
    var poolOptions: PoolOptions {
        guard case .explicit(let p) = padding, let k = poolSize else { fatalError("\(name) is not a pool case") }
        return PoolOptions(
            size: Pair(k[0], k[1]), stride: defaultStride == true ? nil : Pair(stride[0], stride[1]),
            padding: Pair(p[0], p[1]), dilation: Pair(dilation[0], dilation[1]), ceilMode: ceilMode ?? false)
    }

    func pool() throws -> any ReductionLayer {
        op == "max-pool" ? try MaxPool(input: input.tensor, options: poolOptions) : try AvgPool(input: input.tensor, options: poolOptions)
    }

    var convOptions: ConvOptions {
        var o = FixtureCase.options(
            stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation,
            groups: groups ?? 1, flip: flip ?? false, relu: relu ?? false)
        o.paddingMode = PaddingMode(rawValue: paddingMode ?? "zeros")!
        return o
    }

    func layer() throws -> Layer {
        try Layer(op: Op(rawValue: op)!, input: input.tensor, kernel: kernel!.tensor, bias: bias?.tensor, options: convOptions)
    }

    static let all: [PoolFixture] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pool-cases.json")
        struct File: Decodable { let cases: [PoolFixture] }
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try! d.decode(File.self, from: Data(contentsOf: url)).cases
    }()
}

/// Equal to 1e-12 relative (absolute near zero), with NaN equal to NaN and infinities exact.
func veryClose(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        x.isNaN || y.isNaN || x.isInfinite || y.isInfinite ? x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) : abs(x - y) <= 1e-12 * max(1, abs(y))
    }
}

/// Every cell's finished value as the trace ends it, walked forward: the last step's running
/// value through `finish(output:sum:)`.
func tracedOutputs(_ op: any ReductionLayer) -> [Double] {
    ReductionTrace(op).filter(\.isLastTerm).map { op.finish(output: $0.outputFlat, sum: $0.sum) }
}

extension [Double] {
    var bits: [UInt64] { map(\.bitPattern) }
}
