import ConvKit
import LessonKit
import Testing
@testable import TutorUI

/// A lesson's stack stepper step (`stepper: {stack: NAME, follow: […]}`) hosts the stack's
/// screens where a layer step hosts the stepper: lesson 23 follows layer 2's out(0,0) back.
@Suite(.timeLimit(.minutes(10))) struct StackLessonScreenTests {
    static let lesson = BundledLessonScreenTests.lessons.first { $0.id == "receptive-field" }!

    /// The first followed stack step of a lesson (0-based).
    static func followedStep(_ lesson: Lesson) -> Int? {
        lesson.steps.firstIndex { step in
            guard case .stepper(let s) = step, case .stack(_, _, let following?) = s.stepped else { return false }
            return following >= 0
        }
    }

    @Test func lesson23ShowsLayerTwosFieldFollowedBack() throws {
        let step = try #require(Self.followedStep(Self.lesson), "lesson 23 follows a stack output back")
        for (size, name) in [(Size(width: 80, height: 24), "lesson-stack-follow"), (Size(width: 60, height: 16), "lesson-stack-follow-60x16")] {
            let app = BundledLessonScreenTests.open(Self.lesson, at: step, size)
            let text = app.view(size).text
            #expect(text.contains("output (0,0) of layer 2") && text.contains("field spans 5×5"), "\(size): \(text)")
            #expect(text.contains("rf 5 · jump 1 · start 2"), "\(size): \(text)")
            #expect(text.contains("u/Tab step again"), "\(size): \(text)")
            try expectGolden(name, text)
        }
        let size = Size(width: 80, height: 24)
        let ascii = Charset.$current.withValue(.ascii) { BundledLessonScreenTests.open(Self.lesson, at: step, size).view(size).text }
        let plain = ascii.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(plain, "\(ascii)")
        try expectGolden("lesson-stack-follow-ascii", ascii)
    }

    /// A stack predict's input is the layer before's output, and its panel says so.
    @Test func aStackPredictNamesItsInputAsTheLayerBeforesOutput() throws {
        let text = "id: t\ntitle: T\nsummary: S\ntopics: [receptive-field]\nstacks:\n  two:\n    input: \"1 2 0 1 3; 0 1 3 2 1; 2 0 1 0 2; 1 3 2 1 0; 0 1 1 3 2\"\n    layers: [{kernel: \"1 0; 0 1\"}, {kernel: \"0 1; 1 1\"}]\nsteps:\n  - predict: {id: p, stack: two, output: [0, 0, 0], before_term: 1, ask: output}\n"
        let screen = LessonScreen(lesson: try LessonReader.parse(text, file: "t.yaml").get(), progress: nil)
        #expect(screen.stepper?.inputWord == "layer 1 out")
    }

    @Test func uAndTabStepTheLastLayerAndFollowAgain() throws {
        let step = try #require(Self.followedStep(Self.lesson))
        let size = Size(width: 80, height: 24)
        var app = BundledLessonScreenTests.open(Self.lesson, at: step, size)
        _ = app.update(.char("u"))
        var text = app.view(size).text
        // Stepping layer 2, on the followed output's last product; Tab does not skip the step.
        #expect(app.screen?.stack?.isFollowing == false && text.contains("stepping layer 2") && text.contains("product 9 of 81"), "\(text)")
        _ = app.update(.tab)
        #expect(app.screen?.session.index == step && app.screen?.stack?.isFollowing == true)
        #expect(!app.view(size).text.contains("The note is about"), "the note names the output on show")
        _ = app.update(.right)
        text = app.view(size).text
        #expect(text.contains("output (0,1) of layer 2"), "\(text)")
        // The author's note names out(0,0); moved off it, the screen says so.
        #expect(text.contains("The note is about output (0,0) of layer 2. Enter continues."), "\(text)")
        _ = app.update(.left)
        #expect(!app.view(size).text.contains("The note is about"), "back on the note's output")
        _ = app.update(.right)
        _ = app.update(.enter)
        #expect(app.screen?.session.index == step + 1 && app.screen?.stack == nil)
    }

    /// The field shows path counts and the rf: a followed stack step comes after every exercise
    /// whose answer those numbers are (lesson 23's field width and path counts).
    @Test func aFollowedFieldGivesNoLaterAnswerAway() throws {
        var checked = 0
        for lesson in BundledLessonScreenTests.lessons {
            for (index, step) in lesson.steps.enumerated() {
                guard case .stepper(let s) = step, case .stack(_, let stack, let following?) = s.stepped else { continue }
                let n = stack.layers.count
                let cell = Tensor.unravel(following, stack.layers[n - 1].outputShape)
                let counts = try stack.pathCounts(layer: n, cell: cell)[0].filter { $0 > 1 }
                let field = try StackField(stack: stack)
                let shown = Set(counts + [Double(field.rows.rows[n].rf), Double(field.cols.rows[n].rf)])
                for later in lesson.steps[(index + 1)...] {
                    guard let e = later.exercise, case .number(let v, _) = e.expected else { continue }
                    #expect(!shown.contains(v), "\(lesson.id) step \(index + 1) shows \(v), the answer of the later '\(e.id)'")
                }
                checked += 1
            }
        }
        #expect(checked >= 1)
    }

    @Test func aDemoShowsTheFieldAndMovesOn() throws {
        let step = try #require(Self.followedStep(Self.lesson))
        let size = Size(width: 80, height: 24)
        var demo = DemoLesson(lesson: Self.lesson, stepsPerSecond: 1024, auto: true)
        _ = demo.update(.resize(size))
        for _ in 0..<20_000 where (demo.app.screen?.session.index ?? 0) < step { _ = demo.update(.tick) }
        #expect(demo.app.screen?.session.index == step)
        let text = demo.view(size).text
        #expect(text.contains("field spans 5×5") && text.contains("The 5×5 field of layer 2's out(0,0)"), "\(text)")
        for _ in 0..<20_000 where demo.app.screen?.session.index == step { _ = demo.update(.tick) }
        #expect(demo.app.screen?.session.index == step + 1, "the demo moves on from the field")
    }

    /// `stepper: {stack: NAME, until: …}` plays the stack's last layer to the output and hands
    /// over, under the stack's line; `?` lists u and Tab, and the help fits the smallest screen.
    @Test func aStackStepperPlaysItsLastLayerToUntil() throws {
        let yaml = """
            id: t
            title: T
            summary: S
            topics: [receptive-field]
            stacks:
              two:
                input: "1 2 0 1 3 0 2; 0 1 3 2 1 1 0; 2 0 1 0 2 3 1; 1 3 2 1 0 1 2; 0 1 1 3 2 0 1; 3 2 0 1 1 2 0; 1 0 2 2 3 1 1"
                layers: [{kernel: "1 0 1; 0 1 0; 1 0 1"}, {kernel: "0 1 0; 1 1 1; 0 1 0"}]
            steps:
              - stepper: {stack: two, until: {output: [0, 0, 1]}}
            """
        let lesson = try LessonReader.parse(yaml, file: "t.yaml").get()
        let size = Size(width: 80, height: 24)
        var app = LessonApp(lesson: lesson, progress: nil)
        _ = app.update(.resize(size))
        for _ in 0..<100 where app.screen?.stepper?.autoplay == true { _ = app.update(.tick) }
        let text = app.view(size).text
        #expect(app.screen?.stepper?.position == 17 && app.screen?.stack?.isFollowing == false, "\(text)")
        #expect(text.contains("stack · input 7×7 · 1 conv2d 3×3 · [2 conv2d 3×3]") && text.contains("product 18 of 81"), "\(text)")
        #expect(text.contains("u/Tab follow back"), "\(text)")
        let small = Size(width: 60, height: 16)
        _ = app.update(.resize(small))
        _ = app.update(.char("?"))
        let help = app.view(small).text
        #expect(help.contains("u Tab     follow the output back / step again") && help.contains("Any key closes this help."), "\(help)")
    }
}
