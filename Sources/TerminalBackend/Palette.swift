import CNcurses
import TutorUI

/// Maps semantic styles to ncurses attributes. Colours are foreground-only over the terminal's
/// own background, so they read on dark and light projector themes alike; without colour the
/// renderers' attribute flags carry the meaning alone.
struct Palette {
    let colored: Bool

    init(colored: Bool) {
        self.colored = colored
        guard colored else { return }
        start_color()
        let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
        for role in ColorRole.allCases {
            if let fg = Self.foreground(role) { init_pair(Int16(role.rawValue), fg, background) }
        }
    }

    private static func foreground(_ role: ColorRole) -> Int16? {
        let color: Int32
        switch role {
        case .normal, .dim: return nil
        case .accent: color = COLOR_CYAN
        case .window, .negative: color = COLOR_BLUE
        case .current, .sum, .warning: color = COLOR_YELLOW
        case .weight: color = COLOR_MAGENTA
        case .product, .good: color = COLOR_GREEN
        case .positive, .bad: color = COLOR_RED
        }
        return Int16(color)
    }

    /// Attribute bits and colour pair for `setcchar`.
    func resolve(_ style: Style) -> (attr: attr_t, pair: Int16) {
        var attr: attr_t = 0
        let flags = style.attributes
        if flags.contains(.bold) { attr |= ct_a_bold() }
        if flags.contains(.reverse) { attr |= ct_a_reverse() }
        if flags.contains(.underline) { attr |= ct_a_underline() }
        if flags.contains(.dim) || style.color == .dim { attr |= ct_a_dim() }
        let pair = colored && Self.foreground(style.color) != nil ? Int16(style.color.rawValue) : 0
        return (attr, pair)
    }
}
