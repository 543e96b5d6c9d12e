/// Another order to walk an op's terms in than cell by cell (conv-transpose's scatter: input
/// cell by input cell). Step i adds one term of one cell, or none (a product the padding
/// crops). Each cell's terms must come in term order, so a step's running value is its cell's
/// value through that term; a term no step adds must leave the value unchanged (the zero terms
/// of a sum: inserted zeros, padding). The running values come from `ReductionTrace`.
public protocol TermOrder: Sendable {
    var count: Int { get }
    /// The cell and term step `i` adds; nil when it adds into none.
    func place(ofStep i: Int) -> (output: Int, term: Int)?
    /// The step that adds term `t` of cell `flat`; nil when none does.
    func step(ofOutput flat: Int, term t: Int) -> Int?
    /// Term `t` is the `rank`-th (0-based) of the `of` terms of cell `flat` that steps add.
    func contribution(ofOutput flat: Int, term t: Int) -> (rank: Int, of: Int)
}

extension ReductionTrace {
    /// Cell `flat`'s running value after step `i` of `order` (i = −1: before any step).
    public func running(ofOutput flat: Int, afterStep i: Int, in order: some TermOrder) -> Running {
        var run = reduction.start
        for t in 0..<termsPerOutput {
            guard let s = order.step(ofOutput: flat, term: t) else { continue }
            if s > i { break }
            run = reduction.adding(cells.termValue(output: flat, term: t), term: t, to: run)
        }
        return run
    }

    /// The steps of `order` that add into cell `flat`, in order (none for a cell no step reaches).
    public func steps(intoOutput flat: Int, in order: some TermOrder) -> [Int] {
        (0..<termsPerOutput).compactMap { order.step(ofOutput: flat, term: $0) }
    }

    /// Every cell's running value after step `i` of `order` (−1: before any step), as a view of
    /// the whole output draws it; equal, bit for bit, to each cell's `running(afterStep:)`.
    public func partialOutput(through i: Int, in order: some TermOrder) -> Tensor {
        precondition(i >= -1 && i < order.count, "trace step \(i) is out of range -1..<\(order.count)")
        let n = cells.outputCount
        var out: [Double]
        if i + 1 <= n * termsPerOutput {
            // Replaying the steps takes each cell's terms in term order too.
            var run = [Running](repeating: reduction.start, count: n)
            for k in 0..<(i + 1) {
                guard let (o, t) = order.place(ofStep: k) else { continue }
                run[o] = reduction.adding(cells.termValue(output: o, term: t), term: t, to: run[o])
            }
            out = run.map(\.value)
        } else {
            out = (0..<n).map { running(ofOutput: $0, afterStep: i, in: order).value }
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}
