/// The operations the tutor teaches, by their CLI names.
public enum Op: String, Sendable, CaseIterable {
    case conv2d, depthwise, pointwise, dense, im2col
    case convTranspose = "conv-transpose"
    case maxPool = "max-pool", avgPool = "avg-pool"

    /// A window with no weights: the op reads no kernel.
    public var isPool: Bool { self == .maxPool || self == .avgPool }

    /// Why this op has no backward pass here (nil: it has one). One rule for the engine, the
    /// command line (a usage error before any data is read) and lesson files.
    public var gradientRefusal: String? {
        switch self {
        case .convTranspose: "gradients of conv-transpose are not supported; use conv2d, depthwise, pointwise, dense or a pool"
        case .im2col: "im2col only rearranges the input: it has no gradient of its own; use conv2d"
        default: nil
        }
    }
}

/// A (height, width) pair for stride, dilation and explicit padding.
public struct Pair: Sendable, Equatable, CustomStringConvertible {
    public var h: Int
    public var w: Int
    public init(_ h: Int, _ w: Int) {
        self.h = h
        self.w = w
    }
    /// `N` or `H,W` (spaces around the numbers allowed), as options and lesson keys write it.
    /// A whole number past `Int` is held at `Int.max` (or `Int.min`), so it is refused as too
    /// large by the same bounds as 2⁶³−1, not as "not a number".
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { part -> Int? in
            var t = part
            while t.first?.isWhitespace == true { t.removeFirst() }
            while t.last?.isWhitespace == true { t.removeLast() }
            return CheckedSize.integer(t)
        }
        switch parts.count {
        case 1: guard let n = parts[0] else { return nil }; self.init(n, n)
        case 2: guard let h = parts[0], let w = parts[1] else { return nil }; self.init(h, w)
        default: return nil
        }
    }
    public static let one = Pair(1, 1)
    public static let zero = Pair(0, 0)
    public var description: String { h == w ? "\(h)" : "\(h),\(w)" }
}

public enum Padding: Sendable, Equatable, CustomStringConvertible {
    case valid, same, full
    case explicit(Pair)
    public var description: String {
        switch self {
        case .valid: "valid"
        case .same: "same"
        case .full: "full"
        case .explicit(let p): p.description
        }
    }
}

/// What the padding around the input holds, by PyTorch's `padding_mode` names (numpy.pad calls
/// them constant, reflect, edge and wrap).
public enum PaddingMode: String, Sendable, CaseIterable {
    case zeros, reflect, replicate, circular

    /// The input index padded position `i` copies on an axis of `n` cells (nil: a zero), within
    /// PyTorch's limits (reflect: padding < n; circular: padding <= n). Reflect does not repeat
    /// the edge cell: 3 2 | 1 2 3 4 | 3 2.
    @inline(__always) public func source(_ i: Int, size n: Int) -> Int? {
        if i >= 0 && i < n { return i }
        switch self {
        case .zeros: return nil
        case .reflect: return i < 0 ? -i : 2 * (n - 1) - i
        case .replicate: return i < 0 ? 0 : n - 1
        case .circular: return ((i % n) + n) % n
        }
    }

    /// PyTorch's limit on one axis's padding (ReflectionPad.cpp, PadNd.cpp `_pad_circular`), as
    /// an error naming the option; `axis` is `rows` or `columns`.
    func check(_ axis: String, before: Int, after: Int, size n: Int) throws {
        let most = switch self {
        case .reflect: n - 1
        case .circular: n
        case .zeros, .replicate: Int.max
        }
        guard max(before, after) > most else { return }
        let rule = self == .reflect ? "less than" : "at most"
        throw ConvError("--padding-mode \(rawValue) pads the \(axis) (\(before), \(after)), but each side must be \(rule) the input's \(n.counting(String(axis.dropLast())))")
    }
}

public struct ConvOptions: Sendable, Equatable {
    public var stride: Pair
    public var padding: Padding
    /// conv-transpose only: extra rows/columns on the bottom/right of the output (PyTorch's
    /// output_padding), which picks one of the input sizes a strided conv maps to the same size.
    public var outputPadding: Pair
    public var dilation: Pair
    public var groups: Int
    /// True convolution: the kernel is rotated 180° before sliding (scipy's convolve2d).
    public var flip: Bool
    public var relu: Bool
    /// What the padding holds (conv2d, depthwise, pointwise, im2col); the copies are taken
    /// before the window slides, as PyTorch's F.pad then conv2d.
    public var paddingMode: PaddingMode
    /// max-pool and avg-pool: the window, kh × kw (required there, refused elsewhere).
    public var poolSize: Pair?
    /// max-pool and avg-pool: PyTorch's ceil_mode (see `PoolOptions.ceilMode`).
    public var ceilMode: Bool

    public init(
        stride: Pair = .one, padding: Padding = .valid, outputPadding: Pair = .zero, dilation: Pair = .one,
        groups: Int = 1, flip: Bool = false, relu: Bool = false, paddingMode: PaddingMode = .zeros,
        poolSize: Pair? = nil, ceilMode: Bool = false
    ) {
        self.paddingMode = paddingMode
        self.poolSize = poolSize
        self.ceilMode = ceilMode
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.groups = groups
        self.flip = flip
        self.relu = relu
    }
}

extension ConvOptions {
    /// The stride when none is given: a pool's own size (PyTorch's default), else 1.
    public static func defaultStride(op: Op, poolSize: Pair?) -> Pair {
        op.isPool ? poolSize ?? .one : .one
    }

    /// A pool's options, from the layer options that mean the same for every op. Padding is
    /// explicit only: a pool pads with −∞ (max) or zeros (average), never 'same' or 'full'.
    public func pool(for op: Op) throws -> PoolOptions {
        guard let size = poolSize else { throw ConvError("--pool-size is required for \(op.rawValue): K or KH,KW (a max-pool 2 halves each side)") }
        let p: Pair
        switch padding {
        case .valid: p = .zero
        case .explicit(let e): p = e
        case .same, .full: throw ConvError("--padding \(padding) does not apply to \(op.rawValue): give P or PH,PW (at most half the pool size)")
        }
        return PoolOptions(size: size, stride: stride, padding: p, dilation: dilation, ceilMode: ceilMode)
    }
}
