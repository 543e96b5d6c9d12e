import ConvKit

extension NumberFormat {
    /// A value as screens write it: `short`, but an infinity as `∞` (`inf` under LANG=C, by
    /// AsciiText), so a −∞ padding cell, a running max and a finished output read alike.
    static func onScreen(_ v: Double, digits: Int = 2) -> String {
        v.isInfinite ? (v < 0 ? "-∞" : "∞") : short(v, digits: digits)
    }
}
