import ConvKit

/// Where everything goes for one state at one terminal size. The view draws from it and the
/// reducer hit-tests clicks with it, so the two can never disagree.
///
/// Grids are never panned while some arrangement shows them whole: side by side first, then
/// stacked one under another (rows of equal length line up cell under cell, as the pairing of
/// input and kernel asks), then flowed into as few bands as the width allows. Only when none of
/// these fits (a 28×28 picture on 60×16) do the biggest grids pan, their titles marked ◂▸▴▾.
struct StepperLayout {
    static let minimum = Size(width: 60, height: 14)
    static let columnGap = 3, panelGap = 2, vectorLines = 4

    let fits: Bool
    let panels: [(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)]
    /// First row below the grids.
    let belowGrids: Int
    /// Whether the dot-product lines are drawn: only when the grids stay whole beside them.
    let showVectors: Bool
    /// The equation's terms, line by line; nil when they do not all fit and one line shows a
    /// window of them around the current term.
    let equation: [EquationLine]?
    /// Every grid shows all of its cells.
    let whole: Bool

    init(_ state: StepperState, _ size: Size) {
        fits = size.width >= Self.minimum.width && size.height >= Self.minimum.height
        let available = size.width - 2
        let lines = state.equationLines(width: size.width)
        let full = lines.count <= Self.equationLineLimit ? lines : nil
        var arrangements = [state.columns(sideBySide: true)]
        if state.hasChannelView { arrangements.append(state.columns(sideBySide: false)) }
        // Optional panels give way before the equation is cut to one line, and a long output
        // row wraps onto lines a third of the width wide.
        arrangements += arrangements.map(PanelColumn.essential).filter { $0.count < arrangements[0].count || $0.map(\.rows.count) != arrangements[0].map(\.rows.count) }
        arrangements += arrangements.compactMap { Self.wrappingOutputs($0, width: available / 3) }
        // The whole equation (and the dot-product lines when asked for) with whole grids, if any
        // arrangement allows it; else a window of the equation on one line.
        // Lines asked for with `d` come before the whole equation; a dense or pointwise view's own
        // lines give way to it, as its terms show the same values (with the sums under them).
        var tries: [(vectors: Bool, equation: [EquationLine]?)] = []
        let vectorChoices = state.showsVectors ? [true, false] : [false]
        if state.showDot {
            for vectors in vectorChoices { tries += [(vectors, full)] + (full == nil ? [] : [(vectors, nil)]) }
        } else {
            if let full { tries += vectorChoices.map { ($0, full) } }
            tries += vectorChoices.map { ($0, nil) }
        }
        // First with every grid whole; then with a grid too big for the screen on its own
        // (wider than it, or taller than the rows left) panning, and all the others whole.
        for capped in [false, true] {
            for (vectors, equation) in tries {
                let height = size.height - 2 - state.linesBelowGrids(vectors: vectors, equationLines: equation?.count ?? 1)
                // A panning grid keeps a useful height: the lines under the grids give way first.
                if capped && height < Self.pannedHeight { continue }
                let cap = capped ? Size(width: available, height: height) : nil
                for columns in arrangements {
                    guard let bands = Self.bands(columns, width: available, height: height, cap: cap) else { continue }
                    (showVectors, self.equation, whole) = (vectors, equation, !capped)
                    (panels, belowGrids) = Self.place(columns, bands: bands, widths: columns.map { Self.size($0, cap: cap).width }, height: nil, rowCap: cap?.height)
                    return
                }
            }
        }
        // Nothing fits: one band of the essential grids, the widest panning, the equation on one line.
        let base = size.height - 2 - state.linesBelowGrids(vectors: false, equationLines: 1)
        // Optional grids stay where they fit across.
        let pick = { (all: [PanelColumn]) in Self.naturalWidth(all) <= available ? all : PanelColumn.essential(all) }
        var columns = pick(arrangements[0])
        if state.hasChannelView, case let compact = pick(arrangements[1]) {
            let tall = (columns.map(Self.naturalHeight).max() ?? 2) > base
            if Self.naturalWidth(columns) > available || tall {
                if !tall || (compact.map(Self.naturalHeight).max() ?? 2) < (columns.map(Self.naturalHeight).max() ?? 2) { columns = compact }
            }
        }
        let natural = columns.map(Self.naturalHeight).max() ?? 2
        showVectors = state.showsVectors && base - Self.vectorLines >= min(natural, 6)
        equation = nil
        whole = false
        let height = max(2, base - (showVectors ? Self.vectorLines : 0))
        (panels, belowGrids) = Self.place(columns, bands: [Array(columns.indices)], widths: Self.shrunk(columns, to: available), height: height)
    }

    /// The columns with every one-row output grid wider than `width` wrapped to fit it; nil
    /// when there is none.
    static func wrappingOutputs(_ columns: [PanelColumn], width: Int) -> [PanelColumn]? {
        var changed = false
        let result = columns.map { column in
            PanelColumn(column.rows.map { row in
                row.map { entry in
                    guard case .output = entry.kind, entry.panel.rows == 1, entry.panel.naturalWidth > width else { return entry }
                    var e = entry
                    e.panel = entry.panel.wrapped(every: max(1, (width + entry.panel.gap) / (entry.panel.cellWidth + entry.panel.gap)))
                    changed = changed || e.panel.rows > 1
                    return e
                }
            })
        }
        return changed ? result : nil
    }

    /// One term-line of the equation: the terms it shows.
    typealias EquationLine = Range<Int>
    /// An equation that needs more lines than this (a dense layer's hundreds of terms) is shown
    /// as a window around the current term: the dot-product lines and grids show the rest.
    static let equationLineLimit = 3
    /// The fewest rows (title included) a grid too big for the screen is given to pan in.
    static let pannedHeight = 6

    /// The columns in bands (rows of columns) that show every grid whole in width × height:
    /// all side by side, else each under the one before, else flowed left to right.
    static func bands(_ columns: [PanelColumn], width: Int, height: Int, cap: Size? = nil) -> [[Int]]? {
        let all = Array(columns.indices)
        let sizes = columns.map { size($0, cap: cap) }
        var flowed: [[Int]] = [[]]
        var x = 0
        for i in all {
            let w = sizes[i].width
            if !flowed[flowed.count - 1].isEmpty && x + columnGap + w > width { flowed.append([]); x = 0 }
            x += (flowed[flowed.count - 1].isEmpty ? 0 : columnGap) + w
            flowed[flowed.count - 1].append(i)
        }
        for bands in [[all], all.map { [$0] }, flowed] {
            let widths = bands.map { band in band.map { sizes[$0].width }.reduce(0, +) + columnGap * (band.count - 1) }
            let heights = bands.map { band in band.map { sizes[$0].height }.max() ?? 0 }
            if widths.allSatisfy({ $0 <= width }), heights.reduce(0, +) + bands.count - 1 <= height { return bands }
        }
        return nil
    }

    /// Column widths that add up to `available`: the widest columns give way (their grids pan)
    /// one cell at a time; a small kernel or products grid keeps its width while others can.
    static func shrunk(_ columns: [PanelColumn], to available: Int) -> [Int] {
        var widths = columns.map(naturalWidth)
        let least = columns.map(minimumWidth)
        let small = columns.indices.map { i in
            guard columns[i].rows.count == 1, let kind = columns[i].rows[0].first?.kind else { return false }
            switch kind {
            case .kernel, .usedKernel, .products: return widths[i] <= available / 4
            default: return false
            }
        }
        // One column at a time, so a big grid can take a hundred rounds: they allocate nothing.
        var total = widths.reduce(0, +) + columnGap * (columns.count - 1)
        while total > available {
            var widest = -1, widestOther = -1   // the first of equals, as `max(by:)` picks
            for i in columns.indices where widths[i] > least[i] {
                if widest < 0 || widths[i] > widths[widest] { widest = i }
                if !small[i] && (widestOther < 0 || widths[i] > widths[widestOther]) { widestOther = i }
            }
            let i = widestOther >= 0 ? widestOther : widest
            guard i >= 0 else { break }
            widths[i] -= 1
            total -= 1
        }
        return widths
    }

    /// Places the bands top to bottom, the columns of each left to right. With a `height`, the
    /// rows of a column taller than it give way, the tallest first; without one all are whole.
    static func place(_ columns: [PanelColumn], bands: [[Int]], widths: [Int], height: Int?, rowCap: Int? = nil)
        -> ([(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)], belowGrids: Int) {
        var placed: [(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)] = []
        var top = 2, bottom = 2
        for band in bands {
            var x = 1
            for i in band {
                let (column, width) = (columns[i], widths[i])
                // Each row wants its grid plus a title; when they cannot all have it, a picture
                // gives way first (it pans, and a map stays readable), then the tallest.
                var heights = column.rows.map { min(($0.map(\.panel.rows).max() ?? 1) + 1, rowCap ?? .max) }
                let pictures = column.rows.map { $0.contains { $0.panel.pixel != nil } }
                while let height, heights.reduce(0, +) + heights.count - 1 > height {
                    let tallest = { (rows: [Int]) in rows.filter { heights[$0] > 2 }.max { heights[$0] < heights[$1] } }
                    guard let i = tallest(heights.indices.filter { pictures[$0] }) ?? tallest(Array(heights.indices)) else { break }
                    heights[i] -= 1
                }
                var y = top
                for (row, rowHeight) in zip(column.rows, heights) {
                    var px = x
                    for entry in row {
                        let w = row.count == 1 ? min(width, entry.panel.naturalWidth) : entry.panel.naturalWidth
                        placed.append((entry.kind, entry.panel, entry.panel.place(x: px, y: y, width: w, height: rowHeight)))
                        px += w + panelGap
                    }
                    y += rowHeight + 1
                }
                bottom = max(bottom, y - 1)
                x += width + columnGap
            }
            top = bottom + 1
        }
        return (placed, bottom + 1)
    }

    /// A column's size on screen; with a cap, a single grid wider or taller than the cap takes
    /// the cap's size (and pans).
    static func size(_ column: PanelColumn, cap: Size?) -> Size {
        guard let cap else { return Size(width: naturalWidth(column), height: naturalHeight(column)) }
        let width = column.rows.map { row in
            row.count == 1 ? min(cap.width, row[0].panel.naturalWidth) : row.map(\.panel.naturalWidth).reduce(0, +) + panelGap * (row.count - 1)
        }.max() ?? 0
        let height = column.rows.map { min(($0.map(\.panel.rows).max() ?? 1) + 1, cap.height) }.reduce(0, +) + column.rows.count - 1
        return Size(width: width, height: height)
    }

    static func naturalHeight(_ column: PanelColumn) -> Int {
        column.rows.map { ($0.map(\.panel.rows).max() ?? 1) + 1 }.reduce(0, +) + column.rows.count - 1
    }

    /// A row of one panel can pan down to a few cells; panels side by side keep their width.
    static func minimumWidth(_ column: PanelColumn) -> Int {
        column.rows.map { row in row.count == 1 ? 3 : row.map(\.panel.naturalWidth).reduce(0, +) + panelGap * (row.count - 1) }.max() ?? 3
    }

    static func naturalWidth(_ column: PanelColumn) -> Int {
        column.rows.map { row in row.map(\.panel.naturalWidth).reduce(0, +) + panelGap * (row.count - 1) }.max() ?? 0
    }

    static func naturalWidth(_ columns: [PanelColumn]) -> Int {
        columns.map(naturalWidth).reduce(0, +) + columnGap * (columns.count - 1)
    }

    /// The flat output index under a click on any output grid.
    func output(atX x: Int, y: Int) -> Int? {
        guard fits else { return nil }
        for p in panels {
            guard case .output(let plane) = p.kind, let (r, c) = p.panel.hit(x: x, y: y, p.placement) else { continue }
            return plane * p.panel.count + r * p.panel.cols + c
        }
        return nil
    }
}
