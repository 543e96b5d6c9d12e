import ConvKit
import Testing
@testable import LessonKit

@Suite(.timeLimit(.minutes(10))) struct PlainLessonTests {
    /// Plays the fixture with the given lines; returns everything written and the last progress saved.
    func play(_ lines: [String], from progress: LessonProgress? = nil, lesson: Lesson? = nil,
              outcome: ProgressKeeper.Outcome = .saved) throws -> (String, LessonProgress?) {
        var input = lines[...]
        var output = ""
        var saved: LessonProgress?
        var runner = PlainLesson(
            session: LessonSession(lesson: try lesson ?? Fixture.small(), progress: progress), resumeCommand: "convtutor lesson fixture-small",
            readLine: { input.popFirst() }, write: { output += $0 }, save: { saved = $0; return outcome })
        try runner.run()
        return (output, saved)
    }

    struct ReaderGone: Error {}

    /// `yes | convtutor lesson 2 --plain | head -5`: endless input, and output that fails from
    /// the fifth write on. The lesson must end with the write's error, not read forever.
    @Test(.timeLimit(.minutes(10))) func aFailingWriteEndsTheLesson() throws {
        var writes = 0, reads = 0, saves = 0
        var runner = PlainLesson(
            session: LessonSession(lesson: try Fixture.small(), progress: nil), resumeCommand: "convtutor lesson fixture-small",
            readLine: { reads += 1; return reads < 100_000 ? "7" : nil },
            write: { _ in writes += 1; if writes >= 5 { throw ReaderGone() } },
            save: { _ in saves += 1; return .saved })
        #expect(throws: ReaderGone.self) { try runner.run() }
        #expect(writes == 5 && reads < 5, "stopped at the first failed write")
        #expect(saves == reads, "every input read was saved before stopping")
    }

    @Test func aWholeLessonWithRightWrongAndHintInputs() throws {
        let (out, saved) = try play(["", "", "2", "hint", "3", "", "4", "", "3x3", "", "b", "", "4 3 4", "2 4 3; 2 3 4", ""])
        #expect(out.hasPrefix("Lesson: A small test lesson (fixture-small)\n"))
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= 80 }, "plain lines fit 80 columns")
        #expect(out.contains("── Screen 2 of 7 ──\nThe layer: conv2d, input 5×5, kernel 3×3, cross-correlation → output 1×3×3 (81\n  products, 9 per output)\n"))
        #expect(out.contains("out(0,0) = 1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4\n  running sums: 1 1 2 2 3 3 3 3 4\noutput so far (· not computed yet):\n  4 · ·\n  · · ·\n  · · ·\n"))
        // While the prediction waits, the products asked about are not shown; once answered, they are.
        #expect(out.contains("(7 of 9 products so\n  far)\n  running sums: 1 1 1 1 2 2 2\nProducts 8 and 9 are yours: find each weight's input in the grids.\nWhat is the running sum of out(0,1) after product 9?\n> "))
        #expect(!out.contains("Next, product"))
        #expect(out.contains("> Not quite. Hint 1 of 1: The running sum before product 8 is 2.\n> No more hints: try again, or type skip to see the answer.\n> Correct.\nout(0,1) = 1·1 + 1·0 + 0·1 + 1·0 + 1·1 + 1·0 + 0·1 + 1·0 + 1·1 = 3\n  running sums: 1 1 1 1 2 2 2 2 3\n(press Enter)\n"))
        #expect(out.contains("  1) true convolution\n  2) cross-correlation\n"))
        #expect(out.contains("> Row 1 of 3 is right. Type row 2 of 3.\n> Correct.\n"))
        #expect(out.hasSuffix("Lesson complete: 5 of 5 solved (4 first try, 1 with help), 0 skipped.\n"))
        #expect(saved?.done == true)
        #expect(saved?.exercises["second-sum"]?.attempts == 2)
    }

    @Test func aOneRowGridAsksForTheRowAlone() throws {
        let lesson = try parse(Fixture.header + "steps:\n  - question: {id: q, prompt: P, kind: grid, answer: \"1 2 3\"}\n").get()
        #expect(PlainLesson.text(of: LessonSession(lesson: lesson, progress: nil)) == "P\n(type the row, numbers separated by spaces)")
    }

    @Test func endOfInputSavesAndResumes() throws {
        let (out, saved) = try play(["", "", "3", ""])
        #expect(out.hasSuffix("> \nSo far: 1 of 5 solved (1 first try, 0 with help), 0 skipped.\nProgress saved.\n"))
        #expect(saved?.step == 3)
        let (again, _) = try play(["quit"], from: saved)
        #expect(again.contains("Resuming at screen 4 of 7.\n\n── Screen 4 of 7 ──\nWhat is the top-left output value?\n> So far: 1 of 5 solved (1 first try, 0 with help), 0 skipped.\nProgress saved; resume with: convtutor lesson fixture-small\n"))
    }

    @Test func skipAndBack() throws {
        let (out, _) = try play(["", "", "skip", "back", "", "", "skip", "quit"])
        #expect(out.contains("> The answer: 3.\nout(0,1) = 1·1 + 1·0 + 0·1 + 1·0 + 1·1 + 1·0 + 0·1 + 1·0 + 1·1 = 3\n  running sums: 1 1 1 1 2 2 2 2 3\n(press Enter)\n> \n── Screen 2 of 7 ──"))
        // Back on the skipped question, its answer shows again instead of a blank prompt.
        #expect(out.contains("\nSkipped before; the answer: 3.\nout(0,1) = 1·1 + 1·0 + 0·1 + 1·0 + 1·1 + 1·0 + 0·1 + 1·0 + 1·1 = 3\n  running sums: 1 1 1 1 2 2 2 2 3\n(press Enter)\n> \n── Screen 4 of 7 ──"), "\(out)")
        #expect(out.contains("── Screen 4 of 7 ──\nWhat is the top-left output value?\n> The answer: 4.\nThe X has five ones"))
    }

    @Test func gridAnswersAreRevealedAsAlignedRows() throws {
        var p = LessonProgress()
        p.step = 6
        let (out, _) = try play(["skip", "quit"], from: p)
        #expect(out.contains("> The answer:\n  4 3 4\n  2 4 3\n  2 3 4\n(press Enter)\n"))
    }

    /// QA: a failed save printed a warning and then "Progress saved; resume with…".
    @Test func aFailedSaveIsNeverCalledSaved() throws {
        let why = ProgressKeeper.Outcome.failed("disk full")
        let (out, _) = try play(["", "quit"], outcome: why)
        #expect(out.contains("Warning: progress is not being saved: disk full.\n"))
        #expect(out.components(separatedBy: "Warning:").count == 2, "warned once")
        #expect(!out.contains("Progress saved"))
        #expect(out.hasSuffix("Progress not saved: disk full.\n"))
        let (eof, _) = try play([""], outcome: why)
        #expect(eof.hasSuffix("\nProgress not saved: disk full.\n"))
    }

    /// Plain mode reads `plain:` and `plain_note:`, prints emphasis without stars, and shows
    /// a question's `show:` grids with 1-based channel names.
    @Test func plainModeHasItsOwnWords() throws {
        let yaml = Fixture.header + """
              rgb: {input: "1 2; 3 4 | 5 6; 7 8", kernel: "1 0; 0 1 | 0 1; 1 0"}
            steps:
              - text: In the stepper, press *d* for (*dot products*).
                plain: The worked sum is a *dot product*.
              - stepper: {layer: seed, until: {output: [0, 0, 0]}, note: "G jumps to the end.", plain_note: "The sum, worked out."}
              - question: {id: q, show: rgb, prompt: "What is the *one* output?", kind: number, from: {layer: rgb, value: "output[0,0,0]"}}
            """
        let (out, _) = try play(["", "", "quit"], lesson: try parse(yaml).get())
        #expect(out.contains("── Screen 1 of 3 ──\nThe worked sum is a dot product.\n"))
        #expect(!out.contains("press d") && !out.contains("G jumps") && !out.contains("*"))
        #expect(out.contains("The sum, worked out.\n(press Enter)"))
        #expect(out.contains("""
              input ch 0   input ch 1   kernel ch 0   kernel ch 1
              1 2          5 6          1 0           0 1
              3 4          7 8          0 1           1 0
            What is the one output?
            """))
    }
}

/// What a waiting prediction says is the learner's: exactly the products it hides, and the
/// finishing steps an `output` prediction includes.
@Suite struct PredictWorkTests {
    static func work(_ predict: String, layer: String = "{}") throws -> String {
        let yaml = """
            id: work
            title: Work
            summary: Predictions.
            topics: [conv2d]
            layers:
              seed: \(layer)
            steps:
              - predict: {id: p, layer: seed, output: [0, 0, 1], \(predict)}
            """
        let lesson = try LessonReader.parse(yaml, file: "work.yaml").get()
        guard case .predict(let p) = lesson.steps[0] else { return "not a prediction" }
        return p.work
    }

    @Test func theWorkNamesTheProductsAskedFor() throws {
        #expect(try Self.work("before_term: 6, through: 9, ask: sum") == "Products 6 to 9 are yours: find each weight's input in the grids.")
        #expect(try Self.work("before_term: 8, through: 9, ask: sum") == "Products 8 and 9 are yours: find each weight's input in the grids.")
        #expect(try Self.work("before_term: 4, ask: output") == "Products 4 to 9 are yours: find each weight's input in the grids.")
        #expect(try Self.work("before_term: 1, ask: output") == "All 9 products are yours: find each weight's input in the grids.")
        #expect(try Self.work("before_term: 9, ask: output", layer: "{bias: \"-2\", relu: true}")
            == "Product 9 is yours: find its weight's input in the grids, then add the bias and apply the ReLU.")
        #expect(try Self.work("before_term: 7, ask: output", layer: "{relu: true}")
            == "Products 7 to 9 are yours: find each weight's input in the grids, then apply the ReLU.")
    }
}

/// Issue 14: a `show:` panel names every option that changes the answer, only when it is not the default.
@Suite struct ShowcaseSettingsTests {
    static func spec(_ op: Op = .conv2d, _ options: ConvOptions = .init()) throws -> LayerSpec {
        try LayerSpec(op: op, input: GridText.parse("1 2 3 4; 5 6 7 8; 9 1 2 3; 4 5 6 7"), kernel: GridText.parse("1 0; 0 1"), options: options)
    }

    @Test func theSettingsLineNamesEveryOptionThatIsNotTheDefault() throws {
        #expect(TraceText.settings(try Self.spec(), width: 78).isEmpty)
        #expect(TraceText.settings(try Self.spec(.conv2d, ConvOptions(padding: .explicit(.zero))), width: 78).isEmpty)
        let all = ConvOptions(stride: .init(2, 1), padding: .explicit(.one), dilation: .init(2, 2), groups: 1, flip: true, relu: true)
        #expect(TraceText.settings(try Self.spec(.conv2d, all), width: 78) == ["stride 2,1 · padding 1 · dilation 2 · flip (true convolution) · ReLU"])
        #expect(TraceText.settings(try Self.spec(.depthwise, ConvOptions(stride: .init(2, 2))), width: 78) == ["depthwise · stride 2"])
        let transposed = ConvOptions(stride: .init(2, 2), padding: .same, outputPadding: .one)
        #expect(TraceText.settings(try Self.spec(.convTranspose, transposed), width: 78) == ["conv-transpose · stride 2 · padding same · output_padding 1"])
        // Narrow: whole phrases a line.
        #expect(TraceText.settings(try Self.spec(.conv2d, all), width: 30) == ["stride 2,1 · padding 1", "dilation 2", "flip (true convolution) · ReLU"])
        // Above the grids, a blank line apart; none without settings.
        #expect(TraceText.showcase(try Self.spec(.conv2d, all), width: 78).prefix(3) == ["stride 2,1 · padding 1 · dilation 2 · flip (true convolution) · ReLU", "", "input     kernel, as given"])
        #expect(TraceText.showcase(try Self.spec(), width: 78).first == "input     kernel")
    }
}
