import ConvKit
import Testing
@testable import TutorUI

@Suite struct StepperReducerTests {
    func seed() throws -> StepperState {
        try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: StepperScreenTests.seedKernel))
    }

    @Test func arrowsMoveOneProductAndStopAtTheEnds() throws {
        var s = try seed()
        _ = s.update(.left)
        #expect(s.position == 0)
        _ = s.update(.right)
        #expect(s.position == 1)
        _ = s.update(.end)
        _ = s.update(.right)
        #expect(s.position == 80)
        _ = s.update(.char("g"))
        #expect(s.position == 0)
    }

    @Test func downFinishesTheOutputThenTheNext() throws {
        var s = try seed()
        _ = s.update(.right)
        _ = s.update(.down)
        #expect(s.position == 8 && s.step.sum == 4)
        _ = s.update(.char("n"))
        #expect(s.position == 17 && s.step.sum == 3)
        _ = s.update(.up)
        #expect(s.position == 8)
        _ = s.update(.char("p"))
        #expect(s.position == 0)
    }

    @Test func autoplayTicksForwardAndStopsAtTheEnd() throws {
        var s = try seed()
        #expect(s.tickInterval == nil)
        _ = s.update(.char(" "))
        #expect(s.tickInterval == 0.5)
        _ = s.update(.char("+"))
        #expect(s.tickInterval == 0.25)
        _ = s.update(.tick)
        #expect(s.position == 1)
        _ = s.update(.end)
        _ = s.update(.tick)
        #expect(!s.autoplay && s.position == 80)
    }

    @Test func editingAValueRecomputesTheOutputs() throws {
        var s = try seed()
        _ = s.update(.char("e"))
        #expect(s.edit == EditCursor(target: .input, index: 0))
        for e: Event in [.char("5"), .enter] { _ = s.update(e) }
        #expect(s.result.data[0] == 8)
        _ = s.update(.tab)
        for e: Event in [.right, .char("2"), .enter, .escape] { _ = s.update(e) }
        #expect(s.spec.kernel.data[1] == 2 && s.edit == nil)
        #expect(s.result.data[0] == 10)
        _ = s.update(.char("r"))
        #expect(s.result.data[0] == 4 && s.position == 0)
    }

    /// While typing, e is part of the number; before anything is typed it leaves edit mode.
    @Test func exponentsCanBeTyped() throws {
        var s = try seed()
        for e: Event in [.char("e"), .char("2"), .char("e"), .char("-"), .char("1"), .enter] { _ = s.update(e) }
        #expect(s.spec.input.data[0] == 0.2 && s.edit != nil, "\(s.message ?? "")")
        for e: Event in [.char("1"), .char("e"), .char("1"), .char("0"), .char("1"), .enter] { _ = s.update(e) }
        #expect(s.spec.input.data[0] == 0.2 && s.message?.hasPrefix("not changed: ") == true, "\(s.message ?? "")")
        _ = s.update(.char("e"))
        #expect(s.edit == nil && s.message == "edit mode off")
    }

    static func typing(_ text: String, into s: inout StepperState) {
        if s.edit == nil { _ = s.update(.char("e")) }
        for ch in text { _ = s.update(.char(ch)) }
        _ = s.update(.enter)
    }

    /// A second e in a fraction is the second number's exponent, not a cancel that lets the
    /// rest (-99) through; U+2212 is a minus sign.
    @Test(arguments: [("1e2/1e-2", 1e4), ("−1", -1), ("−2.5e−1", -0.25), ("1/4", 0.25)])
    func typedNumbersAreReadWhole(_ text: String, _ value: Double) throws {
        var s = try seed()
        Self.typing(text, into: &s)
        #expect(s.spec.input.data[0] == value, "\(text): \(s.message ?? "")")
        #expect(s.edit?.typed == "")
    }

    /// The issue's own case: 1e99/1e-99 is read whole, then refused as a value for its size.
    @Test func aHugeFractionIsNotMinus99() throws {
        var s = try seed()
        Self.typing("1e99/1e-99", into: &s)
        #expect(s.spec.input.data[0] == 1 && s.message?.hasPrefix("not changed: ") == true, "\(s.message ?? "")")
    }

    /// What is not a number is refused at Enter with the reason, and stays on screen to mend:
    /// no character is dropped on the way (0x10 never becomes 10).
    @Test(arguments: [
        ("0x10", "'x' is not part of a number"), ("1e5e", "one exponent per number"), ("1.2.3", "one decimal point"),
        ("1/2/3", "one /"), ("-e5", "e needs digits before it"), ("2-1", "a sign goes first"), ("1/0", "divides by zero"), ("1e999", "not a finite number"),
        ("?", "'?' is not part of a number"),
    ])
    func unreadableNumbersAreRefusedWithTheReason(_ text: String, _ reason: String) throws {
        var s = try seed()
        let before = s.spec.input.data[0]
        Self.typing(text, into: &s)
        #expect(s.spec.input.data[0] == before, "\(text) changed the value: \(s.message ?? "")")
        #expect(s.message?.contains(reason) == true, "\(text): \(s.message ?? "")")
        #expect(s.edit?.typed == text, "the refused text stays, every character of it")
    }

    @Test func badTypedNumberIsRefused() throws {
        var s = try seed()
        for e: Event in [.char("e"), .char("-"), .char("-"), .enter] { _ = s.update(e) }
        #expect(s.message?.contains("not a number") == true && s.result.data[0] == 4)
    }

    @Test func clickOnAnOutputCellJumpsThere() throws {
        var s = try seed()
        _ = s.update(.resize(Size(width: 80, height: 24)))
        let screen = s.view(Size(width: 80, height: 24))
        let titleRow = (0..<24).first { y in (0..<80).map { screen[$0, y].character }.contains("o") && String((0..<80).map { screen[$0, y].character }).contains("output 3×3") }!
        let line = String((0..<80).map { screen[$0, titleRow].character })
        let x = line.distance(from: line.startIndex, to: line.range(of: "output 3×3")!.lowerBound)
        // Third cell of the second output row: cells are 2 wide plus a gap.
        _ = s.update(.click(x: x + 2 * 3 + 1, y: titleRow + 2))
        #expect(s.step.outputFlat == 5 && s.step.isLastTerm)
    }

    @Test func qAndInterruptQuit() throws {
        var s = try seed()
        #expect(s.update(.char("q")) == .quit)
        #expect(s.update(.interrupt) == .quit)
    }

    @Test func otherOpsOpenAndStep() throws {
        let c3 = try GridText.parse("1 2 3; 4 5 6; 7 8 9 | 1 0 0; 0 1 0; 0 0 1 | 2 2 2; 2 2 2; 2 2 2")
        let specs = [
            LayerSpec(op: .conv2d, input: c3, kernel: try GridText.parse("1 0; 0 1 | 1 1; 1 1 | 0 1; 1 0 || 1 1; 1 1 | 0 0; 0 0 | 1 0; 0 1"), bias: try GridText.parse("1 -100"), options: ConvOptions(relu: true)),
            LayerSpec(op: .depthwise, input: c3, kernel: try GridText.parse("1 0; 0 1 | 1 1; 1 1 | 0 1; 1 0")),
            LayerSpec(op: .pointwise, input: c3, kernel: try GridText.parse("1 1 1; 1 -1 0")),
            LayerSpec(op: .dense, input: c3, kernel: try Tensor(shape: [2, 27], data: (0..<54).map { Double($0 % 5) - 2 })),
        ]
        for spec in specs {
            var s = try StepperState(spec: spec)
            let size = Size(width: 80, height: 24)
            _ = s.update(.char("d"))
            for _ in 0..<5 { _ = s.update(.right) }
            #expect(s.view(size).text.contains("product 6 of \(s.trace.count)"))
            _ = s.update(.end)
            let expected = try spec.layer().compute()
            let last = s.step
            #expect(s.layer.finish(output: last.outputFlat, sum: last.sum) == expected.data.last!)
            let equation = lastEquationLine(s.view(size).text)
            #expect(equation?.hasSuffix(" \(NumberFormat.short(expected.data.last!))") == true, "\(spec.op)")
        }
    }

    /// "now:" names where both numbers come from at every supported width (lesson 3 teaches
    /// from the weight's position).
    @Test(arguments: [80, 60]) func nowNamesBothPositions(width: Int) throws {
        var s = try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: try GridText.parse("1 2 0; 0 1 0; -1 0 3"), options: ConvOptions(flip: true)))
        for _ in 0..<5 { _ = s.update(.right) }
        let now = s.view(Size(width: width, height: 16)).text.split(separator: "\n").first { $0.contains(" now: ") }
        #expect(now?.contains("now: input (1,2) = 1 ") == true && now?.contains(" weight (1,0) = 0 ") == true, "\(now ?? "no now: line")")
    }

    /// `o` names filters 0-based, like every other screen, and keeps the flip.
    @Test func opSwitchKeepsTheFlipAndCountsFromZero() throws {
        var s = try seed()
        _ = s.update(.char("f"))
        _ = s.update(.char("o"))
        #expect(s.spec.op == .depthwise && s.isFlipped)
        #expect(s.message?.contains("filter 0's slices") == true, "\(s.message ?? "")")
        _ = s.update(.char("f"))
        for _ in 0..<4 { _ = s.update(.char("o")) }
        #expect(s.spec.op == .conv2d && !s.isFlipped)
    }

    /// A `d` that cannot show its lines leaves the view as it was and says why; a resize
    /// restates the reason for the new size, or drops it once the lines fit.
    @Test func refusedDotLeavesTheViewAndFollowsResizes() throws {
        var s = try seed()
        _ = s.update(.resize(Size(width: 60, height: 14)))
        _ = s.update(.char("d"))
        #expect(!s.showDot)
        #expect(s.message?.contains("this terminal is 60×14") == true, "\(s.message ?? "")")
        _ = s.update(.resize(Size(width: 61, height: 14)))
        #expect(s.message?.contains("this terminal is 61×14") == true, "\(s.message ?? "")")
        _ = s.update(.resize(Size(width: 80, height: 40)))
        #expect(s.message == nil)
        _ = s.update(.char("d"))
        #expect(s.showDot && s.message == nil)
    }
}
