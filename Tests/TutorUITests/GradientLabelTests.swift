import ConvKit
import Testing
@testable import TutorUI

/// dX's views name every weight by its index in the kernel as given, as trace and the forward
/// stepper do (hostile QA F4, F8), whatever kernel (rotated or not) they draw.
@Suite struct GradientLabelTests {
    let size = Size(width: 80, height: 24)

    /// --flip: the scatter view stamps the rotated kernel and says so; its weights keep their
    /// given indices (the last product of dY (3,3) meets the given weight (0,0) = 1).
    @Test func flippedScatterNamesGivenWeights() throws {
        let spec = LayerSpec(input: try GridText.parse("0 0 0 0 0; 0 0 0 0 0; 0 0 0 0 0; 0 0 0 0 0; 0 0 0 0 0"),
                             kernel: try GridText.parse("1 2; 3 4"), options: ConvOptions(flip: true),
                             gradient: GradientSpec(gradOutput: try GridText.parse("1 2 3 4; 5 6 7 8; 9 10 11 12; 13 14 15 16"), wrt: .input))
        var views = try TransposedViews(spec: spec)
        _ = views.update(.char("G"))
        let text = views.view(size).text
        #expect(text.contains("W rotated (used)"))
        #expect(text.contains("now: dY (3,3) = 16  ×  weight (0,0) = 1: product 4 of 4"), "\(text)")
    }

    /// Groups 2: dX channel 3's slices are weight[2,1] and weight[3,1], rotated.
    @Test func groupedDirectViewNamesWeightIndices() throws {
        let spec = LayerSpec(
            input: try GridText.parse("1 2 3;4 5 6;7 8 9|1 0 1;0 1 0;1 0 1|2 2 2;1 1 1;0 0 0|1 2 1;2 1 2;1 2 1"),
            kernel: try GridText.parse("1 1;1 1|1 0;0 1||1 -1;0 0|0 1;1 0||1 1;0 0|0 0;1 1||2 0;0 2|1 1;1 1"),
            options: ConvOptions(groups: 2),
            gradient: GradientSpec(gradOutput: try GridText.parse("1 2;3 4|1 0;0 1|0 1;1 0|1 1;1 1"), wrt: .input))
        var views = try TransposedViews(spec: spec)
        _ = views.update(.char("v"))
        let first = views.view(Size(width: 100, height: 30)).text
        #expect(first.contains("filter 0 ch 0 rotated") && first.contains("filter 1 ch 0 rotated"), "\(first)")
        _ = views.update(.char("G"))
        let last = views.view(Size(width: 100, height: 30)).text
        #expect(last.contains("filter 2 ch 1 rotated") && last.contains("filter 3 ch 1 rotated"), "\(last)")
        #expect(last.contains("dX ch 3 (4 of 4)"))
    }

    /// A flip changes every gradient: each gradient view says it is on (F9), in the header and
    /// the status line, as the forward view's header does.
    @Test(arguments: [GradientTarget.weight, .input, .bias])
    func flipIsNamedInEveryGradientView(_ wrt: GradientTarget) throws {
        var flipped = GradientScreenTests.seed(wrt)
        flipped.options.flip = true
        var views = try GradientViews(spec: flipped)
        // Both views of dX (scatter and direct), or the one view of dW and db, twice.
        for _ in 0..<2 {
            let text = views.view(size).text
            #expect(text.contains(" · flip · "), "\(text)")
            if case .cells = views.screen { #expect(text.prefix(size.width).contains("(flip)"), "\(text)") }
            if case .views(let v) = views.screen, !v.showsScatter { #expect(text.prefix(size.width).contains("(flip)"), "\(text)") }
            _ = views.update(wrt == .input ? .char("v") : .right)
        }
        let plain = try GradientViews(spec: GradientScreenTests.seed(wrt)).view(size).text
        #expect(!plain.contains(" · flip · ") && !plain.contains("(flip)"))
    }

    /// A dense layer has neither stride nor padding: its gradient views do not name them (F10).
    @Test(arguments: [GradientTarget.weight, .input, .bias])
    func denseStatusNamesNoStride(_ wrt: GradientTarget) throws {
        let spec = LayerSpec(op: .dense, input: try GridText.parse("1 2; 3 4"), kernel: try GridText.parse("1 0 -1 2; 0 1 1 0"),
                             gradient: GradientSpec(gradOutput: try GridText.parse("1 -1"), wrt: wrt))
        let text = try GradientViews(spec: spec).view(size).text
        #expect(text.contains("1/") && !text.contains("stride") && !text.contains("pad valid"), "\(text)")
    }

    /// Under ReLU dX's direct view slides the gated dY, and its title says so as dW's and db's
    /// grids do ("dY gated").
    @Test func directViewSaysDYIsGated() throws {
        var spec = GradientScreenTests.seed(.input)
        spec.options.relu = true
        var views = try TransposedViews(spec: spec)
        _ = views.update(.char("v"))
        #expect(views.view(size).text.contains("dY gated, padded 7×7"))
        #expect(try TransposedViews(spec: GradientScreenTests.seed(.input)).direct.view(size).text.contains("dY padded 7×7"))
    }
}
