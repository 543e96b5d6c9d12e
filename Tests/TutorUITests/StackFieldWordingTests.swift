import ConvKit
import Testing
@testable import TutorUI

/// What the follow view says beside the field is true of the file at hand: the padding an empty
/// field read, a padding mode's copied cells, one path, a short rf reason at 60 columns, and
/// the stepper naming a layer's input as the grid does.
@Suite struct StackFieldWordingTests {
    static let twoByTwo = try! Tensor(shape: [2, 2], data: [1, 2, 3, 4])

    static func conv(_ kernel: Tensor, padding: Int = 0, mode: PaddingMode = .zeros) -> LayerSpec {
        var options = ConvOptions()
        (options.padding, options.paddingMode) = (.explicit(Pair(padding, padding)), mode)
        return LayerSpec(op: .conv2d, input: twoByTwo, kernel: kernel, options: options)
    }

    static let one = try! Tensor(shape: [1, 1], data: [1])

    func followed(_ input: Tensor, _ layers: [LayerSpec], _ events: [Event] = []) throws -> StackViews {
        var v = try StackViews(stack: Stack(input: input, layers: layers))
        for e in [.resize(Size(width: 80, height: 24)), .char("u")] + events { _ = v.update(e) }
        return v
    }

    /// A max pool pads with −∞, a conv with zeros; an earlier layer's padding is named as such.
    @Test func onlyPaddingNamesWhatItPadsWith() throws {
        var pool = LayerSpec(op: .maxPool, input: Self.twoByTwo, kernel: LayerSpec.noKernel,
                             options: ConvOptions(stride: Pair(1, 1), poolSize: Pair(2, 2)))
        (pool.options.padding, pool.options.dilation) = (.explicit(Pair(1, 1)), Pair(3, 3))
        let v = try followed(Self.twoByTwo, [Self.conv(Self.one), pool])
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains(" output (0,0) reads only -∞ padding: no input pixel reaches it"), "\(screen)")
        try expectGolden("stack-only-padding", screen)
        try expectGolden("stack-only-padding-60x16", v.view(Size(width: 60, height: 16)).text)
        try expectGolden("stack-only-padding-ascii", Charset.$current.withValue(.ascii) { v.view(Size(width: 80, height: 24)).text })
        let zeros = try followed(Self.twoByTwo, [Self.conv(Self.one, padding: 1), Self.conv(Self.one)])
        #expect(zeros.view(Size(width: 80, height: 24)).text.contains(" output (0,0) reads only zero padding at layer 1: no input pixel reaches it"))
    }

    /// Reflect padding reads cells, not the square's padding: no "cut by the border", and a line saying what the highlight is.
    @Test func copiedPaddingSaysTheHighlightIsTheField() throws {
        let input = try Tensor(shape: [4, 4], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7])
        let ones = try Tensor(shape: [3, 3], data: Array(repeating: 1, count: 9))
        var v = try followed(input, [Self.conv(Self.one), Self.conv(ones, padding: 2, mode: .reflect)])
        var screen = v.view(Size(width: 80, height: 24)).text
        #expect(v.field?.levels[0].cells == 9 && screen.contains("field spans 3×3"), "\(screen)")
        #expect(screen.contains(" padding copies cells: the highlighted field, not the square, is what it reads"), "\(screen)")
        try expectGolden("stack-reflect", screen)
        try expectGolden("stack-reflect-60x16", v.view(Size(width: 60, height: 16)).text)
        try expectGolden("stack-reflect-ascii", Charset.$current.withValue(.ascii) { v.view(Size(width: 80, height: 24)).text })
        for e in [Event.down, .right] { _ = v.update(e) }
        screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("rf 3 · jump 1 · start -1: the 3×3 square centred at input (0,0)\n") && !screen.contains("cut"), "\(screen)")
        // Zero padding is cut by the border, and says so.
        let zeros = try followed(input, [Self.conv(Self.one), Self.conv(ones, padding: 2)], [.down, .right])
        #expect(zeros.view(Size(width: 80, height: 24)).text.contains("centred at input (0,0), cut to 2×2 by the border"))
    }

    @Test func onePathIsSingular() throws {
        let v = try followed(Self.one, [Self.conv(Self.one)])
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("input: 1 cell in the field, 1 path;"), "\(screen)")
    }

    /// At 60 columns a dense layer's rf reason is a whole shorter sentence, not a cut one.
    @Test func denseReasonFitsSixtyColumns() throws {
        let dense = LayerSpec(op: .dense, input: StackScreenTests.input, kernel: try Tensor(shape: [2, 25], data: (0..<50).map { Double($0 % 3) }))
        let v = try followed(StackScreenTests.input, [StackScreenTests.conv(), dense])
        #expect(v.view(Size(width: 60, height: 16)).text.contains(" rf: layer 2 is dense: no rf, jump or start\n"))
    }

    /// Layer 2's stepper names its input as its grid does, in the now-line of a conv and of a pool.
    @Test func nowLineNamesTheLayerBefore() throws {
        for second in [StackScreenTests.conv(), StackScreenTests.pool()] {
            var v = try StackScreenTests.views([StackScreenTests.conv(), second])
            for e in [Event.resize(Size(width: 80, height: 24)), .right] { _ = v.update(e) }
            let screen = v.view(Size(width: 80, height: 24)).text
            #expect(screen.contains(" now: ") && screen.contains("layer 1 out (0,1) = ") && !screen.contains("input (0,1)"), "\(screen)")
        }
    }
}
