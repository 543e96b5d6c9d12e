import ConvKit

/// How lesson text speaks of one output cell's terms, by what the op does with them: a layer's
/// products add up; a pool's taps (one input cell each, no weight) are added then divided, or
/// only the largest is kept. Prompts, plain mode and the loader's messages take their words here,
/// so a max pool never reads as a "running sum of products".
public struct CellWords: Sendable, Equatable {
    /// `product`, `term` (a one-number term: a bias gradient's dY values) or `tap`.
    public let term: String
    public let reduction: Reduction

    public init(term: String, reduction: Reduction) {
        self.term = term
        self.reduction = reduction
    }

    public init(_ op: any ReductionLayer) {
        self.init(term: op.termWord, reduction: op.reduction)
    }

    public static let products = CellWords(term: "product", reduction: .sum)

    public var isMax: Bool { reduction == .max }
    /// What a cell holds part way through: `running max` or `running sum`.
    public var running: String { reduction.runningWord }
    /// The running values as a row of a worked equation is titled.
    public var runningRow: String { isMax ? "running max" : "running sums" }
}
