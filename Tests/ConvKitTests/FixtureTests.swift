import ConvKit
import Testing

@Suite(.timeLimit(.minutes(10))) struct FixtureTests {
    @Test func fixturesCoverEveryOp() {
        // Pools and padding modes have their own file (pool-cases.json, PyTorch's rules).
        let ops = Set(FixtureCase.all.map(\.op) + PoolFixture.all.map(\.op))
        #expect(ops == Set(Op.allCases.map(\.rawValue)))
        #expect(FixtureCase.all.count >= 300)
    }

    /// The vector kernels' 32- and 64-column spans and the threaded split meet numpy too, not only
    /// the project's own trace.
    @Test func fixturesReachTheWideAndThreadedPaths() throws {
        let layers = try FixtureCase.all.filter { $0.op != "im2col" }.map {
            try Layer(op: $0.operation, input: $0.input.tensor, kernel: $0.kernel.tensor, bias: $0.bias?.tensor, options: $0.options)
        }
        #expect(layers.filter { $0.outputShape.last! > 128 }.count >= 3)
        #expect(layers.filter { $0.outputCount * $0.termsPerOutput >= 1 << 20 }.count >= 2)
    }

    @Test(arguments: FixtureCase.all)
    func computeMatchesNumpy(_ c: FixtureCase) throws {
        let result: Tensor
        if c.operation == .im2col {
            result = try Im2col(input: c.input.tensor, kernel: c.kernel.tensor, options: c.options).matrix
        } else {
            result = try Layer(op: c.operation, input: c.input.tensor, kernel: c.kernel.tensor, bias: c.bias?.tensor, options: c.options).compute()
        }
        #expect(result.shape == c.expected.shape, "\(c.name)")
        #expect(allClose(result.data, c.expected.data), "\(c.name)")
    }

    /// The trace must tell the same story as compute: the last running sum of every output,
    /// plus bias and ReLU, is the expected value; random access agrees with a forward walk.
    @Test(arguments: FixtureCase.all.filter { $0.op != "im2col" && !$0.isThreaded })
    func traceAgreesWithNumpy(_ c: FixtureCase) throws {
        let layer = try Layer(op: c.operation, input: c.input.tensor, kernel: c.kernel.tensor, bias: c.bias?.tensor, options: c.options)
        let trace = Trace(layer)
        #expect(trace.count == c.expected.data.count * layer.termsPerOutput)
        var finished: [Double] = []
        var previous: TraceStep?
        for step in trace {
            #expect(step == trace[step.index], "\(c.name) step \(step.index)")
            if let p = previous {
                // Canonical order: outputs row-major, terms in order within each output.
                #expect(step.outputFlat == p.outputFlat + (p.isLastTerm ? 1 : 0))
                #expect(step.termIndex == (p.isLastTerm ? 0 : p.termIndex + 1))
            }
            if step.term.input == nil { #expect(step.x == 0) }
            if step.isLastTerm { finished.append(layer.finish(output: step.outputFlat, sum: step.sum)) }
            previous = step
        }
        #expect(allClose(finished, c.expected.data), "\(c.name)")
    }

    /// im2col's promise: the kernel as rows times X_col is the convolution.
    @Test(arguments: FixtureCase.all.filter { $0.op == "im2col" })
    func im2colTimesKernelIsTheConvolution(_ c: FixtureCase) throws {
        let cols = try Im2col(input: c.input.tensor, kernel: c.kernel.tensor, options: c.options)
        let conv = try ConvLayer(input: cols.geometry.input, kernel: c.kernel.rank4(channels: cols.geometry.channels), options: cols.geometry.options)
        let k = conv.weight
        let (rows, n) = (cols.matrix.shape[0], cols.matrix.shape[1])
        var product: [Double] = []
        for co in 0..<k.shape[0] {
            for j in 0..<n {
                var s = 0.0
                for r in 0..<rows { s += k.data[co * rows + r] * cols.matrix.data[r * n + j] }
                product.append(s)
            }
        }
        #expect(allClose(product, conv.compute().data), "\(c.name)")
    }
}

extension FixtureCase.Array {
    /// im2col cases may carry a kernel of any rank; make it [Cout, C, kh, kw] for the check.
    func rank4(channels: Int) -> Tensor {
        let kh = shape[shape.count - 2], kw = shape[shape.count - 1]
        return try! Tensor(shape: [data.count / (channels * kh * kw), channels, kh, kw], data: data)
    }
}

extension FixtureCase: CustomTestStringConvertible {
    var testDescription: String { name }
}
