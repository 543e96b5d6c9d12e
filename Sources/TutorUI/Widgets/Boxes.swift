extension CellBuffer {
    /// The top row, reversed: `left` is cut with "…" so that `right` (a step counter, which
    /// for a long trace has many digits) always shows whole.
    /// The title bar with a counter that names what it counts: "product 17 of 81" on stepper
    /// screens, "screen 3 of 10" in a lesson. The title gives way; the counter stays whole.
    mutating func header(_ left: String, counting noun: String, _ n: Int, of total: Int) {
        header(left, right: "\(noun) \(n) of \(total)")
    }

    /// The same with titles longest first: the first that fits whole beside the counter is
    /// drawn, so a shorter wording stands in for a cut one.
    mutating func header(_ titles: [String], counting noun: String, _ n: Int, of total: Int) {
        header(titles, right: "\(noun) \(n) of \(total)")
    }

    /// The first of `titles` (longest first) that fits whole beside `right`.
    mutating func header(_ titles: [String], right: String) {
        let room = size.width - right.cellWidth - 3
        header(titles.first { $0.cellWidth <= room } ?? titles.last ?? "", right: right)
    }

    mutating func header(_ left: String, right: String) {
        let w = size.width, left = Charset.separated(left)
        fill(x: 0, y: 0, width: w, height: 1, Cell(" ", Style(.accent, [.reverse])))
        put(TextLayout.cut(left, width: max(0, w - right.cellWidth - 3)), x: 0, y: 0, Style(.accent, [.reverse, .bold]))
        put(right + " ", x: max(0, w - right.cellWidth - 1), y: 0, Style(.accent, [.reverse, .bold]))
    }

    /// A line in its longest wording that fits the width (`variants` longest first); the
    /// shortest, cut, where none does. A sentence never ends mid-word while a shorter one fits.
    mutating func putFitting(_ variants: [String], x: Int = 0, y: Int, _ style: Style) {
        let line = variants.first { $0.cellWidth <= size.width - x } ?? variants.last ?? ""
        put(String(line.prefix(size.width - x)), x: x, y: y, style)
    }

    /// A row of keys, each followed by what it does (or nothing): two spaces between keys when
    /// the row fits, one when the terminal is narrow; keys that still do not fit (wider ASCII
    /// labels) give way from the end, `?` and `q` last.
    mutating func keyRow(_ keys: [(key: String, what: String)], y: Int) {
        var row = keys
        let span = { (gap: Int) in row.map { $0.key.cellWidth + ($0.what.isEmpty ? 0 : $0.what.cellWidth + 1) + gap }.reduce(0, +) + 1 }
        while span(1) - 1 > size.width, let last = row.lastIndex(where: { !["?", "q"].contains($0.key) }) { row.remove(at: last) }
        let gap = span(2) <= size.width ? "  " : " "
        var x = 1
        for (key, what) in row where x < size.width {
            x = put(key, x: x, y: y, Style(.accent, [.bold]))
            x = put(what.isEmpty ? gap : " " + what + gap, x: x, y: y, .plain)
        }
    }

    /// A single-line frame; the inside is cleared.
    mutating func box(x: Int, y: Int, width: Int, height: Int, _ style: Style = .plain) {
        guard width >= 2, height >= 2 else { return }
        fill(x: x, y: y, width: width, height: height)
        put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style)
        for row in (y + 1)..<(y + height - 1) {
            put("│", x: x, y: row, style)
            put("│", x: x + width - 1, y: row, style)
        }
        put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style)
    }

    /// A centred help box: a framed list of lines under a title that says how to leave, so the
    /// way out survives even when the lines below are cut.
    mutating func helpBox(_ lines: [String]) {
        // Measured as drawn: in ASCII an arrow is two cells ("->").
        let lines = lines.map(Charset.shown)
        let w = min(size.width - 2, (lines.map(\.cellWidth).max() ?? 0) + 4)
        let h = min(size.height - 2, lines.count + 2)
        let x = (size.width - w) / 2, y = (size.height - h) / 2
        box(x: x, y: y, width: w, height: h, Style(.accent, [.bold]))
        put(Charset.separated(" Keys · any key to go back "), x: x + 2, y: y, Style(.accent, [.bold]))
        for (i, line) in lines.prefix(max(0, h - 2)).enumerated() {
            put(line.prefix(cells: w - 4), x: x + 2, y: y + 1 + i, .plain)
        }
    }

    /// Text centred on a row, cut to the width.
    mutating func centered(_ text: String, y: Int, _ style: Style = .plain) {
        let t = text.prefix(cells: size.width)
        put(t, x: max(0, (size.width - t.cellWidth) / 2), y: y, style)
    }

    /// A full-screen note for when the layout cannot fit, recovering on the next resize.
    static func tooSmall(_ size: Size, need: Size) -> CellBuffer {
        var b = CellBuffer(size)
        let lines = [
            "Terminal too small",
            "need \(need.width)×\(need.height), have \(size.width)×\(size.height)",
            "enlarge the window · q quits",
        ]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() { b.centered(Charset.separated(line), y: top + i, i == 0 ? Style(.warning, [.bold]) : .plain) }
        return b
    }
}
