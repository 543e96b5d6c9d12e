import ConvKit
import Testing
@testable import TutorUI

/// The transposed views name what the layer is given: original input cells, weights of the
/// kernel as given, one index format (issue 13 §5).
@Suite struct TransposedNamingTests {
    let size = Size(width: 80, height: 24)

    /// The index in `name` ("input (1,0)", "weight (0,1,2,2)"), read back into the tensor's own
    /// full index; nil for a name without one.
    static func index(_ name: String, in shape: [Int]) -> [Int]? {
        guard let open = name.firstIndex(of: "("), let close = name.firstIndex(of: ")") else { return nil }
        let shown = name[name.index(after: open)..<close].split(separator: ",").compactMap { Int($0) }
        return Array(repeating: 0, count: shape.count - shown.count) + shown
    }

    static func value(_ t: Tensor, _ index: [Int]) -> Double {
        t.data[zip(index, Tensor.strides(t.shape)).reduce(0) { $0 + $1.0 * $1.1 }]
    }

    static let layers: [(String, String, ConvOptions)] = [
        ("1 2; 3 4", "1 0 1; 0 1 0; 1 1 0", ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1)), outputPadding: Pair(1, 1))),
        ("1 2 0; 3 4 1; 0 1 2", "1 2; 3 4", ConvOptions()),
        ("1 2; 3 4 | 5 6; 7 8", "1 2; 3 4 | 0 1; 1 0 || 2 0; 0 2 | 1 1; 1 1", ConvOptions(stride: Pair(2, 1))),
    ]

    /// Every step of the direct view: the named input times the named weight, looked up in the
    /// layer as given, is the product the screen shows; zeros are named as inserted or padding.
    @Test func directViewNamesOriginalInputsAndGivenWeights() throws {
        for (x, k, options) in Self.layers {
            let spec = try LayerSpec(op: .convTranspose, input: GridText.parse(x), kernel: GridText.parse(k), options: options)
            guard case .transposed(let t) = try spec.layer() else { Issue.record("not transposed"); return }
            var s = try StepperState(spec: spec)
            var zeros: Set<String> = []
            for p in 0..<s.trace.count {
                s.position = p
                let (source, weight, _) = s.nowNames
                let w = try #require(Self.index(weight, in: t.weight.shape), "\(weight)")
                #expect(weight.hasPrefix("weight ") && Self.value(t.weight, w) == s.step.w, "step \(p): \(weight) is not \(s.step.w)")
                if source.hasPrefix("input ") {
                    let i = try #require(Self.index(source, in: t.input.shape))
                    #expect(Self.value(t.input, i) * Self.value(t.weight, w) == s.step.product, "step \(p): \(source) × \(weight)")
                    guard case .input(let y, let x) = s.equivalent!.source(y: s.step.term.window[1], x: s.step.term.window[2]) else {
                        Issue.record("step \(p): \(source) names a zero cell"); continue
                    }
                    #expect([y, x] == Array(i.suffix(2)), "step \(p): \(source) is the cell under the window")
                } else {
                    #expect(s.step.x == 0, "step \(p): \(source)")
                    zeros.insert(source)
                }
            }
            if options.stride != .one { #expect(zeros == ["inserted zero", "padding zero"]) }
        }
    }

    /// One index format on both views: out(y,x) for a single output channel, in the scatter
    /// view as in the direct one and in the equations.
    @Test func bothViewsWriteOutputsTheSameWay() throws {
        let spec = try LayerSpec(op: .convTranspose, input: GridText.parse("1 2; 3 4"), kernel: GridText.parse("1 0 1; 0 1 0; 1 1 0"), options: ConvOptions(stride: Pair(2, 2)))
        var v = try TransposedViews(spec: spec)
        for e: Event in [.down, .right, .right] { _ = v.update(e) }
        let scatter = v.view(size).text
        #expect(scatter.contains(" out(0,3) += ") && scatter.contains(" now: input (0,1) = 2  ×  weight (0,1) = 0"))
        _ = v.update(.char("v"))
        let direct = v.view(size).text
        #expect(direct.contains(" out(0,3) = ") && direct.contains("output (0,3) · "))
        #expect(direct.contains("layer: stride 2, pad 0") && !direct.contains("stride 1"), "the layer's options, not the stride-1 conv's")
        _ = v.update(.left)
        #expect(v.view(size).text.contains("now: input (0,1) = 2  ×  weight (0,1) = 0"), "the same product, named the same way")
    }
}
