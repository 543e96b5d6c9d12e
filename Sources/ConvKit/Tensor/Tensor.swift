/// A dense float64 array in C (row-major) order. Every operation the tutor teaches reads and
/// writes these; float64 keeps results bit-comparable with numpy's defaults.
public struct Tensor: Sendable, Equatable {
    public let shape: [Int]
    public var data: [Double]

    /// The largest tensor any input or result may have; checked before allocating.
    public static let maxElements = 100_000_000

    public init(shape: [Int], data: [Double]) throws {
        let count = try Tensor.elementCount(shape)
        guard count == data.count else {
            throw ConvError("shape \(shape.shapeText) needs \(count.counting("number")) but \(data.count) \(data.count == 1 ? "was" : "were") given")
        }
        self.shape = shape
        self.data = data
    }

    init(unchecked shape: [Int], data: [Double]) {
        self.shape = shape
        self.data = data
    }

    public static func zeros(_ shape: [Int]) throws -> Tensor {
        Tensor(unchecked: shape, data: Array(repeating: 0, count: try elementCount(shape)))
    }

    public var rank: Int { shape.count }
    public var count: Int { data.count }

    /// Product of the dimensions, refusing negative sizes and anything over `maxElements`.
    public static func elementCount(_ shape: [Int]) throws -> Int {
        var n = 1
        for d in shape {
            guard d >= 0 else { throw ConvError("shape \(shape.shapeText) has a negative size") }
            let (m, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow, m <= maxElements else {
                throw ConvError("shape \(shape.shapeText) is too large: at most \(maxElements) elements are allowed")
            }
            n = m
        }
        return n
    }

    /// Inputs stay within ±1e100 so that no product or sum of up to 10⁸ terms can overflow to
    /// infinity: every result the tutor prints is then a finite number numpy would agree with.
    public static let maxMagnitude = 1e100

    public func checkMagnitude(_ name: String) throws {
        // A branch-free scan first (it vectorises); the index is looked for only on failure.
        let tooLarge = data.withUnsafeBufferPointer { b in
            var count = 0
            for v in b { count &+= abs(v) > Tensor.maxMagnitude ? 1 : 0 }
            return count > 0
        }
        if tooLarge, let i = data.firstIndex(where: { abs($0) > Tensor.maxMagnitude }) {
            throw ConvError("\(name) value \(data[i]) at \(Tensor.unravel(i, shape).shapeText) is too large: values must lie within ±1e100")
        }
    }

    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == data.count, "reshape must keep the element count")
        return Tensor(unchecked: newShape, data: data)
    }

    /// C-order strides, e.g. [3,4,5] → [20,5,1].
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = Array(repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// The multi-index of flat position `flat` in `shape`.
    public static func unravel(_ flat: Int, _ shape: [Int]) -> [Int] {
        var rest = flat
        var index = Array(repeating: 0, count: shape.count)
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] > 0 {
            index[i] = rest % shape[i]
            rest /= shape[i]
        }
        return index
    }

    /// The flat position of multi-index `index` in `shape` (row-major): `unravel`'s inverse.
    public static func ravel(_ index: [Int], _ shape: [Int]) -> Int {
        var flat = 0
        for (i, d) in zip(index, shape) { flat = flat * d + i }
        return flat
    }

    /// Every kh×kw slice (the last two axes) turned 180°, in the tensor's own shape: a true
    /// convolution's kernel as cross-correlation meets it.
    public func rotated180() -> Tensor {
        guard rank >= 2 else { return self }
        var out = self
        let (h, w) = (shape[rank - 2], shape[rank - 1])
        guard h * w > 0 else { return self }
        for base in stride(from: 0, to: count, by: h * w) {
            for y in 0..<h {
                for x in 0..<w { out.data[base + y * w + x] = data[base + (h - 1 - y) * w + (w - 1 - x)] }
            }
        }
        return out
    }

    public subscript(index: [Int]) -> Double {
        let flat = Self.ravel(index, shape)
        return data[flat]
    }
}

/// An input problem the user can fix: the message names the numbers involved.
public struct ConvError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Array where Element == Int {
    /// `[3, 5, 5]` as written in messages.
    public var shapeText: String { "[" + map(String.init).joined(separator: ",") + "]" }
    /// `3×5×5` as shown on screens.
    public var dimsText: String { map(String.init).joined(separator: "×") }
}
