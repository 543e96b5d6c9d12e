@testable import ConvKit
import Testing

/// conv-transpose: compute against numpy's scatter-add, the scatter trace's bookkeeping, the
/// gather view and the equivalent direct convolution all telling the same story, and errors.
@Suite(.timeLimit(.minutes(10))) struct TransposedTests {
    static let cases = FixtureCase.all.filter { $0.op == "conv-transpose" }

    static func layer(_ c: FixtureCase) throws -> TransposedConvLayer {
        try TransposedConvLayer(input: c.input.tensor, kernel: c.kernel.tensor, bias: c.bias?.tensor, options: c.options)
    }

    @Test func thereAreEnoughFixtures() {
        #expect(Self.cases.count >= 100)
        #expect(Self.cases.contains { $0.outputPadding != [0, 0] } && Self.cases.contains { $0.groups == 3 })
    }

    @Test(arguments: cases)
    func computeMatchesNumpy(_ c: FixtureCase) throws {
        let y = try Self.layer(c).compute()
        #expect(y.shape == c.expected.shape, "\(c.name)")
        #expect(allClose(y.data, c.expected.data), "\(c.name)")
    }

    /// Zeros inserted, padded, kernel rotated and swapped: the same numbers, bit for bit,
    /// because the window meets the inputs in the order the scatter adds them.
    @Test(arguments: cases)
    func equivalentDirectConvGivesTheSameOutput(_ c: FixtureCase) throws {
        let l = try Self.layer(c)
        let eq = try l.equivalentDirectConv()
        #expect(eq.conv.options.stride == .one && eq.conv.options.dilation == l.dilation)
        #expect(eq.conv.compute() == l.compute(), "\(c.name)")
        // Every cell of the direct conv's input is an input value, an inserted zero or padding.
        let z = eq.conv
        for y in 0..<z.height {
            for x in 0..<z.width {
                for ci in 0..<z.channels {
                    let v = z.input.data[(ci * z.height + y) * z.width + x]
                    switch eq.source(y: y, x: x) {
                    case .input(let iy, let ix): #expect(v == l.input.data[(ci * l.height + iy) * l.width + ix])
                    case .inserted, .padding: #expect(v == 0)
                    }
                }
            }
        }
    }

    /// `Layer.term` gathers in the direct conv's window order: same x, w and window each step.
    @Test(arguments: cases)
    func gatherTraceIsTheDirectConvTrace(_ c: FixtureCase) throws {
        let l = try Self.layer(c)
        let eq = try l.equivalentDirectConv()
        let gather = Trace(.transposed(l)), direct = Trace(.conv(eq.conv))
        #expect(gather.count == direct.count)
        var finished: [Double] = []
        for (g, d) in zip(gather, direct) {
            #expect(g.x == d.x && g.w == d.w && g.term.window == d.term.window && g.sum == d.sum, "\(c.name) step \(g.index)")
            #expect(g.term.weight == eq.transposedWeight(d.term.weight))
            if let i = g.term.input { #expect(eq.source(y: d.term.window[1], x: d.term.window[2]) == .input(y: i[1], x: i[2])) }
            if g.isLastTerm { finished.append(Layer.transposed(l).finish(output: g.outputFlat, sum: g.sum)) }
        }
        #expect(finished == l.compute().data, "\(c.name)")
    }

    @Test(arguments: cases)
    func scatterTraceTellsTheSameStory(_ c: FixtureCase) throws {
        let l = try Self.layer(c)
        let trace = ScatterTrace(l)
        #expect(trace.count == l.input.count * l.productsPerInput)
        var last = [Double](repeating: 0, count: l.outputCount)
        var into = [[Int]](repeating: [], count: l.outputCount)
        var previous: ScatterStep?
        for s in trace {
            // Input cells row-major; within one, (j, ky, kx) row-major.
            #expect(s.inputFlat == s.index / l.productsPerInput && s.productIndex == s.index % l.productsPerInput)
            #expect(s.input == Tensor.unravel(s.inputFlat, l.input.shape) && s.x == l.input.data[s.inputFlat])
            #expect(s.weight == [s.input[0]] + Tensor.unravel(s.productIndex, [l.groupOutChannels, l.kh, l.kw]))
            let (oy, ox) = l.outputPosition(iy: s.input[1], ix: s.input[2], ky: s.weight[2], kx: s.weight[3])
            #expect(s.target == [l.outputChannel(inputChannel: s.input[0], j: s.weight[1]), oy, ox])
            #expect(s.isCropped == !l.isInsideOutput(y: oy, x: ox) && (s.sum == nil) == s.isCropped)
            if let f = s.outputFlat, let sum = s.sum {
                #expect(s.output == Tensor.unravel(f, l.outputShape))
                #expect(s.contribution == into[f].count, "\(c.name) step \(s.index)")
                #expect(sum == last[f] + s.product)
                last[f] = sum
                into[f].append(s.index)
            }
            if let p = previous { #expect(p.index + 1 == s.index) }
            previous = s
        }
        for f in 0..<l.outputCount {
            #expect(trace.steps(intoOutput: f) == into[f])
            if let final = into[f].last { #expect(trace[final].completesOutput && trace[final].contributionCount == into[f].count) }
        }
        // Every cell's last running value, then bias and ReLU, is the output (cells no input
        // reaches stay 0 and get the bias alone).
        #expect((0..<l.outputCount).map { l.finish(output: $0, sum: last[$0]) } == l.compute().data, "\(c.name)")
    }

    /// Random access gathers; a forward walk carries values (or gathers, past 4M cells).
    @Test(arguments: cases)
    func randomAccessEqualsForwardWalk(_ c: FixtureCase) throws {
        let trace = ScatterTrace(try Self.layer(c))
        let walked = Array(trace)
        var gathering = trace.makeIterator(keepingValues: false)
        let every = max(1, walked.count / 300)
        for i in walked.indices {
            let g = gathering.next()
            if i % every == 0 || i == walked.count - 1 {
                #expect(trace[i] == walked[i], "\(c.name) step \(i)")
                #expect(g == walked[i])
            }
        }
        #expect(gathering.next() == nil)
        for i in [-1, walked.count / 3, walked.count - 1] {
            let partial = trace.partialOutput(through: i)
            #expect(partial.data == (0..<trace.layer.outputCount).map { trace.sum(ofOutput: $0, through: i) })
        }
    }

    @Test func stampsAndOverlapsByHand() throws {
        let x = try GridText.parse("1 2; 3 4"), k = try GridText.parse("1 1; 1 1")
        let stamps = try Layer(op: .convTranspose, input: x, kernel: k, options: ConvOptions(stride: Pair(2, 2)))
        #expect(stamps.outputShape == [1, 4, 4] && stamps.compute().data == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let l = try TransposedConvLayer(input: x, kernel: k)
        #expect(l.compute().data == [1, 3, 2, 4, 10, 6, 3, 7, 4])
        let t = ScatterTrace(l)
        #expect(t.count == 16)
        // The centre gets one product from each input cell, the last from input (0,1,1).
        #expect(t.steps(intoOutput: 4) == [3, 6, 9, 12] && t[12].sum == 10 && t[12].completesOutput)
        #expect(t[4].input == [0, 0, 1] && t[4].output == [0, 0, 1] && t[4].sum == 3 && t[4].contribution == 1)
        #expect(t.partialOutput(through: 7).data == [1, 3, 2, 1, 3, 2, 0, 0, 0])
    }

    @Test func paddingCropsAndOutputPaddingExtends() throws {
        let l = try TransposedConvLayer(input: GridText.parse("1 2; 3 4"), kernel: GridText.parse("1 2 3; 4 5 6; 7 8 9"),
                                        options: ConvOptions(stride: Pair(2, 2), padding: .explicit(.one), outputPadding: .one))
        #expect(l.outputShape == [1, 4, 4])   // (2−1)·2 − 2 + 2 + 1 + 1
        let first = ScatterTrace(l)[0]
        #expect(first.isCropped && first.target == [0, -1, -1] && first.sum == nil && first.contribution == nil && !first.completesOutput)
        let eq = try l.equivalentDirectConv()
        #expect((eq.padTop, eq.padBottom, eq.inserted) == (1, 2, Pair(1, 1)))
        #expect(eq.source(y: 0, x: 0) == .padding && eq.source(y: 1, x: 2) == .inserted && eq.source(y: 3, x: 3) == .input(y: 1, x: 1))
        // Cropping more than the kernel reaches makes the direct conv crop its input instead.
        let wide = try TransposedConvLayer(input: Tensor.zeros([4, 4]), kernel: Tensor.zeros([2, 2]),
                                           options: ConvOptions(stride: Pair(3, 3), padding: .explicit(Pair(2, 2))))
        #expect(try wide.equivalentDirectConv().padTop == -1)
        #expect(try wide.equivalentDirectConv().conv.outputShape == wide.outputShape)
    }

    @Test func layerDispatchesEverySwitch() throws {
        let layer = try Layer(op: .convTranspose, input: Tensor.zeros([2, 3, 3]), kernel: Tensor.zeros([2, 3, 2, 2]),
                              bias: GridText.parse("1 2 3"), options: ConvOptions(relu: true))
        #expect(layer.op == .convTranspose && layer.outputShape == [3, 4, 4] && layer.termsPerOutput == 8)
        #expect(layer.inputChannels == 2 && layer.kernelArea == 4 && layer.relu && layer.bias(ofOutput: 16) == 2)
        #expect(layer.finish(output: 40, sum: -5) == 0)
        let spec = LayerSpec(op: .convTranspose, input: try Tensor.zeros([1, 2]), kernel: try Tensor.zeros([1, 1]))
        guard case .transposed(let t) = try spec.layer() else { Issue.record("not transposed"); return }
        #expect(t.options.padding == .explicit(.zero))
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func errorsNameTheProblem() throws {
        let x = try Tensor.zeros([2, 3, 3]), k = try Tensor.zeros([2, 1, 3, 3])
        func build(_ o: ConvOptions, kernel: Tensor? = nil, input: Tensor? = nil, bias: Tensor? = nil) -> String {
            message { _ = try TransposedConvLayer(input: input ?? x, kernel: kernel ?? k, bias: bias, options: o) }
        }
        let op = build(ConvOptions(stride: Pair(2, 2), outputPadding: Pair(0, 2)))
        #expect(op.contains("--output-padding 2 along columns must be smaller than the stride (2) or the dilation (1)"))
        #expect(build(ConvOptions(outputPadding: Pair(1, 0), dilation: Pair(2, 1))) == "no error")
        #expect(build(ConvOptions(outputPadding: Pair(-1, 0))).contains("negative"))
        #expect(build(.init(), kernel: try Tensor.zeros([3, 1, 3, 3])).contains("has 3 input-channel slices"))
        #expect(build(.init(), kernel: try Tensor.zeros([3, 3])).contains("[Cin,Cout/groups,kh,kw]"))
        #expect(build(.init(), kernel: try Tensor.zeros([1, 2, 1, 3, 3])).contains("got [1,2,1,3,3]"))
        let small = build(ConvOptions(padding: .explicit(Pair(3, 0))))
        #expect(small.contains("no output rows") && small.contains("= -1 < 1"))
        #expect(build(ConvOptions(padding: .same)).contains("--padding same or full does not apply to conv-transpose"))
        #expect(build(ConvOptions(padding: .full)).contains("--padding same or full"))
        #expect(build(ConvOptions(flip: true)).contains("--flip does not apply"))
        #expect(build(ConvOptions(groups: 4)).contains("--groups 4 does not divide"))
        #expect(build(.init(), bias: try Tensor.zeros([2])).contains("--bias has 2 values but the layer has 1"))
        #expect(build(ConvOptions(stride: Pair(0, 1))).contains("--stride"))
        #expect(build(ConvOptions(stride: Pair(Int.max / 2, 1))).contains("is too large (at most 1000000)"))
        #expect(build(.init(), input: try Tensor.zeros([3])).contains("[H,W] or [C,H,W]"))
    }
}

/// `ScatterTrace.unreachedOutputs` is exactly the cells with no step.
@Suite struct UnreachedOutputTests {
    @Test func unreachedAreTheCellsWithoutSteps() throws {
        var r = SplitMix64(seed: 5)
        func pick(_ n: Int) -> Int { Int(r.next() % UInt64(n)) }
        var some = 0
        for _ in 0..<200 {
            let stride = Pair(1 + pick(3), 1 + pick(3)), dilation = Pair(1 + pick(3), 1 + pick(2))
            let options = ConvOptions(stride: stride, padding: .explicit(Pair(pick(2), pick(2))),
                                      outputPadding: Pair(pick(max(stride.h, dilation.h)), pick(max(stride.w, dilation.w))), dilation: dilation)
            let cin = 1 + pick(2)
            guard let l = try? TransposedConvLayer(input: Tensor.zeros([cin, 1 + pick(3), 1 + pick(3)]),
                                                    kernel: Tensor.zeros([cin, 1 + pick(2), 1 + pick(3), 1 + pick(3)]), options: options)
            else { continue }
            let t = ScatterTrace(l)
            let expected = (0..<l.outputCount).filter { t.steps(intoOutput: $0).isEmpty }
            #expect(Array(t.unreachedOutputs()) == expected, "\(options)")
            some += expected.count
        }
        #expect(some > 0)
    }
}
