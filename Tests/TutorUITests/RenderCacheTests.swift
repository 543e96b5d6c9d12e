import ConvKit
import Testing
@testable import TutorUI

/// The stepper keeps its current step and each plane's value range instead of working them out
/// every frame; after an edit, a flip or an op switch it must draw what a fresh state draws.
@Suite struct RenderCacheTests {
    let size = Size(width: 120, height: 40)

    func fresh(like s: StepperState) throws -> StepperState {
        var f = try StepperState(spec: s.spec)
        (f.position, f.heatmap, f.message, f.showDot) = (s.position, s.heatmap, s.message, s.showDot)
        return f
    }

    @Test func anEditRescalesTheHeatmaps() throws {
        var r = UnitRandom(state: 3)
        let input = try Tensor(shape: [30, 30], data: (0..<900).map { _ in (r.unit() * 100).rounded() })
        var s = try StepperState(spec: LayerSpec(input: input, kernel: KernelPresets.named("x")!))
        for e: Event in [.right, .down, .char("e"), .char("-"), .char("5"), .char("0"), .char("0"), .enter, .escape, .right] { _ = s.update(e) }
        #expect(s.usesHeatmap && s.spec.input.data.contains(-500))
        #expect(try s.view(size) == fresh(like: s).view(size))
    }

    @Test func flipAndOpSwitchRenewTheStep() throws {
        var s = try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: try GridText.parse("1 2 0; 0 1 0; -1 0 3")))
        for e: Event in [.right, .right, .right, .char("f")] { _ = s.update(e) }
        #expect(s.step == s.trace[s.position])
        #expect(try s.view(size) == fresh(like: s).view(size))
        for e: Event in [.char("o"), .right, .char("d")] { _ = s.update(e) }
        #expect(s.step == s.trace[s.position])
        #expect(try s.view(size) == fresh(like: s).view(size))
    }
}

@Suite struct ValueStatsTests {
    /// The width is measured without formatting; it must still hold every value's text.
    @Test func widthHoldsEveryText() {
        var r = UnitRandom(state: 22)
        for _ in 0..<300 {
            let scale = [1e-320, 1e-8, 0.004, 1, 1e3, 9e8, 1e12, 9.9e12, 1e13, 1e19, 1e100][Int((r.unit() + 1) * 5.5) % 11]
            let values = (0..<Int((r.unit() + 1) * 4) + 1).map { _ in r.unit() * scale * (r.unit() < 0 ? 1 : 7) }
            let width = ValueStats(values).width
            for v in values { #expect(NumberFormat.short(v).count <= width, "\(v) → \(NumberFormat.short(v)) in \(width)") }
        }
    }


    /// The four-at-a-time scan must agree with the plain loop on every field, tails included.
    @Test func vectorScanMatchesTheLoop() {
        var r = UnitRandom(state: 21)
        for n in [0, 1, 3, 4, 5, 8, 13, 64, 1001] {
            for kind in 0..<6 {
                let values: [Double] = (0..<n).map { _ in
                    let u = (r.unit() + 1) / 2
                    switch kind {
                    case 0: return Double(Int(u * 512) - 256)            // whole, both signs
                    case 1: return u * 10                                  // fractions, positive
                    case 2: return r.unit() < -0.7 ? 0x1p53 + 2 : -u     // huge whole among negatives
                    case 3: return r.unit() < -0.6 ? 2.5 : Double(Int(u * 9))
                    case 4: return r.unit() < -0.8 ? -u * 1e-5 : u   // tiny values among fractions
                    default: return r.unit() < -0.8 ? u * 1e19 : (u * 1e12).rounded()   // exponents among long whole numbers
                    }
                }
                let fast = ValueStats(values), slow = ValueStats(AnySequence(values))
                #expect(fast.low == slow.low && fast.high == slow.high && fast.largest == slow.largest && fast.largestFixed == slow.largestFixed, "n \(n) kind \(kind)")
                #expect(fast.negative == slow.negative && fast.fractional == slow.fractional && fast.tiny == slow.tiny, "n \(n) kind \(kind)")
                #expect(fast.width == slow.width)
            }
        }
    }
}

