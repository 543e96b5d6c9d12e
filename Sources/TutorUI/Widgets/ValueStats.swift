/// What a run of values needs on screen, from one pass over them: their range (a heatmap's
/// scale) and the widest text `NumberFormat.short` can give them (a grid's column width).
struct ValueStats: Sendable {
    /// `min()` and `max()` of the values, 0 when there are none.
    var low = 0.0, high = 0.0
    var largest = 0.0, negative = false, fractional = false
    /// The largest magnitude below 1e13: those are written in full, larger ones with an exponent.
    var largestFixed = 0.0
    /// Some value is not 0 but would round to 0 at 2 decimals: it is written with an exponent.
    var tiny = false

    init(_ values: some Sequence<Double>) {
        if let stats = values.withContiguousStorageIfAvailable({ Self(contiguous: $0) }) {
            self = stats
        } else {
            self.init(oneByOne: values)
        }
    }

    private init(oneByOne values: some Sequence<Double>) {
        var first = true
        for v in values {
            if first {
                (low, high, first) = (v, v, false)
            } else {
                if v < low { low = v }
                if v > high { high = v }
            }
            largest = max(largest, abs(v))
            if abs(v) < Self.fixedBound { largestFixed = max(largestFixed, abs(v)) }
            negative = negative || v < 0
            // `v != v.rounded()` without a libm call per value: below 2^52 the truncation is
            // exact, and above it every finite double is whole.
            fractional = fractional || (abs(v) < 0x1p52 ? v != Double(Int64(v)) : v.isNaN)
            tiny = tiny || (v != 0 && abs(v) < Self.tinyBound)
        }
    }

    /// The same, four values at a time: a first frame of a million-pixel picture measures two
    /// million values, and the one-at-a-time loop took milliseconds of it.
    private init(contiguous b: UnsafeBufferPointer<Double>) {
        guard let first = b.first else { return }
        var lo = SIMD4(repeating: first), hi = lo, big = SIMD4<Double>(), fixedBig = big
        var neg = SIMDMask<SIMD4<Int64>>(repeating: false), frac = neg, small = neg
        let raw = UnsafeRawPointer(b.baseAddress!)
        let whole = b.count / 4 * 4
        for i in stride(from: 0, to: whole, by: 4) {
            let v = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            lo.replace(with: v, where: v .< lo)
            hi.replace(with: v, where: v .> hi)
            let a = v.replacing(with: -v, where: v .< 0)
            big.replace(with: a, where: a .> big)
            fixedBig.replace(with: a, where: (a .> fixedBig) .& (a .< Self.fixedBound))
            neg .|= v .< 0
            // Below 2^52, adding and removing 2^52 rounds to a whole number: it changes a only
            // when a has a fraction (above it every finite double is whole).
            frac .|= (a .< 0x1p52) .& ((a + 0x1p52) - 0x1p52 .!= a)
            small .|= (a .> 0) .& (a .< Self.tinyBound)
        }
        var rest = ValueStats(oneByOne: [first] + b[whole...])
        rest.low = min(rest.low, lo.min())
        rest.high = max(rest.high, hi.max())
        rest.largest = max(rest.largest, big.max())
        rest.largestFixed = max(rest.largestFixed, fixedBig.max())
        rest.negative = rest.negative || any(neg)
        rest.fractional = rest.fractional || any(frac)
        rest.tiny = rest.tiny || any(small)
        self = rest
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
        while largestFixed >= bound && digits < 16 {
            digits += 1
            bound *= 10
        }
        var width = digits + (negative ? 1 : 0) + (fractional ? 3 : 0)
        // With an exponent: "-1.23e100" at the longest above, "-1.23e-300" below.
        if largest >= Self.fixedBound { width = max(width, (negative ? 1 : 0) + 8) }
        return tiny ? max(width, (negative ? 1 : 0) + 9) : width
    }

    /// Where `NumberFormat.short` (2 decimals) switches to an exponent: 1e15 / 100.
    static let fixedBound = 1e13

    /// Below half a hundredth a value rounds to 0 at 2 decimals (the exact edge is left to
    /// `NumberFormat.short`; this only has to be at or above it).
    static let tinyBound = 0.005

    /// The width of all the planes' values together.
    static func width(_ planes: [ValueStats]) -> Int {
        var all = ValueStats([])
        for p in planes {
            all.largest = max(all.largest, p.largest)
            all.largestFixed = max(all.largestFixed, p.largestFixed)
            all.negative = all.negative || p.negative
            all.fractional = all.fractional || p.fractional
            all.tiny = all.tiny || p.tiny
        }
        return all.width
    }
}

/// Widest text `NumberFormat.short` can produce for these values, without formatting each one.
func numberWidth(_ values: some Sequence<Double>) -> Int { ValueStats(values).width }
