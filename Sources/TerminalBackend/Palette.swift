import CNcurses
import TutorUI

/// Maps semantic styles to ncurses attributes. Plain text keeps the terminal's own colours.
/// Highlights (styles with reverse) get black text on a bright background we choose, instead of
/// swapping the theme's colours, so they keep their contrast on dark and light projectors alike.
/// Without colour the renderers' attribute flags carry the meaning alone.
struct Palette {
    let colored: Bool
    /// 256 colours: heatmap shades are drawn as colours; otherwise as a character ramp.
    let shades: Bool
    let projector: Bool

    init(colored: Bool, projector: Bool = false) {
        self.colored = colored
        self.projector = projector
        guard colored else {
            shades = false
            return
        }
        start_color()
        // COLORS is only known after start_color.
        shades = ct_colors() >= 256
        let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
        for role in ColorRole.allCases {
            if let fg = Self.foreground(role) { init_pair(Int16(role.rawValue), fg, background) }
            if let bg = Self.highlight(role) {
                // The bright variants (8–15) where the terminal has them: yellow, not brown.
                let bright = ct_colors() >= 16 && bg != COLOR_RED ? bg + 8 : bg
                init_pair(Self.highlightPair(role), Int16(bg == COLOR_RED ? COLOR_WHITE : COLOR_BLACK), Int16(bright))
            }
        }
    }

    private static func highlightPair(_ role: ColorRole) -> Int16 { Int16(role.rawValue) + 32 }

    /// Backgrounds for highlighted cells: bright ones that black text reads on.
    private static func highlight(_ role: ColorRole) -> Int32? {
        switch role {
        case .accent, .window: COLOR_CYAN
        case .current, .sum: COLOR_YELLOW
        case .product, .good: COLOR_GREEN
        case .weight: COLOR_MAGENTA
        case .warning, .bad: COLOR_RED
        case .normal, .dim, .positive, .negative: nil
        }
    }

    private static func foreground(_ role: ColorRole) -> Int16? {
        let color: Int32
        switch role {
        // Text colours that stay legible on white as well as on black; titles and key names
        // rely on bold in the default colour instead of a pale cyan or yellow.
        case .normal, .dim, .accent: return nil
        case .window, .negative: color = COLOR_BLUE
        case .current, .sum, .warning, .positive, .bad: color = COLOR_RED
        case .weight: color = COLOR_MAGENTA
        case .product, .good: color = COLOR_GREEN
        }
        return Int16(color)
    }

    /// Attribute bits and colour pair for `setcchar` (pairs for shades are allocated on demand).
    func resolve(_ style: Style) -> (attr: attr_t, pair: Int32) {
        if shades, style.fg != nil || style.bg != nil {
            let fg = style.fg?.ansi256 ?? -1, bg = style.bg?.ansi256 ?? -1
            return (projector ? ct_a_bold() : 0, max(0, alloc_pair(fg, bg)))
        }
        let (attr, pair) = resolveRole(style)
        return (attr, Int32(pair))
    }

    private func resolveRole(_ style: Style) -> (attr: attr_t, pair: Int16) {
        var attr: attr_t = 0
        let flags = style.attributes
        let highlighted = colored && flags.contains(.reverse) && Self.highlight(style.color) != nil
        let weight = style.weight(projector: projector, highlighted: highlighted)
        if weight.bold { attr |= ct_a_bold() }
        if weight.dim { attr |= ct_a_dim() }
        if flags.contains(.underline) { attr |= ct_a_underline() }
        if flags.contains(.reverse) {
            if colored, Self.highlight(style.color) != nil { return (attr, Self.highlightPair(style.color)) }
            attr |= ct_a_reverse()
        }
        let pair = colored && Self.foreground(style.color) != nil ? Int16(style.color.rawValue) : 0
        return (attr, pair)
    }
}
