import ConvKit

/// Where everything goes for one state at one terminal size. The view draws from it and the
/// reducer hit-tests clicks with it, so the two can never disagree.
struct StepperLayout {
    static let minimum = Size(width: 60, height: 16)

    let fits: Bool
    let panels: [(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)]
    /// First row below the grids.
    let belowGrids: Int

    init(_ state: StepperState, _ size: Size) {
        let fixed = 11 + (state.showDot ? 4 : 0)
        fits = size.width >= Self.minimum.width && size.height >= Self.minimum.height
        let all = state.panels()
        let gridHeight = max(2, min(all.map { $0.panel.rows }.max() ?? 1, size.height - fixed) + 1)
        let gap = 3
        var widths = all.map { $0.panel.naturalWidth }
        let available = size.width - 2 - gap * (all.count - 1)
        // Shrink the widest grid a column at a time until everything fits side by side.
        while widths.reduce(0, +) > available {
            guard let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 3 else { break }
            widths[i] -= 1
        }
        var x = 1
        var placed: [(kind: PanelKind, panel: GridPanel, placement: GridPanel.Placement)] = []
        for (i, entry) in all.enumerated() {
            placed.append((entry.kind, entry.panel, entry.panel.place(x: x, y: 2, width: widths[i], height: gridHeight)))
            x += widths[i] + gap
        }
        panels = placed
        belowGrids = 2 + gridHeight + 1
    }

    /// The flat output index under a click on the output grid, in the channel now shown.
    func output(atX x: Int, y: Int, currentOutput: Int) -> Int? {
        guard fits, let out = panels.first(where: { $0.kind == .output }),
              let (r, c) = out.panel.hit(x: x, y: y, out.placement) else { return nil }
        let plane = out.panel.rows * out.panel.cols
        return (currentOutput / plane) * plane + r * out.panel.cols + c
    }
}
