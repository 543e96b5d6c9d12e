import ConvKit
import Testing
@testable import TutorUI

/// At 60×16 (above the 60×14 minimum) the scatter view's sentences take shorter wordings
/// rather than being cut mid-word (hostile QA F5): dX's and a conv-transpose's alike.
@Suite struct ScatterFitTests {
    static let small = Size(width: 60, height: 16)

    /// The sentence lines under the grids: each ends on a whole word (or a number or a
    /// closing mark), never on a word cut at the screen's edge.
    static func expectWholeLines(_ views: TransposedViews, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = views.view(small).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sentences = lines.filter { $0.contains("+=") || $0.contains(" now: ") || $0.contains("ordinary") }
        #expect(sentences.count == 3, "\(lines.joined(separator: "\n"))", sourceLocation: sourceLocation)
        for line in sentences {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let endings = [")", ".", "conv"] + (0...9).map(String.init)
            #expect(endings.contains { trimmed.hasSuffix($0) }, "cut: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func gradientScatterFits() throws {
        var views = try TransposedViews(spec: GradientScreenTests.seed(.input))
        for _ in 0..<5 { _ = views.update(.right) }
        Self.expectWholeLines(views)
        _ = views.update(.char("G"))
        Self.expectWholeLines(views)
    }

    @Test func transposedScatterFits() throws {
        var views = try TransposedViews(spec: LayerSpec(op: .convTranspose, input: GridText.parse("1 2; 3 4"),
                                                        kernel: GridText.parse("1 0 1; 0 1 0; 1 1 0"), options: ConvOptions(stride: Pair(2, 2))))
        for _ in 0..<4 { _ = views.update(.right) }
        Self.expectWholeLines(views)
    }
}
