import ConvKit
import Testing

@Suite(.timeLimit(.minutes(10))) struct PoolTests {
    static let pools = PoolFixture.all.filter { $0.isPool && $0.error == nil }
    static let refused = PoolFixture.all.filter { $0.isPool && $0.error != nil }

    @Test func fixturesCoverBothPoolsAndTheirErrors() {
        #expect(Set(Self.pools.map(\.op)) == ["max-pool", "avg-pool"])
        #expect(Self.pools.count >= 140 && Self.refused.count == 4)
    }

    /// Values, shapes, PyTorch's indices and divisors; the trace's last running value of every
    /// cell, finished, is compute()'s bit for bit, and random access agrees with the walk.
    @Test(arguments: pools)
    func poolMatchesPyTorch(_ c: PoolFixture) throws {
        let pool = try c.pool()
        let out = pool.compute()
        #expect(out.shape == c.expected!.shape, "\(c.name)")
        #expect(veryClose(out.data, c.expected!.data), "\(c.name): \(out.data)")
        #expect(tracedOutputs(pool).bits == out.data.bits, "\(c.name)")
        let trace = ReductionTrace(pool)
        // Compared as text: a NaN step is not == itself.
        #expect((0..<trace.count).map { "\(trace[$0])" } == trace.map { "\($0)" }, "\(c.name)")
        let cells = 0..<pool.outputCount
        if let max = pool as? MaxPool {
            let w = max.inputShape[2]
            let indices = cells.map { max.argmax(ofOutput: $0).map { $0[1] * w + $0[2] } ?? -1 }
            #expect(indices == c.argmax!.data, "\(c.name)")
        } else {
            // Every channel's plane has the same divisors; the fixture gives one plane's.
            #expect(cells.map(pool.divisor(ofOutput:)) == Array(repeating: c.divisor!.data, count: pool.outputShape[0]).flatMap { $0 }, "\(c.name)")
        }
    }

    /// Each refusal names the option that breaks PyTorch's rule.
    @Test(arguments: refused)
    func poolRefusesWhatPyTorchRefuses(_ c: PoolFixture) {
        let option = ["padding-over-half-window": "--padding 2 is more than half the pool size", "no-output": "--pool-size 3 does not fit",
                      "dilation-with-avg-pool": "--dilation applies to max-pool only"][c.error!.kind]!
        #expect { try c.pool() } throws: { ($0 as? ConvError)?.message.hasPrefix(option) == true }
    }

    @Test func aStrideDefaultsToThePoolSize() throws {
        let x = try GridText.parse("1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3")
        #expect(try MaxPool(input: x, options: PoolOptions(size: Pair(2, 2))).geometry.stride == Pair(2, 2))
        #expect(try MaxPool(input: x, options: PoolOptions(size: Pair(2, 2), stride: .one)).outputShape == [1, 3, 3])
    }

    /// The example: the walk carries the running max and which term holds it.
    @Test func aMaxPoolWalkCarriesItsRunningMaxAndArgmax() throws {
        let pool = try MaxPool(input: GridText.parse("1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"), options: PoolOptions(size: Pair(2, 2)))
        let steps = Array(ReductionTrace(pool))
        #expect(steps.map(\.x) == [1, 5, 3, 4, 2, 0, 8, 1, 0, 2, 6, 1, 9, 7, 3, 3])
        #expect(steps.map(\.sum) == [1, 5, 5, 5, 2, 2, 8, 8, 0, 2, 6, 6, 9, 9, 9, 9])
        #expect(steps.map(\.argmax) == [0, 1, 1, 1, 0, 0, 2, 2, 0, 1, 2, 2, 0, 0, 0, 0])
        #expect(steps[6].term.input == [0, 1, 2] && steps[6].term.factorCount == 1)
        #expect(pool.compute().data == [5, 8, 6, 9])
    }

    /// Padding is −∞ and never wins; while every tap seen is −∞ nothing holds the max, and
    /// PyTorch's index is then the first tap inside the input.
    @Test func paddingIsMinusInfinityAndNeverWins() throws {
        let pool = try MaxPool(input: Tensor(shape: [1, 2], data: [-.infinity, -.infinity]), options: PoolOptions(size: Pair(1, 2), padding: Pair(0, 1)))
        let steps = Array(ReductionTrace(pool))
        #expect(steps[0].term.input == nil && steps[0].x == -.infinity && pool.sourceName(steps[0].term) == "padding (0,-1)")
        #expect(steps.allSatisfy { $0.argmax == nil })
        #expect(pool.argmax(ofOutput: 0) == [0, 0, 0])
    }

    /// A ceil-mode average divides by the window's cells in the input and its padding only.
    @Test func aCeilWindowPastThePaddingDividesByLess() throws {
        let pool = try AvgPool(input: GridText.parse("1 2 3; 4 5 6; 7 8 9"), options: PoolOptions(size: Pair(2, 2), ceilMode: true))
        #expect(pool.outputShape == [1, 2, 2] && (0..<4).map(pool.divisor(ofOutput:)) == [4, 2, 2, 1])
        #expect(pool.compute().data == [3, 4.5, 7.5, 9])
        let last = ReductionTrace(pool).last!
        #expect(last.sum == 9 && pool.finish(output: 3, sum: last.sum) == 9)
        #expect(pool.sourceName(pool.term(output: 3, term: 3)) == "past the padding (3,3)")
    }
}
