import ConvKit
import Testing
@testable import TutorUI

/// `step --stack` (issue 17): the last layer stepped as any layer is, and `u` following one of
/// its outputs back through every layer to the input pixels it depends on.
@Suite struct StackScreenTests {
    static let input = try! Tensor(shape: [7, 7], data: (0..<49).map { Double($0 % 5) })

    static func conv(_ k: Int = 3, stride: Int = 1) -> LayerSpec {
        var options = ConvOptions()
        options.stride = Pair(stride, stride)
        return LayerSpec(op: .conv2d, input: input, kernel: try! Tensor(shape: [k, k], data: (0..<k * k).map { Double($0 % 3 - 1) }), options: options)
    }

    static func pool(_ size: Int = 2) -> LayerSpec {
        LayerSpec(op: .maxPool, input: input, kernel: LayerSpec.noKernel, options: ConvOptions(stride: Pair(size, size), poolSize: Pair(size, size)))
    }

    static func views(_ layers: [LayerSpec], input: Tensor = input) throws -> StackViews {
        try StackViews(stack: Stack(input: input, layers: layers))
    }

    func press(_ views: inout StackViews, _ events: [Event]) {
        for e in events { _ = views.update(e) }
    }

    /// The input's counts as rows of numbers, 0 outside the field.
    func inputCounts(_ views: StackViews) -> [[Double]] {
        let level = views.field!.levels[0]
        return (0..<level.rows).map { r in (0..<level.cols).map { level.count(r, $0) } }
    }

    @Test func twoThreeByThreeLayersSeeFiveByFive() throws {
        var v = try Self.views([Self.conv(), Self.conv()])
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u"), .right, .down])
        let ramp: [Double] = [0, 1, 2, 3, 2, 1, 0]
        #expect(inputCounts(v) == ramp.map { r in ramp.map { r * $0 } })
        let screen = v.view(Size(width: 80, height: 24))
        #expect(screen.text.contains("output (1,1) of layer 2"), "\(screen.text)")
        #expect(screen.text.contains("input: 25 cells in the field, 81 paths; the most, 9, reach (3,3)"), "\(screen.text)")
        #expect(screen.text.contains("rf 5 · jump 1 · start 2: the 5×5 square centred at input (3,3)"), "\(screen.text)")
        // 25 field cells in reverse video (two columns each) on the input's rows, 9 on layer 1's.
        let reversed = screen.attributeMap.split(separator: "\n").map { $0.filter { $0 == "R" }.count }
        #expect(reversed.reduce(0, +) - screen.size.width == 2 * (25 + 9 + 1), "\(screen.attributeMap)")
        try expectGolden("stack-follow", screen.text)
        try expectGolden("stack-follow-attributes", screen.attributeMap)
        try expectGolden("stack-follow-60x16", v.view(Size(width: 60, height: 16)).text)
        try expectGolden("stack-follow-ascii", Charset.$current.withValue(.ascii) { v.view(Size(width: 80, height: 24)).text })
    }

    @Test func stepsTheLastLayerUnderTheStack() throws {
        var v = try Self.views([Self.conv(), Self.conv()])
        press(&v, [.resize(Size(width: 80, height: 24)), .right])
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("stack · input 7×7 · 1 conv2d 3×3 · [2 conv2d 3×3]"), "\(screen)")
        #expect(screen.contains(" layer 1 out 5×5 ") && !screen.contains("input 5×5"), "\(screen)")
        #expect(screen.contains("u/Tab follow back"), "\(screen)")
        try expectGolden("stack-stepping", screen)
        try expectGolden("stack-stepping-60x16", v.view(Size(width: 60, height: 16)).text)
        // u and Tab follow the output being stepped, and return to the same step.
        let position = v.stepper.position
        press(&v, [.tab])
        #expect(v.field?.output == 0)
        press(&v, [.tab])
        #expect(v.field == nil && v.stepper.position == position)
        press(&v, [.char("o")])
        #expect(v.view(Size(width: 80, height: 24)).text.contains("in a stack, layers stay as the file gives them: o is off"))
    }

    /// `<` and `>` choose the layer stepped: layer 1 of two reads the input, layer 2 reads layer
    /// 1's output (and says so), and each keeps its own position.
    @Test func chevronsStepEachLayerWhereItWasLeft() throws {
        var v = try StackViews(stack: Stack(input: Self.input, layers: [Self.conv(), Self.conv()]), layer: 1)
        press(&v, [.resize(Size(width: 80, height: 24)), .right, .right, .down, .down])
        var screen = v.view(Size(width: 80, height: 24)).text
        #expect(v.layer == 1 && v.stepper.step.outputFlat == 1, "\(screen)")
        #expect(screen.contains("stack · input 7×7 · [1 conv2d 3×3] · 2 conv2d 3×3") && screen.contains("stepping layer 1 of 2"), "\(screen)")
        #expect(screen.contains("input 7×7") && screen.contains("u/Tab follow back  < > layer"), "\(screen)")
        try expectGolden("stack-layer-1", screen)
        try expectGolden("stack-layer-1-60x16", v.view(Size(width: 60, height: 16)).text)
        let first = v.stepper.position
        press(&v, [.char("<")])
        #expect(v.layer == 1 && v.view(Size(width: 80, height: 24)).text.contains("layer 1 is the first"))
        press(&v, [.char(">"), .right])
        screen = v.view(Size(width: 80, height: 24)).text
        #expect(v.layer == 2 && v.stepper.position == 1, "\(screen)")
        #expect(screen.contains("1 conv2d 3×3 · [2 conv2d 3×3]") && screen.contains(" layer 1 out 5×5 "), "\(screen)")
        #expect(v.view(Size(width: 60, height: 16)).text.contains(" layer 1 out 5×5 "))
        press(&v, [.char(".")])
        #expect(v.layer == 2 && v.view(Size(width: 80, height: 24)).text.contains("layer 2 is the last"))
        press(&v, [.char(","), .char(".")])
        #expect(v.stepper.position == 1)
        press(&v, [.char(",")])
        #expect(v.layer == 1 && v.stepper.position == first)
    }

    /// `< >` is offered (key row and help) only where there is another layer to step.
    @Test func chevronsOnlyWithTwoLayers() throws {
        var one = try Self.views([Self.conv()])
        press(&one, [.resize(Size(width: 80, height: 24))])
        #expect(!one.view(Size(width: 80, height: 24)).text.contains("< >"))
        #expect(one.view(Size(width: 80, height: 24)).text.contains(" stack · input 7×7 · 1 conv2d 3×3 "))
        press(&one, [.char("?")])
        #expect(!one.view(Size(width: 80, height: 24)).text.contains("< >"))
        var two = try Self.views([Self.conv(), Self.conv()])
        press(&two, [.resize(Size(width: 80, height: 24)), .char("?")])
        let help = Charset.$current.withValue(.ascii) { two.view(Size(width: 80, height: 24)).text }
        #expect(help.contains("< >  , .   step the layer before / after"), "\(help)")
    }

    /// Following from layer 1 walks layer 1 alone: a 3×3 field and layer 1's arithmetic, not the stack's.
    @Test func followingFromLayerOneSeesThreeByThree() throws {
        var v = try StackViews(stack: Stack(input: Self.input, layers: [Self.conv(), Self.conv()]), layer: 1)
        press(&v, [.resize(Size(width: 80, height: 24)), .down, .down, .char("u")])
        let f = try #require(v.field)
        #expect(f.levels.count == 2 && f.levels[0].cells == 9 && f.levels[0].extent == (3, 3))
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("output (0,1) of layer 1") && screen.contains("field spans 3×3"), "\(screen)")
        #expect(screen.contains("rf 3 · jump 1 · start 1: the 3×3 square centred at input (1,2)"), "\(screen)")
        try expectGolden("stack-layer-1-follow", screen)
        // > while following follows layer 2's output where layer 2 was left: back to 5×5.
        press(&v, [.char(">")])
        #expect(v.field?.layer == 2 && v.field?.levels[0].cells == 25)
        let two = v.view(Size(width: 80, height: 24)).text
        #expect(two.contains("rf 5 · jump 1 · start 2: the 5×5 square centred at input (2,2)"), "\(two)")
        // At the last layer > says why nothing moved, in the keys' place until the next key.
        press(&v, [.char(">")])
        #expect(v.view(Size(width: 80, height: 24)).text.contains(" layer 2 is the last: its output is the stack's"))
        press(&v, [.right])
        #expect(v.view(Size(width: 80, height: 24)).text.contains("u/Tab step again"))
    }

    @Test func convPoolConvFollowsThroughTheWindows() throws {
        let nine = try Tensor(shape: [9, 9], data: (0..<81).map { Double($0 % 4) })
        var v = try Self.views([Self.conv(), Self.pool(), Self.conv(2)], input: nine)
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u"), .right])
        // On a 9×9 input, output (0,1) of the last (2×2) conv reads pool cells (0..1, 1..2), each a 2×2 window of the
        // first conv's output, each of those a 3×3 window of the input: rf 3 + 1·1 + 1·2 = 6.
        let f = try #require(v.field)
        #expect((f.levels[0].top, f.levels[0].left, f.levels[0].bottom, f.levels[0].right) == (0, 2, 5, 7))
        let screen = v.view(Size(width: 80, height: 24))
        #expect(screen.text.contains("rf 6 · jump 2 · start 2.5: the 6×6 square centred at input (2.5,4.5)"), "\(screen.text)")
        try expectGolden("stack-conv-pool-conv", screen.text)
        let narrow = v.view(Size(width: 60, height: 16)).text
        // Narrow grids take the longest whole name that fits, never one cut mid-word.
        #expect(narrow.contains("  2 pool out  3 out\n"), "\(narrow)")
        try expectGolden("stack-conv-pool-conv-60x16", narrow)
    }

    /// Layers taller than wide: rf, jump and start per axis, each on its own line.
    @Test func rowsAndColumnsGetTheirOwnArithmetic() throws {
        var tall = Self.conv()
        tall.kernel = try Tensor(shape: [3, 1], data: [1, 2, 1])
        var v = try Self.views([tall, tall])
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u"), .right])
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("rows: rf 5 · jump 1 · start 2: output row 0 centred at input row 2"), "\(screen)")
        #expect(screen.contains("cols: rf 1 · jump 1 · start 0: output col 1 centred at input col 1"), "\(screen)")
        #expect(v.field?.levels[0].cells == 5)
    }

    /// A dense layer reads everything: the field is the whole input, and rf says it does not apply.
    @Test func denseLastLayerFieldIsTheWholeInput() throws {
        let dense = LayerSpec(op: .dense, input: Self.input, kernel: try Tensor(shape: [2, 25], data: (0..<50).map { Double($0 % 3) }))
        var v = try Self.views([Self.conv(), dense])
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u"), .right])
        #expect(v.field?.output == 1)
        #expect(v.field?.levels[0].cells == 49)
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("rf: layer 2 is dense: each output reads the whole input; no rf, jump or start\n"), "\(screen)")
        press(&v, [.char("?")])
        #expect(v.view(Size(width: 80, height: 24)).text.contains("A count is how many such paths"))
        press(&v, [.char("x"), .char("u")])
        #expect(v.field == nil && v.stepper.step.outputFlat == 1)
    }

    /// A big input opens and follows from one path count per followed cell; a frame asks only
    /// for the cells that fit.
    @Test(.timeLimit(.minutes(10))) func bigInputFollowsOnce() throws {
        let big = try Tensor(shape: [256, 256], data: (0..<65536).map { Double($0 % 7) })
        var layers = [Self.conv(), Self.conv(), Self.conv()]
        for i in layers.indices { layers[i].input = big }
        var v = try Self.views(layers, input: big)
        press(&v, [.resize(Size(width: 80, height: 24)), .char("u")])
        let screen = v.view(Size(width: 80, height: 24)).text
        #expect(screen.contains("rf 7 · jump 1 · start 3: the 7×7 square centred at input (3,3)"), "\(screen)")
        // Output (0,0) of a padded stack: the square reaches past the input's corner.
        var padded = layers
        padded[0].options.padding = .explicit(Pair(2, 2))
        var corner = try Self.views(padded, input: big)
        press(&corner, [.resize(Size(width: 80, height: 24)), .char("u")])
        #expect(corner.view(Size(width: 80, height: 24)).text.contains("rf 7 · jump 1 · start 1: 7×7 centred at input (1,1), cut to 5×5 by the border"))
        #expect(v.field?.levels[0].cells == 49)
    }
}
