import ConvKit
import Foundation
import LessonKit
import Testing
@testable import TutorUI

/// The lessons full-screen: menu, text, question, stepper and predict steps, driven by events.
@Suite struct LessonAppTests {
    static let yaml = """
        id: ui-lesson
        title: A lesson for the screen tests
        summary: One step of each kind on the seed example, to see every screen.
        topics: [conv2d]
        layers:
          seed: {}
        steps:
          - text: |
              A *kernel* is a small grid of weights. It slides over the input and, at every
              place, multiplies the numbers that overlap and adds the products up.

                1 0 1
                0 1 0
                1 0 1

              That X is the kernel of the first example.
          - question:
              id: first
              prompt: What is the top-left output value?
              kind: number
              from: {layer: seed, value: "output[0,0,0]"}
              hints: ["Five weights are 1.", "Four of them meet a 1."]
              explain: Four of the five cells under the X hold a 1.
          - stepper:
              layer: seed
              until: {output: [0, 0, 0]}
              note: Watch the running sum.
          - predict:
              id: guess
              layer: seed
              output: [0, 0, 1]
              before_term: 9
              ask: sum
          - question:
              id: pick
              prompt: Which operation do CNN layers compute?
              kind: choice
              choices: [true convolution, cross-correlation]
              answer: 2
        """
    static let lesson = try! LessonReader.parse(yaml, file: "ui.yaml").get()
    let size = Size(width: 80, height: 24)

    func press(_ app: inout LessonApp, _ events: [Event]) -> Effect {
        var last = Effect.none
        for e in events { last = app.update(e) }
        return last
    }

    func type(_ text: String) -> [Event] { text.map { .char($0) } + [.enter] }

    @Test func menuMarksDoneAndInProgressLessons() throws {
        var done = LessonProgress()
        done.done = true
        var started = LessonProgress()
        started.step = 2
        let other = try LessonReader.parse(Self.yaml.replacingOccurrences(of: "id: ui-lesson", with: "id: second"), file: "b.yaml").get()
        let third = try LessonReader.parse(Self.yaml.replacingOccurrences(of: "id: ui-lesson", with: "id: third"), file: "c.yaml").get()
        var app = LessonApp(menu: [.init(lesson: Self.lesson, progress: done), .init(lesson: other, progress: started), .init(lesson: third, progress: nil)])
        #expect(app.cursor == 1, "the menu opens on the first lesson not done")
        try expectGolden("lesson-menu", app.view(size).text)
        _ = press(&app, [.enter])
        #expect(app.screen?.session.index == 2, "an in-progress lesson resumes")
        _ = press(&app, [.char("q")])
        #expect(app.screen == nil, "q in a lesson goes back to the menu")
        #expect(press(&app, [.char("q")]) == .quit)
    }

    @Test func textStepsWrapAndEmphasise() throws {
        let app = LessonApp(lesson: Self.lesson, progress: nil)
        let b = app.view(size)
        try expectGolden("lesson-text", b.text)
        let row = b.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("kernel is a small") }!
        #expect(b[4, row].style.attributes.contains(.bold), "*kernel* is emphasised")
        #expect(!b.text.contains("*"))
    }

    @Test func aQuestionWrongThenHintThenRight() throws {
        var app = LessonApp(lesson: Self.lesson, progress: nil)
        _ = press(&app, [.enter])
        let before = app.revision
        _ = press(&app, type("5"))
        #expect(app.revision == before + 1, "a wrong answer is progress to save")
        var screen = app.view(size).text
        #expect(screen.contains("✗ Not quite.\n  Hint 1 of 2: Five weights are 1."))
        _ = press(&app, [.tab])
        #expect(app.view(size).text.contains("Hint 2 of 2: Four of them meet a 1."))
        _ = press(&app, Array("4x".map { Event.char($0) }) + [.backspace])
        try expectGolden("lesson-question-typing", app.view(size).text)
        _ = press(&app, [.enter])
        screen = app.view(size).text
        #expect(screen.contains("✓ Correct.\n  Four of the five cells under the X hold a 1."))
        #expect(app.changed?.progress.exercises["first"]?.solved == true)
        #expect(app.changed?.progress.exercises["first"]?.attempts == 2)
        #expect(app.changed?.progress.step == 2, "resuming starts after an answered question")
    }

    @Test func typedWordsWorkLikePlainMode() throws {
        var app = LessonApp(lesson: Self.lesson, progress: nil)
        _ = press(&app, [.enter] + type("hint"))
        #expect(app.view(size).text.contains("Hint 1 of 2"))
        _ = press(&app, type("skip"))
        #expect(app.view(size).text.contains("The answer: 4"))
        _ = press(&app, [.backspace])
        #expect(app.screen?.session.index == 0, "once answered, Backspace goes back")
        #expect(press(&app, type("") + type("quit")) == .quit)
    }

    @Test func stepperStepsAutoplayToTheirTargetThenHandOver() throws {
        var p = LessonProgress()
        p.step = 2
        var app = LessonApp(lesson: Self.lesson, progress: p)
        #expect(app.tickInterval != nil, "autoplay runs towards until")
        _ = press(&app, Array(repeating: .tick, count: 20))
        #expect(app.screen?.stepper?.position == 8)
        #expect(app.tickInterval == nil)
        let screen = app.view(size).text
        #expect(screen.contains("out(0,0) = 1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4"))
        #expect(screen.contains(" Watch the running sum.\n Your turn: step with ← → ↓ ↑, or press Enter to continue.\n lesson step 3 of 5 · Enter continue"))
        _ = press(&app, [.right])
        #expect(app.screen?.stepper?.position == 9, "arrows drive the embedded stepper")
        _ = press(&app, [.enter])
        #expect(app.screen?.session.index == 3)
    }

    @Test func predictionsFreezeTheStepperUntilAnswered() throws {
        var p = LessonProgress()
        p.step = 3
        var app = LessonApp(lesson: Self.lesson, progress: p)
        let paused = try #require(app.screen?.stepper?.position)
        #expect(paused == 16, "products 1–8 of output (0,0,1) are shown")
        _ = press(&app, [.right, .end])
        #expect(app.screen?.stepper?.position == 16, "no peeking: keys go to the answer line")
        #expect(app.screen?.input == "")
        _ = press(&app, type("3"))
        #expect(app.screen?.stepper?.position == 17, "the answer is revealed on the stepper")
        #expect(app.view(size).text.contains("✓ Correct."))
    }

    @Test func finishingShowsTheSummaryAndLeaves() throws {
        var p = LessonProgress()
        p.step = 4
        var app = LessonApp(lesson: Self.lesson, progress: p)
        _ = press(&app, type("2") + [.enter])
        #expect(app.screen?.session.isFinished == true)
        #expect(app.changed?.progress.done == true)
        try expectGolden("lesson-finished", app.view(size).text)
        #expect(press(&app, [.enter]) == .quit)
    }

    @Test func longTextIsShownAPageAtATime() throws {
        let long = Self.yaml.replacingOccurrences(of: "That X is the kernel of the first example.", with: (1...30).map { "Line \($0) of a long story." }.joined(separator: "\n\n      "))
        var app = LessonApp(lesson: try LessonReader.parse(long, file: "long.yaml").get(), progress: nil)
        let small = Size(width: 60, height: 16)
        _ = app.update(.resize(small))
        #expect(app.view(small).text.contains("more: Enter for the next page"))
        var pages = 1
        while app.screen?.session.index == 0 && pages < 50 {
            _ = app.update(.enter)
            pages += 1
        }
        #expect(pages > 3, "the text took several pages")
        _ = app.update(.pageUp)
        #expect(app.screen?.session.index == 0, "Page Up goes back even while an answer is being typed")
        #expect(app.screen?.page == 0)
    }

    @Test func helpAndTooSmall() throws {
        var app = LessonApp(lesson: Self.lesson, progress: nil)
        _ = press(&app, [.char("?")])
        #expect(app.view(size).text.contains("Any key closes this help."))
        _ = press(&app, [.char("x")])
        #expect(!app.showHelp)
        #expect(app.view(Size(width: 40, height: 10)).text.contains("Terminal too small"))
    }
}

@Suite struct TextLayoutTests {
    @Test func listItemsStartNewLines() {
        let lines = TextLayout.lines("Steps:\n1. Lay the kernel.\n2. Multiply.\n- and add\nplain text", width: 70)
        let text = lines.map { $0.map(\.text).joined() }
        #expect(text == ["Steps:", "1. Lay the kernel.", "2. Multiply.", "- and add plain text"])
    }
}
