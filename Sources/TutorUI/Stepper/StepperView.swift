import ConvKit

extension StepperState {
    public func view(_ size: Size) -> CellBuffer {
        let layout = StepperLayout(self, size)
        guard layout.fits else { return .tooSmall(size, need: StepperLayout.minimum) }
        var b = CellBuffer(size)
        drawHeader(&b)
        for p in layout.panels { p.panel.draw(into: &b, p.placement) }
        var y = layout.belowGrids
        if let note = (gradientNotes ?? poolNotes)?.first(where: { $0.cellWidth <= size.width }) ?? viewNote { b.put(String(note.prefix(size.width)), x: 0, y: y, Style(.accent)); y += 1 }
        if sumsOverDepth { drawDepthSums(&b, y: y); y += 1 }
        y = drawEquation(&b, y: y, lines: layout.equation)
        drawNarration(&b, y: y)
        if layout.showVectors { drawDot(&b, y: y + 2) }
        drawFooter(&b)
        if showHelp { drawHelp(&b) }
        return b
    }

    /// Rows the view needs under the grids, so the layout knows how tall the grids may be.
    func linesBelowGrids(vectors: Bool, equationLines: Int) -> Int {
        5 + 2 * equationLines + (viewNote == nil ? 0 : 1) + (sumsOverDepth ? 1 : 0) + (vectors ? StepperLayout.vectorLines : 0)
    }

    /// The vectors are the point of the pointwise and dense views, so they are always shown there.
    var showsVectors: Bool { showDot || (!gradientView && (layer.op == .pointwise || layer.op == .dense)) }

    var sumsOverDepth: Bool {
        if case .conv(let c) = layer, !isIm2col, !gradientView { return c.groupChannels > 1 }
        return false
    }

    /// One sentence that says what this view is about, where the op needs saying.
    var viewNote: String? {
        if let note = gradientNotes?.first ?? poolNotes?.first { return note }
        if isIm2col { return " im2col: column j of X_col is patch j; output = kernel rows × X_col, one matmul" }
        if let e = equivalent {
            let gaps = e.inserted.h == e.inserted.w ? "\(e.inserted.h)" : "\(e.inserted.h),\(e.inserted.w)"
            return " shown as a stride-1 conv: \(gaps) zero\(gaps == "1" ? "" : "s") between inputs, padded, kernel rotated 180°"
        }
        switch layer {
        case .conv(let c) where c.op == .depthwise && c.channels > 1:
            return " depthwise: each channel has its own kernel and output; channels are never added"
        case .conv(let c) where c.op == .pointwise:
            return " 1×1 conv: each pixel's \(c.channels.counting("channel value")) · one weight row per output"
        case .conv(let c) where c.groups > 1 && c.op != .depthwise:
            return " groups \(c.groups): output channel \(step.output[0]) only sees input channels \(c.firstInputChannel(of: step.output[0]))–\(c.firstInputChannel(of: step.output[0]) + c.groupChannels - 1)"
        case .dense(let d):
            return Self.denseNote(d)
        default: return nil
        }
    }

    /// A dense layer's parameters, beside those of the largest conv filter (up to 3×3) that fits
    /// its input: a 2×2×2 input takes a 2×2 filter, never a 3×3 one.
    static func denseNote(_ d: DenseLayer) -> String {
        var note = " fully connected: \(d.outputCount)×\(d.inputCount) = \(d.weight.count.counting("weight"))"
        if let b = d.bias?.count, b > 0 { note += " + \(b.counting("bias", plural: "biases"))" }
        guard d.input.rank == 3 else { return note }
        let (c, kh, kw) = (d.input.shape[0], min(3, d.input.shape[1]), min(3, d.input.shape[2]))
        return note + "; one \(kh)×\(kw) conv filter here: \(c * kh * kw)"
    }

    /// Per-channel partial sums of the current output, then their total: the sum over depth.
    private func drawDepthSums(_ b: inout CellBuffer, y: Int) {
        guard case .conv(let c) = layer else { return }
        let s = step
        let kk = c.kh * c.kw
        let (cg, _, _) = convTerm(c)
        var x = b.put(" sum over depth: ", x: 0, y: y, Style(.dim))
        // Many channels: show the ones around the current channel, with ellipses for the rest.
        let visible = max(1, (b.size.width - x - 24) / 12)
        let firstShown = GridPanel.start(focus: cg, visible: visible, total: c.groupChannels)
        let shown = firstShown..<min(c.groupChannels, firstShown + visible)
        if firstShown > 0 { x = b.put("… + ", x: x, y: y, .future) }
        for g in shown {
            var partial = 0.0
            for t in stride(from: g * kk, to: min((g + 1) * kk, shownTerms), by: 1) { partial += layer.termValue(output: s.outputFlat, term: t) }
            let label = "ch\(c.firstInputChannel(of: s.output[0]) + g) "
            let value = g > cg ? "·" : NumberFormat.onScreen(partial) + (g == cg && (s.termIndex % kk != kk - 1 || !showsCurrent) ? "…" : "")
            x = b.put(label, x: x, y: y, g == cg ? Style(.accent, [.bold]) : Style(.dim))
            x = b.put(value, x: x, y: y, g == cg ? .current : g < cg ? Style(.sum) : .future)
            if g < shown.upperBound - 1 { x = b.put(" + ", x: x, y: y, .plain) }
        }
        if shown.upperBound < c.groupChannels { x = b.put(" + …", x: x, y: y, .future) }
        b.put(shownTerms == s.termCount ? " = \(NumberFormat.onScreen(s.sum))" : " = \(NumberFormat.onScreen(shownSum)) so far", x: x, y: y, Style(.sum, [.bold]))
    }

    /// What this view computes, longest wording first: the header shows the first that fits.
    var modeTexts: [String] {
        if let texts = gradientModeTexts ?? poolModeTexts { return texts }
        if layer.op == .dense { return ["fully connected (no sliding window)", "fully connected"] }
        if spec.op == .convTranspose { return ["the equivalent direct convolution", "as a direct conv", "direct conv"] }
        let texts = isFlipped ? ["true convolution (kernel rotated 180°)", "true conv (kernel rotated 180°)", "true conv (rotated)"]
            : ["cross-correlation (kernel as given)", "cross-correlation"]
        // The padding mode changes every border number, and the status line drops it first on a
        // narrow screen: the header keeps it at any width, before the mode's own words.
        guard case .conv(let c) = layer, c.options.paddingMode != .zeros, c.isPadded else { return texts }
        let mode = c.options.paddingMode.rawValue
        return texts.map { "\($0) · \(mode) padding" } + ["\(texts.last!) · \(mode) pad", "\(mode) padding"]
    }

    var outputLabel: String { Position.text(step.output, in: layer.outputShape) }

    private func drawHeader(_ b: inout CellBuffer) {
        let op = spec.op.rawValue
        // The program's name gives way before the mode's shortest wording is needed.
        b.header(modeTexts.dropLast().map { " convtutor · \(op) · \($0)" } + modeTexts.map { " \(op) · \($0)" }, counting: productCounter, position + 1, of: trace.count)
    }

    /// The counters' noun: a prediction of a whole output stands before its first product,
    /// which is not on show.
    var productCounter: String { showsCurrent ? termWord : "before " + termWord }

    /// What the equation is made of: its prefix, the column its terms start at, the text and
    /// width (the wider of the term and the running sum under it) of each term in `range` (all
    /// by default; `first` is the first one's index), and the text after the last term once the
    /// output is finished. The widths use the finished output's sums, so the lines do not reflow
    /// while it is stepped through. Only the terms asked for are built: a dW cell of a big
    /// picture has millions.
    func equationParts(_ range: Range<Int>? = nil) -> (prefix: String, label: String, start: Int, first: Int, tokens: [String], widths: [Int], suffix: String) {
        let s = step
        let range = range ?? 0..<trace.termsPerOutput
        let words = equationWords
        let prefix = " \(cellLabel) = " + words.open
        let label = words.label
        let start = max(prefix.count, label.count + 1)
        // A max's taps are listed, not added: a negative one needs no brackets.
        let bracketed = stepped.reduction != .max
        let factor = { (v: Double) in v < 0 && bracketed ? "(\(NumberFormat.onScreen(v)))" : NumberFormat.onScreen(v) }
        var tokens: [String] = [], widths: [Int] = []
        var acc = sum(before: range.lowerBound)
        for t in range {
            let term = currentTerm(t)
            acc = adding(term.product, term: t, to: acc)
            // A concealed term's width is its own: the sums' widths would hint at the answer.
            if hides(term: t) {
                tokens.append(concealedMark)
                widths.append(concealedMark.count)
                continue
            }
            tokens.append(pastMark(term) ?? (term.factorCount == 1 ? factor(term.x) : factor(term.x) + "·" + factor(term.w)))
            widths.append(max(tokens[tokens.count - 1].cellWidth, NumberFormat.onScreen(acc).cellWidth))
        }
        // The finished output's sum is known only to a range that reaches the last term; any
        // other is drawn before the output is finished, where the suffix is " = …".
        if hides(term: trace.termsPerOutput - 1) || range.upperBound < trace.termsPerOutput { return (prefix, label, start, range.lowerBound, tokens, widths, unfinishedSuffix) }
        // Only the last term divides a mean: a partial sum is never finished.
        var suffix = words.close + " = \(NumberFormat.onScreen(stepped.reduction == .mean ? stepped.finish(output: s.outputFlat, sum: acc) : acc))"
        if let bias = stepped.bias(ofOutput: s.outputFlat) {
            suffix += (bias < 0 ? " - " : " + ") + "\(NumberFormat.onScreen(abs(bias))) (bias) = \(NumberFormat.onScreen(acc + bias))"
        }
        if stepped.relu { suffix += " → ReLU \(NumberFormat.onScreen(stepped.finish(output: s.outputFlat, sum: acc)))" }
        return (prefix, label, start, range.lowerBound, tokens, widths, suffix)
    }

    /// The current cell's running sum before term `t`, from the anchor set at each move: at
    /// most `anchorReach` and a screen's width of terms per frame.
    func sum(before t: Int) -> Double {
        let from: (term: Int, sum: Double) = t >= anchor.term ? anchor : (0, stepped.reduction.start.value)
        var acc = from.sum
        TermMeter.current?.add(max(0, t - from.term))
        for u in from.term..<max(from.term, t) { acc = adding(stepped.termValue(output: step.outputFlat, term: u), term: u, to: acc) }
        return acc
    }

    /// How the equation writes this op's reduction: before its terms, between them, after the
    /// last, and what the row under them holds. A mean's divisor is hidden with its last term.
    var equationWords: (open: String, joiner: String, close: String, label: String) {
        let label = " " + stepped.reduction.runningWord
        return switch stepped.reduction {
        case .sum: ("", " + ", "", label)
        case .max: ("max(", ", ", ")", label)
        case .mean: ("(", " + ", ") ÷ " + (hides(term: trace.termsPerOutput - 1) ? "?" : "\(stepped.divisor(ofOutput: step.outputFlat))"), label)
        }
    }

    /// What ends the equation while its output is unfinished.
    var unfinishedSuffix: String { equationWords.close + " = …" }

    /// Every term of the current output, wrapped into lines of `width` columns; a last empty
    /// line when the result itself needs one of its own. More terms than could ever fit in
    /// `equationLineLimit` lines (each takes at least 4 columns) are not measured: they get
    /// one line too many, so the layout shows a window of them.
    func equationLines(width: Int) -> [StepperLayout.EquationLine] {
        let limit = StepperLayout.equationLineLimit
        if trace.termsPerOutput > limit * max(1, width) { return Array(repeating: 0..<0, count: limit + 1) }
        let (_, _, start, _, _, widths, suffix) = equationParts()
        let room = width - start - 1
        let joiner = equationWords.joiner
        var lines: [StepperLayout.EquationLine] = []
        var first = 0, x = 0
        for i in widths.indices {
            let need = (i == first ? 0 : joiner.count) + widths[i]
            // A line that goes on ends in the joiner, its trailing space dropped (" +", ",").
            if i > first && x + need + joiner.trimmed.count > room {
                lines.append(first..<i)
                (first, x) = (i, widths[i])
            } else {
                x += need
            }
        }
        lines.append(first..<widths.count)
        if x + suffix.cellWidth > room { lines.append(widths.count..<widths.count) }
        return lines
    }

    /// `out(0,0) = 1·1 + 1·0 + … = 4` with the running sum under every term done so far: all
    /// the terms on as many lines as they need, or, where there is no room for that, one line
    /// with a window of terms around the current one.
    private func drawEquation(_ b: inout CellBuffer, y: Int, lines: [StepperLayout.EquationLine]?) -> Int {
        let s = step
        let count = trace.termsPerOutput
        let suffixRoom = shownTerms == s.termCount ? nil : unfinishedSuffix
        let joiner = equationWords.joiner
        let winner = poolWinner
        // Every term a window could show: each takes at least 4 columns.
        let reach = max(1, (b.size.width - 4) / 4)
        let range = lines != nil ? 0..<count : max(0, s.termIndex - reach)..<min(count, s.termIndex + reach + 1)
        let (prefix, label, start, base, tokens, widths, finished) = equationParts(range)
        var sums: [Double] = []
        var acc = sum(before: base)
        var padding: [Bool] = []
        for t in range {
            let term = currentTerm(t)
            padding.append(Self.readsPadding(term, mode: spec.options.paddingMode))
            guard t < shownTerms else { continue }
            acc = adding(term.product, term: t, to: acc)
            sums.append(acc)
        }
        let suffix = suffixRoom ?? finished
        b.put(prefix, x: start - prefix.count, y: y, Style(.sum, [.bold]))
        // A wrapped equation keeps its lines together; the running sums follow, each row under
        // the columns of its line.
        let sumsBelow = lines?.count ?? 1
        b.put(label, x: 0, y: y + sumsBelow, Style(.dim, [.dim]))
        func drawTerm(_ i: Int, x: Int, y: Int, sumY: Int) -> Int {
            let (w, k) = (widths[i - base], i - base)
            let style: Style = k >= sums.count ? .future : i == s.termIndex ? .current : i == winner ? .winner : i < s.termIndex ? (padding[k] ? .padding : Style(.product)) : .future
            b.put(String(repeating: " ", count: w - tokens[k].cellWidth) + tokens[k], x: x, y: y, style)
            if k < sums.count {
                let text = NumberFormat.onScreen(sums[k])
                b.put(String(repeating: " ", count: w - text.cellWidth) + text, x: x, y: sumY, i == s.termIndex ? Style(.sum, [.bold]) : Style(.sum))
            }
            return x + w
        }
        if let lines {
            var x = start
            for (k, line) in lines.enumerated() {
                x = start
                for i in line {
                    x = drawTerm(i, x: x, y: y + k, sumY: y + sumsBelow + k)
                    if i < count - 1 { x = b.put(i < line.upperBound - 1 ? joiner : joiner.trimmed, x: x, y: y + k, .future) }
                }
            }
            b.put(suffix, x: x, y: y + lines.count - 1, Style(.sum, [.bold]))
            return y + 2 * lines.count
        }
        // The visible run of terms: a window around the current one.
        let room = b.size.width - start - suffix.count - 4
        func span(_ i: Int) -> Int { widths[i - base] + joiner.count }
        var (first, last, used) = (s.termIndex, s.termIndex, span(s.termIndex))
        while true {
            if last + 1 < range.upperBound, used + span(last + 1) <= room { last += 1; used += span(last) }
            else if first > range.lowerBound, used + span(first - 1) <= room { first -= 1; used += span(first) }
            else { break }
        }
        var x = start
        if first > 0 { x = b.put("…" + joiner, x: x, y: y, .future) }
        for i in first...last {
            x = drawTerm(i, x: x, y: y, sumY: y + 1)
            if i < last { x = b.put(joiner, x: x, y: y, .future) }
        }
        if last + 1 < count { x = b.put(joiner + "…", x: x, y: y, .future) }
        b.put(suffix, x: x, y: y, Style(.sum, [.bold]))
        return y + 2
    }

    /// The current multiply in words, naming where both numbers come from.
    private func drawNarration(_ b: inout CellBuffer, y: Int) {
        let s = step
        if let concealed, case let first = max(0, concealed - trace.firstStep(ofOutput: s.outputFlat)), first < s.termCount {
            // Nothing to narrate that is not the learner's to work out.
            let one = first + 1 == s.termCount
            let range = one ? "\(termWord) \(s.termCount)" : "\(termWord)s \(first + 1)–\(s.termCount)"
            let candidates = [
                " now: \(range) of \(cellLabel) \(one ? "is" : "are") hidden (\(concealedMark)) until you answer",
                " now: \(range) hidden (\(concealedMark)) until you answer",
                " now: \(range) hidden",
            ]
            b.putFitting(candidates, y: y, .plain)
            return
        }
        if pool != nil {
            b.putFitting(poolNow, y: y, .plain)
            return
        }
        let n = { NumberFormat.onScreen($0, digits: 4) }
        let (source, weight, zero) = nowNames
        let short = zero ?? "x = \(n(s.x))"
        // Longest first; a shorter wording rather than a number cut in half. Both positions are
        // the point of the line (lessons teach from them), so the spacing and the sum give way
        // before either name does.
        if s.term.factorCount == 1 {
            let line = " now: \(source) = \(n(s.x)) joins the sum;  running sum \(n(s.sum))"
            b.put(String(line.prefix(b.size.width)), x: 0, y: y, .plain)
            return
        }
        let names = "\(source) = \(n(s.x)) × \(weight) = \(n(s.w))"
        let candidates = [
            " now: \(source) = \(n(s.x))  ×  \(weight) = \(n(s.w))  →  \(n(s.product));  running sum \(n(s.sum))",
            " now: \(names) → \(n(s.product)); running sum \(n(s.sum))",
            " now: \(names) → \(n(s.product)); sum \(n(s.sum))",
            " now: \(names) → \(n(s.product))",
            " now: \(names)",
            // A padding mode's copy names two places: where it sits and what it copies.
            " now: \(source) = \(n(s.x)) × w = \(n(s.w)) → \(n(s.product))",
            " now: \(source) = \(n(s.x)) × w = \(n(s.w))",
            " now: \(short) × w = \(n(s.w)) → \(n(s.product)); sum \(n(s.sum))",
        ]
        b.putFitting(candidates, y: y, .plain)
    }

    /// The current term's input and weight as every screen names them; a transposed conv's
    /// direct view names the original input cell and the kernel as given, not the zero-stuffed
    /// grid and rotated kernel it draws (its terms are the transposed layer's, in the same order).
    var nowNames: (source: String, weight: String, zero: String?) {
        let term = named.term(output: step.outputFlat, term: step.termIndex)
        return (onScreen(source: named.sourceName(term)), named.weightName(term), named.factorName(term))
    }

    /// The same output as a dot product of the flattened patch and flattened kernel. Its
    /// columns are as wide as the widest number among all terms, or, past a few thousand, among
    /// those a screen's width around the current one: no more can show.
    private func drawDot(_ b: inout CellBuffer, y: Int) {
        let s = step
        let count = s.termCount
        let near = count <= Self.measuredTerms ? 0..<count : max(0, s.termIndex - b.size.width)..<min(count, s.termIndex + b.size.width + 1)
        let terms = near.map(currentTerm)
        let xs = near.map { hides(term: $0) ? "?" : NumberFormat.onScreen(terms[$0 - near.lowerBound].x) }
        let ws = near.map { hides(term: $0) ? "?" : NumberFormat.onScreen(terms[$0 - near.lowerBound].w) }
        let width = max(xs.map(\.count).max() ?? 1, ws.map(\.count).max() ?? 1)
        let labelWidth = max(17, (vectorLabels.map(\.count).max() ?? 0) + 1)
        let labels = vectorLabels.map { " " + $0.padding(to: labelWidth) + "[" }
        let x0 = labels[0].count
        let visible = max(1, (b.size.width - x0 - 4) / (width + 1))
        let first = GridPanel.start(focus: s.termIndex, visible: visible, total: count)
        let last = min(count, first + visible)
        for (row, values) in [xs, ws].enumerated() {
            b.put(labels[row], x: 0, y: y + row, Style(.dim))
            var x = x0
            if first > 0 { b.put("…", x: x0 - 1, y: y + row, .future) }
            for i in first..<last {
                let v = values[i - near.lowerBound]
                let t = String(repeating: " ", count: width - v.count) + v
                let style: Style = i >= shownTerms ? .future : i == s.termIndex ? .current : i < s.termIndex ? (row == 0 ? .plain : Style(.weight)) : .future
                x = b.put(t, x: x, y: y + row, style) + 1
            }
            b.put(last < count ? "…]" : "]", x: x - 1, y: y + row, Style(.dim))
        }
        let done = shownTerms
        let line = done == count
            ? " dot product = \(NumberFormat.onScreen(s.sum)): the same number as the sum of the element-wise products"
            : " dot product so far (\(done) of \(count) terms) = \(NumberFormat.onScreen(shownSum))"
        b.put(String(line.prefix(b.size.width)), x: 0, y: y + 2, Style(.sum, [.bold]))
    }

    static let measuredTerms = 4096

    /// What the two vectors of the dot-product lines are called in this view.
    var vectorLabels: [String] {
        let s = step
        if gradientView { return gradient == .weight ? ["input cells met", "dY, flattened"] : ["dY cells met", "weights met"] }
        switch layer {
        case .dense: return ["input, flattened", "weight row \(s.outputFlat)"]
        case .conv where isIm2col: return ["X_col column \(s.outputFlat % (layer.outputShape[1] * layer.outputShape[2]))", "kernel row \(s.output[0])"]
        case .conv(let c) where c.op == .pointwise: return ["depth column (\(s.output[1]),\(s.output[2]))", "weight row \(s.output[0])"]
        case .conv(let c) where c.groupChannels > 1: return ["patch, all channels", "filter \(s.output[0]), flattened"]
        default: return ["flattened patch", isFlipped || equivalent != nil ? "rotated kernel" : "flattened kernel"]
        }
    }

    private func drawFooter(_ b: inout CellBuffer) {
        let h = b.size.height
        let s = step
        var parts = [gradient == nil ? "output \(outputLabel)" : cellLabel, "\(productCounter) \(s.termIndex + 1)/\(s.termCount)"]
        if gradient != nil {
            // A gradient's layer is the forward one, whatever the grids step; dense has no
            // stride or padding, and a flip changes every number, so it is always named.
            let o = spec.options
            if let size = o.poolSize {
                // As the forward pool's status names its window: size, stride, padding in cells.
                let pad: Pair = if case .explicit(let p) = o.padding { p } else { .zero }
                parts += ["size \(size)", "stride \(o.stride)", "pad \(pad)"] + (o.dilation != .one ? ["dilation \(o.dilation)"] : []) + (o.ceilMode ? ["ceil"] : [])
            } else if spec.op != .dense {
                parts += ["stride \(o.stride)", "pad \(o.padding)"]
            }
            if isFlipped { parts.insert("flip", at: 2) }
        } else if let e = equivalent {
            // The grids show a stride-1 conv; the options worth naming are the layer's own.
            parts.append(ScatterState.optionsText(e.transposed))
        } else if let p = pool {
            let g = p.geometry
            parts += ["size \(g.size)", "stride \(g.stride)", "pad \(g.padding)"]
            if g.dilation != .one { parts.append("dilation \(g.dilation)") }
            if g.ceilMode { parts.append("ceil") }
        } else if case .conv(let c) = layer {
            // A mode is named only where it fills some padding (o to pointwise drops the padding).
            let mode = c.options.paddingMode
            parts += ["stride \(c.options.stride)", "pad \(c.options.padding)" + (mode == .zeros || !c.isPadded ? "" : " \(mode.rawValue)")]
            if c.options.dilation != .one { parts.append("dilation \(c.options.dilation)") }
            if c.groups > 1 && c.op != .depthwise { parts.append("groups \(c.groups)") }
        }
        // A demo's zoom can give way to the screen: the status says what the cells are.
        if demoKeys, let zoom { parts.append(cellWidth < zoom ? "zoom \(cellWidth) (\(zoom) too wide)" : "zoom \(cellWidth)") }
        parts.append((autoplay ? "playing " : "paused ") + NumberFormat.short(stepsPerSecond) + "/s")
        // A message takes the status line's place until the next key.
        if let message {
            b.put(TextLayout.cut(" " + message, width: b.size.width), x: 0, y: h - 3, Style(.accent, [.bold]))
        } else {
            // Parts give way whole before any is cut in a word: the pace first, then the layer's
            // options, last first; a demo's zoom stays (why the cells are narrower than asked).
            var removable = Array(parts.indices.dropFirst(2).dropLast(demoKeys && zoom != nil ? 2 : 1)) + [parts.count - 1]
            while (" " + parts.joined(separator: Charset.separator)).cellWidth > b.size.width, let last = removable.popLast() { parts.remove(at: last) }
            b.put(TextLayout.cut(" " + parts.joined(separator: Charset.separator), width: b.size.width), x: 0, y: h - 3, Style(.dim))
        }
        var keys: [[(String, String)]] = edit != nil
            ? [[("EDIT", ""), ("arrows", "move"), ("PgUp/PgDn", "channel"), ("Tab", "input/kernel")],
               [("-0.5 1/9 1e-3", "type"), ("Enter", "set value"), ("Backspace", "erase"), ("Esc", "done")]]
            : [[("←/→", termWord), ("↑/↓", "output"), ("g/G", "first/last"), ("space", autoplay ? "pause" : "play"), demoKeys ? ("+/-", "zoom") : ("+/-", "speed")],
               [("f", "flip"), ("d", "dot"), ("o", "op"), ("[ ]", bracketWord), ("e", "edit"), ("r", "reset"), ("?", "help"), ("q", "quit")]]
        if pool != nil && edit != nil { keys[0].removeAll { $0.0 == "Tab" } }
        if cyclesGradient && edit == nil { keys[1].insert(("w", "dW/dX/db"), at: 0) }
        // A gradient refuses several forward keys: its key line lists only those that work.
        if gradient != nil || pool != nil { keys = keys.map { $0.filter { k in k.0.first.map(works) ?? true } } }
        for (i, row) in keys.enumerated() { b.keyRow(row, y: h - 2 + i) }
    }

    private func drawHelp(_ b: inout CellBuffer) {
        let lines = helpLines.map(\.text)
        let about = gradientAbout ?? poolAbout ?? [
            "",
            "Each output is the sum of the element-wise products",
            "of the kernel and the patch under it: exactly the",
            "dot product of the two, flattened.",
        ]
        // The keys come first, then what this size leaves out; the sentence about them only
        // where the box has room for it all.
        let hidden = hiddenPanels(b.size).map { ["", "Hidden at this size: \($0.joined(separator: ", "))."] } ?? []
        b.helpBox(lines.count + hidden.count + about.count + 4 <= b.size.height ? lines + hidden + about : lines + hidden)
    }

    /// The titles of the grids that gave way to the space (they repeat what others show), or nil.
    func hiddenPanels(_ size: Size) -> [String]? {
        let shown = Set(StepperLayout(self, size).panels.map(\.panel.title))
        let hidden = columns(sideBySide: true).flatMap { $0.rows.flatMap { $0 } }.filter { $0.optional && !shown.contains($0.panel.title) }
        return hidden.isEmpty ? nil : hidden.map(\.panel.title)
    }

    /// The `?` box's key lines: only the keys that do something for this layer.
    var helpLines: [KeyHelp] {
        let key = { (k: Character, text: String) in works(k) ? KeyHelp(text, .char(k)) : nil }
        let lines: [KeyHelp?] = [
            KeyHelp("→ l    " + "next \(termWord)".padding(to: 18) + "← h   previous \(termWord)", .right, .left),
            KeyHelp("↓ j n  finish this output, then the next one", .down),
            KeyHelp("↑ k p  previous output   g G   first / last \(termWord)", .up, .char("g"), .char("G")),
            demoKeys ? KeyHelp("space  autoplay on/off   + -   zoom   < >  pace", .char(" "), .char("+"), .char("-"))
                : KeyHelp("space  autoplay on/off   + -   faster / slower", .char(" "), .char("+"), .char("-")),
            key("w", "w      next gradient: dW → dX → db"),
            key("f", "f      flip: cross-correlation ⇄ true convolution"),
            KeyHelp.pair(key("d", "d      dot product view"), key("o", original.op.isPool ? (pool != nil ? "o     as its depthwise conv" : "o     back to the pool") : "o     same input, next op"), column: 25),
            KeyHelp.pair(works("[") ? KeyHelp("[ ]    previous/next \(bracketWord)", .char("["), .char("]")) : nil, KeyHelp("click  jump to output"), column: 31),
            key("e", pool != nil ? "e      edit input values (Esc: done)" : "e      edit values (Tab: input/kernel, Esc: done)"),
            key("m", "m      picture map ⇄ numbers (large inputs)"),
            KeyHelp("r      reset data and step       q  quit", .char("r"), .char("q")),
        ]
        return lines.compactMap { $0 }
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    /// Without trailing spaces: a joiner (" + ") where a line ends.
    var trimmed: String { String(self[..<(lastIndex { $0 != " " }.map(index(after:)) ?? startIndex)]) }
}

extension StepperState {
    /// What `[` `]` step through: the output's channels (a pool, dX), or its filters.
    var bracketWord: String { pool != nil || gradient == .input ? "channel" : "filter" }
}
