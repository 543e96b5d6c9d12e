import ConvKit
import Testing
@testable import TutorUI

/// Padding modes in the stepper (issue 16): padded cells show the number they copy, dimmed as
/// padding zeros are, and the now: line says which input cell that is.
@Suite struct PaddingModeScreenTests {
    static let input = try! GridText.parse("1 2 3; 4 5 6; 7 8 9")
    static let copyingModes: [PaddingMode] = [.reflect, .replicate, .circular]
    let size = Size(width: 80, height: 24)

    static func state(_ mode: PaddingMode, op: Op = .conv2d, input: Tensor = input, kernel: String = "1 0; 0 1", padding: Int = 1) throws -> StepperState {
        var options = ConvOptions(padding: .explicit(Pair(padding, padding)))
        options.paddingMode = mode
        return try StepperState(spec: LayerSpec(op: op, input: input, kernel: GridText.parse(kernel), options: options))
    }

    func press(_ state: inout StepperState, _ events: [Event]) {
        for e in events { _ = state.update(e) }
    }

    static func conv(_ s: StepperState) throws -> ConvLayer {
        guard case .conv(let c) = s.layer else { throw ConvError("not a conv layer") }
        return c
    }

    /// The input as the mode pads it, worked out from `PaddingMode.source` alone.
    static func padded(_ c: ConvLayer, _ ci: Int, _ y: Int, _ x: Int) -> Double {
        let mode = c.options.paddingMode
        guard let sy = mode.source(y, size: c.height), let sx = mode.source(x, size: c.width) else { return 0 }
        return c.input.data[(ci * c.height + sy) * c.width + sx]
    }

    static func number(_ t: CellText) -> Double? {
        if case .number(let v) = t { return v }
        if case .text(let s) = t { return Double(s) }
        return nil
    }

    /// The first product of output (0,0) reads padding (-1,-1): reflect copies (1,1), replicate
    /// (0,0), circular (2,2); the now: line names it.
    @Test(arguments: copyingModes) func firstProductNamesTheCopiedCell(_ mode: PaddingMode) throws {
        let s = try Self.state(mode)
        let (cell, value) = mode == .reflect ? ("(1,1)", 5) : mode == .replicate ? ("(0,0)", 1) : ("(2,2)", 9)
        let names = "padding (-1,-1) = input \(cell), \(mode.rawValue) = \(value)"
        let screen = s.view(size).text
        #expect(screen.contains("now: \(names)"), "\(screen)")
        try expectGolden("padmode-\(mode.rawValue)", screen)
        let narrow = s.view(Size(width: 60, height: 16)).text
        #expect(narrow.contains("now: \(names)"), "\(narrow)")
        // The status line drops the mode at 60 columns: the header keeps it.
        #expect(narrow.split(separator: "\n").first?.contains("\(mode.rawValue) pad") == true, "\(narrow)")
        try expectGolden("padmode-\(mode.rawValue)-60x16", narrow)
        try expectGolden("padmode-\(mode.rawValue)-ascii", Charset.$current.withValue(.ascii) { s.view(size).text })
    }

    /// Monochrome: copies are dim as padding zeros are, the padded position carries the current
    /// mark, and the cell it copies is underlined.
    @Test func attributesMarkPaddingAndItsSource() throws {
        let s = try Self.state(.reflect)
        try expectGolden("padmode-reflect-attributes", s.view(size).attributeMap)
        let c = try Self.conv(s)
        let panel = s.inputPanel(c, channel: 0)
        #expect(panel.cell(-1, -1).style == .current)
        #expect(panel.cell(1, 1).style == Style(.current, [.underline]))
        // A 3×3 window covers the cell it copies: the window's mark stays, underlined.
        let covered = try Self.state(.reflect, kernel: "1 2 3; 4 5 6; 7 8 9")
        let inside = covered.inputPanel(try Self.conv(covered), channel: 0)
        #expect(inside.cell(1, 1).style == Style(.window, [.reverse, .underline]) && inside.cell(0, 0).style == .window)
        #expect(panel.cell(-1, 1).style == .padding && panel.cell(0, 0).style == .window)
        #expect(panel.cell(1, 0).style == .plain)
        // X_col's entries read from padding are dim too, in the current column and before it.
        var im2col = try Self.state(.reflect, op: .im2col)
        press(&im2col, [.down, .right])  // output (0,1), its first product: window (-1,0)
        let xcol = try #require(im2col.columns(sideBySide: true).flatMap { $0.rows.flatMap { $0.map(\.panel) } }.first { $0.title.hasPrefix("X_col") })
        #expect(xcol.cell(0, 0).style == .padding && xcol.cell(3, 0).style == .plain)
        #expect(xcol.cell(0, 1).style == .current && xcol.cell(1, 1).style == .paddedWindow && xcol.cell(3, 1).style == .window)
        // Zeros copy nothing: no cell is underlined.
        let zeros = try Self.state(.zeros)
        let plain = zeros.inputPanel(try Self.conv(zeros), channel: 0)
        #expect(plain.cell(1, 1).style == .plain && plain.cell(-1, -1).style == .current)
    }

    /// Every cell of the padded frame, at every step of the first outputs, in every mode,
    /// several channels and depthwise: the input panel, the heatmap's patch and X_col show
    /// the number `PaddingMode.source` picks.
    @Test(arguments: PaddingMode.allCases) func everyPaddedCellShowsItsSource(_ mode: PaddingMode) throws {
        let two = try GridText.parse("1 2 3 4; 5 6 7 8; 9 10 11 12 | -1 -2 -3 -4; -5 -6 -7 -8; -9 -10 -11 -12")
        for (op, kernel) in [(Op.conv2d, "1 2 3; 4 5 6; 7 8 9 | 9 8 7; 6 5 4; 3 2 1"), (.depthwise, "1 0 1; 0 1 0; 1 0 1 | 2 0 0; 0 0 0; 0 0 3"), (.im2col, "1 2; 3 4 | 5 6; 7 8")] {
            var s = try Self.state(mode, op: op, input: two, kernel: kernel, padding: 2)
            let c = try Self.conv(s)
            var padded = 0
            for _ in 0..<(2 * c.termsPerOutput) {
                for ci in 0..<c.channels {
                    let panel = s.inputPanel(c, channel: ci)
                    for y in -2..<(c.height + 2) {
                        for x in -2..<(c.width + 2) {
                            let shown = Self.number(panel.cell(y, x).text)
                            #expect(shown == Self.padded(c, ci, y, x), "\(op) \(mode) ch \(ci) (\(y),\(x))")
                            if !c.isInside(y: y, x: x) { padded += 1 }
                        }
                    }
                }
                for panel in s.columns(sideBySide: false).flatMap({ $0.rows.flatMap { $0.map(\.panel) } }) where panel.title.hasPrefix("X_col") {
                    for j in 0..<panel.cols {
                        let (oy, ox) = (j / c.outWidth, j % c.outWidth)
                        for r in 0..<panel.rows {
                            let (cg, ky, kx) = (r / (c.kh * c.kw), (r % (c.kh * c.kw)) / c.kw, r % c.kw)
                            let (y, x) = c.inputPosition(oy: oy, ox: ox, ky: ky, kx: kx)
                            #expect(Self.number(panel.cell(r, j).text) == Self.padded(c, cg, y, x), "X_col \(mode) (\(r),\(j))")
                        }
                    }
                }
                press(&s, [.right])
            }
            #expect(padded > 0)
        }
        // The heatmap's patch: the window's numbers, padding included.
        var s = try Self.state(mode, input: two, kernel: "1 2 3; 4 5 6; 7 8 9 | 9 8 7; 6 5 4; 3 2 1", padding: 2)
        s.heatmap = true
        let c = try Self.conv(s)
        let patch = try #require(s.heatmapColumns(c).flatMap { $0.rows.flatMap { $0.map(\.panel) } }.first { $0.title == "patch" })
        for r in 0..<3 {
            for col in 0..<3 { #expect(Self.number(patch.cell(r, col).text) == Self.padded(c, 0, r - 2, col - 2), "patch \(mode) (\(r),\(col))") }
        }
    }

    /// The equation writes a copied factor as its number and dims it once passed, as a zero pad is.
    @Test func equationShowsTheCopiedNumberDimmed() throws {
        var s = try Self.state(.reflect)
        press(&s, [.right])
        let screen = s.view(size)
        #expect(screen.text.contains("out(0,0) = 5·1 + 4·0"), "\(screen.text)")
        let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(lines.firstIndex { $0.contains("out(0,0) = ") })
        let x = lines[row].distance(from: lines[row].startIndex, to: try #require(lines[row].range(of: "5·1")).lowerBound)
        #expect(screen[x, row].style == .padding)
    }

    /// o keeps the mode where the op has one; dense holds the copies in its matrix instead,
    /// added up where two taps of a window copy one cell (reflect with a 3×3 kernel, pad 1).
    @Test func opSwitchKeepsTheModeAndDenseFoldsTheCopies() throws {
        var s = try Self.state(.reflect, kernel: "1 2 3; 4 5 6; 7 8 10")
        let expected = s.result.data
        // Window (-1,-1) reflected: 5 4 5 / 2 1 2 / 5 4 5, so (1,1) is read four times.
        let window: [Double] = [5, 4, 5, 2, 1, 2, 5, 4, 5], kernel: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 10]
        #expect(expected[0] == zip(window, kernel).map(*).reduce(0, +))
        for op in [Op.depthwise, .pointwise, .dense, .im2col, .conv2d] {
            press(&s, [.char("o")])
            #expect(s.spec.op == op, "\(s.message ?? "")")
            #expect(s.spec.options.paddingMode == (op == .dense ? .zeros : .reflect), "\(op)")
            if op == .pointwise {
                // Its 1×1 kernel drops the padding, so the status line names no mode (after the message).
                var next = s
                press(&next, [.right])
                #expect(next.view(size).text.contains("stride 1 · pad valid · paused"), "\(next.view(size).text)")
            }
            #expect(op != .dense || s.message?.hasSuffix("9×9 matrix: 81 weights, not 9 (reflect copies folded in)") == true, "\(s.message ?? "")")
            if op == .dense || op == .conv2d || op == .im2col { #expect(s.result.data == expected, "\(op)") }
        }
    }

    /// Editing a cell changes its copies: they are read from the input, never stored.
    @Test func editingACellUpdatesItsCopies() throws {
        var s = try Self.state(.reflect)
        // e starts on the cell the current padding copies: (1,1).
        press(&s, [.char("e")])
        #expect(s.edit == EditCursor(target: .input, index: 4))
        press(&s, [.char("5"), .char("0"), .enter, .escape])
        let c = try Self.conv(s)
        #expect(c.input.data[4] == 50)
        let panel = s.inputPanel(c, channel: 0)
        for (y, x) in [(-1, -1), (-1, 1), (1, -1), (3, 3), (1, 3), (3, 1)] { #expect(Self.number(panel.cell(y, x).text) == 50, "(\(y),\(x))") }
        #expect(s.result.data[0] == 50 + 1)
    }
}
