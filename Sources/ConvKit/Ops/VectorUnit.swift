import CConvSIMD

/// Which loops `ConvLayer.compute` runs for its interior tiles. All of them sum every output
/// in the trace's order, so they agree to the bit; the choice exists to prove that, and to
/// measure what wide registers buy.
public enum VectorUnit: Sendable, Equatable {
    /// The widest vectors this CPU offers (AVX-512 or AVX2 on x86-64), else `portable`.
    case native
    /// Swift's SIMD pairs only: what every x86-64 runs.
    case portable
    /// C kernels of at most this many doubles a vector (8 or 4), as far as the CPU has them.
    case atMost(lanes: Int)

    /// Doubles per vector that `native` uses: 8, 4, or 0 where only the portable loops run.
    public static var nativeLanes: Int { Int(ccs_lanes()) }

    /// The C kernels' width this choice runs on this CPU; 0 for the Swift tiles alone.
    var lanes: Int {
        switch self {
        case .native: Self.nativeLanes
        case .portable: 0
        case .atMost(let n): [8, 4].first { $0 <= min(n, Self.nativeLanes) } ?? 0
        }
    }
}
