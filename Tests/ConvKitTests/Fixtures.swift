import ConvKit
import Foundation

/// The golden cases written by Scripts/gen_fixtures.py from numpy/scipy.
struct FixtureCase: Decodable {
    struct Array: Decodable {
        let shape: [Int]
        let data: [Double]
        var tensor: Tensor { try! Tensor(shape: shape, data: data) }
    }
    let name: String
    let op: String
    let input: Array
    let kernel: Array
    let bias: Array?
    let stride: [Int]
    let padding: PaddingValue
    /// conv-transpose's output_padding; absent in files written before it existed.
    let outputPadding: [Int]?
    let dilation: [Int]
    let groups: Int
    let flip: Bool
    let relu: Bool
    let expected: Array

    enum CodingKeys: String, CodingKey {
        case name, op, input, kernel, bias, stride, padding, dilation, groups, flip, relu, expected
        case outputPadding = "output_padding"
    }

    enum PaddingValue: Decodable {
        case named(String), explicit([Int])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .named(s) } else { self = .explicit(try c.decode([Int].self)) }
        }
    }

    var options: ConvOptions {
        Self.options(stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups, flip: flip, relu: relu)
    }

    /// The options as gen_fixtures.py writes them (grad-cases.json nests the same keys).
    static func options(stride: [Int], padding: PaddingValue, outputPadding: [Int]?, dilation: [Int], groups: Int, flip: Bool, relu: Bool) -> ConvOptions {
        let pad: Padding
        switch padding {
        case .named("same"): pad = .same
        case .named("full"): pad = .full
        case .named: pad = .valid
        case .explicit(let p): pad = .explicit(Pair(p[0], p[1]))
        }
        let op = outputPadding ?? [0, 0]
        return ConvOptions(
            stride: Pair(stride[0], stride[1]), padding: pad, outputPadding: Pair(op[0], op[1]),
            dilation: Pair(dilation[0], dilation[1]), groups: groups, flip: flip, relu: relu)
    }

    var operation: Op { Op(rawValue: op)! }

    /// Over 2^20 products, so compute() splits it across threads; walking its trace step by step
    /// takes too long in a debug build (sampled steps are checked in ComputeMatchesTraceFuzzTests).
    var isThreaded: Bool { name.hasPrefix("threaded-") }

    static let all: [FixtureCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/cases.json")
        struct File: Decodable { let cases: [FixtureCase] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()
}

/// numpy's default closeness for our purposes: 1e-9 relative, with an absolute floor near zero.
func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

func allClose(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy(close) }
