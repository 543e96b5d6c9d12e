import ConvKit
import Testing
@testable import TutorUI

@Suite struct StepperScreenTests {
    static let seedInput = try! GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0")
    static let seedKernel = try! GridText.parse("1 0 1; 0 1 0; 1 0 1")
    let size = Size(width: 80, height: 24)

    func seed(_ options: ConvOptions = .init(), kernel: Tensor = seedKernel) throws -> StepperState {
        try StepperState(spec: LayerSpec(input: Self.seedInput, kernel: kernel, options: options))
    }

    func press(_ state: inout StepperState, _ events: [Event]) {
        for e in events { _ = state.update(e) }
    }

    @Test func seedFirstStep() throws {
        let s = try seed()
        try expectGolden("seed-step1", s.view(size).text)
    }

    @Test func seedNinthStepCompletesTheFirstOutput() throws {
        var s = try seed()
        press(&s, Array(repeating: .right, count: 8))
        let screen = s.view(size).text
        #expect(screen.contains("= 4"))
        try expectGolden("seed-step9", screen)
    }

    @Test func seedLastStepShowsTheWholeOutput() throws {
        var s = try seed()
        press(&s, [.end])
        try expectGolden("seed-last", s.view(size).text)
    }

    @Test func flipShowsTheGivenAndTheRotatedKernel() throws {
        var s = try seed(kernel: GridText.parse("1 2 0; 0 1 0; -1 0 3"))
        press(&s, [.char("f"), .right, .right])
        let screen = s.view(size).text
        #expect(screen.contains("true convolution") && screen.contains("rotated (used)"))
        try expectGolden("flip-asymmetric", screen)
        press(&s, [.char("f")])
        #expect(s.view(size).text.contains("cross-correlation"))
    }

    @Test func dotProductView() throws {
        var s = try seed()
        press(&s, [.char("d"), .down])
        try expectGolden("dot-view", s.view(size).text)
    }

    @Test func paddedStrideTwo() throws {
        var s = try seed(ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1))))
        press(&s, [.down, .down, .right, .right])
        try expectGolden("pad1-stride2", s.view(size).text)
    }

    /// In monochrome the window, the current element and padding stay distinguishable.
    @Test func monochromeAttributes() throws {
        var s = try seed(ConvOptions(padding: .explicit(Pair(1, 1))))
        press(&s, [.right, .right, .right, .right])
        try expectGolden("monochrome-attributes", s.view(size).attributeMap)
    }

    @Test func tooSmallSaysWhatItNeedsAndRecovers() throws {
        var s = try seed()
        let small = Size(width: 40, height: 12)
        _ = s.update(.resize(small))
        try expectGolden("too-small", s.view(small).text)
        _ = s.update(.resize(size))
        #expect(s.view(size).text.contains("output 3×3"))
    }

    @Test func helpOverlayListsTheKeys() throws {
        var s = try seed()
        press(&s, [.char("?")])
        try expectGolden("help", s.view(size).text)
        press(&s, [.char("x")])
        #expect(!s.showHelp)
    }
}
