/// conv-transpose's scatter as an order over its gather terms: input cells row-major over
/// [Cin,H,W], and for each its products (j, ky, kx) row-major over [Cout/groups, kh, kw], each
/// landing in one output cell — or in none, when padding crops it away. Later kernel rows and
/// columns carry earlier input rows and columns into a cell, so each cell receives its gather
/// terms in term order, as `TermOrder` requires; the terms no product adds are the gather's
/// zeros (inserted or padding).
public struct ScatterOrder: TermOrder {
    public let layer: TransposedConvLayer
    /// Products per input cell: Cout/groups·kh·kw.
    public let productsPerInput: Int
    public let count: Int

    public init(_ layer: TransposedConvLayer) {
        self.layer = layer
        productsPerInput = layer.productsPerInput
        // At most 10⁸ inputs times at most 10⁸ kernel values: below 2⁶³ (see CheckedSize).
        count = layer.input.count * productsPerInput
    }

    /// Step `i`'s indices, values and target: everything but the running value.
    public struct Place: Sendable {
        public let index: Int, inputFlat: Int, ci: Int, iy: Int, ix: Int
        public let product: Int, j: Int, ky: Int, kx: Int
        public let co: Int, oy: Int, ox: Int, outputFlat: Int?
        public let x: Double, w: Double
        /// The gather term of `outputFlat` this product is.
        public var term: Int
    }

    @inline(__always)
    public func place(_ i: Int) -> Place {
        let l = layer
        let inputFlat = i / productsPerInput, r = i % productsPerInput
        let hw = l.height * l.width
        let ci = inputFlat / hw, iy = (inputFlat % hw) / l.width, ix = inputFlat % l.width
        let kk = l.kh * l.kw
        let j = r / kk, ky = (r % kk) / l.kw, kx = r % l.kw
        let co = l.outputChannel(inputChannel: ci, j: j)
        let (oy, ox) = l.outputPosition(iy: iy, ix: ix, ky: ky, kx: kx)
        let flat = l.isInsideOutput(y: oy, x: ox) ? (co * l.outHeight + oy) * l.outWidth + ox : nil
        let term = ((ci % l.groupChannels) * l.kh + l.kh - 1 - ky) * l.kw + l.kw - 1 - kx
        return Place(index: i, inputFlat: inputFlat, ci: ci, iy: iy, ix: ix, product: r, j: j, ky: ky, kx: kx,
                     co: co, oy: oy, ox: ox, outputFlat: flat,
                     x: l.input.data[inputFlat], w: l.weight.data[l.weightFlat(ci: ci, j: j, ky: ky, kx: kx)], term: term)
    }

    public func place(ofStep i: Int) -> (output: Int, term: Int)? {
        let p = place(i)
        return p.outputFlat.map { ($0, p.term) }
    }

    public func step(ofOutput flat: Int, term t: Int) -> Int? {
        let g = layer.gather(output: flat, term: t)
        guard let iy = g.iy, let ix = g.ix else { return nil }
        return ((g.ci * layer.height + iy) * layer.width + ix) * productsPerInput + (g.j * layer.kh + g.ky) * layer.kw + g.kx
    }

    public func contribution(ofOutput flat: Int, term t: Int) -> (rank: Int, of: Int) {
        let g = layer.gather(output: flat, term: t)
        return contribution(oy: g.oy, ox: g.ox, ky: g.ky, kx: g.kx, cg: t / (layer.kh * layer.kw))
    }

    /// The cell's products form a grid: input channels × reaching rows × reaching columns, so
    /// the rank costs O(kh + kw), not a scan of the cell's terms.
    func contribution(oy: Int, ox: Int, ky: Int, kx: Int, cg: Int) -> (rank: Int, of: Int) {
        let l = layer
        var rows = 0, rowRank = 0, cols = 0, colRank = 0
        for y in 0..<l.kh where l.inputRow(outputRow: oy, ky: y) != nil {
            rows += 1
            if y > ky { rowRank += 1 }
        }
        for x in 0..<l.kw where l.inputColumn(outputColumn: ox, kx: x) != nil {
            cols += 1
            if x > kx { colRank += 1 }
        }
        return ((cg * rows + rowRank) * cols + colRank, l.groupChannels * rows * cols)
    }

    /// The output cells no product reaches, row-major over [Cout, outH, outW]: rows or columns
    /// that a stride past the kernel's span, a dilation gap or output padding leaves out. Their
    /// value is the bias alone (after ReLU); no step names them. A cell is missed exactly when
    /// its row or its column is, so this costs O(outH·kh + outW·kw) plus one pass when any is.
    public func unreachedOutputs() -> LazyFilterSequence<Range<Int>> {
        let l = layer
        let rows = (0..<l.outHeight).map { oy in (0..<l.kh).contains { l.inputRow(outputRow: oy, ky: $0) != nil } }
        let cols = (0..<l.outWidth).map { ox in (0..<l.kw).contains { l.inputColumn(outputColumn: ox, kx: $0) != nil } }
        let all = rows.allSatisfy { $0 } && cols.allSatisfy { $0 }
        let w = l.outWidth, plane = l.outHeight * l.outWidth
        return (0..<(all ? 0 : l.outputCount)).lazy.filter { f in !rows[(f % plane) / w] || !cols[f % w] }
    }
}
