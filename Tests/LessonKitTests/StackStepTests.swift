import ConvKit
import Testing
@testable import LessonKit

/// A stepper or predict step may name a stack (`stack:` in place of `layer:`): it steps the
/// stack's last layer, or with `follow:` opens one of its outputs followed back to the input.
@Suite(.timeLimit(.minutes(10))) struct StackStepTests {
    /// Lines 1–12; the step under test starts at line 13 (`  - stepper:` or `  - predict:`),
    /// its keys at line 14 on.
    static let head = """
        id: t
        title: T
        summary: S
        topics: [receptive-field]
        layers:
          seed: {}
        stacks:
          two:
            input: "1 2 0 1 3 0 2; 0 1 3 2 1 1 0; 2 0 1 0 2 3 1; 1 3 2 1 0 1 2; 0 1 1 3 2 0 1; 3 2 0 1 1 2 0; 1 0 2 2 3 1 1"
            layers: [{kernel: "1 0 1; 0 1 0; 1 0 1"}, {kernel: "0 1 0; 1 1 1; 0 1 0"}]
        steps:
          - text: hi

        """

    func step(_ body: String) -> Result<Lesson, LessonErrors> { parse(Self.head + body) }

    /// The step as plain mode prints it, past the lesson's first screen.
    func plainText(_ body: String) throws -> String {
        var session = LessonSession(lesson: try step(body).get(), progress: nil)
        _ = session.handle(LessonSession.Input(line: ""))
        return PlainLesson.text(of: session)
    }

    @Test func aStepperFollowsAStackOutputBack() throws {
        let lesson = try step("  - stepper:\n      stack: two\n      follow: [0, 1, 2]\n").get()
        guard case .stepper(let s) = lesson.steps[1], case .stack(let name, let stack, let following) = s.stepped else {
            Issue.record("not a stack stepper step")
            return
        }
        #expect(name == "two" && following == 5 && s.untilStep == nil)
        // The stepped spec is the last layer, over layer 1's 5×5 output.
        #expect(s.spec == stack.specs[1] && s.spec.input.shape == [1, 5, 5])
    }

    /// Plain mode's predict on a stack names the stack and says whose output its input is.
    @Test func aStackPredictSaysItIsOnAStack() throws {
        let text = try plainText("  - predict: {id: p, stack: two, output: [0, 0, 0], before_term: 2, ask: output}\n")
        #expect(text.hasPrefix("The stack 'two': input 7×7 · 1 conv2d 3×3 · 2 conv2d 3×3; each layer's output is the next one's input.\nPredict. Layer 2 of the stack 'two' (its input is layer 1's output). The layer: conv2d, input 1×5×5,"), "\(text)")
    }

    /// Each layer's name says the options that change its numbers; the narrower names do not.
    @Test func aStacksLayerNamesSayTheirOptions() throws {
        let stack = try StackFile.parse("input: \"1 2 3 4 5; 5 4 3 2 1; 1 2 3 4 5; 5 4 3 2 1; 1 2 3 4 5\"\nlayers:\n  - {kernel: \"1 0 1; 0 1 0; 1 0 1\", stride: 2, padding: 1, relu: true}\n  - {op: max-pool, pool_size: 2, stride: 1}\n", file: "s.yaml", in: .disk("."))
        #expect(stack.layerNames(1) == ["1 conv2d 3×3 stride 2 padding 1 ReLU", "1 conv2d 3×3", "1 conv2d", "1 conv", "1"])
        #expect(stack.layerNames(2).first == "2 max-pool 2 stride 1")
        #expect(StackText.summary("s", stack) == "The stack 's': input 5×5 · 1 conv2d 3×3 stride 2 padding 1 ReLU · 2 max-pool 2 stride 1; each layer's output is the next one's input.")
    }

    @Test func aStackStepperPlaysToUntilOnItsLastLayer() throws {
        let lesson = try step("  - stepper: {stack: two, until: {output: [0, 0, 1]}}\n").get()
        guard case .stepper(let s) = lesson.steps[1] else { Issue.record("not a stepper"); return }
        // 9 products an output: out(0,1) of the 3×3 output ends at step 18.
        #expect(s.stack != nil && s.untilStep == 17)
    }

    @Test func aPredictOnAStackAsksAboutItsLastLayer() throws {
        let lesson = try step("  - predict: {id: p, stack: two, output: [0, 0, 0], before_term: 1, ask: output}\n").get()
        guard case .predict(let p) = lesson.steps[1] else { Issue.record("not a predict"); return }
        // Layer 2's out(0,0) of this stack, as the lesson's `from: {stack: two}` gives it.
        #expect(p.answer == 32 && p.spec.input.shape == [1, 5, 5])
    }

    /// A known name in the wrong slot is named for what it is, not "unknown"; too few
    /// indices are counted, not called "outside".
    @Test func namesAndIndicesInTheWrongSlotSayWhatIsWrong() {
        #expect(step("  - stepper: {layer: two}\n").problems == ["13:22: 'two' is a stack, not a layer: use stack: two"])
        #expect(step("  - stepper: {stack: seed}\n").problems == ["13:22: 'seed' is a layer, not a stack: use layer: seed"])
        #expect(step("  - question: {id: q, prompt: P, kind: number, answer: 1, show: two}\n").problems == ["13:65: 'two' is a stack; show: takes a layer name"])
        #expect(step("  - stepper: {stack: two, follow: [1, 1]}\n").problems
            == ["13:35: output [1,1] has 2 indices, but the output of layer 2 of stack 'two' has shape [1,3,3]: give 3 ([c,i,j]: the channel too, even when there is one)"])
        #expect(step("  - question: {id: q, prompt: P, kind: number, from: {stack: two, layer: seed, value: rf}}\n").problems
            == ["13:74: layer in a stack reference counts the stack's layers from 1 (1 to 2), not a layer's name; got 'seed'"])
        #expect(step("  - question: {id: q, prompt: P, kind: number, from: {stack: two, value: \"output[1,1]\"}}\n").problems
            == ["13:74: output[1,1] has 2 indices, but the output of layer 2 of stack 'two' has shape [1,3,3]: give 3 ([c,i,j]: the channel too, even when there is one)"])
    }

    @Test func stackStepErrorsNameTheirPlace() {
        #expect(step("  - stepper: {stack: tow}\n").problems == ["13:22: unknown stack 'tow'; did you mean 'two'?"])
        #expect(step("  - stepper: {layer: seed, stack: two}\n").problems
            == ["13:28: a stepper step has both layer: and stack:; give one (a stack steps its last layer)"])
        #expect(step("  - stepper: {note: hi}\n").problems == ["13:14: a stepper step needs layer: NAME or stack: NAME"])
        #expect(step("  - stepper: {stack: two, wrt: weight}\n").problems
            == ["13:27: wrt: steps a layer's gradient; a stack is stepped forward only (use layer: with grad_output:)"])
        #expect(step("  - stepper: {stack: two, follow: [0, 3, 0]}\n").problems
            == ["13:35: output [0,3,0] is outside the output of layer 2 of stack 'two', whose shape is [1,3,3] (indices are 0-based, one per dimension)"])
        #expect(step("  - stepper: {stack: two, follow: [0, 0, 0], until: {step: 2}}\n").problems
            == ["13:27: follow: and until: together: follow: opens the output already followed back, until: plays the stepper to it; give one"])
        #expect(step("  - stepper: {layer: seed, follow: [0, 0, 0]}\n").problems
            == ["13:36: follow: follows a stack's output back to the input; this step steps a layer (use stack: NAME)"])
        #expect(step("  - stepper: {stack: two, until: {step: 82}}\n").problems
            == ["13:41: until step 82 is outside 1...81, the steps of layer 2 of stack 'two'"])
        #expect(step("  - predict: {id: p, stack: two, output: [0, 0, 0], before_term: 10, ask: output}\n").problems
            == ["13:66: before_term 10 is outside 1...9, the products of one output of layer 2 of stack 'two'"])
    }

    @Test func plainModePrintsTheFollowedField() throws {
        let text = try plainText("  - stepper:\n      stack: two\n      follow: [0, 0, 0]\n      plain_note: The field.\n")
        #expect(text.contains("The stack 'two': input 7×7 · 1 conv2d 3×3 · 2 conv2d 3×3"), "\(text)")
        // The field and one cell of margin, not the whole input.
        let grid = ["input rows 0–5, columns 0–5:", "  1 2 3 2 1 ·", "  2 4 6 4 2 ·", "  3 6 9 6 3 ·", "  2 4 6 4 2 ·", "  1 2 3 2 1 ·", "  · · · · · ·", "Field:"]
        #expect(text.contains(grid.joined(separator: "\n")), "\(text)")
        #expect(text.contains("Field: input rows 0–4, columns 0–4 (5×5), 81 paths in all."), "\(text)")
        #expect(text.contains("rf 5 · jump 1 · start 2: the 5×5 square centred at input (2,2)."), "\(text)")
        #expect(text.hasSuffix("The field.\n(press Enter)"), "\(text)")
    }

    /// A field in a large input prints its own rows, not the input's 60.
    @Test func plainModePrintsOnlyTheFieldOfALargeInput() throws {
        let big = (0..<60).map { _ in Array(repeating: "1", count: 60).joined(separator: " ") }.joined(separator: "; ")
        let head = Self.head.replacingOccurrences(of: "input: \"1 2 0 1 3 0 2; 0 1 3 2 1 1 0; 2 0 1 0 2 3 1; 1 3 2 1 0 1 2; 0 1 1 3 2 0 1; 3 2 0 1 1 2 0; 1 0 2 2 3 1 1\"", with: "input: \"\(big)\"")
        var session = LessonSession(lesson: try parse(head + "  - stepper: {stack: two, follow: [0, 30, 30]}\n").get(), progress: nil)
        _ = session.handle(LessonSession.Input(line: ""))
        let text = PlainLesson.text(of: session)
        #expect(text.contains("input rows 29–35, columns 29–35:") && text.split(separator: "\n").count < 20, "\(text)")
    }

    /// With padding, the counted field (2×2 at the corner) is smaller than the rf square (3×3):
    /// the line says where the rest is.
    @Test func plainModeSaysWhereTheRestOfTheSquareIs() throws {
        let head = Self.head.replacingOccurrences(of: "layers: [{kernel: \"1 0 1; 0 1 0; 1 0 1\"}, {kernel: \"0 1 0; 1 1 1; 0 1 0\"}]",
                                                  with: "layers: [{kernel: \"1 1 1; 1 1 1; 1 1 1\", padding: 1}]")
        var session = LessonSession(lesson: try parse(head + "  - stepper: {stack: two, follow: [0, 0, 0]}\n").get(), progress: nil)
        _ = session.handle(LessonSession.Input(line: ""))
        let text = PlainLesson.text(of: session)
        #expect(text.contains("(2×2)") && text.contains("the 3×3 square centred at input (0,0). The rest of it lies past the border, in the padding."), "\(text)")
    }

    @Test func plainModeStepsAStacksLastLayer() throws {
        let text = try plainText("  - stepper: {stack: two, until: {output: [0, 0, 0]}}\n")
        #expect(text.contains("Its last layer, 2 conv2d 3×3, stepped:\nThe layer: conv2d, input 1×5×5"), "\(text)")
        // Layer 1's 5 6 8 / 6 8 6 / 7 6 7 under the plus: 6 + 6 + 8 + 6 + 6.
        #expect(text.contains("= 32"), "\(text)")
    }
}
