/// Sizes computed from a user's numbers. The numbers a user gives (stride, dilation, padding,
/// output padding) are bounded first, and every size built from them adds and multiplies here,
/// so a hostile value is an error message, never an overflow trap.
///
/// Why the bounds are safe: a tensor has at most `Tensor.maxElements` (10⁸) values, so every
/// extent (rows, columns, channels, kernel size) is at most 10⁸; with factors at most 10⁶
/// every product of one extent and one factor stays below 10¹⁵, far below 2⁶³ ≈ 9.2·10¹⁸.
public enum CheckedSize {
    /// Stride, dilation and output padding: at most this many rows or columns.
    public static let maxFactor = 1_000_000
    /// Explicit zero padding on each side.
    public static let maxPadding = 10_000

    /// What a sum or product past `Int` says. The bounds below keep every size the engine
    /// computes from reaching it; this is the backstop, so nothing traps if one is missed.
    static let overflow = ConvError("a size computed from these numbers is too large to represent")

    /// A decimal integer, optionally signed; one with too many digits for `Int` is held at
    /// `Int.max` or `Int.min`, which every bound refuses with its limit.
    public static func integer(_ text: Substring) -> Int? {
        if let n = Int(text) { return n }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return text.first == "-" ? Int.min : Int.max
    }

    public static func sum(_ terms: Int...) throws(ConvError) -> Int {
        var n = 0
        for t in terms {
            let (s, o) = n.addingReportingOverflow(t)
            if o { throw overflow }
            n = s
        }
        return n
    }

    public static func product(_ factors: Int...) throws(ConvError) -> Int {
        var n = 1
        for f in factors {
            let (p, o) = n.multipliedReportingOverflow(by: f)
            if o { throw overflow }
            n = p
        }
        return n
    }

    /// The extent a dilated kernel covers: d·(k − 1) + 1.
    public static func span(kernel k: Int, dilation d: Int) throws(ConvError) -> Int {
        try sum(product(d, k - 1), 1)
    }

    /// Refuses a value a user gave outside `least...most`, naming it as given:
    /// `--dilation 4611686018427387904 is too large (at most 1000000)`.
    /// A number past Int (which `integer` saturates) is not echoed: it was not what was typed.
    public static func check(_ value: Pair, _ name: String, least: Int? = nil, most: Int) throws {
        let saturated = [value.h, value.w].contains { $0 == Int.max || $0 == Int.min }
        for v in [value.h, value.w] {
            if let least, v < least {
                let got = saturated ? "" : "; got \(value)"
                throw ConvError(least == 0 ? "\(name) must not be negative\(got)" : "\(name) must be at least \(least)\(got)")
            }
            guard v <= most else { throw ConvError("\(name)\(saturated ? "" : " \(value)") is too large (at most \(most))") }
        }
    }
}

extension ConvOptions {
    /// Every number of these options within `CheckedSize`'s bounds, named by `name` (a CLI
    /// option name for a key): the one check the engine, lesson files and the CLI share.
    public func checkLimits(naming name: (String) -> String = { "--" + $0 }) throws {
        // First: a pool's stride defaults to its size, so a huge size would be blamed on --stride.
        if let size = poolSize { try CheckedSize.check(size, name("pool-size"), least: 1, most: CheckedSize.maxFactor) }
        try CheckedSize.check(stride, name("stride"), least: 1, most: CheckedSize.maxFactor)
        try CheckedSize.check(dilation, name("dilation"), least: 1, most: CheckedSize.maxFactor)
        try CheckedSize.check(outputPadding, name("output-padding"), least: 0, most: CheckedSize.maxFactor)
        if case .explicit(let p) = padding { try CheckedSize.check(p, name("padding"), least: 0, most: CheckedSize.maxPadding) }
        if groups < 1 { throw ConvError("\(name("groups")) must be at least 1; got \(groups)") }
    }
}
