import ConvKit
import Testing
@testable import TutorUI

/// The backward pass in the stepper (issue 15): dW, db and dX stepped cell by cell, with the
/// same moves, concealment and sizes as the forward views.
@Suite struct GradientScreenTests {
    static let dY = try! GridText.parse("1 0 0; 0 0 0; 0 0 -1")
    let size = Size(width: 80, height: 24)

    static func seed(_ wrt: GradientTarget, options: ConvOptions = .init(), kernel: Tensor = StepperScreenTests.seedKernel) -> LayerSpec {
        LayerSpec(input: StepperScreenTests.seedInput, kernel: kernel, options: options, gradient: GradientSpec(gradOutput: dY, wrt: wrt))
    }

    func press(_ state: inout StepperState, _ events: [Event]) {
        for e in events { _ = state.update(e) }
    }

    @Test func weightViewMiddleAndEnd() throws {
        var s = try StepperState(spec: Self.seed(.weight))
        // dW[0,0,0,1], its third product: input (0,3) × dY (0,2).
        press(&s, [.down, .right, .right, .right])
        let screen = s.view(size)
        #expect(screen.text.contains(" dW[0,0,0,1] = Σ over outputs dY·x"))
        #expect(screen.text.contains("now: input (0,3) = 0  ×  dY (0,2) = 0"))
        try expectGolden("grad-weight-middle", screen.text)
        // The window: the three input cells met so far framed, the third (the current) marked.
        try expectGolden("grad-weight-middle-attributes", screen.attributeMap)
        press(&s, [.end])
        try expectGolden("grad-weight-end", s.view(size).text)
        try expectGolden("grad-weight-end-60x16", s.view(Size(width: 60, height: 16)).text)
        try expectGolden("grad-weight-end-ascii", Charset.$current.withValue(.ascii) { s.view(size).text })
    }

    @Test func biasViewSumsDY() throws {
        var s = try StepperState(spec: Self.seed(.bias))
        press(&s, [.right, .right])
        #expect(s.view(size).text.contains(" db[0] = Σ over outputs dY"))
        press(&s, [.end])
        try expectGolden("grad-bias-end", s.view(size).text)
    }

    @Test func inputViewsDirectAndScatter() throws {
        var views = try TransposedViews(spec: Self.seed(.input))
        _ = views.update(.char("G"))
        try expectGolden("grad-input-scatter", views.view(size).text)
        _ = views.update(.char("v"))
        _ = views.update(.char("G"))
        let direct = views.view(size).text
        #expect(direct.contains("W rotated") && direct.contains("dX 5×5"))
        try expectGolden("grad-input-direct", direct)
        try expectGolden("grad-input-direct-ascii", Charset.$current.withValue(.ascii) { views.view(size).text })
        // At 60 columns the sentence takes its shorter wording rather than being cut.
        #expect(views.view(Size(width: 60, height: 16)).text.contains(" dX = dY padded, cross-correlated with W rotated 180°\n"))
        _ = views.update(.char("v"))
        try expectGolden("grad-input-scatter-60x16", views.view(Size(width: 60, height: 16)).text)
    }

    /// Layers whose dX a transposed conv gives (the direct view) and layers it does not (dX
    /// stepped as Σ dY·w): every gradient's finished grid is `Layer.backward`'s, bit for bit.
    static let layers: [(name: String, spec: LayerSpec, direct: Bool)] = {
        let seedInput = StepperScreenTests.seedInput
        let asym = try! GridText.parse("1 2 0; 0 1 0; -1 0 3")
        let twoChannels = try! GridText.parse("1 2 0 1; 3 -1 2 0; 0 1 1 2; 2 0 -1 1 | 0 1 2 3; 1 0 -2 1; 2 2 0 1; -1 0 1 0")
        let grouped = try! GridText.parse("1 0; 0 1 || 2 1; -1 0 || 0 1; 1 1 || 1 -1; 0 2")
        func spec(op: Op = .conv2d, x: Tensor = seedInput, k: Tensor, bias: Tensor? = nil, o: ConvOptions = .init(), seed: UInt64) -> LayerSpec {
            var s = LayerSpec(op: op, input: x, kernel: k, bias: bias, options: o)
            let l = try! s.layer()
            var rng = SplitMix64(seed: seed)
            let dY = try! Tensor(shape: l.outputShape, data: (0..<l.outputCount).map { _ in Double(Int(rng.next() % 7) - 3) })
            s.gradient = GradientSpec(gradOutput: dY)
            return s
        }
        return [
            ("seed", spec(k: StepperScreenTests.seedKernel, seed: 1), true),
            ("stride 2 pad 1", spec(k: asym, o: ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1))), seed: 2), true),
            ("stride 2 leaves a row", spec(k: try! GridText.parse("1 2; 3 4"), o: ConvOptions(stride: Pair(2, 2)), seed: 3), true),
            ("dilation 2 same", spec(k: asym, o: ConvOptions(padding: .same, dilation: Pair(2, 2)), seed: 4), true),
            ("flip relu bias", spec(k: asym, bias: try! GridText.parse("-2"), o: ConvOptions(flip: true, relu: true), seed: 5), true),
            ("groups 2", spec(x: twoChannels, k: grouped, o: ConvOptions(padding: .explicit(Pair(1, 1)), groups: 2), seed: 6), true),
            ("depthwise", spec(op: .depthwise, x: twoChannels, k: try! GridText.parse("1 0; 0 -1 | 2 1; 1 0"), seed: 7), true),
            ("pointwise", spec(op: .pointwise, x: twoChannels, k: try! GridText.parse("1 2; -1 0; 3 1"), seed: 8), true),
            ("same, even kernel", spec(k: try! GridText.parse("1 2; 3 4"), o: ConvOptions(padding: .same), seed: 9), false),
            ("dense", spec(op: .dense, x: twoChannels, k: try! Tensor(shape: [3, 32], data: (0..<96).map { Double($0 % 5) - 2 }), seed: 10), false),
        ]
    }()

    @Test(arguments: 0..<layers.count) func everyGradientEndsOnBackward(_ i: Int) throws {
        let (name, spec, direct) = Self.layers[i]
        let g = try spec.layer().backward(gradOutput: spec.gradient!.gradOutput)
        for (wrt, expected) in [(GradientTarget.weight, g.weight!), (.input, g.input), (.bias, g.bias!)] {
            var s = spec
            s.gradient!.wrt = wrt
            var state = try StepperState(spec: s)
            // Lessons count steps on the gradient op's own trace: the screen's is the same, step for step.
            let own = Trace(try s.steppedOp())
            #expect(state.trace.count == own.count && state.trace.indices.allSatisfy { state.trace[$0].sum == own[$0].sum }, "\(name) \(wrt)")
            #expect(state.result.data == expected.data, "\(name) \(wrt): \(state.result.data) ≠ \(expected.data)")
            // Each cell's last step holds its value: the trace and the screen agree.
            for o in [0, state.stepped.outputCount - 1] {
                state.move(to: state.trace.lastStep(ofOutput: o))
                #expect(state.step.sum == expected.data[o], "\(name) \(wrt) cell \(o)")
                #expect(state.view(size).text.contains(wrt.cellName(state.step.output)))
            }
            if wrt == .input {
                #expect((state.equivalent != nil) == direct && TransposedViews.applies(to: s) == direct, "\(name)")
                #expect(state.works("v") == false)
                #expect(direct || state.refusal("v")?.hasPrefix("v: no scatter view, ") == true, "\(name): \(state.refusal("v") ?? "")")
            }
        }
    }

    /// A prediction on dW[0,0,1,2] before its product 3: products 3 on are `?·?` on every panel.
    @Test func concealmentHidesTheProductsStillToCome() throws {
        var s = try StepperState(spec: Self.seed(.weight))
        let first = s.trace.firstStep(ofOutput: 5)   // [0,0,1,2]
        s.position = first + 1
        s.concealed = first + 2
        #expect(s.cellLabel == "dW[0,0,1,2]")
        let tokens = s.equationParts().tokens
        #expect(tokens.dropFirst(2).allSatisfy { $0 == StepperState.concealedTerm } && tokens.prefix(2).allSatisfy { $0 != StepperState.concealedTerm })
        let text = s.view(size).text
        #expect(text.contains("now: products 3–9 of dW[0,0,1,2] are hidden"))
        // The input grid frames only the two cells of the products on show: (1,2) and (1,3).
        let input = try #require(s.columns(sideBySide: true).first?.rows.first?.first?.panel)
        let framed = (0..<5).flatMap { y in (0..<5).filter { x in input.cell(y, x).style == .window || input.cell(y, x).style == .current }.map { [y, $0] } }
        #expect(framed == [[1, 2], [1, 3]], "\(framed)")
        // The cell asked about shows only that it is asked.
        let output = try #require(s.columns(sideBySide: true).last?.rows.first?.first?.panel)
        #expect(output.cell(1, 2).text.description == "?")
    }

    @Test func forwardKeysSayWhyTheyDoNothing() throws {
        var s = try StepperState(spec: Self.seed(.weight))
        for (key, why) in [("o", "o switches the forward op; a gradient belongs to its layer"), ("e", "e edits a forward layer"),
                           ("m", "picture map belongs to the forward view"), ("v", "the scatter view belongs to dX"), ("]", "only one filter")] {
            press(&s, [.char(Character(key))])
            #expect(s.message?.contains(why) == true, "\(key): \(s.message ?? "nil")")
        }
        #expect(s.edit == nil && s.spec.op == .conv2d)
        var bias = try StepperState(spec: Self.seed(.bias))
        press(&bias, [.char("d")])
        #expect(bias.message?.contains("no dot product") == true && !bias.showDot)
    }

    /// `w` in `convtutor step`: dW → dX (the two views) → db → dW, keeping the flip and the size;
    /// a lesson's stepper, counted on one gradient's trace, refuses it.
    @Test func wMovesOnToTheNextGradient() throws {
        var views = try GradientViews(spec: Self.seed(.weight))
        let narrow = Size(width: 60, height: 16)
        for e in [Event.resize(narrow), .char("f")] { _ = views.update(e) }
        #expect(views.view(size).text.contains(" w dW/dX/db  f flip"))
        var seen: [String] = []
        for _ in 0..<3 {
            _ = views.update(.char("w"))
            let s = views.stepper
            #expect(s.size == narrow && s.isFlipped)
            switch views.screen {
            case .cells(let c): seen.append(c.gradient!.symbol)
            case .views(let v):
                seen.append("dX views")
                #expect(v.view(size).text.contains("w next gradient"))
            }
        }
        #expect(seen == ["dX views", "db", "dW"])
        #expect(views.stepper.message == "dW: the weight gradient (w: the next one)")
        var lesson = try StepperState(spec: Self.seed(.weight))
        press(&lesson, [.char("w")])
        #expect(lesson.gradient == .weight && lesson.message == "w moves between dW, dX and db in convtutor step --grad-output")
        #expect(!lesson.view(size).text.contains("dW/dX/db") && !lesson.helpLines.contains { $0.text.hasPrefix("w ") })
    }

    /// f in dX's views rebuilds both: the scatter view stamps the kernel the flipped layer meets,
    /// and the direct view says it slides W as written.
    @Test func flipRebuildsBothInputViews() throws {
        let kernel = try GridText.parse("1 2; 3 4"), dY = try GridText.parse("1 0; 0 2")
        let spec = LayerSpec(input: try GridText.parse("1 2 3; 4 5 6; 7 8 9"), kernel: kernel, gradient: GradientSpec(gradOutput: dY, wrt: .input))
        var views = try GradientViews(spec: spec)
        for e in [Event.resize(size), .right, .char("f")] { _ = views.update(e) }
        var flipped = spec
        flipped.options.flip = true
        let expected = try flipped.layer().backward(gradOutput: dY).input
        guard case .views(let v) = views.screen else { Issue.record("dX opens in the transposed views"); return }
        #expect(v.showsScatter && v.scatter.position == 1)
        #expect(v.scatter.layer.compute().data == expected.data && v.direct.result.data == expected.data)
        _ = views.update(.char("v"))
        let text = views.view(size).text
        #expect(text.contains("   W as written   ") && text.contains("cross-correlated with W as written"), "\(text)")
    }

    /// f rebuilds the gradient of the true convolution; ] moves to the next filter's same cell.
    @Test func flipAndFilterKeysWork() throws {
        let kernel = try GridText.parse("1 2 0; 0 1 0; -1 0 3 || 0 1 0; 1 0 1; 2 0 0")
        let dY = try GridText.parse("1 0 0; 0 0 0; 0 0 -1 | 0 2 0; 0 0 0; 1 0 0")
        for wrt in GradientTarget.allCases {
            let spec = LayerSpec(input: StepperScreenTests.seedInput, kernel: kernel, gradient: GradientSpec(gradOutput: dY, wrt: wrt))
            var s = try StepperState(spec: spec)
            if wrt != .bias {
                var f = s
                press(&f, [.char("f")])
                var flipped = spec
                flipped.options.flip = true
                let g = try flipped.layer().backward(gradOutput: dY)
                #expect(f.isFlipped && f.result.data == (wrt == .weight ? g.weight! : g.input).data, "\(wrt)")
            }
            press(&s, [.down, .right, .char("]")])
            if wrt != .weight {
                // dX has the input's one channel; db's cells are the filters themselves.
                #expect(wrt == .bias || s.message == "there is only one channel")
                continue
            }
            // ↓ finished cell 0, → began cell 1: ] keeps cell 1 of the next filter, and its product 1.
            #expect(s.step.output[0] == 1 && s.step.outputFlat % (s.stepped.outputCount / 2) == 1 && s.step.termIndex == 0 && s.message?.contains("(2 of 2)") == true, "\(wrt): \(s.step.output)")
        }
    }
}

extension CellText: CustomStringConvertible {
    public var description: String {
        switch self {
        case .number(let v): NumberFormat.short(v)
        case .text(let t): t
        }
    }
}
