/// How numbers are written: integers without a decimal point (the seed's 4, not 4.0), anything
/// else as the shortest text that reads back to the same double, so JSON round-trips exactly.
public enum NumberFormat {
    public static func exact(_ v: Double) -> String {
        if !v.isFinite { return nonFinite(v) }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }

    /// At most `digits` decimals with trailing zeros dropped: compact text for screens. Values
    /// too large for that (1e13 up, at 2 decimals) or so small they would read 0 get a mantissa and an
    /// exponent instead ("1.5e19", "1e-3"): a screen never shows 0 for a value that is not.
    public static func short(_ v: Double, digits: Int = 2) -> String {
        if let n = whole(v) { return String(n) }
        if !v.isFinite { return nonFinite(v) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        // Past 15 significant digits fixed point would show rounding noise ("…999.48").
        if abs(v) * scale >= 1e15 || (v != 0 && (v * scale).rounded() == 0) { return scientific(v, digits: digits) }
        let r = (v * scale).rounded() / scale
        if r == r.rounded(), abs(r) < 1e9 { return r == 0 && v < 0 ? "-0" : String(Int64(r)) }
        var s = String(format: r, digits: digits)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// A JSON value: `exact`, or a string ("-inf", "inf", "nan") where JSON has no number. Only a
    /// max pool makes one from finite data (a dilated window wholly in the padding is −∞).
    public static func json(_ v: Double) -> String {
        v.isFinite ? exact(v) : "\"" + nonFinite(v) + "\""
    }

    /// numpy's spelling, ASCII, so a screen under LANG=C and a fixture read the same.
    static func nonFinite(_ v: Double) -> String { v.isNaN ? "nan" : v < 0 ? "-inf" : "inf" }

    /// `v` as a mantissa in [1, 10) with at most `digits` decimals and a power of ten.
    static func scientific(_ v: Double, digits: Int) -> String {
        var m = abs(v), e = 0
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        m = (m * scale).rounded() / scale
        if m >= 10 { (m, e) = (m / 10, e + 1) }
        var text = String(format: m, digits: digits)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return (v < 0 ? "-" : "") + text + "e\(e)"
    }

    /// The whole number `short(v)` writes, as `String(n)`, or nil when it writes anything else.
    /// Tested without a libm call: below 1e9 the truncation is exact, and NaN fails the bound.
    @inline(__always) public static func whole(_ v: Double) -> Int64? {
        abs(v) < 1e9 && v == Double(Int64(v)) ? Int64(v) : nil
    }
}

extension String {
    /// Fixed-point formatting without Foundation.
    init(format v: Double, digits: Int) {
        let negative = v < 0
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        let whole = Int64(scaled / scale)
        let frac = Int64(scaled - Double(whole) * scale)
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        self = (negative ? "-" : "") + String(whole) + (digits > 0 ? "." + f : "")
    }
}
