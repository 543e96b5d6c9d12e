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

public struct Style: Sendable, Hashable {
    public var color: ColorRole
    public var attributes: Attributes
    public init(_ color: ColorRole = .normal, _ attributes: Attributes = []) {
        self.color = color
        self.attributes = attributes
    }
    public static let plain = Style()
}
