import CConvSIMD
import Dispatch

extension ConvLayer {
    /// Every output is its own running sum: 0, then each product (ci, ky, kx) ascending added
    /// one at a time (no fused multiply-add), then bias, then ReLU — the trace's order, so each
    /// result is bit-identical to the trace's last sum. The speed comes from keeping those sums
    /// in SIMD registers for a tile of 4 columns × 4 filters while all the terms stream past,
    /// and from two threads on large layers — never from reordering a sum.
    /// Terms over padding read 0 as the trace does: 0·w is ±0, and adding ±0 to a sum that
    /// started at +0 leaves it unchanged.
    /// `vectors` picks the loops for interior tiles; both give the same bits (tests compare them).
    /// A padding mode other than zeros copies its cells into a padded input first and runs the
    /// same window over it unpadded (PyTorch's F.pad, then conv2d): the same terms in the same
    /// order, so the same bits.
    public func compute(vectors: VectorUnit = .native) -> Tensor {
        if options.paddingMode != .zeros { return paddedCopy().compute(vectors: vectors) }
        let count = outChannels * outHeight * outWidth
        let plan = ConvPlan(self, lanes: vectors.lanes)
        let data = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            plan.run(into: buffer.baseAddress!)
            initialized = count   // `run` writes every output
        }
        return Tensor(unchecked: outputShape, data: data)
    }
}

extension ConvLayer {
    /// This layer over its input with the padding mode's copies written out, and no padding.
    func paddedCopy() -> ConvLayer {
        let ph = height + padTop + padBottom, pw = width + padLeft + padRight
        var data = [Double](repeating: 0, count: channels * ph * pw)
        for c in 0..<channels {
            for y in 0..<ph {
                for x in 0..<pw {
                    if let s = source(y: y - padTop, x: x - padLeft) { data[(c * ph + y) * pw + x] = input.data[(c * height + s.y) * width + s.x] }
                }
            }
        }
        var o = options
        o.padding = .valid
        o.paddingMode = .zeros
        // Every check already passed on these numbers; the padded input only moves the padding inside.
        return try! ConvLayer(op: op, input: Tensor(unchecked: [channels, ph, pw], data: data), kernel: weight, bias: bias.map { Tensor(unchecked: [$0.count], data: $0) }, options: o)
    }
}

/// Read-only facts for one `compute()`, shared by the worker threads.
private struct ConvPlan: @unchecked Sendable {
    let c: ConvLayer
    /// Products per output (Cin/groups·kh·kw), in trace order t = (cg·kh + ky)·kw + kx.
    let terms: Int
    /// Filters are computed in blocks of 4 (1 for leftovers), never across a group boundary.
    let blocks: [(group: Int, first: Int, count: Int)]
    /// The weights as SIMD pairs (no broadcast in the inner loop), flip applied, laid out
    /// block by block as [t][filter of the block], so a tile's 4 weights share a cache line.
    let pairs: WeightPairs
    /// Doubles per vector of the C span kernels, or 0 to use only the Swift tiles.
    let lanes: Int

    init(_ c: ConvLayer, lanes: Int) {
        self.c = c
        self.lanes = lanes
        terms = c.termsPerOutput
        let perGroup = c.outChannels / c.groups
        var blocks: [(group: Int, first: Int, count: Int)] = []
        for g in 0..<c.groups {
            var co = g * perGroup
            while co < (g + 1) * perGroup {
                let n = (g + 1) * perGroup - co >= 4 ? 4 : 1
                blocks.append((g, co, n))
                co += n
            }
        }
        self.blocks = blocks
        pairs = WeightPairs(count: c.outChannels * terms)
        for b in blocks {
            for j in 0..<b.count {
                for t in 0..<terms {
                    let (cg, ky, kx) = (t / (c.kh * c.kw), t / c.kw % c.kh, t % c.kw)
                    let (wy, wx) = c.weightPosition(ky: ky, kx: kx)
                    let w = c.weight.data[(((b.first + j) * c.groupChannels + cg) * c.kh + wy) * c.kw + wx]
                    pairs.base[b.first * terms + t * b.count + j] = SIMD2(repeating: w)
                }
            }
        }
    }

    func run(into out: UnsafeMutablePointer<Double>) {
        let rows = c.outHeight
        // Below about a million products a thread hand-off costs more than it saves.
        let products = c.outChannels * rows * c.outWidth * terms
        let chunks = products < 1 << 20 ? 1 : min(rows, 32)
        c.input.data.withUnsafeBufferPointer { input in
            // An input with no values (0 channels) has no terms to read: any address will do.
            let source = Source(c, input: input.baseAddress ?? UnsafePointer(out), copy: products >= 1 << 16)
            defer { source.release() }
            if chunks == 1 { return rowRange(0..<rows, source: source, into: out) }
            // Chunks write disjoint output rows, so no two threads touch the same value.
            let target = SendablePointer(pointer: out)
            DispatchQueue.concurrentPerform(iterations: chunks) { i in
                rowRange((i * rows / chunks)..<((i + 1) * rows / chunks), source: source, into: target.pointer)
            }
        }
    }

    /// Output rows `rows` of every channel: block by block, then row by row, so the block's
    /// weights stay in L1 while the input rows stream through.
    private func rowRange(_ rows: Range<Int>, source: Source, into out: UnsafeMutablePointer<Double>) {
        let plane = c.outHeight * c.outWidth
        let taps = Taps(c, source: source)
        for b in blocks {
            for oy in rows {
                taps.build(c, source: source, firstChannel: b.group * c.groupChannels, oy: oy)
                let row = out + b.first * plane + oy * c.outWidth
                self.row(row, filters: b.count, taps: taps, source: source, weights: pairs.base + b.first * terms)
                for j in 0..<b.count { finish(row + j * plane, co: b.first + j) }
            }
        }
    }

    /// One output row of `filters` (1 or 4) consecutive filters, in tiles of 4 (or 8) columns.
    /// Tiles whose every read lies inside the source row read contiguous pairs (stride 1 only);
    /// edge tiles over padding that was not copied, short rows and strided tiles check each read.
    private func row(_ dst: UnsafeMutablePointer<Double>, filters: Int, taps: Taps, source: Source,
                     weights: UnsafePointer<SIMD2<Double>>) {
        let ow = c.outWidth, plane = c.outHeight * ow
        // Inside for every kx: ox − padLeft ≥ 0 and ox − padLeft + dilation·(kw − 1) ≤ width − 1.
        let contiguous = c.options.stride.w == 1
        let lo = source.padLeft, hi = source.width + source.padLeft - c.options.dilation.w * (c.kw - 1)
        let width = filters == 4 ? 4 : 8
        var ox = 0
        while ox < ow {
            // The widest run of whole vectors that reads contiguously goes to the C kernels.
            if contiguous && lanes > 0 && ox >= lo {
                let span = (min(hi, ow) - ox) / lanes * lanes
                if span > 0 {
                    let w = UnsafeRawPointer(weights).assumingMemoryBound(to: Double.self)
                    ccs_span(Int32(lanes), taps.address, ox &* 8, terms, w, 2, filters, dst + ox, plane, span)
                    ox += span
                    continue
                }
            }
            var columns = min(width, ow - ox)
            // A short last tile is recomputed as a whole one ending at the row's end when that
            // one reads contiguously: the columns it repeats get the same values again.
            if contiguous && columns < width && ow - width >= lo && ow <= hi { (ox, columns) = (ow - width, width) }
            if contiguous && ox >= lo && ox + width <= hi {
                let r = Contiguous(taps: taps, ox: ox)
                if filters == 4 {
                    tile4x4(r, dst + ox, plane: plane, columns: 4, count: terms, weights: weights)
                } else {
                    tile1x8(r, dst + ox, columns: 8, count: terms, weights: weights)
                }
            } else {
                let r = Guarded(taps: taps, ox: ox, columns: columns, stride: c.options.stride.w, width: source.width)
                if filters == 4 {
                    tile4x4(r, dst + ox, plane: plane, columns: columns, count: terms, weights: weights)
                } else {
                    tile1x8(r, dst + ox, columns: columns, count: terms, weights: weights)
                }
            }
            ox += columns
        }
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

/// 4 columns × 4 filters: 8 SIMD pairs of running sums; each input pair is read once and
/// multiplied by four weights.
@inline(__always)
private func tile4x4<R: PairReader>(_ r: R, _ d: UnsafeMutablePointer<Double>, plane: Int, columns: Int, count: Int,
                                    weights: UnsafePointer<SIMD2<Double>>) {
    var a0 = SIMD2<Double>(), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0
    var w = weights
    for t in 0..<count {
        let v = r.pair(t, 0), u = r.pair(t, 2)
        let w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3]
        a0 = a0 + v * w0; b0 = b0 + u * w0
        a1 = a1 + v * w1; b1 = b1 + u * w1
        a2 = a2 + v * w2; b2 = b2 + u * w2
        a3 = a3 + v * w3; b3 = b3 + u * w3
        w += 4
    }
    put(d, a0, b0, columns)
    put(d + plane, a1, b1, columns)
    put(d + plane &* 2, a2, b2, columns)
    put(d + plane &* 3, a3, b3, columns)
}

/// 8 columns of one filter (single-channel images, depthwise, leftover filters).
@inline(__always)
private func tile1x8<R: PairReader>(_ r: R, _ d: UnsafeMutablePointer<Double>, columns: Int, count: Int,
                                    weights: UnsafePointer<SIMD2<Double>>) {
    var a = SIMD2<Double>(), b = a, e = a, f = a
    for t in 0..<count {
        let w = weights[t]
        a = a + r.pair(t, 0) * w
        b = b + r.pair(t, 2) * w
        e = e + r.pair(t, 4) * w
        f = f + r.pair(t, 6) * w
    }
    put(d, a, b, columns)
    if columns > 4 { put(d + 4, e, f, columns - 4) }
}

/// Where each term of one output row reads, for every term in trace order. A term whose input
/// row is padding reads a row of zeros instead, so every output has all its terms and the
/// weights can be walked in order. One per thread.
private final class Taps {
    /// Address (as an integer) of input column `column[t]` of the row term t reads; with
    /// output column ox at stride s it reads column ox·s + column[t].
    let address: UnsafeMutablePointer<Int>
    /// kx·dilation − padLeft: the input column under output column 0.
    let column: UnsafeMutablePointer<Int>
    /// padLeft + width zeros: what terms over a padding row read.
    let zeros: UnsafeMutablePointer<Double>
    let count: Int

    init(_ c: ConvLayer, source: Source) {
        count = c.termsPerOutput
        address = .allocate(capacity: count)
        column = .allocate(capacity: count)
        zeros = .allocate(capacity: source.padLeft + source.width)
        zeros.initialize(repeating: 0, count: source.padLeft + source.width)
    }

    deinit {
        address.deallocate()
        column.deallocate()
        zeros.deallocate()
    }

    func build(_ c: ConvLayer, source: Source, firstChannel: Int, oy: Int) {
        var t = 0
        for cg in 0..<c.groupChannels {
            for ky in 0..<c.kh {
                let y = oy * c.options.stride.h - c.padTop + ky * c.options.dilation.h
                let row = y >= 0 && y < c.height ? source.base + ((firstChannel + cg) * c.height + y) * source.width
                                                 : UnsafePointer(zeros + source.padLeft)
                for kx in 0..<c.kw {
                    column[t] = kx * c.options.dilation.w - source.padLeft
                    address[t] = Int(bitPattern: row) &+ column[t] &* 8
                    t += 1
                }
            }
        }
    }
}

/// The input rows as the tiles read them: `width` values a row, the first one being input
/// column −padLeft. When the layer pads horizontally at stride 1 and the input is not huge,
/// a zero-padded copy (padLeft 0) lets every tile read contiguously; otherwise the input
/// itself, with the padding left to the edge tiles' checks.
private struct Source: @unchecked Sendable {
    let base: UnsafePointer<Double>
    let width: Int
    let padLeft: Int
    private let copy: UnsafeMutablePointer<Double>?

    init(_ c: ConvLayer, input: UnsafePointer<Double>, copy allowed: Bool) {
        let width = c.width + c.padLeft + c.padRight
        guard allowed, c.options.stride.w == 1, width > c.width, c.channels * c.height * width <= 1 << 24 else {
            (base, self.width, padLeft, copy) = (input, c.width, c.padLeft, nil)
            return
        }
        let rows = c.channels * c.height
        let padded = UnsafeMutablePointer<Double>.allocate(capacity: rows * width)
        for r in 0..<rows {
            let dst = padded + r * width
            dst.initialize(repeating: 0, count: c.padLeft)
            (dst + c.padLeft).initialize(from: input + r * c.width, count: c.width)
            (dst + c.padLeft + c.width).initialize(repeating: 0, count: c.padRight)
        }
        (base, self.width, padLeft, copy) = (UnsafePointer(padded), width, 0, padded)
    }

    func release() { copy?.deallocate() }
}

/// Where a tile's input pairs come from: lanes (l, l + 1) of term t.
private protocol PairReader {
    func pair(_ t: Int, _ lane: Int) -> SIMD2<Double>
}

/// Interior tiles at stride 1: every read is inside the row, two neighbours at once.
private struct Contiguous: PairReader {
    let address: UnsafeMutablePointer<Int>
    let offset: Int
    init(taps: Taps, ox: Int) {
        address = taps.address
        offset = ox &* 8
    }
    @inline(__always) func pair(_ t: Int, _ lane: Int) -> SIMD2<Double> {
        UnsafeRawPointer(bitPattern: address[t] &+ offset &+ lane &* 8).unsafelyUnwrapped.loadUnaligned(as: SIMD2<Double>.self)
    }
}

/// Edge, partial and strided tiles: each read is checked, and gives 0 outside the row (where
/// the trace has padding) or past the tile's last column (never stored).
private struct Guarded: PairReader {
    let taps: Taps
    let ox: Int, columns: Int, stride: Int, width: Int
    @inline(__always) func pair(_ t: Int, _ lane: Int) -> SIMD2<Double> {
        let column = taps.column[t], address = taps.address[t]
        // Most pairs of an edge tile lie inside; those read both lanes at once.
        let x0 = (ox &+ lane) &* stride
        if stride == 1 && lane &+ 1 < columns && x0 &+ column >= 0 && x0 &+ column &+ 1 < width {
            return UnsafeRawPointer(bitPattern: address &+ x0 &* 8).unsafelyUnwrapped.loadUnaligned(as: SIMD2<Double>.self)
        }
        @inline(__always) func read(_ l: Int) -> Double {
            let x = (ox &+ l) &* stride
            guard l < columns, x &+ column >= 0, x &+ column < width else { return 0 }
            return UnsafePointer<Double>(bitPattern: address &+ x &* 8).unsafelyUnwrapped.pointee
        }
        return SIMD2(read(lane), read(lane &+ 1))
    }
}

/// Stores lanes 0..<columns (at most 4) of the pairs (a, b).
@inline(__always)
private func put(_ d: UnsafeMutablePointer<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>, _ columns: Int) {
    if columns >= 4 {
        UnsafeMutableRawPointer(d).storeBytes(of: a, as: SIMD2<Double>.self)
        UnsafeMutableRawPointer(d + 2).storeBytes(of: b, as: SIMD2<Double>.self)
        return
    }
    if columns > 0 { d[0] = a[0] }
    if columns > 1 { d[1] = a[1] }
    if columns > 2 { d[2] = b[0] }
}

/// 64-byte aligned, so that a block's 4 pairs for one term fill exactly one cache line.
private final class WeightPairs {
    let base: UnsafeMutablePointer<SIMD2<Double>>
    init(count: Int) {
        base = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 16, alignment: 64)
            .bindMemory(to: SIMD2<Double>.self, capacity: max(1, count))
    }
    deinit { base.deallocate() }
}

private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
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
