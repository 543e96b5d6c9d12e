import ConvKit
import Testing

/// A new op is one type: these two are defined here, against ConvKit's public API alone, and
/// the generic trace steps them (running max with argmax, running sum, sum then divide).

/// A 2×2 max pool, stride 2, per channel of [C,H,W]: a term is one input value, no weight.
struct MaxPool2x2: ReductionLayer {
    let input: Tensor
    var inputShape: [Int] { input.shape }
    var outputShape: [Int] { [input.shape[0], input.shape[1] / 2, input.shape[2] / 2] }
    var termsPerOutput: Int { 4 }
    var reduction: Reduction { .max }

    func term(output flat: Int, term t: Int) -> Term {
        let (h, w) = (input.shape[1], input.shape[2])
        let plane = (h / 2) * (w / 2)
        let c = flat / plane, oy = (flat % plane) / (w / 2), ox = flat % (w / 2)
        let y = 2 * oy + t / 2, x = 2 * ox + t % 2
        return Term(input: [c, y, x], x: input.data[(c * h + y) * w + x], window: [c, y, x])
    }
}

/// Each row of [H,W] reduced to one number: its sum, or its mean; then a bias and a ReLU.
struct RowReduce: ReductionLayer {
    let input: Tensor
    let reduction: Reduction
    let shift: Double
    var inputShape: [Int] { input.shape }
    var outputShape: [Int] { [input.shape[0]] }
    var termsPerOutput: Int { input.shape[1] }
    var relu: Bool { true }
    func bias(ofOutput flat: Int) -> Double? { shift }

    func term(output flat: Int, term t: Int) -> Term {
        Term(input: [flat, t], x: input.data[flat * input.shape[1] + t], window: [flat, t])
    }
}

/// The row sum's cells walked last row first (terms still in order within a row).
struct LastRowFirst: TermOrder {
    let rows: Int, columns: Int
    var count: Int { rows * columns }
    func place(ofStep i: Int) -> (output: Int, term: Int)? { (rows - 1 - i / columns, i % columns) }
    func step(ofOutput flat: Int, term t: Int) -> Int? { (rows - 1 - flat) * columns + t }
    func contribution(ofOutput flat: Int, term t: Int) -> (rank: Int, of: Int) { (t, columns) }
}

@Suite(.timeLimit(.minutes(10))) struct NewOpTests {
    @Test func maxPoolStepsItsRunningMaxAndWhereItIs() throws {
        let pool = MaxPool2x2(input: try GridText.parse("1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3").reshaped([1, 4, 4]))
        let trace = ReductionTrace(pool)
        #expect(trace.count == 16 && trace.reduction == .max)
        let first = Array(trace.prefix(4))
        #expect(first.map(\.x) == [1, 5, 3, 4] && first.map(\.sum) == [1, 5, 5, 5] && first.map(\.argmax) == [0, 1, 1, 1])
        #expect(first.allSatisfy { $0.term.factorCount == 1 && $0.product == $0.x })
        #expect(trace[7].term.input == [0, 1, 3] && trace[7].sum == 8 && trace[7].argmax == 2)
        #expect(pool.compute().data == [5, 8, 6, 9])
        #expect(trace.filter(\.isLastTerm).map { pool.finish(output: $0.outputFlat, value: $0.sum) } == [5, 8, 6, 9])
        // Random access computes each step from its cell's terms alone: the same as walking.
        #expect((0..<trace.count).map { trace[$0] } == Array(trace))
    }

    @Test func maxKeepsTheFirstOfEqualValuesAndNaN() throws {
        let ties = ReductionTrace(MaxPool2x2(input: try GridText.parse("2 7; 7 1").reshaped([1, 2, 2])))
        #expect(ties.map(\.argmax) == [0, 1, 1, 1] && ties[3].sum == 7)
        let nan = ReductionTrace(MaxPool2x2(input: try Tensor(shape: [1, 2, 2], data: [1, .nan, 9, 2])))
        #expect(nan[3].sum.isNaN && nan[3].argmax == 1)
    }

    @Test func rowSumAndMeanRunThenFinish() throws {
        let x = try GridText.parse("1 2 3 4; -5 -6 -7 -8")
        let sum = ReductionTrace(RowReduce(input: x, reduction: .sum, shift: 1))
        #expect(sum.map(\.sum) == [1, 3, 6, 10, -5, -11, -18, -26] && sum.allSatisfy { $0.argmax == nil })
        #expect(sum.layer.compute().data == [11, 0])
        let mean = RowReduce(input: x, reduction: .mean, shift: 1)
        #expect(ReductionTrace(mean)[3].sum == 10 && mean.compute().data == [3.5, 0])
        #expect(mean.value(ofOutput: 0) == 3.5 && mean.running(ofOutput: 1, through: 1).value == -11)
    }

    /// Another order over the same cells: running values come from the trace, not the order.
    @Test func anOrderWalksTheSameCells() throws {
        let op = RowReduce(input: try GridText.parse("1 2 3; 4 5 6"), reduction: .sum, shift: 0)
        let trace = ReductionTrace(op), order = LastRowFirst(rows: 2, columns: 3)
        #expect(trace.running(ofOutput: 1, afterStep: 1, in: order).value == 9)
        #expect(trace.running(ofOutput: 0, afterStep: 2, in: order).value == 0)
        #expect(trace.running(ofOutput: 0, afterStep: 4, in: order).value == 3)
        #expect(trace.steps(intoOutput: 0, in: order) == [3, 4, 5])
        #expect(trace.partialOutput(through: 3, in: order).data == [1, 15])
        #expect(trace.partialOutput(through: -1, in: order).data == [0, 0])
    }
}
