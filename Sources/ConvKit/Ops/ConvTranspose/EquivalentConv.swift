/// A transposed convolution rewritten as an ordinary one: stride − 1 zeros inserted between
/// neighbouring input cells, dilation·(k−1) − padding zeros around them (output padding more
/// at the bottom/right; a negative amount crops instead), then a stride-1 cross-correlation
/// with each kernel slice rotated 180° and the channel axes swapped to [Cout, Cin/groups, kh, kw].
/// Its window meets the inputs in the same order the scatter adds them, so `conv.compute()`
/// equals the transposed layer's `compute()` bit for bit.
public struct EquivalentConv: Sendable {
    /// The direct convolution: its input has the zeros baked in, so its padding is valid.
    public let conv: ConvLayer
    /// Zeros between neighbouring input cells, per axis (stride − 1).
    public let inserted: Pair
    /// Zero rows/columns added around the zero-inserted input; negative means that many cropped.
    public let padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    /// The layer this rewrites: screens name inputs and weights by its indices, not the conv's.
    public let transposed: TransposedConvLayer
    let stride: Pair, height: Int, width: Int

    /// What a cell of `conv.input` holds.
    public enum Source: Sendable, Equatable {
        /// The transposed layer's input cell (y, x), in every channel.
        case input(y: Int, x: Int)
        /// One of the zeros put between input cells.
        case inserted
        /// One of the zeros around them.
        case padding
    }

    /// Row `y`, column `x` of `conv.input` (any channel).
    public func source(y: Int, x: Int) -> Source {
        let r = Self.axis(y - padTop, stride.h, height), c = Self.axis(x - padLeft, stride.w, width)
        switch (r, c) {
        case (.some(.some(let iy)), .some(.some(let ix))): return .input(y: iy, x: ix)
        case (.some, .some): return .inserted
        default: return .padding
        }
    }

    /// nil: outside the zero-inserted input; .some(nil): an inserted zero; else the input index.
    static func axis(_ u: Int, _ s: Int, _ n: Int) -> Int?? {
        guard u >= 0, u <= (n - 1) * s else { return nil }
        return .some(u % s == 0 ? u / s : nil)
    }

    /// The transposed layer's weight index [ci, j, ky, kx] for `conv.weight` index [co, cg, a, b].
    public func transposedWeight(_ index: [Int]) -> [Int] {
        let (co, cg, a, b) = (index[0], index[1], index[2], index[3])
        let perGroup = conv.outChannels / conv.groups
        return [(co / perGroup) * conv.groupChannels + cg, co % perGroup, conv.kh - 1 - a, conv.kw - 1 - b]
    }
}

extension TransposedConvLayer {
    /// The same layer as a direct convolution; throws only when the zero-inserted input would
    /// be too large to hold (more than `Tensor.maxElements` values).
    public func equivalentDirectConv() throws -> EquivalentConv {
        typealias C = CheckedSize
        let top = try C.span(kernel: kh, dilation: dilation.h) - 1 - padding.h, left = try C.span(kernel: kw, dilation: dilation.w) - 1 - padding.w
        let bottom = try C.sum(top, outputPadding.h), right = try C.sum(left, outputPadding.w)
        let zh = try C.sum(C.product(height - 1, stride.h), 1, top, bottom), zw = try C.sum(C.product(width - 1, stride.w), 1, left, right)
        guard let count = try? Tensor.elementCount([channels, zh, zw]) else {
            throw ConvError("the equivalent direct convolution's input [\(channels),\(zh),\(zw)] would have more than \(Tensor.maxElements) elements")
        }
        var z = [Double](repeating: 0, count: count)
        for ci in 0..<channels {
            for iy in 0..<height {
                let zy = top + iy * stride.h
                guard zy >= 0 && zy < zh else { continue }
                for ix in 0..<width {
                    let zx = left + ix * stride.w
                    if zx >= 0 && zx < zw { z[(ci * zh + zy) * zw + zx] = input.data[(ci * height + iy) * width + ix] }
                }
            }
        }
        var k = [Double](repeating: 0, count: weight.count)
        for co in 0..<outChannels {
            let j = co % groupOutChannels, first = firstInputChannel(ofOutput: co)
            for cg in 0..<groupChannels {
                for a in 0..<kh {
                    for b in 0..<kw {
                        k[((co * groupChannels + cg) * kh + a) * kw + b] = weight.data[weightFlat(ci: first + cg, j: j, ky: kh - 1 - a, kx: kw - 1 - b)]
                    }
                }
            }
        }
        let o = ConvOptions(stride: .one, padding: .valid, dilation: dilation, groups: groups, relu: options.relu)
        let conv = try ConvLayer(
            op: .conv2d, input: Tensor(unchecked: [channels, zh, zw], data: z),
            kernel: Tensor(unchecked: [outChannels, groupChannels, kh, kw], data: k),
            bias: bias.map { Tensor(unchecked: [$0.count], data: $0) }, options: o)
        return EquivalentConv(
            conv: conv, inserted: Pair(stride.h - 1, stride.w - 1),
            padTop: top, padBottom: bottom, padLeft: left, padRight: right, transposed: self,
            stride: stride, height: height, width: width)
    }
}
