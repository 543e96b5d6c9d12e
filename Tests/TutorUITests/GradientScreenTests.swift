import ConvKit
import Testing
@testable import TutorUI

/// The backward pass in the stepper (issue 15): dW, db and dX stepped cell by cell, with the
/// same moves, concealment and sizes as the forward views.
@Suite struct GradientScreenTests {
    static let dY = try! GridText.parse("1 0 0; 0 0 0; 0 0 -1")
    let size = Size(width: 80, height: 24)

    static func seed(_ wrt: GradientTarget, options: ConvOptions = .init(), kernel: Tensor = StepperScreenTests.seedKernel, dY: Tensor = dY) -> LayerSpec {
        LayerSpec(input: StepperScreenTests.seedInput, kernel: kernel, options: options, gradient: GradientSpec(gradOutput: dY, wrt: wrt))
    }

    func press(_ state: inout StepperState, _ events: [Event]) {
        for e in events { _ = state.update(e) }
    }

    @Test func dump() throws {
        for wrt in GradientTarget.allCases {
            var s = try StepperState(spec: Self.seed(wrt))
            press(&s, [.right, .right, .down, .right])
            print(s.view(size).text)
            press(&s, [.end])
            print(s.view(size).text)
            print(s.view(Size(width: 60, height: 16)).text)
        }
    }
}
