import ConvKit

/// The one-key op switch: the same input through conv2d, depthwise, pointwise, dense and
/// im2col, with kernels derived from the original so the numbers stay comparable.
extension StepperState {
    static let opCycle: [Op] = [.conv2d, .depthwise, .pointwise, .dense, .im2col]

    mutating func switchOp() {
        guard var base = canonicalConv else {
            message = "o switches ops from conv2d, depthwise, pointwise or im2col only"
            return
        }
        // The flip is the viewer's choice, not the data's: every op keeps it.
        base.options.flip = isFlipped
        let start = Self.opCycle.firstIndex(of: spec.op) ?? 0
        var skipped: [String] = []
        for k in 1...Self.opCycle.count {
            let op = Self.opCycle[(start + k) % Self.opCycle.count]
            guard let (next, how) = Self.derive(op, from: base), let layer = try? Self.steppableLayer(next) else { continue }
            if case .dense(let d) = layer, d.weight.count > 1_000_000 {
                skipped.append("dense (over 10⁶ weights)")
                continue
            }
            rebuild(next)
            position = 0
            autoplay = false
            message = "\(op.rawValue) on the same input: \(how)" + (skipped.isEmpty ? "" : " (skipped \(skipped.joined(separator: ", ")))")
            return
        }
        message = "no other op fits this input"
    }

    /// The original data as a plain conv2d with weights [Cout, C, kh, kw] and groups 1.
    var canonicalConv: LayerSpec? {
        var s = original
        switch original.op {
        case .conv2d where original.options.groups == 1, .im2col: s.op = .conv2d
        case .conv2d:
            // A grouped conv is a full conv whose weights are zero outside each filter's group.
            guard case .conv(let c)? = try? original.layer() else { return nil }
            var w = [Double](repeating: 0, count: c.outChannels * c.channels * c.kh * c.kw)
            let kk = c.kh * c.kw
            for co in 0..<c.outChannels {
                for g in 0..<c.groupChannels {
                    let ci = c.firstInputChannel(of: co) + g
                    for k in 0..<kk { w[(co * c.channels + ci) * kk + k] = c.weight.data[(co * c.groupChannels + g) * kk + k] }
                }
            }
            guard let full = try? Tensor(shape: [c.outChannels, c.channels, c.kh, c.kw], data: w) else { return nil }
            s.kernel = full
            s.options.groups = 1
        case .depthwise, .pointwise:
            guard case .conv(let c)? = try? Self.steppableLayer(original) else { return nil }
            if original.op == .depthwise {
                // One filter that sums the depthwise slices across channels.
                s.kernel = c.weight.reshaped([1, c.channels, c.kh, c.kw])
                s.bias = nil
            } else {
                s.kernel = c.weight
            }
            s.op = .conv2d
            s.options.groups = 1
        default: return nil
        }
        guard (try? s.layer()) != nil else { return nil }
        return s
    }

    static func derive(_ op: Op, from base: LayerSpec) -> (LayerSpec, String)? {
        guard case .conv(let c)? = try? base.layer() else { return nil }
        var s = base
        s.op = op
        switch op {
        case .conv2d:
            return (s, "every filter sums over all \(c.channels.counting("channel"))")
        case .depthwise:
            s.kernel = (try? Tensor(shape: [c.channels, c.kh, c.kw], data: Array(c.weight.data.prefix(c.channels * c.kh * c.kw)))) ?? s.kernel
            if s.bias?.count != c.channels { s.bias = nil }
            return (s, "filter 0's slices, one per channel, never added")
        case .pointwise:
            // Keep each slice's centre weight: a 1×1 kernel sees one pixel per channel.
            let centre = (0..<(c.outChannels * c.channels)).map { c.weight.data[($0 * c.kh + c.kh / 2) * c.kw + c.kw / 2] }
            guard let k = try? Tensor(shape: [c.outChannels, c.channels], data: centre) else { return nil }
            s.kernel = k
            s.options.padding = .valid
            s.options.dilation = .one
            return (s, "each filter's centre weights as its row")
        case .dense:
            // The convolution written as a fully connected layer: one row per output position,
            // holding the kernel where the window sits and zeros everywhere else.
            let layer = Layer.conv(c)
            let rows = layer.outputCount, cols = c.input.count
            guard rows * cols <= 1_000_000 else { return nil }
            var w = [Double](repeating: 0, count: rows * cols)
            for o in 0..<rows {
                for t in 0..<c.termsPerOutput {
                    let term = layer.term(output: o, term: t)
                    if let i = term.input { w[o * cols + (i[0] * c.height + i[1]) * c.width + i[2]] = term.w }
                }
            }
            s.kernel = (try? Tensor(shape: [rows, cols], data: w)) ?? s.kernel
            s.bias = c.bias.flatMap { b in try? Tensor(shape: [rows], data: (0..<rows).map { b[$0 / (c.outHeight * c.outWidth)] }) }
            s.input = c.input
            return (s, "the conv as a \(rows)×\(cols) matrix: \(rows * cols) weights, not \(c.weight.count)")
        case .im2col:
            return (s, "patches become columns, filters rows: one matmul")
        case .convTranspose, .maxPool, .avgPool:
            return nil
        }
    }
}
