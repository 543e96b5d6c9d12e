/// What a run of values needs on screen, from one pass over them: their range (a heatmap's
/// scale) and the widest text `NumberFormat.short` can give them (a grid's column width).
struct ValueStats: Sendable {
    /// `min()` and `max()` of the values, 0 when there are none.
    var low = 0.0, high = 0.0
    var largest = 0.0, negative = false, fractional = false

    init(_ values: some Sequence<Double>) {
        var first = true
        for v in values {
            if first {
                (low, high, first) = (v, v, false)
            } else {
                if v < low { low = v }
                if v > high { high = v }
            }
            largest = max(largest, abs(v))
            negative = negative || v < 0
            // `v != v.rounded()` without a libm call per value: below 2^52 the truncation is
            // exact, and above it every finite double is whole.
            fractional = fractional || (abs(v) < 0x1p52 ? v != Double(Int64(v)) : v.isNaN)
        }
    }

    /// The stats of each consecutive `size` values (a channel or output plane), so a heatmap
    /// finds its scale without scanning the plane every frame.
    static func planes(_ data: [Double], size: Int) -> [ValueStats] {
        guard size > 0 else { return [] }
        return stride(from: 0, to: data.count, by: size).map { ValueStats(data[$0..<min(data.count, $0 + size)]) }
    }

    /// Widest text `NumberFormat.short` can produce for these values, without formatting each one.
    var width: Int {
        var digits = 1, bound = 10.0
        while largest >= bound && digits < 16 {
            digits += 1
            bound *= 10
        }
        return digits + (negative ? 1 : 0) + (fractional ? 3 : 0)
    }

    /// The width of all the planes' values together.
    static func width(_ planes: [ValueStats]) -> Int {
        var all = ValueStats([])
        for p in planes {
            all.largest = max(all.largest, p.largest)
            all.negative = all.negative || p.negative
            all.fractional = all.fractional || p.fractional
        }
        return all.width
    }
}

/// Widest text `NumberFormat.short` can produce for these values, without formatting each one.
func numberWidth(_ values: some Sequence<Double>) -> Int { ValueStats(values).width }
