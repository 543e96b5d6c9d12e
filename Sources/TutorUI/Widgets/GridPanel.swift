import ConvKit

/// What a grid cell shows. Numbers stay numbers until drawn, so the common whole ones go into
/// the cells digit by digit instead of through a String each; text is for the rest ("·", typing).
enum CellText: ExpressibleByStringLiteral {
    case number(Double)
    case text(String)
    init(stringLiteral text: String) { self = .text(text) }
}

/// A titled grid of numbers that pans to keep its focus cell in view. The cell closure is only
/// asked for visible cells, so a million-cell grid costs what its window on screen costs.
struct GridPanel {
    var title: String
    var rows: Int
    var cols: Int
    /// Model coordinates of grid row/column 0 (negative when the grid starts in padding).
    var rowBase = 0
    var colBase = 0
    var cellWidth: Int
    var focus: (row: Int, col: Int)
    var titleStyle = Style(.accent, [.bold])
    /// Shorter wordings of the title, longest first: a narrow panel draws the first that fits
    /// whole rather than cutting the title mid-word.
    var shorterTitles: [String] = []
    /// Columns between cells: 1 for numbers, 0 for heatmaps (one pixel per cell).
    var gap = 1
    var cell: (_ row: Int, _ col: Int) -> (text: CellText, style: Style)
    /// Heatmaps: one ready-made cell per grid cell, so a picture is drawn without any text.
    var pixel: ((_ row: Int, _ col: Int) -> Cell)?
    /// The cells that hold values, in reading order: fewer than rows × cols when a long row is
    /// wrapped onto several lines (`wrapped(every:)`).
    var count: Int { wrappedCount ?? rows * cols }
    private var wrappedCount: Int?
    /// A heatmap's key after the title: a sample pixel of each shade, then what it means. The
    /// samples are drawn as the pixels are (colours, or ramp characters underlined and bold
    /// without colour), so the key describes whatever the terminal shows.
    var legend: [(shade: Shade, label: String)] = []

    /// Two columns at least, so single digits still get a gap a projector can show.
    init(title: String, rows: Int, cols: Int, rowBase: Int = 0, colBase: Int = 0, cellWidth: Int, gap: Int = 1,
         focus: (row: Int, col: Int), cell: @escaping (_ row: Int, _ col: Int) -> (text: CellText, style: Style)) {
        self.gap = gap
        self.title = title
        self.rows = rows
        self.cols = cols
        self.rowBase = rowBase
        self.colBase = colBase
        self.cellWidth = gap == 0 ? max(1, cellWidth) : max(2, cellWidth)
        self.focus = focus
        self.cell = cell
    }

    /// A picture: one character per cell, no gaps.
    init(title: String, rows: Int, cols: Int, focus: (row: Int, col: Int), pixel: @escaping (_ row: Int, _ col: Int) -> Cell) {
        self.init(title: title, rows: rows, cols: cols, cellWidth: 1, gap: 0, focus: focus) { _, _ in ("", .plain) }
        self.pixel = pixel
    }

    /// A one-row grid (a vector) as lines of `perLine` cells, read left to right, top to
    /// bottom: a long row that stays whole instead of panning.
    func wrapped(every perLine: Int) -> GridPanel {
        guard rows == 1, rowBase == 0, colBase == 0, perLine < cols, pixel == nil else { return self }
        var w = self
        let (n, cell) = (cols, self.cell)
        (w.rows, w.cols, w.wrappedCount) = ((n + perLine - 1) / perLine, perLine, n)
        w.focus = (focus.col / perLine, focus.col % perLine)
        w.cell = { r, c in r * perLine + c < n ? cell(0, r * perLine + c) : ("", .plain) }
        return w
    }

    var naturalWidth: Int { max(heading.cellWidth, cols * (cellWidth + gap) - gap) }

    private var heading: String { heading(titled: title) }

    private func heading(titled title: String) -> String { ([title] + legend.map { "▀" + $0.label }).joined(separator: " ") }

    func visibleCols(inWidth width: Int) -> Int { max(1, min(cols, (width + gap) / (cellWidth + gap))) }

    /// First visible row/column (grid indices) so that the focus sits near the middle.
    static func start(focus: Int, visible: Int, total: Int) -> Int {
        max(0, min(total - visible, focus - visible / 2))
    }

    struct Placement {
        var x: Int, y: Int, width: Int, height: Int
        var firstRow: Int, firstCol: Int, visibleRows: Int, visibleCols: Int
    }

    func place(x: Int, y: Int, width: Int, height: Int) -> Placement {
        let vr = max(1, min(rows, height - 1)), vc = visibleCols(inWidth: width)
        return Placement(
            x: x, y: y, width: width, height: height,
            firstRow: Self.start(focus: focus.row - rowBase, visible: vr, total: rows),
            firstCol: Self.start(focus: focus.col - colBase, visible: vc, total: cols),
            visibleRows: vr, visibleCols: vc)
    }

    func draw(into buffer: inout CellBuffer, _ p: Placement) {
        var marks = ""
        if p.firstCol > 0 { marks += "◂" }
        if p.firstCol + p.visibleCols < cols { marks += "▸" }
        if p.firstRow > 0 { marks += "▴" }
        if p.firstRow + p.visibleRows < rows { marks += "▾" }
        // The pan marks matter more than the end of a long title, so the title gives way.
        let room = marks.isEmpty ? p.width : max(0, p.width - marks.count - 1)
        let fitting = ([self.title] + shorterTitles).first { heading(titled: $0).cellWidth <= room }
        let title = fitting ?? shorterTitles.last ?? self.title
        // Whole-word titles are never cut ("10" to "1" would name another layer): "…" instead.
        let shown = fitting == nil && !shorterTitles.isEmpty ? String("…".prefix(room)) : heading(titled: title).prefix(cells: room)
        buffer.put(marks.isEmpty ? shown : shown + " " + marks, x: p.x, y: p.y, titleStyle)
        var x = p.x + title.cellWidth + 1
        for key in legend where x < p.x + shown.cellWidth {
            buffer[x, p.y] = Cell(scalar: "▀", Style(fg: key.shade, bg: key.shade))
            x += 2 + key.label.cellWidth
        }
        if let pixel {
            for r in 0..<p.visibleRows {
                buffer.putRow(x: p.x, y: p.y + 1 + r, width: p.visibleCols) { pixel(p.firstRow + r + rowBase, p.firstCol + $0 + colBase) }
            }
            return
        }
        for r in 0..<p.visibleRows {
            for c in 0..<p.visibleCols {
                let (text, style) = cell(p.firstRow + r + rowBase, p.firstCol + c + colBase)
                let x = p.x + c * (cellWidth + gap), y = p.y + 1 + r
                // A cell wider than the room left (one shown in a panel narrower than a cell) is
                // never cut into digits that read as another number, nor run into the next panel.
                guard x + cellWidth <= p.x + p.width else {
                    if x < p.x + p.width { buffer.put("…", x: p.x + p.width - 1, y: y, style) }
                    continue
                }
                switch text {
                case .number(let v):
                    if let n = NumberFormat.whole(v) {
                        buffer.put(n, x: x, y: y, rightAlignedIn: cellWidth, style)
                    } else {
                        buffer.put(NumberFormat.onScreen(v), x: x, y: y, rightAlignedIn: cellWidth, style)
                    }
                case .text(let t): buffer.put(t, x: x, y: y, rightAlignedIn: cellWidth, style)
                }
            }
        }
    }

    /// The model (row, col) under a screen position, if it is a visible cell.
    func hit(x: Int, y: Int, _ p: Placement) -> (row: Int, col: Int)? {
        let r = y - p.y - 1, c = (x - p.x) / (cellWidth + gap)
        guard x >= p.x, r >= 0, r < p.visibleRows, c < p.visibleCols, (p.firstRow + r) * cols + p.firstCol + c < count else { return nil }
        return (p.firstRow + r + rowBase, p.firstCol + c + colBase)
    }
}
