/// Colours are semantic roles, not RGB: the backend maps each role to what the terminal can show
/// (8/256 colours, or none under NO_COLOR), so every screen stays readable in monochrome through
/// the attribute flags alone.
public enum ColorRole: UInt8, Sendable, CaseIterable {
    case normal
    case dim        // padding cells, secondary text
    case accent     // titles, key names
    case window     // the receptive field under the kernel
    case current    // the element being multiplied right now
    case weight     // kernel values
    case product    // element-wise products
    case sum        // running sums and results
    case positive   // heat / diverging scale, positive side
    case negative   // diverging scale, negative side
    case warning
    case good       // correct answer
    case bad        // wrong answer
}

public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1 << 0)
    public static let reverse = Attributes(rawValue: 1 << 1)
    public static let underline = Attributes(rawValue: 1 << 2)
    public static let dim = Attributes(rawValue: 1 << 3)
}

/// A level on a continuous scale, for heatmaps: `gray` from 0 (darkest) to 15 (lightest), or
/// `signed` from -8 (most negative) through 0 to 8 (most positive) on a diverging scale.
/// Backends show shades as 256-colour cells, or as a character ramp without colour.
public enum Shade: Sendable, Hashable {
    case gray(UInt8)
    case signed(Int8)

    /// The xterm 256-colour index: a grey ramp, and a blue–white–red diverging scale.
    public var ansi256: Int32 {
        switch self {
        case .gray(let g): return 232 + Int32((Double(min(g, 15)) / 15 * 23).rounded())
        case .signed(let s):
            let scale: [Int32] = [18, 20, 27, 33, 75, 117, 153, 189, 231, 224, 217, 210, 203, 196, 160, 124, 88]
            return scale[Int(max(-8, min(8, s))) + 8]
        }
    }

    /// The character a terminal without 256 colours shows instead, from a brightness ramp.
    public static func rampCharacter(_ shades: [Shade]) -> Character {
        let ramp = Array(" .:-=+*#%@")
        let level = shades.map(\.level).reduce(0, +) / Double(max(1, shades.count))
        return ramp[min(ramp.count - 1, Int(level * Double(ramp.count - 1) + 0.5))]
    }

    /// How a terminal without 256 colours draws a heatmap cell: a ramp character, coloured
    /// (and, for monochrome, underlined) by sign on a diverging scale.
    public static func rampCell(_ style: Style) -> Cell {
        let shades = [style.fg, style.bg].compactMap { $0 }
        let sign = shades.reduce(0) { acc, s in if case .signed(let v) = s { return acc + Int(v) } else { return acc } }
        if sign < 0 { return Cell(rampCharacter(shades), Style(.negative, [.underline])) }
        if sign > 0 { return Cell(rampCharacter(shades), Style(.positive, [.bold])) }
        return Cell(rampCharacter(shades), Style(style.color, style.attributes))
    }

    /// 0…1 brightness, what a character ramp uses.
    public var level: Double {
        switch self {
        case .gray(let g): Double(min(g, 15)) / 15
        case .signed(let s): Double(abs(Int(s))) / 8
        }
    }
}

public struct Style: Sendable, Hashable {
    public var color: ColorRole
    public var attributes: Attributes
    /// Heatmap cells: the foreground (the upper half of "▀") and background (lower half) shades.
    public var fg: Shade?
    public var bg: Shade?
    public init(_ color: ColorRole = .normal, _ attributes: Attributes = [], fg: Shade? = nil, bg: Shade? = nil) {
        self.color = color
        self.attributes = attributes
        self.fg = fg
        self.bg = bg
    }
    public static let plain = Style()
}
