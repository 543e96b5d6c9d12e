import ConvKit
import Testing
@testable import TutorUI

@Suite struct StepperScreenTests {
    static let seedInput = try! GridText.parse("1 1 1 0 0; 0 1 1 1 0; 0 0 1 1 1; 0 0 1 1 0; 0 1 1 0 0")
    static let seedKernel = try! GridText.parse("1 0 1; 0 1 0; 1 0 1")
    let size = Size(width: 80, height: 24)

    func seed(_ options: ConvOptions = .init(), kernel: Tensor = seedKernel) throws -> StepperState {
        try StepperState(spec: LayerSpec(input: Self.seedInput, kernel: kernel, options: options))
    }

    func press(_ state: inout StepperState, _ events: [Event]) {
        for e in events { _ = state.update(e) }
    }

    @Test func seedFirstStep() throws {
        let s = try seed()
        try expectGolden("seed-step1", s.view(size).text)
    }

    @Test func seedNinthStepCompletesTheFirstOutput() throws {
        var s = try seed()
        press(&s, Array(repeating: .right, count: 8))
        let screen = s.view(size).text
        #expect(screen.contains("= 4"))
        try expectGolden("seed-step9", screen)
    }

    @Test func seedLastStepShowsTheWholeOutput() throws {
        var s = try seed()
        press(&s, [.end])
        try expectGolden("seed-last", s.view(size).text)
    }

    @Test func flipShowsTheGivenAndTheRotatedKernel() throws {
        var s = try seed(kernel: GridText.parse("1 2 0; 0 1 0; -1 0 3"))
        press(&s, [.char("f"), .right, .right])
        let screen = s.view(size).text
        #expect(screen.contains("true convolution") && screen.contains("rotated (used)"))
        try expectGolden("flip-asymmetric", screen)
        press(&s, [.char("f")])
        #expect(s.view(size).text.contains("cross-correlation"))
    }

    @Test func dotProductView() throws {
        var s = try seed()
        press(&s, [.char("d"), .down])
        try expectGolden("dot-view", s.view(size).text)
    }

    @Test func paddedStrideTwo() throws {
        var s = try seed(ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1))))
        press(&s, [.down, .down, .right, .right])
        try expectGolden("pad1-stride2", s.view(size).text)
    }

    /// In monochrome the window, the current element and padding stay distinguishable.
    @Test func monochromeAttributes() throws {
        var s = try seed(ConvOptions(padding: .explicit(Pair(1, 1))))
        press(&s, [.right, .right, .right, .right])
        try expectGolden("monochrome-attributes", s.view(size).attributeMap)
    }

    @Test func tooSmallSaysWhatItNeedsAndRecovers() throws {
        var s = try seed()
        let small = Size(width: 40, height: 12)
        _ = s.update(.resize(small))
        try expectGolden("too-small", s.view(small).text)
        _ = s.update(.resize(size))
        #expect(s.view(size).text.contains("output 3×3"))
    }

    @Test func helpOverlayListsTheKeys() throws {
        var s = try seed()
        press(&s, [.char("?")])
        try expectGolden("help", s.view(size).text)
        press(&s, [.char("x")])
        #expect(!s.showHelp)
    }
}

/// The contrast views: what is summed over what, for each op.
@Suite struct ContrastViewTests {
    static let c3 = try! GridText.parse("1 2 0 1 2; 0 1 1 0 1; 2 0 1 1 0; 1 1 0 2 1; 0 2 1 0 1 | 1 0 0 1 0; 0 1 0 0 1; 1 1 1 0 0; 0 0 1 1 1; 1 0 1 0 1 | 2 1 0 0 1; 1 0 2 1 0; 0 1 1 2 0; 1 2 0 0 1; 0 0 1 1 2")
    static let k3 = try! GridText.parse("1 0 1; 0 1 0; 1 0 1 | 0 1 0; 1 -1 1; 0 1 0 | 1 1 1; 0 0 0; -1 -1 -1")
    let size = Size(width: 80, height: 24)

    /// Start, middle and end screens of one view, as golden files NAME-start/-middle/-end.
    func goldenWalk(_ name: String, _ spec: LayerSpec, middle: Int) throws {
        var s = try StepperState(spec: spec)
        try expectGolden("\(name)-start", s.view(size).text)
        for _ in 0..<middle { _ = s.update(.right) }
        try expectGolden("\(name)-middle", s.view(size).text)
        _ = s.update(.end)
        let end = s.view(size).text
        try expectGolden("\(name)-end", end)
        // The last output on screen is the engine's.
        let last = try spec.op == .im2col ? StepperState.steppableLayer(spec).compute().data.last! : spec.layer().compute().data.last!
        #expect(lastEquationLine(end)?.hasSuffix(" \(NumberFormat.short(last))") == true, "\(end)")
    }

    @Test func depthSumsChannelsSideBySide() throws {
        let k = try GridText.parse("1 0 1; 0 1 0; 1 0 1 | 0 1 0; 1 -1 1; 0 1 0 | 1 1 1; 0 0 0; -1 -1 -1 || 1 1 1; 1 1 1; 1 1 1 | 0 0 0; 0 1 0; 0 0 0 | 1 0 0; 0 1 0; 0 0 1")
        try goldenWalk("depth", LayerSpec(input: Self.c3, kernel: k, bias: try GridText.parse("1 -2"), options: ConvOptions(relu: true)), middle: 11)
    }

    @Test func depthwiseKeepsChannelsApart() throws {
        try goldenWalk("depthwise", LayerSpec(op: .depthwise, input: Self.c3, kernel: Self.k3), middle: 100)
    }

    @Test func pointwiseIsADotProductOverDepth() throws {
        try goldenWalk("pointwise", LayerSpec(op: .pointwise, input: Self.c3, kernel: try GridText.parse("1 1 1; 1 -1 0")), middle: 4)
    }

    @Test func denseFlattensTheInput() throws {
        let w = try Tensor(shape: [2, 75], data: (0..<150).map { Double($0 % 5) - 2 })
        try goldenWalk("dense", LayerSpec(op: .dense, input: Self.c3, kernel: w, bias: try GridText.parse("0.5 -1")), middle: 40)
    }

    /// Lesson 9's 2×2×2 input: no 3×3 filter fits it, and a count of one is singular.
    @Test func denseNoteComparesWithAFilterThatFits() throws {
        let cube = try GridText.parse("1 2; 0 -1 | 3 0; 1 1")
        let three = try DenseLayer(input: cube, kernel: Tensor(shape: [3, 8], data: Array(repeating: 1, count: 24)))
        #expect(StepperState.denseNote(three) == " fully connected: 3×8 = 24 weights; one 2×2 conv filter here: 8")
        let one = try DenseLayer(input: cube, kernel: Tensor(shape: [1, 8], data: Array(repeating: 1, count: 8)), bias: Tensor(shape: [1], data: [1]))
        #expect(StepperState.denseNote(one) == " fully connected: 1×8 = 8 weights + 1 bias; one 2×2 conv filter here: 8")
        var s = try StepperState(spec: LayerSpec(op: .dense, input: cube, kernel: Tensor(shape: [3, 8], data: Array(repeating: 1, count: 24))))
        s.size = Size(width: 80, height: 24)
        #expect(s.view(s.size).text.contains("24 weights; one 2×2 conv filter here: 8"))
    }

    @Test func im2colIsOneMatrixMultiply() throws {
        try goldenWalk("im2col", LayerSpec(op: .im2col, input: StepperScreenTests.seedInput, kernel: StepperScreenTests.seedKernel), middle: 12)
    }

    /// A transposed conv steps through its equivalent direct convolution, same outputs.
    @Test func transposedConvAsADirectConvolution() throws {
        let spec = LayerSpec(op: .convTranspose, input: try GridText.parse("1 2; 3 4"), kernel: try GridText.parse("1 0 1; 0 1 0; 1 1 0"),
                             options: ConvOptions(stride: Pair(2, 2)))
        try goldenWalk("transposed-direct", spec, middle: 45)
        let s = try StepperState(spec: spec)
        #expect(s.result.data == (try spec.layer().compute().data))
        #expect(s.view(size).text.contains("zeros inserted 7×7"))
    }

    /// The direct view's grid and kernel keep their names in the picture map and the dot lines.
    @Test func transposedDirectViewNamesTheStuffedGridAndRotatedKernel() throws {
        let spec = LayerSpec(op: .convTranspose, input: try GridText.parse("1 2; 3 4"), kernel: try GridText.parse("1 0 1; 0 1 0; 1 1 0"),
                             options: ConvOptions(stride: Pair(2, 2)))
        var s = try StepperState(spec: spec)
        let tall = Size(width: 80, height: 40)
        for e: Event in [.resize(tall), .char("m")] { _ = s.update(e) }
        #expect(s.view(tall).text.contains("zeros inserted 7×7"))
        for e: Event in [.char("m"), .char("d")] { _ = s.update(e) }
        let screen = s.view(tall).text
        #expect(screen.contains("rotated kernel  ") && !screen.contains("flattened kernel"), "\(screen)")
    }

    /// Grids left out for space are named in `?` help, so nothing disappears unsaid.
    @Test func helpNamesTheGridsHiddenForSize() throws {
        var s = try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: GridText.parse("1 2 0; 0 1 0; -1 0 3"), options: ConvOptions(flip: true)))
        let small = Size(width: 60, height: 16)
        for e: Event in [.resize(small), .char("?")] { _ = s.update(e) }
        let screen = s.view(small).text
        #expect(!screen.contains("kernel given ") && screen.contains("Hidden at this size: kernel given, x·w."), "\(screen)")
        for e: Event in [.char("?"), .resize(size), .char("?")] { _ = s.update(e) }
        #expect(!s.view(size).text.contains("Hidden at this size"))
    }

    /// Inside a lesson (fewer rows) a dense layer's 25 terms wrap as in `step`, not pan.
    @Test func lessonDenseEquationWraps() throws {
        let lesson = try #require(BundledLessonScreenTests.lessons.first { $0.id == "fully-connected" })
        let step = try #require(lesson.steps.lastIndex { if case .stepper = $0 { true } else { false } })
        var app = BundledLessonScreenTests.open(lesson, at: step, size)
        _ = app.update(.char(" "))
        for _ in 0..<12 { _ = app.update(.right) }
        let screen = app.view(size).text
        #expect(screen.contains("out(0) = 1·1 + 1·0 + 1·1") && !screen.contains("… +"), "\(screen)")
    }

    @Test func groupsSayWhichChannelsAFilterSees() throws {
        let x = try GridText.parse("1 2; 3 4 | 5 6; 7 8 | 1 0; 0 1 | 2 2; 2 2")
        let k = try GridText.parse("1 1; 1 1 | 1 -1; 1 -1 || 0 1; 1 0 | 1 0; 0 1")
        var s = try StepperState(spec: LayerSpec(input: x, kernel: k, options: ConvOptions(groups: 2)))
        _ = s.update(.end)
        let screen = s.view(size).text
        #expect(screen.contains("groups 2: output channel 1 only sees input channels 2–3"))
        #expect(screen.contains("input ch 3 g1"))
        // Slices by weight index (filter 1, channel 1 of its group), as the now: line's weight (1,1,…).
        #expect(screen.contains("f1 ch 1") && !screen.contains("f1 ch 3"), "\(screen)")
        #expect(screen.contains("weight (1,1,1,1)"), "\(screen)")
    }

    @Test func filterKeysJumpBetweenOutputChannels() throws {
        let k = try GridText.parse("1 0; 0 1 | 0 0; 0 0 | 0 0; 0 0 || 0 0; 0 0 | 1 1; 1 1 | 0 0; 0 0")
        var s = try StepperState(spec: LayerSpec(input: Self.c3, kernel: k))
        _ = s.update(.right)
        _ = s.update(.char("]"))
        #expect(s.step.output == [1, 0, 0] && s.step.termIndex == 1, "same position, same product")
        _ = s.update(.char("["))
        #expect(s.step.output == [0, 0, 0])
    }

    @Test func sideBySideFlipShowsTheRotatedSlices() throws {
        var s = try StepperState(spec: LayerSpec(op: .depthwise, input: Self.c3, kernel: Self.k3, options: ConvOptions(flip: true)))
        _ = s.update(.right)
        let screen = s.view(size).text
        #expect(screen.contains("rot 2"))
        // Channel 2's kernel rotated: its bottom row -1 -1 -1 is now on the slice's first line.
        let lines = screen.split(separator: "\n")
        let title = try #require(lines.firstIndex { $0.contains("rot 2") })
        #expect(lines[title + 1].contains("-1 -1 -1"))
    }

    @Test func opSwitchKeepsBiasAndHandlesGroups() throws {
        let x = try GridText.parse("1 2; 3 4 | 5 6; 7 8 | 1 0; 0 1 | 2 2; 2 2")
        let k = try GridText.parse("1 1; 1 1 | 1 -1; 1 -1 || 0 1; 1 0 | 1 0; 0 1")
        var s = try StepperState(spec: LayerSpec(input: x, kernel: k, bias: try GridText.parse("1 -1"), options: ConvOptions(groups: 2)))
        let grouped = s.result
        for _ in 0..<4 { _ = s.update(.char("o")) }
        #expect(s.spec.op == .im2col && s.message?.contains("matmul") == true)
        #expect(s.result.data == grouped.data, "im2col of the grouped conv, zeros outside each group, with its bias")
    }

    /// One key walks the same input through every op; each view's outputs are the engine's.
    @Test func opSwitchCyclesThroughEveryOp() throws {
        var s = try StepperState(spec: LayerSpec(input: Self.c3, kernel: try GridText.parse("1 0 1; 0 1 0; 1 0 1 | 0 1 0; 1 -1 1; 0 1 0 | 1 1 1; 0 0 0; -1 -1 -1")))
        var seen: [Op] = [s.spec.op]
        let conv = s.result
        for _ in 0..<5 {
            _ = s.update(.char("o"))
            seen.append(s.spec.op)
            #expect(s.message?.contains("on the same input") == true)
        }
        #expect(seen == [.conv2d, .depthwise, .pointwise, .dense, .im2col, .conv2d])
        // The dense view is the convolution rewritten: the same numbers.
        var d = try StepperState(spec: LayerSpec(input: Self.c3, kernel: try GridText.parse("1 0 1; 0 1 0; 1 0 1 | 0 1 0; 1 -1 1; 0 1 0 | 1 1 1; 0 0 0; -1 -1 -1")))
        for _ in 0..<3 { _ = d.update(.char("o")) }
        #expect(d.spec.op == .dense && d.result.data == conv.data)
    }
}

/// Large inputs as heatmaps: half-block pixels, the window framed, the patch zoomed.
@Suite struct HeatmapTests {
    let size = Size(width: 80, height: 24)

    func picture() throws -> StepperState {
        // A 32×32 ramp with a bright square: big enough that the stepper switches to a map.
        let data = (0..<(32 * 32)).map { i -> Double in
            let (y, x) = (i / 32, i % 32)
            return (10...20).contains(y) && (10...20).contains(x) ? 255 : Double(x * 4)
        }
        return try StepperState(spec: LayerSpec(input: Tensor(shape: [32, 32], data: data), kernel: GridText.parse("-1 0 1; -2 0 2; -1 0 1"),
                                                options: ConvOptions(padding: .explicit(Pair(1, 1)))))
    }

    @Test func largeInputsBecomeAHeatmapWithTheWindowFramed() throws {
        var s = try picture()
        #expect(s.usesHeatmap)
        for _ in 0..<(33 * 12) { _ = s.update(.down) }
        let frame = s.view(size)
        try expectGolden("heatmap-middle", frame.text)
        // Pixels carry shades; the frame and the patch are plain characters.
        let shaded = frame.cells.filter { $0.style.fg != nil }
        #expect(shaded.count > 500 && shaded.allSatisfy { $0.character == "▀" })
        #expect(frame.text.contains("└───┘") && frame.text.contains("patch"))
        _ = s.update(.char("m"))
        #expect(!s.usesHeatmap && !s.view(size).text.contains("▀"))
    }

    /// The key of a signed map is drawn with the map's own extreme pixels, so it reads as the
    /// map does: blue and red with colour, underlined and bold ramp characters without.
    @Test func signedMapKeyIsDrawnLikeItsPixels() throws {
        var s = try picture()
        for _ in 0..<(33 * 12) { _ = s.update(.down) }
        let frame = s.view(size)
        let lines = frame.text.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(lines.firstIndex { $0.contains("output 32×32") })
        #expect(!frame.text.contains("blue") && !frame.text.contains("red"))
        let x = try #require(lines[y].range(of: "▀<0 ▀>0")).lowerBound.utf16Offset(in: lines[y])
        let columns = lines[y].prefix(x).count   // one cell per character on this row
        let (negative, positive) = (frame[columns, y], frame[columns + 4, y])
        #expect(negative.style.fg == .signed(-8) && positive.style.fg == .signed(8))
        let mono = (Shade.rampCell(negative.style), Shade.rampCell(positive.style))
        #expect(mono.0.style.attributes == [.underline] && mono.1.style.attributes == [.bold] && mono.0.character == mono.1.character)
    }

    /// On a big terminal a small picture is drawn z× (z columns and z half-rows a pixel), with
    /// the same shades as at 1× and the frame around the whole scaled window.
    @Test func picturesGrowOnBigTerminals() throws {
        var s = try picture()
        let small = s.view(size)
        s.size = Size(width: 200, height: 60)
        guard case .conv(let c) = s.layer else { throw ConvError("not a conv layer") }
        let z = s.heatmapScale(c)
        #expect(z == 2, "the 32-row output beside the patch leaves room for 2×, not 3×")
        let big = s.view(Size(width: 200, height: 60))
        #expect(big.text.contains("input 32×32 (\(z)×)"))
        func shade(_ b: CellBuffer, halfRow: Int, x: Int) -> Shade? {
            let cell = b[1 + x, 3 + halfRow / 2]
            return halfRow % 2 == 0 ? cell.style.fg : cell.style.bg
        }
        // Clear of the window's frame, and within the 13 rows the 80×24 view shows.
        for py in 6..<26 {
            for px in 6..<32 {
                #expect(shade(big, halfRow: z * py + z / 2, x: z * px + z / 2) == shade(small, halfRow: py, x: px), "pixel (\(py),\(px))")
            }
        }
        for _ in 0..<(33 * 12) { _ = s.update(.down) }
        let framed = s.view(Size(width: 200, height: 60)).text
        #expect(framed.contains("┌" + String(repeating: "─", count: 3 * z) + "┐") && framed.contains("└" + String(repeating: "─", count: 3 * z) + "┘"))
    }

    @Test func recordingsShowShadesAs256ColoursOrARamp() throws {
        let s = try picture()
        let frame = s.view(size)
        #expect(AnsiFrames.encode(frame, since: nil).contains("38;5;"))
        let mono = AnsiFrames.encode(frame, since: nil, colored: false)
        #expect(!mono.contains("▀") && !mono.contains("38;5;") && mono.contains("@"))
    }
}

/// Transposed convolution: the scatter view and the direct view end on the same output.
@Suite struct TransposedViewTests {
    let size = Size(width: 80, height: 24)
    let spec = LayerSpec(op: .convTranspose, input: try! GridText.parse("1 2; 3 4"), kernel: try! GridText.parse("1 0 1; 0 1 0; 1 1 0"),
                         options: ConvOptions(stride: Pair(2, 2)))

    @Test func scatterStampsAndOverlapsAdd() throws {
        var v = try TransposedViews(spec: spec)
        try expectGolden("scatter-start", v.view(size).text)
        for e: Event in [.down, .right, .right] { _ = v.update(e) }
        try expectGolden("scatter-middle", v.view(size).text)
        _ = v.update(.end)
        let end = v.view(size).text
        try expectGolden("scatter-end", end)
        // Cell (2,2) is where all four stamps overlap; its 9 is their sum, as compute says.
        #expect(end.contains("4  1  9  2  4"))
    }

    /// Its own help: the keys that work here (v, no flip or edit), and any key closes it.
    @Test func helpListsTheTransposedKeys() throws {
        var v = try TransposedViews(spec: spec)
        _ = v.update(.char("?"))
        let help = v.view(size).text
        #expect(help.contains("v          the equivalent direct conv") && !help.contains("flip"))
        _ = v.update(.char("x"))
        #expect(!v.showsHelp && v.scatter.position == 0, "the closing key does nothing else")
    }

    @Test func switchingViewsKeepsTheOutputCell() throws {
        var v = try TransposedViews(spec: spec)
        _ = v.update(.end)
        _ = v.update(.char("v"))
        #expect(!v.showsScatter && v.direct.step.isLastTerm && v.direct.step.outputFlat == 24)
        #expect(v.direct.view(size).text.contains("3  3  4  4  0"))
        _ = v.update(.char("v"))
        #expect(v.showsScatter && v.scatter.step.outputFlat == 24)
    }
}

/// The equation's last line of terms (it may wrap): the one above the last running sums,
/// which sit right above the "now:" line.
func lastEquationLine(_ screen: String) -> Substring? {
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    guard let out = lines.firstIndex(where: { $0.contains("out(") }),
          let sums = lines[out...].firstIndex(where: { $0.hasPrefix(" running sum") }), sums - 1 >= out else { return nil }
    return lines[sums - 1]
}
