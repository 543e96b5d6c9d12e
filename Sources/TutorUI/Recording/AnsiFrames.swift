/// Cell buffers as ANSI text: what a terminal would have been sent to show them. Recordings
/// (asciicast) use it, so a replay shows exactly the frames the session drew.
public enum AnsiFrames {
    /// The bytes that turn `previous` into `current` on a terminal (everything when the size
    /// changed or there is no previous frame), ending with attributes reset.
    public static func encode(_ current: CellBuffer, since previous: CellBuffer?, colored: Bool = true, projector: Bool = false) -> String {
        var out = ""
        let full = previous == nil || previous!.size != current.size
        if full { out += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
        var style: Style?
        for run in current.changedRuns(since: full ? nil : previous) {
            out += "\u{1B}[\(run.y + 1);\(run.x + 1)H"
            for x in run.x..<(run.x + run.length) {
                var cell = current[x, run.y]
                if cell.isContinuation { continue }   // the wide character before it covers it
                if cell.style.fg != nil || cell.style.bg != nil, !colored {
                    cell = Shade.rampCell(cell.style)
                }
                if cell.style != style {
                    out += sgr(cell.style, colored: colored, projector: projector)
                    style = cell.style
                }
                out.append(cell.character)
            }
        }
        return out + "\u{1B}[0m"
    }

    /// Mirrors the terminal backend's palette: highlights are black on a bright background,
    /// plain colours only where they read on light and dark themes alike.
    static func sgr(_ style: Style, colored: Bool, projector: Bool = false) -> String {
        var codes = ["0"]
        if colored, style.fg != nil || style.bg != nil {
            if projector { codes.append("1") }
            if let fg = style.fg { codes.append("38;5;\(fg.ansi256)") }
            if let bg = style.bg { codes.append("48;5;\(bg.ansi256)") }
            return "\u{1B}[" + codes.joined(separator: ";") + "m"
        }
        let a = style.attributes
        let highlighted = colored && a.contains(.reverse) && highlight(style.color) != nil
        // The same rules as the terminal palette, projector theme included.
        let weight = style.weight(projector: projector, highlighted: highlighted)
        if weight.bold { codes.append("1") }
        if weight.dim { codes.append("2") }
        if a.contains(.underline) { codes.append("4") }
        if a.contains(.reverse) {
            if colored, let bg = highlight(style.color) {
                codes += bg == 1 ? ["37", "41"] : ["30", "10\(bg)"]
            } else {
                codes.append("7")
            }
        } else if colored, let fg = foreground(style.color) {
            codes.append("3\(fg)")
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    // ANSI colour numbers: 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan.
    static func highlight(_ role: ColorRole) -> Int? {
        switch role {
        case .accent, .window: 6
        case .current, .sum: 3
        case .product, .good: 2
        case .weight: 5
        case .warning, .bad: 1
        case .normal, .dim, .positive, .negative: nil
        }
    }

    static func foreground(_ role: ColorRole) -> Int? {
        switch role {
        case .normal, .dim, .accent: nil
        case .window, .negative: 4
        case .current, .sum, .warning, .positive, .bad: 1
        case .weight: 5
        case .product, .good: 2
        }
    }
}
