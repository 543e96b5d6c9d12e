import ConvKit
import Foundation
import LessonKit
import Testing
@testable import TutorUI

/// What "fits" means for a stepper screen, checked from its layout and its drawn text:
/// - every numeric grid shows all its rows and columns, unless that grid alone is wider than
///   the screen or taller than the rows the lines under the grids leave, or the grids' areas
///   (with their gaps; a picture counted as one row) add up to more than the screen has;
///   heatmaps (pictures) may pan too.
///   A grid that pans says so with ◂▸▴▾ in its title;
/// - grids do not overlap one another, stay between the header and the lines under them, and
///   those lines end above the status line;
/// - the equation shows every term of the current output (on up to three lines) unless the
///   grids (the tallest, and the shortest too when they cannot stand in one row) and that
///   equation cannot both fit.
enum ScreenFit {
    static func problems(_ s: StepperState, _ size: Size) -> [String] {
        let layout = StepperLayout(s, size)
        guard layout.fits else { return [] }
        let screen = s.view(size)
        let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [String] = []
        let gridRoom = size.height - 2 - s.linesBelowGrids(vectors: layout.showVectors, equationLines: layout.equation?.count ?? 1)
        var boxes: [(name: String, x: Int, y: Int, w: Int, h: Int)] = []
        // What the essential grids (all but the products and the kernel as given) need at least,
        // each with the gaps that part it from the next.
        let essential = PanelColumn.essential(s.columns(sideBySide: false)).flatMap { $0.rows.flatMap { $0 } }
        // A picture may pan down to one row, so it counts as that.
        let area = essential.map { ($0.panel.naturalWidth + StepperLayout.columnGap) * (($0.panel.pixel == nil ? $0.panel.rows : 1) + 2) }.reduce(0, +)
        for p in layout.panels {
            let (panel, at) = (p.panel, p.placement)
            let name = "\(panel.title) \(panel.rows)×\(panel.cols)"
            let gridWidth = at.visibleCols * (panel.cellWidth + panel.gap) - panel.gap
            boxes.append((name, at.x, at.y, max(at.width, gridWidth), 1 + at.visibleRows))
            guard at.visibleRows < panel.rows || at.visibleCols < panel.cols else { continue }
            let title = rows[at.y].dropFirst(at.x).prefix(at.width)
            if !title.contains(where: { "◂▸▴▾".contains($0) }) { found.append("\(name) is cropped without a pan mark") }
            let alone = panel.naturalWidth > size.width - 2 || panel.rows + 1 > gridRoom
            if panel.pixel == nil && !alone && area <= (size.width - 2 + StepperLayout.columnGap) * (gridRoom + 1) {
                found.append("\(name) pans (\(at.visibleRows)×\(at.visibleCols) shown) though it fits alone and all grids fit the area")
            }
        }
        for (i, a) in boxes.enumerated() {
            if a.x < 0 || a.x + a.w > size.width || a.y < 2 || a.y + a.h > layout.belowGrids - 1 {
                found.append("\(a.name) at (\(a.x),\(a.y)) \(a.w)×\(a.h) leaves the grid area above row \(layout.belowGrids - 1)")
            }
            for b in boxes[(i + 1)...] where a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h {
                found.append("\(a.name) overlaps \(b.name)")
            }
        }
        let full = s.equationLines(width: size.width).count
        // The grids' height is at least the tallest one's; when they cannot all stand side by
        // side, at least that and the shortest one's in a second band.
        let heights = essential.map { $0.panel.rows + 1 }
        let oneBand = essential.map(\.panel.naturalWidth).reduce(0, +) + StepperLayout.columnGap * (essential.count - 1) <= size.width - 2
        let grids = (heights.max() ?? 0) + (oneBand ? 0 : (heights.min() ?? 0) + 1)
        if layout.equation == nil && full <= StepperLayout.equationLineLimit
            && 2 + grids + 1 + s.linesBelowGrids(vectors: layout.showVectors, equationLines: full) <= size.height {
            found.append("the equation shows a window of its \(s.trace.termsPerOutput) terms though \(full) lines would fit")
        }
        // On screen: the equation's rows of terms (from "out(" to the running sums, or running
        // max, under them). Its terms are products (`1·0`), a pool's taps (`max(1, 5, …)`,
        // `(1 + 5 + …) ÷ 4`) or concealed marks: each is found in order, so a cut one is missed.
        if layout.equation != nil, let out = rows.firstIndex(where: { $0.contains(" out(") }),
           let sums = rows[out...].firstIndex(where: { $0.hasPrefix(s.equationWords.label) }) {
            let terms = Array(rows[out..<sums])
            let shown = Self.inOrder(s.equationParts().tokens, in: terms.joined(separator: " ").split(separator: "=", maxSplits: 1).last.map(String.init) ?? "")
            // A prediction's concealed terms leave the output unfinished (`?·? = …`).
            let end = s.shownTerms == s.step.termCount ? " " + NumberFormat.short(s.layer.finish(output: s.step.outputFlat, sum: s.step.sum)) : " = …"
            if shown != s.trace.termsPerOutput || terms.last?.hasSuffix(end) != true {
                found.append("the equation shows \(shown) of its \(s.trace.termsPerOutput) terms, or is cut before \"\(end)\"")
            }
        }
        let lines = layout.equation?.count ?? 1
        if layout.belowGrids + s.linesBelowGrids(vectors: layout.showVectors, equationLines: lines) - 1 > size.height {
            found.append("the lines under the grids run into the status line")
        }
        return found.isEmpty ? [] : found + [screen.text]
    }

    /// How many of `tokens`, from the first, stand in `text` in that order, each a whole term
    /// (not the `4` of a `14`): between the equation's brackets, joiners and spaces.
    static func inOrder(_ tokens: [String], in text: String) -> Int {
        var rest = Substring(text), found = 0
        let edge = { (c: Character?) in c.map { " ,+(".contains($0) } ?? true }
        for token in tokens {
            guard let r = rest.ranges(of: token).first(where: { edge(rest[..<$0.lowerBound].last) && (rest[$0.upperBound...].first.map { " ,+)".contains($0) } ?? true) }) else { break }
            found += 1
            rest = rest[r.upperBound...]
        }
        return found
    }

    /// Every failing screen's first problem, then the first two screens in full.
    static func summary(_ problems: [String]) -> String {
        "\(problems.count) screens:\n" + problems.map { $0.prefix { $0 != "\n" } }.joined(separator: "\n") + "\n\n"
            + problems.prefix(2).joined(separator: "\n\n")
    }

    /// Positions worth drawing: every product of the first output, and the first, middle and
    /// last product of the first, middle and last outputs.
    static func positions(_ s: StepperState) -> [Int] {
        // Cells of the stepped op: a gradient's, in a lesson's wrt step.
        let n = s.trace.termsPerOutput, outputs = s.trace.count / n
        var p = Array(0..<min(n, 64))
        for o in Set([0, outputs / 2, outputs - 1]) {
            let first = s.trace.firstStep(ofOutput: o)
            p += [first, first + n / 2, first + n - 1]
        }
        return p
    }

    /// The problems of the state at every position in `positions`, first ones only.
    static func check(_ state: StepperState, _ size: Size, _ context: String) -> [String] {
        var s = state
        s.size = size
        for position in positions(s) {
            s.position = position
            let found = problems(s, size)
            if !found.isEmpty { return ["\(context), step \(position + 1) at \(size.width)×\(size.height): " + found.joined(separator: "\n")] }
        }
        return []
    }
}

@Suite(.timeLimit(.minutes(10))) struct ScreenFitTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 60, height: 16)]

    static func spec(_ op: Op = .conv2d, _ input: String, _ kernel: String, bias: String? = nil, _ options: ConvOptions = .init()) throws -> LayerSpec {
        try LayerSpec(op: op, input: GridText.parse(input), kernel: GridText.parse(kernel), bias: bias.map(GridText.parse), options: options)
    }

    /// A 32×32 picture, the size of the lessons' digits: shown as a heatmap.
    static let picture = try! Tensor(shape: [1, 32, 32], data: (0..<1024).map { (i: Int) -> Double in
        let (y, x) = (i / 32, i % 32)
        return Double((y * 7 + x * 3) % 256)
    })
    static let seed = "1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0"
    static let rgb = "1 0 2 1; 0 1 1 0; 2 1 0 1; 1 0 1 2 | 0 2 1 0; 1 1 0 2; 0 1 2 1; 2 0 1 1 | 1 1 0 0; 0 2 1 1; 1 0 1 0; 0 1 0 2"

    /// The ops and options of the stepper, as `convtutor step` and the README examples use them.
    static func layers() throws -> [(String, LayerSpec)] {
        [("conv2d seed", try spec(.conv2d, seed, "1 0 1; 0 1 0; 1 0 1")),
         ("conv2d flip", try spec(.conv2d, seed, "1 2 0; 0 1 0; -1 0 3", ConvOptions(flip: true))),
         ("conv2d 1×9 row", try spec(.conv2d, "2 -1 0 3 1 4 0 2 -2", "1 2 0 -1 0 1 0 1 -1")),
         ("conv2d stride 2 pad 1", try spec(.conv2d, seed, "1 0 1; 0 1 0; 1 0 1", ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1))))),
         ("conv2d dilation 2 same", try spec(.conv2d, seed, "1 0 1; 0 1 0; 1 0 1", ConvOptions(padding: .same, dilation: Pair(2, 2)))),
         ("conv2d channels bias relu", try spec(.conv2d, rgb, "1 0; 0 1 | 0 1; 1 0 | 1 1; -1 -1 || 1 1; 0 0 | 0 0; 1 1 | -1 0; 0 -1",
                                                 bias: "1 -2", ConvOptions(relu: true))),
         ("conv2d groups", try spec(.conv2d, rgb + " | 1 0 0 1; 0 1 1 0; 1 1 1 1; 0 0 0 0", "1 0; 0 1 | 0 1; 1 0 || 1 1; 0 0 | 0 0; 1 1",
                                    ConvOptions(groups: 2))),
         ("depthwise", try spec(.depthwise, rgb, "1 0; 0 1 | 0 1; 1 0 | 1 1; -1 -1")),
         ("pointwise", try spec(.pointwise, rgb, "1 0 -1; 0.5 0.5 0")),
         ("dense", try spec(.dense, "1 2; 3 4 | 5 6; 7 8", "1 0 1 0 1 0 1 0; 0 1 0 1 0 1 0 1; 1 1 1 1 -1 -1 -1 -1", bias: "0 1 -1", ConvOptions(relu: true))),
         ("im2col", try spec(.im2col, seed, "1 0 1; 0 1 0; 1 0 1")),
         ("picture 32×32", try LayerSpec(op: .conv2d, input: Self.picture, kernel: GridText.parse("-1 0 1; -2 0 2; -1 0 1"))),
         ("conv-transpose", try spec(.convTranspose, "1 2; 3 4", "1 0 1; 0 1 0; 1 0 1", ConvOptions(stride: Pair(2, 2))))]
    }

    @Test(arguments: sizes) func everyStepperOpFits(_ size: Size) throws {
        var problems: [String] = []
        for (name, spec) in try Self.layers() {
            var s = try StepperState(spec: spec)
            problems += ScreenFit.check(s, size, name)
            for key in ["d", "f", "o", "o", "o", "o"] as [Character] {
                _ = s.update(.char(key))
                problems += ScreenFit.check(s, size, "\(name) after \(key) (\(s.spec.op.rawValue))")
            }
        }
        #expect(problems.isEmpty, "\(ScreenFit.summary(problems))")
    }

    /// The README's demo zooms its cells to 4 columns: all grids stay whole, a zoom too big for
    /// the screen is clamped, and the status line says so.
    @Test(arguments: sizes) func zoomedCellsFit(_ size: Size) throws {
        var s = try StepperState(spec: Self.spec(.conv2d, Self.seed, "1 2 0; 0 1 0; -1 0 3", ConvOptions(flip: true)))
        s.size = size
        for zoom in [4, 8, 12] {
            s.message = nil
            s.zoom = zoom
            let problems = ScreenFit.check(s, size, "--cell-width \(zoom)")
            #expect(problems.isEmpty, "\(problems.joined())")
            #expect(StepperLayout(s, size).whole)
            if s.cellWidth < zoom {
                #expect(s.message == "zoom \(zoom) does not fit \(size.width)×\(size.height); using \(s.cellWidth)")
                #expect(s.view(size).text.contains(s.message!))
            } else {
                #expect(s.message == nil)
            }
        }
        #expect(s.cellWidth < 12, "12-column cells cannot fit five columns and four grids")
        // A demo's keys go through the same clamp.
        var demo = DemoStepper(s, stepsPerSecond: 1, auto: false)
        _ = demo.update(.resize(size))
        let before = demo.stepper.cellWidth
        _ = demo.update(.char("+"))
        #expect(demo.stepper.cellWidth == before && demo.stepper.message?.contains("does not fit") == true)
    }

    @Test(arguments: sizes) func everyLessonStepFits(_ size: Size) throws {
        var problems: [String] = []
        var steppers = 0
        for lesson in BundledLessonScreenTests.lessons {
            for step in lesson.steps.indices {
                let app = BundledLessonScreenTests.open(lesson, at: step, size)
                guard let screen = app.screen, let stepper = screen.stepper else { continue }
                let layout = LessonLayout(screen, size)
                guard layout.stepperRows > 0 else { continue }
                steppers += 1
                problems += ScreenFit.check(stepper, layout.stepperSize, "\(lesson.id) step \(step + 1)")
            }
        }
        #expect(steppers >= 20)
        #expect(problems.isEmpty, "\(ScreenFit.summary(problems))")
    }
}

/// View keys that cannot act at this size, or have nothing to do in this view, say so.
@Suite struct ViewKeyRefusalTests {
    static let small = Size(width: 60, height: 16)

    @Test func dSaysWhatSizeItNeeds() throws {
        var s = try StepperState(spec: ScreenFitTests.spec(.conv2d, ScreenFitTests.seed, "1 0 1; 0 1 0; 1 0 1"))
        s.size = Self.small
        _ = s.update(.char("d"))
        let message = try #require(s.message)
        #expect(s.view(Self.small).text.contains(message))
        let numbers = message.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(message.hasPrefix("d needs at least ") && message.hasSuffix("; this terminal is 60×16") && numbers.count == 4, "\(message)")
        let needed = Size(width: numbers[0], height: numbers[1])
        #expect(!s.showDot, "a refused d leaves the view as it was")
        s.showDot = true
        #expect(StepperLayout(s, needed).showVectors && !StepperLayout(s, Size(width: needed.width, height: needed.height - 1)).showVectors)
        #expect(s.view(needed).text.contains("flattened patch"))
    }

    /// In a lesson the stepper is drawn smaller than the terminal: the message names the terminal.
    @Test func dInALessonNamesTheTerminal() throws {
        let lesson = try #require(BundledLessonScreenTests.lessons.first { $0.id == "same-number" })
        let step = try #require(lesson.steps.firstIndex { if case .stepper = $0 { true } else { false } })
        var app = BundledLessonScreenTests.open(lesson, at: step, Self.small)
        _ = app.update(.char(" "))   // pause the autoplay, so the message stays
        _ = app.update(.char("d"))
        let text = app.view(Self.small).text
        #expect(text.contains("; this terminal is 60×16"), "\(text)")
    }

    /// The help box drops its closing sentence as a whole where it does not fit, never a
    /// key or half the sentence.
    @Test(arguments: [Size(width: 60, height: 14), small, Size(width: 80, height: 24)])
    func helpIsNeverCut(_ size: Size) throws {
        var s = try StepperState(spec: ScreenFitTests.spec(.conv2d, ScreenFitTests.seed, "1 0 1; 0 1 0; 1 0 1"))
        _ = s.update(.char("?"))
        let text = s.view(size).text
        #expect(text.contains("reset data and step       q  quit"), "\(text)")
        #expect(text.contains("Each output is the sum") == text.contains("dot product of the two, flattened."), "\(text)")
        #expect(text.contains("flattened.") == (size.height >= 24))
    }

    @Test func keysWithNothingToDoSaySo() throws {
        var dense = try StepperState(spec: ScreenFitTests.spec(.dense, "1 2; 3 4", "1 0 1 0; 0 1 0 1"))
        _ = dense.update(.char("d"))
        #expect(dense.message?.contains("always shows the dot-product lines") == true)
        _ = dense.update(.char("m"))
        #expect(dense.message?.contains("picture map shows one conv input channel") == true)
    }
}
