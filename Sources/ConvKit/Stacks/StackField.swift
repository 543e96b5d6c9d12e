extension FieldLayer {
    /// Layer `number` (1-based, for messages) of a stack as the arithmetic sees it: a conv's
    /// kernel, stride, dilation and its actual top/left padding ('same' and 'full' resolved; a
    /// 'same' with an even span pads one more at the bottom/right, which moves no centre), or a
    /// pool's window. Refused with the reason: dense and conv-transpose, and layers whose rows
    /// and columns differ (the arithmetic here is square).
    public init(_ layer: Layer, number: Int) throws {
        let name = "layer \(number) (\(layer.op.rawValue))"
        let kind: Kind, k: Pair, s: Pair, p: Pair, d: Pair
        switch layer {
        case .conv(let c):
            (kind, k, s, p, d) = (.conv, Pair(c.kh, c.kw), c.options.stride, Pair(c.padTop, c.padLeft), c.options.dilation)
        case .maxPool(let m):
            (kind, k, s, p, d) = (.pool, m.geometry.size, m.geometry.stride, m.geometry.padding, m.geometry.dilation)
        case .avgPool(let a):
            (kind, k, s, p, d) = (.pool, a.geometry.size, a.geometry.stride, a.geometry.padding, a.geometry.dilation)
        case .dense:
            throw ConvError("\(name) connects every output to every input: its field is the whole input, and there is no window to follow")
        case .transposed:
            throw ConvError("\(name) spreads each input over many outputs; the receptive-field arithmetic here covers conv and pool layers")
        }
        for (key, v) in [("kernel", k), ("stride", s), ("padding", p), ("dilation", d)] where v.h != v.w {
            throw ConvError("\(name) has \(key) \(v.h),\(v.w): rows and columns differ, and receptive-field tables are for square layers (one k, s, p, d per layer)")
        }
        do {
            try self.init(kind, k: k.h, s: s.h, p: p.h, d: d.h)
        } catch let e as ConvError {
            throw ConvError("\(name): \(e.message)")
        }
    }
}

extension ReceptiveField {
    /// The rows of a stack's layers. Sizes are the stack's own output sides (ceil mode and an
    /// uneven 'same' included) when its input is square, nil otherwise.
    public init(stack: Stack) throws {
        let field = try ReceptiveField(layers: stack.layers.enumerated().map { try FieldLayer($1, number: $0 + 1) })
        let shapes = [stack.input.shape.suffix(2)] + stack.layers.map { $0.outputShape.suffix(2) }
        let square = stack.input.shape.count >= 2 && shapes[0].first == shapes[0].last
        layers = field.layers
        rows = zip(field.rows, shapes).map { r, shape in
            Row(layer: r.layer, size: square ? shape.last : nil, rf: r.rf, jump: r.jump, doubledStart: r.doubledStart)
        }
    }
}
