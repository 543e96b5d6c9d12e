import ConvKit
import LessonKit
import Testing
@testable import TutorUI

/// Max and average pooling in the stepper (issue 16): the window over each channel, no kernel,
/// the running max (its winner marked) or sum, the average's division at its last tap only.
@Suite struct PoolScreenTests {
    static let input = try! GridText.parse("1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3")
    let size = Size(width: 80, height: 24)

    static func spec(_ op: Op, size: Int = 2, stride: Pair? = nil, padding: Int = 0, ceil: Bool = false, input: Tensor = input) -> LayerSpec {
        var options = ConvOptions(padding: .explicit(Pair(padding, padding)), poolSize: Pair(size, size), ceilMode: ceil)
        options.stride = stride ?? Pair(size, size)
        return LayerSpec(op: op, input: input, kernel: LayerSpec.noKernel, options: options)
    }

    func press(_ state: inout StepperState, _ events: [Event]) {
        for e in events { _ = state.update(e) }
    }

    @Test func maxMidWindowMarksTheWinner() throws {
        var s = try StepperState(spec: Self.spec(.maxPool))
        press(&s, [.right, .right])
        let screen = s.view(size)
        #expect(screen.text.contains("now: tap 3 of 4: input (1,0) = 3; running max 5 at input (0,1)"), "\(screen.text)")
        #expect(screen.text.contains("max(1, 5, 3, 4) = …"), "\(screen.text)")
        #expect(screen.text.contains("not a sum of products: no weights"))
        #expect(screen.text.contains("*5"))
        try expectGolden("pool-max-middle", screen.text)
        try expectGolden("pool-max-middle-attributes", screen.attributeMap)
        try expectGolden("pool-max-middle-ascii", Charset.$current.withValue(.ascii) { s.view(size).text })
        try expectGolden("pool-max-middle-60x16", s.view(Size(width: 60, height: 16)).text)
    }

    @Test func maxPaddingTapNeverWins() throws {
        var s = try StepperState(spec: Self.spec(.maxPool, size: 3, stride: Pair(2, 2), padding: 1))
        let screen = s.view(size)
        #expect(screen.text.contains("now: tap 1 of 9: padding (-1,-1) = -∞: never wins; no winner yet"), "\(screen.text)")
        try expectGolden("pool-max-padding", screen.text)
        press(&s, [.end])
        try expectGolden("pool-max-padding-end", s.view(size).text)
    }

    /// A dilated window wholly in the padding is −∞, written one way on the whole screen: the
    /// padding, the running max, the equation's result and the finished output cell.
    @Test func minusInfinityIsSpelledOnce() throws {
        var options = ConvOptions(padding: .explicit(Pair(1, 1)), dilation: Pair(3, 3), poolSize: Pair(2, 2))
        options.stride = .one
        var s = try StepperState(spec: LayerSpec(op: .maxPool, input: try GridText.parse("1 2; 3 4"), kernel: LayerSpec.noKernel, options: options))
        press(&s, [.end])
        let text = s.view(size).text
        #expect(text.contains("max(-∞, -∞, -∞, -∞) = -∞") && !text.contains("inf"), "\(text)")
        #expect(text.split(separator: "\n")[2].hasSuffix("-∞"), "\(text)")
        let ascii = Charset.$current.withValue(.ascii) { s.view(size).text }
        #expect(ascii.contains("max(-inf, -inf, -inf, -inf) = -inf"), "\(ascii)")
    }

    @Test func averageDividesAtItsLastTapOnly() throws {
        var s = try StepperState(spec: Self.spec(.avgPool))
        press(&s, [.right, .right])
        let middle = s.view(size).text
        #expect(middle.contains("(1 + 5 + 3 +  4) ÷ 4 = …") && !middle.contains("3.25"), "\(middle)")
        press(&s, [.right])
        let last = s.view(size).text
        #expect(last.contains("(1 + 5 + 3 +  4) ÷ 4 = 3.25"), "\(last)")
        try expectGolden("pool-avg-last", last)
    }

    /// The demo autoplay plays a pool to its end, the output whole.
    @Test func demoPlaysAPool() throws {
        var d = DemoStepper(try StepperState(spec: Self.spec(.avgPool)), stepsPerSecond: 64, auto: false, exitAtEnd: true)
        _ = d.update(.resize(size))
        var ticks = 0
        while d.update(.tick) != .quit && ticks < 1_000 { ticks += 1 }
        let text = d.view(size).text
        #expect(ticks < 1_000 && text.contains("÷ 4 = 5.5") && text.contains("3.25") && text.contains("2.75"), "\(text)")
    }

    @Test func ceilWindowDividesByFewer() throws {
        var s = try StepperState(spec: Self.spec(.avgPool, size: 3, stride: Pair(2, 2), ceil: true))
        press(&s, [.end])
        let screen = s.view(size).text
        #expect(screen.contains("÷ 4: the 5 taps past the padding (×) are not counted"), "\(screen)")
        // The taps past the padding are neither added nor counted: ×, as the grid draws them.
        let equation = try #require(screen.split(separator: "\n").first { $0.contains("out(1,1) = (") })
        #expect(equation.filter { $0 == "×" }.count == 5 && !equation.contains(" 0 "), "\(screen)")
        try expectGolden("pool-avg-ceil", screen)
    }
}

/// The keys on a pool: each that assumes a kernel says why not; `o` turns an average pool into
/// its depthwise conv and back; `[`/`]` move between channels; a prediction hides what is to come.
@Suite struct PoolKeyTests {
    let size = Size(width: 80, height: 24)

    @Test func keysThatAssumeAKernelSayWhy() throws {
        for op in [Op.maxPool, .avgPool] {
            var s = try StepperState(spec: PoolScreenTests.spec(op))
            for (key, why) in [("f", "no kernel to flip"), ("d", "no weights"), ("m", "a pool shows its numbers"), ("[", "only one channel")] {
                _ = s.update(.char(Character(key)))
                #expect(s.message?.contains(why) == true, "\(op) \(key): \(s.message ?? "nil")")
                #expect(!s.helpLines.contains { $0.keys.contains(.char(Character(key))) }, "\(op) \(key) in help")
            }
            _ = s.update(.char("e"))
            _ = s.update(.tab)
            #expect(s.message == "a pool has no weights: only its input is edited" && s.edit?.target == .input)
            // The input is edited as a conv's is, and the pool recomputed.
            for e in [Event.char("9"), .enter, .escape] { _ = s.update(e) }
            #expect(s.spec.input.data[0] == 9 && s.result.data[0] == (op == .maxPool ? 9 : 5.25), "\(s.result.data)")
        }
        var max = try StepperState(spec: PoolScreenTests.spec(.maxPool))
        _ = max.update(.char("o"))
        #expect(max.message == "a max is not a sum of products: no conv gives it" && max.spec.op == .maxPool)
    }

    /// `o` on avg-pool: the depthwise conv with weights 1/4 steps the same numbers (its outputs
    /// equal the pool's bit for bit), and `o` again returns, the position kept.
    @Test func averagePoolSwitchesToItsDepthwiseAndBack() throws {
        let input = try Tensor(shape: [2, 4, 5], data: (0..<40).map { Double(($0 * 7) % 11) / 3 - 1.5 })
        var s = try StepperState(spec: PoolScreenTests.spec(.avgPool, stride: Pair(1, 2), padding: 1, input: input))
        let pooled = s.layer.compute()
        _ = s.update(.resize(size))
        for _ in 0..<6 { _ = s.update(.right) }
        #expect(s.helpLines.contains { $0.text.contains("o     as its depthwise conv") })
        _ = s.update(.char("o"))
        #expect(s.spec.op == .depthwise && s.position == 6, "\(s.message ?? "")")
        #expect(s.helpLines.contains { $0.text.contains("o     back to the pool") })
        #expect(s.message == "the same outputs: an average pool is a depthwise conv with weights 1/4")
        #expect(s.layer.compute().data == pooled.data && s.result.data == pooled.data)
        #expect(s.view(size).text.contains("0.25"))
        _ = s.update(.char("o"))
        #expect(s.spec.op == .avgPool && s.position == 6 && s.message?.hasPrefix("avg-pool again") == true)
    }

    /// An input edited on either side of `o` stays edited on the other: "the same outputs" holds.
    @Test func anEditSurvivesTheSwitchBothWays() throws {
        var s = try StepperState(spec: PoolScreenTests.spec(.avgPool))
        for e in [Event.char("e"), .char("9"), .char("0"), .enter, .escape, .char("o")] { _ = s.update(e) }
        #expect(s.spec.op == .depthwise && s.spec.input.data[0] == 90)
        let conv = s.result.data
        for e in [Event.char("e"), .char("4"), .enter, .escape, .char("o")] { _ = s.update(e) }
        #expect(s.spec.op == .avgPool && s.spec.input.data[0] == 4, "\(s.spec.input.data.prefix(4))")
        #expect(s.result.data != conv && s.result.data[0] == s.layer.compute().data[0])
    }

    @Test func ceilWindowPastThePaddingRefusesTheConv() throws {
        var s = try StepperState(spec: PoolScreenTests.spec(.avgPool, size: 3, stride: Pair(2, 2), ceil: true))
        _ = s.update(.char("o"))
        #expect(s.spec.op == .avgPool && s.message?.contains("divides by 4, not 9") == true, "\(s.message ?? "")")
        // Ceil mode that adds no window changes nothing: the conv holds.
        var exact = try StepperState(spec: PoolScreenTests.spec(.avgPool, ceil: true))
        _ = exact.update(.char("o"))
        #expect(exact.spec.op == .depthwise)
    }

    @Test func bracketsMoveBetweenChannels() throws {
        let input = try Tensor(shape: [2, 4, 4], data: (0..<32).map(Double.init))
        var s = try StepperState(spec: PoolScreenTests.spec(.maxPool, input: input))
        _ = s.update(.right)
        _ = s.update(.char("]"))
        #expect(s.step.output == [1, 0, 0] && s.step.termIndex == 1 && s.message == "channel 1 (2 of 2), same position and tap")
        let text = s.view(size).text
        #expect(text.contains("input ch 0") && text.contains("input ch 1") && text.contains("out 1"), "\(text)")
    }

    /// A prediction of a max hides the taps to come, the running max and its winner.
    @Test func predictionHidesTheRunningMax() throws {
        var s = try StepperState(spec: PoolScreenTests.spec(.maxPool))
        _ = s.update(.right)
        s.concealed = 1
        let text = s.view(size).text
        #expect(text.contains("max(1, ?, ?, ?) = …") && !text.contains("*5") && !text.contains("running max 5"), "\(text)")
        #expect(!text.contains(" 5  ·"), "the output cell gives the max away\n\(text)")
    }

    /// A prediction of a ceil-mode average hides its divisor with its last tap.
    @Test func predictionHidesTheDivisor() throws {
        var s = try StepperState(spec: PoolScreenTests.spec(.avgPool, size: 3, stride: Pair(2, 2), ceil: true))
        _ = s.update(.char("G"))
        s.concealed = s.trace.firstStep(ofOutput: 3) + 2
        let text = s.view(size).text
        #expect(text.contains("÷ ? = …") && !text.contains("÷ 4") && !text.contains("not counted"), "\(text)")
    }

    /// A 2000×2000 input opens at once: a frame fetches the taps it shows, never the input's.
    @Test(.timeLimit(.minutes(10))) func bigInputFramesCostWhatFits() throws {
        let big = try Tensor(shape: [2000, 2000], data: (0..<4_000_000).map { Double($0 % 97) })
        var s = try StepperState(spec: PoolScreenTests.spec(.maxPool, input: big))
        _ = s.update(.resize(size))
        _ = s.update(.char("G"))
        let meter = TermMeter()
        let text = TermMeter.$current.withValue(meter) { s.view(size).text }
        #expect(text.contains("tap 4 of 4") && meter.count < 100, "\(meter.count)")
    }
}

/// A pool in a lesson: its stepper step draws the window, and its predict hides the taps to come,
/// the running max and the output, as a conv's does.
@Suite struct PoolLessonScreenTests {
    static let yaml = """
        id: pool
        title: Pooling
        summary: s
        topics: [pooling]
        layers:
          pool:
            op: max-pool
            input: "1 5 2 0; 3 4 8 1; 0 2 9 7; 6 1 3 3"
            pool_size: 2
        steps:
          - stepper: {layer: pool, until: {output: [0, 0, 0]}}
          - predict:
              id: max-10
              layer: pool
              output: [0, 1, 0]
              before_term: 2
              ask: output
              mistakes:
                - answer: 9
                  says: "9 is the largest input, but not in this window."
              explain: "The window holds 0, 2, 6 and 1: the largest is 6."
        """

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)]) func predictHidesWhatIsToCome(_ size: Size) throws {
        let lesson = try LessonReader.parse(Self.yaml, file: "pool.yaml").get()
        var app = LessonApp(lesson: lesson, progress: nil)
        _ = app.update(.resize(size))
        let stepper = app.view(size).text
        #expect(stepper.contains("max(1, 5, 3, 4)") && stepper.contains("no weights"), "\(stepper)")
        // Editing a pool's input: no Tab to a kernel it does not have.
        _ = app.update(.char("e"))
        let editing = app.view(size).text
        #expect(editing.contains("EDIT · arrows move") && !editing.contains("Tab input/kernel"), "\(editing)")
        _ = app.update(.escape)
        _ = app.update(.enter)
        let predict = app.view(size).text
        #expect(predict.contains("max(0, ?, ?, ?) = …"), "\(predict)")
        #expect(!predict.contains("*6") && !predict.contains("running max 6") && !predict.contains("max 6"), "\(predict)")
    }
}
