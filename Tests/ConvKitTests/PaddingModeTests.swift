import ConvKit
import Testing

@Suite(.timeLimit(.minutes(10))) struct PaddingModeTests {
    static let cases = PoolFixture.all.filter { !$0.isPool && $0.error == nil }
    static let refused = PoolFixture.all.filter { !$0.isPool && $0.error != nil }

    @Test func fixturesCoverEveryModeAndOp() {
        #expect(Set(Self.cases.map { $0.paddingMode! }) == Set(PaddingMode.allCases.map(\.rawValue)))
        #expect(Set(Self.cases.map(\.op)) == ["conv2d", "depthwise", "pointwise", "im2col"])
        #expect(Self.refused.count == 4)
    }

    /// Outputs equal PyTorch's (F.pad then conv2d); the trace's finished values are compute()'s
    /// bit for bit, and a term over padding carries the cell it copies.
    @Test(arguments: cases)
    func paddingModeMatchesPyTorch(_ c: PoolFixture) throws {
        if c.op == "im2col" {
            let m = try Im2col(input: c.input.tensor, kernel: c.kernel!.tensor, options: c.convOptions).matrix
            #expect(m.shape == c.expected!.shape && m.data == c.expected!.data, "\(c.name)")
            return
        }
        let layer = try c.layer()
        let out = layer.compute()
        #expect(out.shape == c.expected!.shape, "\(c.name)")
        #expect(veryClose(out.data, c.expected!.data), "\(c.name): \(out.data)")
        #expect(tracedOutputs(layer).bits == out.data.bits, "\(c.name)")
        guard case .conv(let conv) = layer else { Issue.record("\(c.name) is not a conv"); return }
        for step in ReductionTrace(layer) where !conv.isInside(y: step.term.window[1], x: step.term.window[2]) {
            if let i = step.term.input {
                #expect(c.paddingMode != "zeros" && step.x == conv.input.data[(i[0] * conv.height + i[1]) * conv.width + i[2]], "\(c.name)")
            } else {
                #expect(c.paddingMode == "zeros" && step.x == 0, "\(c.name)")
            }
        }
    }

    @Test(arguments: refused)
    func paddingModeRefusesPastItsLimit(_ c: PoolFixture) {
        let e = c.error!, axis = e.axis == 1 ? "columns" : "rows"
        let text = "--padding-mode \(c.paddingMode!) pads the \(axis) (\(e.padding![0]), \(e.padding![1]))"
        #expect { try c.layer() } throws: { ($0 as? ConvError)?.message.hasPrefix(text) == true }
    }

    @Test func theIndexMapCopiesAsPyTorchPads() {
        let row = (-2..<6).map { i in PaddingMode.allCases.map { $0.source(i, size: 4) } }
        #expect(row.map { $0[1]! } == [2, 1, 0, 1, 2, 3, 2, 1])
        #expect(row.map { $0[2]! } == [0, 0, 0, 1, 2, 3, 3, 3])
        #expect(row.map { $0[3]! } == [2, 3, 0, 1, 2, 3, 0, 1])
        #expect(row.map { $0[0] } == [nil, nil, 0, 1, 2, 3, nil, nil])
    }

    /// A term over reflect padding reads the cell it copies and names both places.
    @Test func aCopiedPaddingTermNamesWhereItCameFrom() throws {
        let layer = try Layer(op: .conv2d, input: GridText.parse("1 2 3 4"), kernel: GridText.parse("1 1 1"),
                              options: ConvOptions(padding: .explicit(Pair(0, 2)), paddingMode: .reflect))
        let terms = (0..<3).map { layer.term(output: 0, term: $0) }
        #expect(terms.map(\.x) == [3, 2, 1] && terms.map(\.window) == [[0, 0, -2], [0, 0, -1], [0, 0, 0]])
        #expect(terms.map(layer.sourceName) == ["padding (0,-2) = input (0,2), reflect", "padding (0,-1) = input (0,1), reflect", "input (0,0)"])
        #expect(terms.map(layer.factorName) == [nil, nil, nil])
        #expect(layer.compute().data == [6, 5, 6, 9, 10, 9])
    }

    /// The gradients would have to add into the copied cells; they refuse rather than be wrong.
    @Test func gradientsAndOpsWithoutPaddingModesRefuse() throws {
        let x = try GridText.parse("1 2 3; 4 5 6; 7 8 9"), k = try GridText.parse("1 0; 0 1")
        let reflect = ConvOptions(padding: .explicit(.one), paddingMode: .reflect)
        let layer = try Layer(op: .conv2d, input: x, kernel: k, options: reflect)
        #expect { try layer.gradientLayers(gradOutput: Tensor.zeros([4, 4])) } throws: {
            ($0 as? ConvError)?.message == "gradients with --padding-mode reflect are not supported; use --padding-mode zeros"
        }
        for op in [Op.dense, .convTranspose] {
            #expect { try Layer(op: op, input: x, kernel: k, options: ConvOptions(paddingMode: .circular)) } throws: {
                ($0 as? ConvError)?.message.hasPrefix("--padding-mode circular does not apply to \(op.rawValue)") == true
            }
        }
    }
}
