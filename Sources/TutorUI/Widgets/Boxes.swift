extension CellBuffer {
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

    /// Text centred on a row, cut to the width.
    mutating func centered(_ text: String, y: Int, _ style: Style = .plain) {
        let t = String(text.prefix(size.width))
        put(t, x: max(0, (size.width - t.count) / 2), y: y, style)
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
        for (i, line) in lines.enumerated() { b.centered(line, y: top + i, i == 0 ? Style(.warning, [.bold]) : .plain) }
        return b
    }
}
