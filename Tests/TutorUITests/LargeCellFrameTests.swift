import ConvKit
import Testing
@testable import TutorUI

/// A dW or db cell of a big picture sums over every output position: a million terms for a
/// 1000×1000 input. A frame must cost what fits on the screen, whatever a cell sums (F7).
@Suite struct LargeCellFrameTests {
    /// The most terms one frame may fetch: the equation's window and the sums up to it.
    static let frameBudget = 4 * StepperState.anchorReach

    static func spec(_ wrt: GradientTarget, side: Int = 1000) throws -> LayerSpec {
        let input = try Tensor(shape: [side, side], data: (0..<side * side).map { Double($0 % 7 - 3) })
        let out = side - 2
        let dY = try Tensor(shape: [out, out], data: Array(repeating: 1, count: out * out))
        return LayerSpec(input: input, kernel: StepperScreenTests.seedKernel, gradient: GradientSpec(gradOutput: dY, wrt: wrt))
    }

    /// The terms one frame of `state` fetches, with its text.
    static func frame(_ state: StepperState, _ size: Size) -> (terms: Int, text: String) {
        let meter = TermMeter()
        let text = TermMeter.$current.withValue(meter) { state.view(size).text }
        return (meter.count, text)
    }

    @Test(.timeLimit(.minutes(10)), arguments: [GradientTarget.weight, .bias])
    func framesFetchWhatFits(_ wrt: GradientTarget) throws {
        var s = try StepperState(spec: Self.spec(wrt))
        #expect(s.step.termCount == 998 * 998)
        for size in [Size(width: 80, height: 24), Size(width: 60, height: 16)] {
            let first = Self.frame(s, size)
            #expect(first.terms <= Self.frameBudget, "first frame at \(size): \(first.terms) terms")
            #expect(first.text.contains(" + …"))
        }
        _ = s.update(.char("G"))
        let last = Self.frame(s, Size(width: 80, height: 24))
        #expect(last.terms <= Self.frameBudget, "last frame: \(last.terms) terms")
        // The finished cell still shows its sum: the last terms and the total.
        #expect(last.text.contains("… + ") && last.text.contains(" = \(NumberFormat.short(s.step.sum))"))
        // The middle of a cell: the window's running sums start from the anchor.
        s.move(to: s.trace.firstStep(ofOutput: s.step.outputFlat) + 500_000)
        let middle = Self.frame(s, Size(width: 80, height: 24))
        #expect(middle.terms <= Self.frameBudget, "middle frame: \(middle.terms) terms")
        #expect(middle.text.contains(NumberFormat.short(s.step.sum)))
    }
}
