import ConvKit

/// Where everything goes for one state at one terminal size. The view draws from it and the
/// reducer hit-tests clicks with it, so the two can never disagree.
struct StepperLayout {
    static let minimum = Size(width: 60, height: 14)
    static let columnGap = 3, panelGap = 2

    let fits: Bool
    let panels: [(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)]
    /// First row below the grids.
    let belowGrids: Int

    /// Whether the dot-product lines are drawn: only when the grids keep a useful height.
    let showVectors: Bool

    init(_ state: StepperState, _ size: Size) {
        fits = size.width >= Self.minimum.width && size.height >= Self.minimum.height
        let available = size.width - 2
        let base = size.height - 2 - state.linesBelowGrids(vectors: false)
        // Channels side by side when they fit across and down; otherwise one channel at a time.
        var columns = state.columns(sideBySide: true)
        if state.hasChannelView {
            let tall = (columns.map(Self.naturalHeight).max() ?? 2) > base
            if Self.naturalWidth(columns) > available || tall {
                let compact = state.columns(sideBySide: false)
                if !tall || (compact.map(Self.naturalHeight).max() ?? 2) < (columns.map(Self.naturalHeight).max() ?? 2) { columns = compact }
            }
        }
        let natural = columns.map(Self.naturalHeight).max() ?? 2
        showVectors = state.showsVectors && base - Self.vectorLines >= min(natural, 6)
        let height = max(2, base - (showVectors ? Self.vectorLines : 0))

        var widths = columns.map(Self.naturalWidth)
        let least = columns.map(Self.minimumWidth)
        // Columns shrink (their grids pan) until everything fits, widest first; a small kernel
        // or products grid keeps its width while anything else can give way.
        let small = columns.indices.map { i in
            guard columns[i].rows.count == 1, let kind = columns[i].rows[0].first?.kind else { return false }
            switch kind {
            case .kernel, .usedKernel, .products: return widths[i] <= available / 4
            default: return false
            }
        }
        // One column at a time, so a big grid can take a hundred rounds: they allocate nothing.
        var total = widths.reduce(0, +) + Self.columnGap * (columns.count - 1)
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
        var placed: [(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)] = []
        var x = 1, bottom = 2
        for (column, width) in zip(columns, widths) {
            // Each row wants its grid plus a title; when they cannot all have it, the tallest gives way.
            var heights = column.rows.map { ($0.map(\.panel.rows).max() ?? 1) + 1 }
            while heights.reduce(0, +) + heights.count - 1 > height {
                guard let i = heights.indices.max(by: { heights[$0] < heights[$1] }), heights[i] > 2 else { break }
                heights[i] -= 1
            }
            var y = 2
            for (row, rowHeight) in zip(column.rows, heights) {
                var px = x
                for entry in row {
                    let w = row.count == 1 ? min(width, entry.panel.naturalWidth) : entry.panel.naturalWidth
                    placed.append((entry.kind, entry.panel, entry.panel.place(x: px, y: y, width: w, height: rowHeight)))
                    px += w + Self.panelGap
                }
                y += rowHeight + 1
            }
            bottom = max(bottom, y - 1)
            x += width + Self.columnGap
        }
        panels = placed
        belowGrids = bottom + 1
    }

    static let vectorLines = 4

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
            return plane * p.panel.rows * p.panel.cols + r * p.panel.cols + c
        }
        return nil
    }
}
