import ConvKit
import Testing
@testable import TutorUI

/// A pool's dX in the stepper: dY and the input side by side, the cell that takes the current
/// window's dY marked in the input (max: the window's argmax; avg: the cell itself), and a
/// sentence saying why — won or lost the max, or ÷ the divisor. No weight panel, no dW or db.
@Suite(.timeLimit(.minutes(10))) struct PoolGradientScreenTests {
    let size = Size(width: 80, height: 24)

    static func spec(_ op: Op, _ input: String, _ dY: String, size: Int, stride: Int, padding: Int = 0) throws -> LayerSpec {
        LayerSpec(op: op, input: try GridText.parse(input), kernel: LayerSpec.noKernel,
                  options: ConvOptions(stride: Pair(stride, stride), padding: .explicit(Pair(padding, padding)), poolSize: Pair(size, size)),
                  gradient: GradientSpec(gradOutput: try GridText.parse(dY), wrt: .input))
    }

    /// Overlapping windows: (0,1) lies in two, wins the first and loses the second to (1,2).
    static let max = { try! spec(.maxPool, "1 5 2; 3 4 8; 0 2 9", "1 2; 3 4", size: 2, stride: 1) }()

    @Test func maxSaysWhoWonTheWindow() throws {
        var views = try GradientViews(spec: Self.max)
        for _ in 0..<5 { _ = views.update(.right) }
        let screen = views.view(size)
        #expect(screen.text.contains(" dX[0,0,1] gets none of dY(0,1): it lost that window's max ((1,2) won it)"))
        #expect(screen.text.contains("now: dY (0,1) = 2  ×  share (lost the max) = 0  →  0;  running sum 1"))
        #expect(!screen.text.contains("weight") && !screen.text.contains("dW"))
        try expectGolden("pool-grad-max-lost", screen.text)
        // dY (0,1) current in dY, its winner (1,2) current in the input, dX (0,1) filling.
        try expectGolden("pool-grad-max-lost-attributes", screen.attributeMap)
        _ = views.update(.left)
        #expect(views.view(size).text.contains(" dX[0,0,1] gets all of dY(0,0): it won that window's max"))
        _ = views.update(.char("G"))
        try expectGolden("pool-grad-max-end-60x16", views.view(Size(width: 60, height: 16)).text)
        try expectGolden("pool-grad-max-end-ascii", Charset.$current.withValue(.ascii) { views.view(size).text })
    }

    @Test func avgSaysWhatItDividesBy() throws {
        let spec = try Self.spec(.avgPool, "1 5 2 4; 3 4 8 1; 0 2 9 3; 1 1 1 1 | 1 2 3 4; 5 6 7 8; 9 1 2 3; 4 5 6 7",
                                 "1 2; 3 4 | 9 8; 7 6", size: 3, stride: 2, padding: 1)
        var views = try GradientViews(spec: spec)
        for _ in 0..<5 { _ = views.update(.right) }
        let screen = views.view(size).text
        #expect(screen.contains(" dX[0,0,1] gets dY(0,0,1) ÷ 9: its window's sum was divided by 9"))
        #expect(screen.contains("share 1/9"))
        #expect(screen.contains("[ ] channel"))
        try expectGolden("pool-grad-avg", screen)
    }

    /// w, f and d say why they do nothing, and the key line offers none of them.
    @Test func keysWithoutWeightsSayWhy() throws {
        var views = try GradientViews(spec: Self.max)
        let keys = views.view(size).text
        #expect(!keys.contains("w dW/dX/db") && !keys.contains("f flip") && !keys.contains("d dot"))
        _ = views.update(.char("w"))
        #expect(views.view(size).text.contains("max-pool has no weights: dX is its only gradient"))
        _ = views.update(.char("f"))
        #expect(views.view(size).text.contains("max-pool has no kernel to flip: dX shares dY out"))
        _ = views.update(.char("d"))
        #expect(views.view(size).text.contains("no dot product: max-pool shares each dY out, it has no weights"))
        _ = views.update(.char("v"))
        #expect(views.view(size).text.contains("v: no scatter view, max-pool has no weights: each window shares its dY out"))
    }

    /// Every cell's last step is `Layer.backward`'s dX.
    @Test func theStepperEndsOnBackward() throws {
        let expected = try Self.max.layer().backward(gradOutput: Self.max.gradient!.gradOutput).input
        var state = try StepperState(spec: Self.max)
        #expect(state.result.data == expected.data)
        for o in 0..<state.stepped.outputCount {
            state.move(to: state.trace.lastStep(ofOutput: o))
            #expect(state.step.sum == expected.data[o])
        }
    }
}
