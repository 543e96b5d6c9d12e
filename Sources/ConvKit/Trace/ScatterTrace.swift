/// Every product of a transposed convolution in scatter order: input cells row-major over
/// [Cin,H,W], and for each its products (j, ky, kx) row-major over [Cout/groups, kh, kw], each
/// landing in one output cell — or in none, when padding crops it away. Like `Trace`, nothing
/// is stored: step i is decoded from its index, and its running value is gathered from the
/// at most Cin/groups·kh·kw products that reach the same cell, never from the steps before it.
public struct ScatterTrace: Sendable, RandomAccessCollection {
    public let layer: TransposedConvLayer
    /// Products per input cell: Cout/groups·kh·kw.
    public let productsPerInput: Int
    public let startIndex = 0
    public let endIndex: Int

    public init(_ layer: TransposedConvLayer) {
        self.layer = layer
        productsPerInput = layer.productsPerInput
        // At most 10⁸ inputs times at most 10⁸ kernel values: below 2⁶³ (see CheckedSize).
        endIndex = layer.input.count * productsPerInput
    }

    public subscript(i: Int) -> ScatterStep {
        precondition(indices.contains(i), "trace step \(i) is out of range 0..<\(endIndex)")
        let p = place(i)
        return step(p, sum: p.outputFlat.map { sum(ofOutput: $0, through: i) })
    }

    public func firstStep(ofInput flat: Int) -> Int { flat * productsPerInput }
    public func lastStep(ofInput flat: Int) -> Int { flat * productsPerInput + productsPerInput - 1 }

    /// The value of output cell `flat` after step `i` (before bias and ReLU): the products that
    /// reach it, in input order, up to step i. i = −1 gives 0, the value before any step.
    public func sum(ofOutput flat: Int, through i: Int) -> Double {
        var s = 0.0
        forEachContribution(toOutput: flat) { step, x, w in
            guard step <= i else { return false }
            s += x * w
            return true
        }
        return s
    }

    /// The steps that add into output cell `flat`, in order (none for a cell no input reaches).
    public func steps(intoOutput flat: Int) -> [Int] {
        var steps: [Int] = []
        forEachContribution(toOutput: flat) { step, _, _ in steps.append(step); return true }
        return steps
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

    /// Every output cell's value after step `i` (before bias and ReLU), as the scatter view
    /// draws it; −1 gives all zeros. Bit-identical to each cell's running value in the trace.
    public func partialOutput(through i: Int) -> Tensor {
        precondition(i >= -1 && i < endIndex, "trace step \(i) is out of range -1..<\(endIndex)")
        var out = [Double](repeating: 0, count: layer.outputCount)
        if i + 1 <= out.count * layer.termsPerOutput {
            // Replaying the steps adds each cell's products in trace order too.
            for k in 0..<(i + 1) {
                let p = place(k)
                if let f = p.outputFlat { out[f] += p.x * p.w }
            }
        } else {
            for f in out.indices { out[f] = sum(ofOutput: f, through: i) }
        }
        return Tensor(unchecked: layer.outputShape, data: out)
    }

    /// Calls `body(step, x, w)` for each product into output `flat`, in step order, while it
    /// returns true. Descending kernel rows/columns meet ascending input rows/columns.
    func forEachContribution(toOutput flat: Int, _ body: (Int, Double, Double) -> Bool) {
        let l = layer
        let plane = l.outHeight * l.outWidth
        let co = flat / plane, oy = (flat % plane) / l.outWidth, ox = flat % l.outWidth
        let j = co % l.groupOutChannels, first = l.firstInputChannel(ofOutput: co)
        for ci in first..<(first + l.groupChannels) {
            for ky in stride(from: l.kh - 1, through: 0, by: -1) {
                guard let iy = l.inputRow(outputRow: oy, ky: ky) else { continue }
                for kx in stride(from: l.kw - 1, through: 0, by: -1) {
                    guard let ix = l.inputColumn(outputColumn: ox, kx: kx) else { continue }
                    let input = (ci * l.height + iy) * l.width + ix
                    let step = input * productsPerInput + (j * l.kh + ky) * l.kw + kx
                    guard body(step, l.input.data[input], l.weight.data[l.weightFlat(ci: ci, j: j, ky: ky, kx: kx)]) else { return }
                }
            }
        }
    }

    /// Step `i`'s indices, values and target: everything but the running value.
    struct Place {
        let index: Int, inputFlat: Int, ci: Int, iy: Int, ix: Int
        let product: Int, j: Int, ky: Int, kx: Int
        let co: Int, oy: Int, ox: Int, outputFlat: Int?
        let x: Double, w: Double
    }

    @inline(__always)
    func place(_ i: Int) -> Place {
        let l = layer
        let inputFlat = i / productsPerInput, r = i % productsPerInput
        let hw = l.height * l.width
        let ci = inputFlat / hw, iy = (inputFlat % hw) / l.width, ix = inputFlat % l.width
        let kk = l.kh * l.kw
        let j = r / kk, ky = (r % kk) / l.kw, kx = r % l.kw
        let co = l.outputChannel(inputChannel: ci, j: j)
        let (oy, ox) = l.outputPosition(iy: iy, ix: ix, ky: ky, kx: kx)
        let flat = l.isInsideOutput(y: oy, x: ox) ? (co * l.outHeight + oy) * l.outWidth + ox : nil
        return Place(index: i, inputFlat: inputFlat, ci: ci, iy: iy, ix: ix, product: r, j: j, ky: ky, kx: kx,
                     co: co, oy: oy, ox: ox, outputFlat: flat,
                     x: l.input.data[inputFlat], w: l.weight.data[l.weightFlat(ci: ci, j: j, ky: ky, kx: kx)])
    }

    func step(_ p: Place, sum: Double?) -> ScatterStep {
        var contribution: (Int, Int)?
        if p.outputFlat != nil {
            // The cell's products form a grid: input channels × reaching rows × reaching columns.
            // Later kernel rows/columns carry earlier input rows/columns, so they rank first.
            let l = layer
            var rows = 0, rowRank = 0, cols = 0, colRank = 0
            for ky in 0..<l.kh where l.inputRow(outputRow: p.oy, ky: ky) != nil {
                rows += 1
                if ky > p.ky { rowRank += 1 }
            }
            for kx in 0..<l.kw where l.inputColumn(outputColumn: p.ox, kx: kx) != nil {
                cols += 1
                if kx > p.kx { colRank += 1 }
            }
            let cg = p.ci - l.firstInputChannel(ofOutput: p.co)
            contribution = ((cg * rows + rowRank) * cols + colRank, l.groupChannels * rows * cols)
        }
        return ScatterStep(
            index: p.index, inputFlat: p.inputFlat, input: [p.ci, p.iy, p.ix],
            productIndex: p.product, productCount: productsPerInput, weight: [p.ci, p.j, p.ky, p.kx],
            target: [p.co, p.oy, p.ox], outputFlat: p.outputFlat, x: p.x, w: p.w, sum: sum,
            contribution: contribution?.0, contributionCount: contribution?.1)
    }

    /// A forward walk keeps every cell's running value when the output fits in 32 MB, so each
    /// step is O(kh + kw); otherwise it gathers like random access.
    public struct Iterator: IteratorProtocol {
        let trace: ScatterTrace
        var i = 0
        var running: [Double]?

        public mutating func next() -> ScatterStep? {
            guard i < trace.endIndex else { return nil }
            let p = trace.place(i)
            var sum: Double?
            if let f = p.outputFlat {
                if running != nil {
                    running![f] += p.x * p.w
                    sum = running![f]
                } else {
                    sum = trace.sum(ofOutput: f, through: i)
                }
            }
            i += 1
            return trace.step(p, sum: sum)
        }
    }

    public func makeIterator() -> Iterator { makeIterator(keepingValues: layer.outputCount <= 1 << 22) }

    func makeIterator(keepingValues: Bool) -> Iterator {
        Iterator(trace: self, running: keepingValues ? [Double](repeating: 0, count: layer.outputCount) : nil)
    }
}

/// One product of the scatter: input value x times weight w, added into one output cell.
public struct ScatterStep: Sendable, Equatable {
    public let index: Int
    /// The input cell being scattered: its flat (row-major) position and [ci, iy, ix].
    public let inputFlat: Int
    public let input: [Int]
    /// Which of that cell's products this is, 0-based: (j·kh + ky)·kw + kx of `productCount`.
    public let productIndex: Int
    public let productCount: Int
    /// [ci, j, ky, kx] in the weight [Cin, Cout/groups, kh, kw].
    public let weight: [Int]
    /// Where the product falls, [co, oy, ox], before cropping: oy or ox may be negative or past
    /// the output's edge, and the product is then dropped (PyTorch's padding crops it).
    public let target: [Int]
    /// The output cell it adds into, flat; nil when cropped.
    public let outputFlat: Int?
    public let x: Double
    public let w: Double
    /// The cell's running value after this product (before bias and ReLU); nil when cropped.
    public let sum: Double?
    /// This is product `contribution` (0-based) of the `contributionCount` the cell receives in
    /// all; nil when cropped.
    public let contribution: Int?
    public let contributionCount: Int?

    public var product: Double { x * w }
    public var isCropped: Bool { outputFlat == nil }
    /// The output cell [co, oy, ox], nil when cropped.
    public var output: [Int]? { isCropped ? nil : target }
    public var isLastOfInput: Bool { productIndex == productCount - 1 }
    /// The cell has now received all its products: bias and ReLU come next.
    public var completesOutput: Bool { contribution.map { $0 == contributionCount! - 1 } ?? false }
}

extension TransposedConvLayer {
    /// bias then ReLU, once an output cell has received its last product.
    public func finish(output flat: Int, sum: Double) -> Double {
        let z = sum + (bias(ofOutput: flat) ?? 0)
        return options.relu ? max(0, z) : z
    }
}
