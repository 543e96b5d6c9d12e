import Dispatch

extension Layer {
    /// The whole output at once, summing each output's products in the trace's order so that
    /// the last running sum of a trace equals this value exactly.
    public func compute() -> Tensor {
        switch self {
        case .conv(let c): c.compute()
        case .dense(let d): d.compute()
        }
    }
}

extension ConvLayer {
    /// Every output is its own running sum: 0, then each product (ci, ky, kx) ascending added
    /// one at a time, then bias, then ReLU — the trace's order, so the results are bit-identical
    /// to the trace's last sums. Speed comes from keeping those sums in SIMD registers for a tile
    /// of 4 columns × 4 filters while all taps stream past, not from reordering any sum.
    /// Taps over padding are skipped rather than added as 0·w: a sum that starts at +0 is never
    /// −0, so adding ±0 never changes it.
    public func compute() -> Tensor {
        let count = outChannels * outHeight * outWidth
        let plan = ConvPlan(self)
        let data = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            plan.run(into: buffer.baseAddress!)
            initialized = count   // every output is written exactly once by `run`
        }
        return Tensor(unchecked: outputShape, data: data)
    }
}

/// Read-only facts for one `compute()`, shared by the worker threads.
private struct ConvPlan: @unchecked Sendable {
    let c: ConvLayer
    /// Products per output (Cin/groups·kh·kw), in trace order t = (cg·kh + ky)·kw + kx.
    let terms: Int
    /// weights[co·terms + t]: the weight multiplied at term t, flip already applied.
    let weights: [Double]
    /// The same weights as SIMD pairs, term-major (splat[t·outChannels + co]), so the inner loop
    /// multiplies without broadcasting and the 4 filters of a tile share one cache line.
    let splat: [SIMD2<Double>]

    init(_ c: ConvLayer) {
        self.c = c
        terms = c.termsPerOutput
        var w = [Double](repeating: 0, count: c.outChannels * terms)
        for co in 0..<c.outChannels {
            for cg in 0..<c.groupChannels {
                for ky in 0..<c.kh {
                    for kx in 0..<c.kw {
                        let (wy, wx) = c.weightPosition(ky: ky, kx: kx)
                        w[co * terms + (cg * c.kh + ky) * c.kw + kx] = c.weight.data[((co * c.groupChannels + cg) * c.kh + wy) * c.kw + wx]
                    }
                }
            }
        }
        weights = w
        var s = [SIMD2<Double>](repeating: .zero, count: w.count)
        for co in 0..<c.outChannels {
            for t in 0..<terms { s[t * c.outChannels + co] = SIMD2(repeating: w[co * terms + t]) }
        }
        splat = s
    }

    func run(into out: UnsafeMutablePointer<Double>) {
        let rows = c.outHeight
        // Below about a million products, a thread hand-off costs more than it saves.
        let work = c.outChannels * rows * c.outWidth * terms
        let chunks = 1 // TEMP
        let target = SendablePointer(pointer: out)
        if chunks == 1 { return rowRange(0..<rows, into: out) }
        // Chunks write disjoint output rows, so the threads never touch the same value.
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            rowRange((i * rows / chunks)..<((i + 1) * rows / chunks), into: target.pointer)
        }
    }

    /// Output rows `rows` of every channel: for each block of filters, row by row, so the
    /// block's weights stay in L1 while the input rows stream through.
    private func rowRange(_ rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        let filtersPerGroup = c.outChannels / c.groups
        let taps = Taps(capacity: terms)
        c.input.data.withUnsafeBufferPointer { input in
            weights.withUnsafeBufferPointer { w in
                splat.withUnsafeBufferPointer { s in
                    let src = input.baseAddress!
                    for g in 0..<c.groups {
                        let first = g * filtersPerGroup, end = first + filtersPerGroup
                        var co = first
                        while co < end {
                            let block = end - co >= 4 ? 4 : 1
                            for oy in rows {
                                taps.build(c, firstChannel: g * c.groupChannels, oy: oy)
                                let row = out + (co * c.outHeight + oy) * c.outWidth
                                self.row(row, filters: block, taps: taps, src: src, s: s.baseAddress! + co)
                                for j in 0..<block { finish(row + j * c.outHeight * c.outWidth, co: co + j) }
                            }
                            co += block
                        }
                    }
                }
            }
        }
    }

    /// One output row of `filters` (1 or 4) consecutive filters, in tiles of 4 (or 8) columns.
    /// Tiles whose every tap lies inside the image read contiguous pairs (stride 1 only); the
    /// ones at the edges, the last partial one and strided ones check each read.
    private func row(_ dst: UnsafeMutablePointer<Double>, filters: Int, taps: Taps, src: UnsafePointer<Double>,
                     s: UnsafePointer<SIMD2<Double>>) {
        let ow = c.outWidth, plane = c.outHeight * ow
        // Interior columns: ox − padLeft ≥ 0 and ox − padLeft + dilation·(kw−1) ≤ width − 1.
        let contiguous = c.options.stride.w == 1
        let lo = c.padLeft, hi = c.width + c.padLeft - c.options.dilation.w * (c.kw - 1)
        let width = filters == 4 ? 4 : 8
        var ox = 0
        while ox < ow {
            let columns = min(width, ow - ox)
            if contiguous && ox >= lo && ox + width <= hi {
                let r = Contiguous(base: src + ox, offset: taps.offset)
                if filters == 4 { tile4x4(r, dst + ox, plane: plane, columns: 4, taps: taps, s: s) } else { tile1x8(r, dst + ox, columns: 8, taps: taps, s: s) }
            } else {
                let r = Guarded(src: src, taps: taps, ox: ox, columns: columns, stride: c.options.stride.w, width: c.width)
                if filters == 4 { tile4x4(r, dst + ox, plane: plane, columns: columns, taps: taps, s: s) } else { tile1x8(r, dst + ox, columns: columns, taps: taps, s: s) }
            }
            ox += columns
        }
    }

    /// 4 columns × 4 filters: 8 SIMD pairs of running sums; each input pair is read once and
    /// multiplied by four weights.
    @inline(__always)
    private func tile4x4<R: PairReader>(_ r: R, _ d: UnsafeMutablePointer<Double>, plane: Int, columns: Int, taps: Taps,
                                        s: UnsafePointer<SIMD2<Double>>) {
        var a0 = SIMD2<Double>(), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0
        let n = c.outChannels, term = taps.term
        for i in 0..<taps.count {
            let v = r.pair(i, 0), u = r.pair(i, 2)
            let w = s + term[i] &* n
            let w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3]
            a0 = a0 + v * w0; b0 = b0 + u * w0
            a1 = a1 + v * w1; b1 = b1 + u * w1
            a2 = a2 + v * w2; b2 = b2 + u * w2
            a3 = a3 + v * w3; b3 = b3 + u * w3
        }
        put(d, a0, b0, columns); put(d + plane, a1, b1, columns)
        put(d + plane &* 2, a2, b2, columns); put(d + plane &* 3, a3, b3, columns)
    }

    /// 8 columns of one filter (single-channel images, depthwise, leftover filters).
    @inline(__always)
    private func tile1x8<R: PairReader>(_ r: R, _ d: UnsafeMutablePointer<Double>, columns: Int, taps: Taps,
                                        s: UnsafePointer<SIMD2<Double>>) {
        var a = SIMD2<Double>(), b = a, e = a, f = a
        let n = c.outChannels, term = taps.term
        for i in 0..<taps.count {
            let w = s[term[i] &* n]
            a = a + r.pair(i, 0) * w
            b = b + r.pair(i, 2) * w
            e = e + r.pair(i, 4) * w
            f = f + r.pair(i, 6) * w
        }
        put(d, a, b, columns)
        if columns > 4 { put(d + 4, e, f, columns - 4) }
    }

    /// bias, then ReLU, as `Layer.finish` does after the trace's last product.
    private func finish(_ row: UnsafeMutablePointer<Double>, co: Int) {
        guard c.bias != nil || c.options.relu else { return }
        let b = c.bias?[co] ?? 0
        for i in 0..<c.outWidth {
            let z = row[i] + b
            row[i] = c.options.relu ? max(0, z) : z
        }
    }
}

/// The terms of one output row whose input row lies inside the image (the others only ever
/// meet padding), in trace order: where each reads and which weight it uses. One per thread.
private final class Taps {
    /// Input offset minus output column·stride: (ci·height + y)·width + kx·dilation − padLeft.
    let offset: UnsafeMutablePointer<Int>
    /// Input column minus output column·stride: kx·dilation − padLeft (for the edge checks).
    let column: UnsafeMutablePointer<Int>
    /// Index t of the term (and of its weight) within the output's terms.
    let term: UnsafeMutablePointer<Int>
    private(set) var count = 0

    init(capacity: Int) {
        offset = .allocate(capacity: capacity)
        column = .allocate(capacity: capacity)
        term = .allocate(capacity: capacity)
    }

    deinit {
        offset.deallocate()
        column.deallocate()
        term.deallocate()
    }

    func build(_ c: ConvLayer, firstChannel: Int, oy: Int) {
        count = 0
        for cg in 0..<c.groupChannels {
            for ky in 0..<c.kh {
                let y = oy * c.options.stride.h - c.padTop + ky * c.options.dilation.h
                guard y >= 0 && y < c.height else { continue }
                for kx in 0..<c.kw {
                    column[count] = kx * c.options.dilation.w - c.padLeft
                    offset[count] = ((firstChannel + cg) * c.height + y) * c.width + column[count]
                    term[count] = (cg * c.kh + ky) * c.kw + kx
                    count += 1
                }
            }
        }
    }
}

private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
}

/// Where a tile's input pairs come from: lanes (l, l+1) of term i.
private protocol PairReader {
    func pair(_ i: Int, _ lane: Int) -> SIMD2<Double>
}

/// Interior tiles at stride 1: every read is inside the image, two neighbours at once.
private struct Contiguous: PairReader {
    let base: UnsafePointer<Double>
    let offset: UnsafeMutablePointer<Int>
    @inline(__always) func pair(_ i: Int, _ lane: Int) -> SIMD2<Double> { load(base + (offset[i] &+ lane)) }
}

/// Edge, partial and strided tiles: each read is checked and gives 0 outside the image (or
/// past the tile's last column). Adding 0·w (±0) leaves a running sum unchanged, exactly as
/// the trace's padding steps do.
private struct Guarded: PairReader {
    let src: UnsafePointer<Double>
    let taps: Taps
    let ox: Int, columns: Int, stride: Int, width: Int
    @inline(__always) func pair(_ i: Int, _ lane: Int) -> SIMD2<Double> {
        let column = taps.column[i], row = taps.offset[i] &- column
        @inline(__always) func read(_ l: Int) -> Double {
            let x = (ox &+ l) &* stride &+ column
            return l < columns && x >= 0 && x < width ? src[row &+ x] : 0
        }
        return SIMD2(read(lane), read(lane &+ 1))
    }
}

/// Stores lanes 0..<columns (at most 4) of the pairs (a, b).
@inline(__always) private func put(_ d: UnsafeMutablePointer<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>, _ columns: Int) {
    if columns >= 4 { store(d, a); store(d + 2, b); return }
    if columns > 0 { d[0] = a[0] }
    if columns > 1 { d[1] = a[1] }
    if columns > 2 { d[2] = b[0] }
}

@inline(__always) private func load(_ p: UnsafePointer<Double>) -> SIMD2<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
}

@inline(__always) private func store(_ p: UnsafeMutablePointer<Double>, _ v: SIMD2<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD2<Double>.self)
}

extension DenseLayer {
    public func compute() -> Tensor {
        let n = inputCount
        var out = [Double](repeating: 0, count: outputCount)
        for o in 0..<outputCount {
            var s = 0.0
            for i in 0..<n { s += input.data[i] * weight.data[o * n + i] }
            s += bias?[o] ?? 0
            out[o] = relu ? max(0, s) : s
        }
        return Tensor(unchecked: outputShape, data: out)
    }
}
