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
    /// The same weights as SIMD pairs, so the inner loop multiplies without broadcasting.
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
        splat = w.map { SIMD2(repeating: $0) }
    }

    func run(into out: UnsafeMutablePointer<Double>) {
        let rows = c.outHeight
        // Below about a million products, a thread hand-off costs more than it saves.
        let work = c.outChannels * rows * c.outWidth * terms
        let chunks = work < 1 << 20 ? 1 : min(rows, 32)
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
                                self.row(row, filters: block, taps: taps, src: src, w: w.baseAddress! + co * terms, s: s.baseAddress! + co * terms)
                                for j in 0..<block { finish(row + j * c.outHeight * c.outWidth, co: co + j) }
                            }
                            co += block
                        }
                    }
                }
            }
        }
    }

    /// One output row of `filters` (1 or 4) consecutive filters. Columns whose every tap lies
    /// inside the image take the SIMD tiles (stride 1 only); the edges and the rest, one output
    /// at a time in the same term order.
    private func row(_ dst: UnsafeMutablePointer<Double>, filters: Int, taps: Taps, src: UnsafePointer<Double>,
                     w: UnsafePointer<Double>, s: UnsafePointer<SIMD2<Double>>) {
        let ow = c.outWidth, plane = c.outHeight * ow
        var ox = 0
        if c.options.stride.w == 1 {
            // Interior: ox − padLeft ≥ 0 and ox − padLeft + dilation·(kw−1) ≤ width − 1.
            let lo = min(c.padLeft, ow)
            let hi = max(lo, min(ow, c.width + c.padLeft - c.options.dilation.w * (c.kw - 1)))
            while ox < lo { scalar(dst, filters: filters, ox: ox, taps: taps, src: src, w: w); ox += 1 }
            if filters == 4 {
                while ox + 4 <= hi { tile4x4(dst, plane: plane, ox: ox, taps: taps, src: src, s: s); ox += 4 }
            } else {
                while ox + 8 <= hi { tile1x8(dst, ox: ox, taps: taps, src: src, s: s); ox += 8 }
            }
        }
        while ox < ow { scalar(dst, filters: filters, ox: ox, taps: taps, src: src, w: w); ox += 1 }
    }

    @inline(__always)
    private func scalar(_ dst: UnsafeMutablePointer<Double>, filters: Int, ox: Int, taps: Taps, src: UnsafePointer<Double>, w: UnsafePointer<Double>) {
        let x0 = ox &* c.options.stride.w, width = c.width
        let (offset, column, term, n) = (taps.offset, taps.column, taps.term, taps.count)
        for j in 0..<filters {
            let wj = w + j &* terms
            var sum = 0.0
            for i in 0..<n {
                let x = x0 &+ column[i]
                if x >= 0 && x < width { sum += src[offset[i] &+ x0] * wj[term[i]] }
            }
            dst[j &* c.outHeight &* c.outWidth &+ ox] = sum
        }
    }

    /// 4 columns × 4 filters: 8 SIMD pairs of running sums; each input pair is loaded once
    /// and multiplied by four weights.
    @inline(__always)
    private func tile4x4(_ dst: UnsafeMutablePointer<Double>, plane: Int, ox: Int, taps: Taps, src: UnsafePointer<Double>, s: UnsafePointer<SIMD2<Double>>) {
        var a0 = SIMD2<Double>(), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0
        let n = terms, base = src + ox
        let (offset, term) = (taps.offset, taps.term)
        for i in 0..<taps.count {
            let p = base + offset[i]
            let v = load(p), u = load(p + 2)
            let w = s + term[i]
            let w0 = w[0], w1 = w[n], w2 = w[n &* 2], w3 = w[n &* 3]
            a0 = a0 + v * w0; b0 = b0 + u * w0
            a1 = a1 + v * w1; b1 = b1 + u * w1
            a2 = a2 + v * w2; b2 = b2 + u * w2
            a3 = a3 + v * w3; b3 = b3 + u * w3
        }
        let d = dst + ox
        store(d, a0); store(d + 2, b0)
        store(d + plane, a1); store(d + (plane &+ 2), b1)
        store(d + plane &* 2, a2); store(d + (plane &* 2 &+ 2), b2)
        store(d + plane &* 3, a3); store(d + (plane &* 3 &+ 2), b3)
    }

    /// 8 columns of one filter (depthwise, single-channel images, leftover filters).
    @inline(__always)
    private func tile1x8(_ dst: UnsafeMutablePointer<Double>, ox: Int, taps: Taps, src: UnsafePointer<Double>, s: UnsafePointer<SIMD2<Double>>) {
        var a = SIMD2<Double>(), b = a, e = a, f = a
        let base = src + ox
        let (offset, term) = (taps.offset, taps.term)
        for i in 0..<taps.count {
            let p = base + offset[i]
            let w = s[term[i]]
            a = a + load(p) * w
            b = b + load(p + 2) * w
            e = e + load(p + 4) * w
            f = f + load(p + 6) * w
        }
        let d = dst + ox
        store(d, a); store(d + 2, b); store(d + 4, e); store(d + 6, f)
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
