import ConvKit

/// The followed output's field on every level: grids side by side when they fit (else one under
/// another, whichever shows more of the field), each panning to keep its field in view, the
/// input's path counts and the rf arithmetic beneath them.
extension StackViews {
    /// Field cells are reverse video, so they stand out without colour; the rest is a dim `·`.
    static let fieldStyle = Style(.window, [.bold, .reverse])
    static let outsideStyle = Style(.dim, [.dim])

    func fieldView(_ f: FollowedField, _ size: Size) -> CellBuffer {
        var b = CellBuffer(size)
        let input = f.levels[0]
        let shape = stack.layers[f.layer - 1].outputShape
        let output = Position.text(Tensor.unravel(f.output, shape), in: shape)
        // The field's bounding box, not the rf square: the info lines say why the two differ.
        b.header(" stack · output \(output) of layer \(f.layer), followed back to the input", right: input.cells == 0 ? "no input in the field" : "field spans \(input.extent.rows)×\(input.extent.cols)")
        // What the numbers are, where a row can be spared: counts of paths, not values.
        let legend = [" numbers: paths from the followed output to each cell through the windows, weights aside",
                      " numbers: paths to each cell through the windows, weights aside", " numbers: paths to each cell"]
        let lines = infoLines(f, output: output)
        let spare = size.height - 1 - lines.count - Self.stackRows - ((f.levels.map(\.rows).max() ?? 0) + 1)
        let info = lines + (size.height >= 20 || spare >= 1 ? [legend] : [])
        let bottom = size.height - 1 - info.count
        for (i, variants) in info.enumerated() { b.putFitting(variants, y: bottom + i, i == 0 ? Style(.accent, [.bold]) : .plain) }
        for p in placedPanels(f, Size(width: size.width, height: bottom - Self.stackRows)) {
            var placement = p.placement
            placement.y += Self.stackRows
            p.panel.draw(into: &b, placement)
        }
        drawKeys(&b, followKeys(f), y: size.height - 1)
        // Why a key did nothing stands where the keys were, until the next key.
        if let m = stepper.message {
            b.fill(x: 0, y: size.height - 1, width: size.width, height: 1)
            b.put(TextLayout.cut(" " + m, width: size.width), x: 0, y: size.height - 1, Style(.accent, [.bold]))
        }
        return b
    }

    /// The follow view's keys: `[ ]` where the layer has several output channels, `c` where the
    /// field spans several channels of a level, `< >` where there is another layer.
    func followKeys(_ f: FollowedField) -> [(String, String)] {
        let shape = stack.layers[f.layer - 1].outputShape
        let channels = shape.count >= 3 && shape[shape.count - 3] > 1
        // A narrow row drops keys from its end: c, which only this view has, goes first.
        let keys = [("u/Tab", "step again"), ("arrows", "output"), ("c", "field ch"), ("[ ]", "channel"),
                    ("< >", "layer"), ("?", "help"), ("q", "quit")]
        return keys.filter {
            switch $0.0 {
            case "[ ]": channels
            case "c": f.spread > 1
            case "< >": stack.layers.count > 1
            default: true
            }
        }
    }

    /// What the field is, longest wording first per line: its paths, then rf, jump and start,
    /// then (with a padding mode that copies cells) what the highlight is.
    private func infoLines(_ f: FollowedField, output: String) -> [[String]] {
        let input = f.levels[0]
        guard input.cells > 0 else { return [onlyPadding(f, output: output)] }
        let peak = NumberFormat.short(input.peak), paths = input.paths == 1 ? "1 path" : "\(NumberFormat.short(input.paths)) paths"
        let cells = input.reached.count < 2 ? input.cells.counting("cell")
            : input.cellsPerChannel.map { "\($0.counting("cell")) on each of \(input.reached.count) channels" }
            ?? "\(input.cells.counting("cell")) on \(input.reached.count) channels"
        // A tie names no one cell as the most: all alike (one layer's window), or several.
        let (most, short) = input.peakCells == input.cells ? ("\(input.peak == 1 ? "1 path" : "\(peak) paths") to each", "\(peak) each")
            : input.peakCells > 1 ? ("the most, \(peak), reach \(input.peakAt) and \(input.peakCells - 1) more", "most \(peak) at \(input.peakCells) cells")
            : ("the most, \(peak), reach \(input.peakAt)", "most \(peak) at \(input.peakAt)")
        let pathLine = [
            " input: \(cells)\(input.reached.count < 2 ? " in the field" : ""), \(paths); \(most)",
            " input: \(cells), \(paths), \(short)",
            " input: \(cells), \(paths)",
        ]
        let copied = arithmetic.copiesPadding ? [[" padding copies cells: the highlighted field, not the square, is what it reads",
                                                  " padding copies cells: the highlighted field is what it reads",
                                                  " copied padding: the highlight is what it reads"]] : []
        guard let rows = arithmetic.last else { return [pathLine, arithmetic.why.map { " rf: " + $0 }] + copied }
        let cell = Tensor.unravel(f.output, stack.layers[f.layer - 1].outputShape)
        let (i, j) = (cell.count >= 2 ? cell[cell.count - 2] : 0, cell.last ?? 0)
        func numbers(_ r: ReceptiveField.Row) -> String { "rf \(r.rf) · jump \(r.jump) · start \(r.startText)" }
        if numbers(rows.rows) == numbers(rows.cols) {
            let at = "(\(rows.rows.centre(of: i)),\(rows.cols.centre(of: j)))", extent = input.extent, rf = rows.rows.rf
            // Past the border the square holds zero padding, which no path reaches as an input
            // pixel; a padding mode that copies cells reads cells instead (said beneath).
            let smaller = !arithmetic.copiesPadding && (extent.rows < rf || extent.cols < rf)
            let cut = smaller ? ", cut to \(extent.rows)×\(extent.cols) by the border" : ""
            let inside = smaller ? ", \(extent.rows)×\(extent.cols) inside" : ""
            return [pathLine, [" \(numbers(rows.rows)): the \(rf)×\(rf) square centred at input \(at)\(cut)",
                               " \(numbers(rows.rows)): \(rf)×\(rf) centred at input \(at)\(cut)",
                               " \(numbers(rows.rows)): \(rf)×\(rf) at \(at)\(cut)",
                               " \(numbers(rows.rows)): \(rf)×\(rf) at \(at)\(inside)",
                               " \(numbers(rows.rows)): centred at \(at)"]] + copied
        }
        return [pathLine,
                [" rows: \(numbers(rows.rows)): output row \(i) centred at input row \(rows.rows.centre(of: i))", " rows: \(numbers(rows.rows)), centre \(rows.rows.centre(of: i))"],
                [" cols: \(numbers(rows.cols)): output col \(j) centred at input col \(rows.cols.centre(of: j))", " cols: \(numbers(rows.cols)), centre \(rows.cols.centre(of: j))"]] + copied
    }

    /// An output no input pixel reaches: the layer whose windows read only padding, named with
    /// what it pads with (a max pool −∞, else zeros; a padding mode that copies cells always
    /// reads some, so never ends a field here).
    private func onlyPadding(_ f: FollowedField, output: String) -> [String] {
        let l = f.levels.indices.first { $0 > 0 && f.levels[$0].cells > 0 } ?? f.layer
        let word = if case .maxPool = stack.layers[l - 1] { NumberFormat.onScreen(-.infinity) } else { "zero" }
        let at = l == f.layer ? "" : " at layer \(l)"
        return [" output \(output) reads only \(word) padding\(at): no input pixel reaches it",
                " output \(output) reads only \(word) padding\(at)"]
    }

    /// One grid per level, placed in `area` (its top row at 0).
    func placedPanels(_ f: FollowedField, _ area: Size) -> [(panel: GridPanel, placement: GridPanel.Placement)] {
        let panels = f.levels.indices.map { panel(f, level: $0) }
        // Each grid first gets room for its field, then the rest of its cells as room allows.
        let fieldWidths = zip(panels, f.levels).map { p, l in min(p.naturalWidth, l.extent.cols * (p.cellWidth + 1) - 1) }
        let side = Self.split(area.width, panels.map(\.naturalWidth), least: fieldWidths, gap: 2)
        var x = 0
        let beside = panels.indices.map { i in
            defer { x += side[i] + 2 }
            return (panels[i], panels[i].place(x: x, y: 0, width: side[i], height: area.height))
        }
        let tall = Self.split(area.height, panels.map { $0.rows + 1 }, least: f.levels.map { $0.extent.rows + 1 }, gap: 0)
        var y = 0
        let under = panels.indices.map { i in
            defer { y += tall[i] }
            return (panels[i], panels[i].place(x: 0, y: y, width: area.width, height: tall[i]))
        }
        func shown(_ placed: [(GridPanel, GridPanel.Placement)]) -> Int {
            zip(f.levels, placed).map { level, p in
                let p = p.1
                let rows = max(0, min(level.bottom, p.firstRow + p.visibleRows - 1) - max(level.top, p.firstRow) + 1)
                let cols = max(0, min(level.right, p.firstCol + p.visibleCols - 1) - max(level.left, p.firstCol) + 1)
                return rows * cols
            }.reduce(0, +)
        }
        // A panel below two rows (title and one row of cells) shows nothing of its level.
        let fits = tall.allSatisfy { $0 >= 2 }
        return !fits || shown(beside) >= shown(under) ? beside : under
    }

    /// `total` shared out: each part its `least` where they all fit, then what is left shared
    /// out towards its natural size; `least` itself shared out where they do not.
    static func split(_ total: Int, _ natural: [Int], least: [Int], gap: Int) -> [Int] {
        let need = least.reduce(0, +) + gap * (least.count - 1)
        guard need <= total else { return split(total, least, gap: gap) }
        let more = split(total - need + gap * (least.count - 1), zip(natural, least).map { max(0, $0 - $1) }, gap: gap)
        return zip(least, more).map(+)
    }

    /// `total` shared out: each part its natural size where that is no more than an equal share
    /// of what is left, the rest split evenly among the others.
    static func split(_ total: Int, _ natural: [Int], gap: Int) -> [Int] {
        var sizes = natural, left = total - gap * (natural.count - 1)
        var open = Array(natural.indices)
        while !open.isEmpty {
            let share = max(1, left / open.count)
            let small = open.filter { natural[$0] <= share }
            if small.isEmpty {
                for (n, i) in open.enumerated() { sizes[i] = share + (n < left - share * open.count ? 1 : 0) }
                break
            }
            for i in small { sizes[i] = natural[i]; left -= natural[i] }
            open.removeAll { small.contains($0) }
        }
        return sizes
    }

    /// Level `l`: the input (0) or layer l's output, every cell of the field holding its paths.
    private func panel(_ f: FollowedField, level l: Int) -> GridPanel {
        let level = f.levels[l]
        // Which channel is drawn, whole; where no name fits with it, the channel alone.
        // A level past the input is that layer's output, counted, not its values.
        let names = l == 0 ? ["input"] : stack.layerNames(l, options: false).map { $0 + " out" } + ["\(l)"]
        let titles = level.channels > 1
            ? names.map { "\($0) ch \(Position.among(level.channel, level.channels))" } + names.map { "\($0) ch \(level.channel)" }
            : names
        var panel = GridPanel(title: titles[0], rows: level.rows, cols: level.cols, cellWidth: level.width, focus: level.centre) { r, c in
            let n = level.count(r, c)
            return n > 0 ? (.number(n), Self.fieldStyle) : ("·", Self.outsideStyle)
        }
        panel.shorterTitles = Array(titles.dropFirst())
        return panel
    }
}
