/// dL/dX of a max or average pool as cells of sums: cells are the pool's input [C, H, W]. A pool
/// has no weights, so dX is its only gradient. Each window (output cell o) hands its dY[o] to its
/// taps: all of it to the tap holding its maximum (PyTorch's return_indices; a cell that wins
/// several windows adds them all), or dY[o] ÷ its divisor to every tap inside the input (avg:
/// the padding's taps are no cell and get nothing, nor do the taps past it in ceil mode).
///
/// Terms of cell (c, i, j): the windows that hold it as a tap, row-major over (oy, ox) — the
/// order PyTorch's backward kernels add them in, so max's dX is theirs bit for bit — then, up
/// to `termsPerOutput` (the most windows any cell lies in), terms of no window that add 0.
/// In a `Term`, `input`/`x` are the dY cell [c, oy, ox] and dY there; `weight` is where the cell
/// sits in that window, its tap (ky, kx); `window` is the cell [c, i, j] itself; `w` the cell's share of dY: 1 or 0 (max: whether
/// the cell holds the window's maximum), or 1/divisor (avg: dY × (1/divisor), which may differ
/// from PyTorch's dY ÷ divisor in the last bit).
public struct PoolInputGradient: ReductionLayer {
    public enum Share: Sendable, Equatable {
        /// Max: the flat input index of each window's argmax, −1 where every tap is outside.
        case argmax([Int])
        /// Avg: what each window's sum was divided by.
        case divisor([Int])
    }

    public let geometry: PoolGeometry
    /// dY, flat in the pool's output order (a pool has no ReLU: nothing gates it).
    public let gradient: [Double]
    public let share: Share
    let rows: WindowAxis, cols: WindowAxis

    init(pool: some PoolLayer, share: Share, gradient: [Double]) {
        let g = pool.geometry
        (geometry, self.gradient, self.share) = (g, gradient, share)
        rows = WindowAxis(n: g.height, k: g.size.h, s: g.stride.h, p: g.padding.h, d: g.dilation.h, out: g.outHeight)
        cols = WindowAxis(n: g.width, k: g.size.w, s: g.stride.w, p: g.padding.w, d: g.dilation.w, out: g.outWidth)
    }

    public var outputShape: [Int] { geometry.inputShape }
    /// At least one, so that a cell no window holds still has its one term of 0.
    public var termsPerOutput: Int { max(1, rows.most * cols.most) }

    /// Term t of cell `flat`: the window (flat output index, and its row and column) and the tap
    /// the cell is in it; nil past the windows that hold the cell.
    @inline(__always)
    func window(output flat: Int, term t: Int) -> (o: Int, oy: Int, ox: Int, ky: Int, kx: Int)? {
        let g = geometry, plane = g.height * g.width
        let c = flat / plane, i = (flat % plane) / g.width, j = flat % g.width
        let r = rows.windows(holding: i), q = cols.windows(holding: j)
        guard t < r.count * q.count else { return nil }
        let oy = r.first + (t / q.count) * r.step, ox = q.first + (t % q.count) * q.step
        return ((c * g.outHeight + oy) * g.outWidth + ox, oy, ox, rows.tap(i, window: oy), cols.tap(j, window: ox))
    }

    /// Cell `flat`'s share of window o's dY.
    @inline(__always)
    func shareOf(window o: Int, cell flat: Int) -> Double {
        switch share {
        case .argmax(let a): a[o] == flat ? 1 : 0
        case .divisor(let d): 1 / Double(d[o])
        }
    }

    public func term(output flat: Int, term t: Int) -> Term {
        let cell = Tensor.unravel(flat, outputShape)
        guard let w = window(output: flat, term: t) else { return Term(input: nil, weight: [], x: 0, w: 0, window: cell) }
        let at = [cell[0], w.oy, w.ox]
        return Term(input: at, weight: [w.ky, w.kx], x: gradient[w.o], w: shareOf(window: w.o, cell: flat), window: cell)
    }

    public func termValue(output flat: Int, term t: Int) -> Double {
        guard let w = window(output: flat, term: t) else { return 0 }
        return gradient[w.o] * shareOf(window: w.o, cell: flat)
    }

    /// The first factor's grid: dY, the pool's output.
    public var inputShape: [Int] { geometry.outputShape }
    /// The second factor's place: the tap of the window, in a kh × kw grid.
    public var weightShape: [Int] { [geometry.size.h, geometry.size.w] }
    public var inputChannels: Int { geometry.channels }

    public func sourceName(_ t: Term) -> String {
        t.input.map { "dY " + Position.text($0, in: inputShape) } ?? "no other window"
    }

    public func factorName(_ t: Term) -> String? { t.input == nil ? "0(no window)" : nil }

    /// `share (won the max)`, `share (lost the max)` or `share 1/4`.
    public func weightName(_ t: Term) -> String {
        switch share {
        case .argmax: t.w == 1 ? "share (won the max)" : "share (lost the max)"
        case .divisor: "share 1/\(t.input.map(divisor(ofWindow:)) ?? 0)"
        }
    }

    public var factorKeys: [String] { ["dy", "share"] }

    /// The input cell [c, y, x] that takes term t's dY: its window's argmax (max; nil when every
    /// tap is outside), or every cell inside the window, this one among them (avg: the cell
    /// itself, the term's `window`).
    public func taker(_ t: Term) -> [Int]? {
        guard let o = t.input else { return nil }
        switch share {
        case .argmax(let a):
            let k = a[Tensor.ravel(o, inputShape)]
            return k < 0 ? nil : Tensor.unravel(k, outputShape)
        case .divisor:
            return t.window
        }
    }

    /// What window [c, oy, ox]'s sum was divided by (avg), 1 for max.
    public func divisor(ofWindow o: [Int]) -> Int {
        guard case .divisor(let d) = share else { return 1 }
        return d[Tensor.ravel(o, inputShape)]
    }
}

/// One axis of a pool's windows seen from the input: which windows hold position i.
struct WindowAxis: Sendable {
    let n: Int, k: Int, s: Int, p: Int, d: Int, out: Int
    /// The most windows any position lies in.
    private(set) var most = 0

    init(n: Int, k: Int, s: Int, p: Int, d: Int, out: Int) {
        (self.n, self.k, self.s, self.p, self.d, self.out) = (n, k, s, p, d, out)
        most = (0..<n).reduce(0) { max($0, windows(holding: $1).count) }
    }

    /// The windows holding position i, ascending: window o does when tap (i + p − o·s) / d is
    /// whole and in 0..<k. The o that make it whole repeat every d / gcd(s, d).
    @inline(__always)
    func windows(holding i: Int) -> (first: Int, step: Int, count: Int) {
        let u = i + p, reach = u - (k - 1) * d
        let lo = max(0, reach <= 0 ? 0 : (reach + s - 1) / s), hi = min(out - 1, u / s)
        let step = d / Self.gcd(s, d)
        var first = lo
        while first <= hi && first < lo + step && (u - first * s) % d != 0 { first += 1 }
        guard first <= hi, (u - first * s) % d == 0 else { return (0, step, 0) }
        return (first, step, (hi - first) / step + 1)
    }

    /// Which tap of window o position i is.
    @inline(__always) func tap(_ i: Int, window o: Int) -> Int { (i + p - o * s) / d }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
