import ConvKit
import Foundation
import LessonKit
import Testing
@testable import TutorUI

@Suite(.timeLimit(.minutes(10))) struct DemoTests {
    func seed() throws -> StepperState {
        try StepperState(spec: LayerSpec(input: StepperScreenTests.seedInput, kernel: StepperScreenTests.seedKernel))
    }

    @Test func unattendedStepperLoopsAfterHoldingTheEnd() throws {
        var d = DemoStepper(try seed(), stepsPerSecond: 8, auto: true)
        #expect(d.tickInterval == 0.125)
        for _ in 0..<80 { _ = d.update(.tick) }
        #expect(d.stepper.position == 80)
        for _ in 0..<24 { _ = d.update(.tick) }   // three seconds at 8 per second
        #expect(d.stepper.position == 0, "starts over")
        _ = d.update(.char("+"))
        #expect(d.stepper.cellWidth == 3 && d.view(Size(width: 80, height: 24)).text.contains("DEMO"))
    }

    /// In edit mode the editor owns the keys: "-2" is a number, not a zoom out and a 2.
    @Test func editingInADemoTakesMinusAsASign() throws {
        var d = DemoStepper(try seed(), stepsPerSecond: 8, auto: false)
        let width = d.stepper.cellWidth
        for e: Event in [.char("e"), .char("-"), .char("2"), .enter] { _ = d.update(e) }
        #expect(d.stepper.spec.input.data[0] == -2 && d.stepper.cellWidth == width, "\(d.stepper.message ?? "")")
        #expect(!d.view(Size(width: 80, height: 24)).text.contains("DEMO"), "the editor's key lines are not covered")
    }

    /// A conv-transpose demo has both views, like `step`: `v` switches and the other one plays.
    @Test func transposedDemoSwitchesViews() throws {
        let spec = LayerSpec(op: .convTranspose, input: try GridText.parse("1 2; 3 4"), kernel: try GridText.parse("1 0 1; 0 1 0; 1 1 0"),
                             options: ConvOptions(stride: Pair(2, 2)))
        var d = DemoStepper(try StepperState(spec: spec), stepsPerSecond: 8, auto: false)
        let size = Size(width: 80, height: 24)
        #expect(d.view(size).text.contains("as a direct conv") && d.view(size).text.contains("v scatter"))
        _ = d.update(.char("v"))
        #expect(d.view(size).text.contains("scatter view") && d.view(size).text.contains("v direct"))
        _ = d.update(.tick)
        #expect(d.views?.scatter.position == 1, "the scatter view plays on")
        // The scatter view has no zoom: + and - are its own, and the hidden grids keep their size.
        let zoom = d.stepper.zoom
        for key in ["+", "=", "-", "_"] as [Character] { _ = d.update(.char(key)) }
        #expect(d.stepper.zoom == zoom, "zoom keys reached the hidden stepper")
        _ = d.update(.char("v"))
        #expect(d.view(size).text.contains("as a direct conv"))
    }

    /// A --cell-width that does not fit is named in the status line, and its message outlives
    /// the first autoplay ticks.
    @Test func clampedZoomStaysVisible() throws {
        var s = try seed()
        s.zoom = 12
        var d = DemoStepper(s, stepsPerSecond: 8, auto: true)
        let size = Size(width: 60, height: 16)
        _ = d.update(.resize(size))
        for _ in 0..<8 { _ = d.update(.tick) }
        #expect(d.view(size).text.contains("zoom 12 does not fit 60×16"))
        for _ in 0..<32 { _ = d.update(.tick) }
        let cells = d.stepper.cellWidth
        #expect(cells < 12 && d.view(size).text.contains("zoom \(cells) (12 too wide)"), "\(d.view(size).text)\n\(d.view(Size(width: 80, height: 24)).text)")
    }

    @Test func exitAtEndQuits() throws {
        var d = DemoStepper(try seed(), stepsPerSecond: 64, auto: true, exitAtEnd: true)
        var effect = Effect.none
        for _ in 0..<200 where effect == .none { effect = d.update(.tick) }
        #expect(effect == .quit && d.stepper.position == 80)
    }

    @Test func lessonDemoRevealsQuestionsOnSpace() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LessonKitTests/Fixtures/small-lesson.yaml").path
        let lesson = try LessonReader.load(path: path).get()
        var d = DemoLesson(lesson: lesson, stepsPerSecond: 4, auto: false)
        var revealed = false
        for _ in 0..<40 {
            if d.app.screen?.session.phase == .asking {
                _ = d.update(.char(" "))
                if case .answered = d.app.screen?.session.phase { revealed = true }
            } else if d.update(.char(" ")) == .quit {
                break
            }
            for _ in 0..<100 { _ = d.update(.tick) }
        }
        #expect(revealed, "a question shows its answer")
    }

    @Test func lessonDemoStepperTakesThePaceAndZoom() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LessonKitTests/Fixtures/small-lesson.yaml").path
        let lesson = try LessonReader.load(path: path).get()
        var d = DemoLesson(lesson: lesson, stepsPerSecond: 16, auto: false, cellWidth: 3)
        var presses = 0
        while d.app.screen?.stepper == nil, presses < 100, d.update(.char(" ")) != .quit { presses += 1 }
        let stepper = try #require(d.app.screen?.stepper)
        #expect(stepper.cellWidth == 3 && stepper.stepsPerSecond == 16)
        _ = d.update(.char("+"))
        #expect(d.app.screen?.stepper?.cellWidth == 4)
        _ = d.update(.char(">"))
        #expect(d.app.screen?.stepper?.stepsPerSecond == 32)
    }
}

@Suite struct RecordingThemeTests {
    /// Recordings follow the projector theme: plain text bold, dim text regular weight.
    @Test func projectorRecordingsAreBold() throws {
        var b = CellBuffer(Size(width: 10, height: 1))
        b.put("ab", x: 0, y: 0)
        b.put("cd", x: 3, y: 0, Style(.dim, [.dim]))
        let projector = AnsiFrames.encode(b, since: nil, projector: true)
        let standard = AnsiFrames.encode(b, since: nil)
        #expect(projector.contains("\u{1B}[0;1mab") && !projector.contains(";2m"))
        #expect(standard.contains("\u{1B}[0mab") && standard.contains("\u{1B}[0;2mcd"))
    }

    /// "All text bold" includes the reversed title bar, dim status lines and terms not reached yet.
    @Test func projectorBoldsTitleBarsAndDimText() throws {
        var b = CellBuffer(Size(width: 20, height: 2))
        b.header(" title", right: "x")
        b.put("later", x: 0, y: 1, Style(.dim))
        b.put("shade", x: 8, y: 1, Style(fg: .signed(3), bg: .signed(-3)))
        let projector = AnsiFrames.encode(b, since: nil, projector: true)
        #expect(projector.contains("\u{1B}[0;1;30;106m title") && projector.contains("\u{1B}[0;1mlater") && projector.contains("\u{1B}[0;1;38;5;"), "\(projector.debugDescription)")
        let standard = AnsiFrames.encode(b, since: nil)
        #expect(!standard.contains("\u{1B}[0;1;30;106m") && standard.contains("\u{1B}[0;2mlater"), "\(standard.debugDescription)")
    }
}

@Suite(.timeLimit(.minutes(10))) struct LessonDemoNavigationTests {
    func demo(auto: Bool) throws -> DemoLesson {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LessonKitTests/Fixtures/small-lesson.yaml").path
        return DemoLesson(lesson: try LessonReader.load(path: path).get(), stepsPerSecond: 64, auto: auto, exitAtEnd: true)
    }

    /// A teacher who went one screen too far comes back, even from a question waiting for its reveal.
    @Test func backspaceReturnsFromAQuestion() throws {
        var d = try demo(auto: false)
        for _ in 0..<500 where d.app.screen?.session.phase != .asking {
            _ = d.update(.char(" "))
            for _ in 0..<50 { _ = d.update(.tick) }   // lets a stepper on the way finish playing
        }
        let question = try #require(d.app.screen?.session.index)
        _ = d.update(.backspace)
        #expect(d.app.screen?.session.index == question - 1)
        // The step before is a stepper: it replays, arrows would step it, space moves on once it has played.
        for _ in 0..<200 { _ = d.update(.tick) }
        _ = d.update(.char(" "))
        #expect(d.app.screen?.session.index == question)
    }

    /// An unattended run ends on a summary that says the answers were shown, not skipped.
    @Test func finishedDemoSaysAnswersWereShown() throws {
        var d = try demo(auto: true)
        var effect = Effect.none
        var last = ""
        for _ in 0..<20_000 where effect == .none {
            if case .finished = d.app.screen?.session.phase { last = d.view(Size(width: 80, height: 24)).text }
            effect = d.update(.tick)
        }
        #expect(effect == .quit)
        #expect(last.contains("every answer shown") && last.contains("· shown"), "\(last)")
        #expect(!last.contains("skipped") && !last.contains("0 of"))
    }

    /// Nothing is typed in a demo: the prompt says what space does, and a grid answer is shown as a grid.
    @Test func gridQuestionsRevealAGrid() throws {
        var d = try demo(auto: false)
        for _ in 0..<500 where d.app.screen?.session.exercise?.id != "grid" {
            _ = d.update(.char(" "))
            for _ in 0..<50 { _ = d.update(.tick) }
        }
        let size = Size(width: 80, height: 24)
        let asking = d.view(size).text
        #expect(asking.contains("space shows the answer") && !asking.contains("type row") && !asking.contains("\n > "), "\(asking)")
        _ = d.update(.char(" "))
        let revealed = d.view(size).text
        #expect(revealed.contains("The answer:\n    4 3 4\n    2 4 3\n    2 3 4"), "\(revealed)")
    }

    @Test func keyLineKeepsQuitAtSixtyColumns() throws {
        let d = try demo(auto: false)
        let line = d.view(Size(width: 60, height: 16)).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.contains("q quit") && line.contains("Bksp back"), "\(line)")
    }
}

/// A demo is watched by a room: no screen of any bundled lesson tells it to type or press keys
/// the demo does not use (its own banner says space).
@Suite(.timeLimit(.minutes(10))) struct DemoWordingTests {
    /// Words that only instruct someone at the keyboard: pressing or typing anything, a key
    /// named Enter, a turn. (The demo banner's own "space" is the presenter's key.)
    static let learnerOnly = #"\b([Pp]ress(es)?|[Tt]ype[sd]?|[Tt]yping|Enter|[Yy]our turn|at your pace|your (grid|answer))\b"#

    /// The first instruction word in `text`, if any.
    static func instruction(in text: String) -> String? {
        text.range(of: learnerOnly, options: .regularExpression).map { String(text[$0]) }
    }

    @Test(arguments: [false, true]) func noScreenTellsTheRoomToType(auto: Bool) throws {
        for lesson in BundledLessonScreenTests.lessons {
            // Each size pages its text differently: every page of each is seen.
            for size in [Size(width: 80, height: 24), Size(width: 60, height: 16)] {
                var d = DemoLesson(lesson: lesson, stepsPerSecond: 64, auto: auto, exitAtEnd: true)
                _ = d.update(.resize(size))
                var effect = Effect.none
                for _ in 0..<4000 where effect == .none {
                    let text = d.view(size).text
                    let word = Self.instruction(in: text)
                    #expect(word == nil, "\(lesson.id) step \((d.app.screen?.session.index ?? -1) + 1) at \(size.width)×\(size.height) says \(word ?? ""):\n\(text)")
                    effect = auto ? d.update(.tick) : d.update(.char(" "))
                    if !auto { for _ in 0..<40 { _ = d.update(.tick) } }
                }
                #expect(effect == .quit, "\(lesson.id) ends")
            }
        }
    }
}

/// An unattended demo stays on a text page as long as that page takes to read, not the whole text.
@Suite(.timeLimit(.minutes(10))) struct DemoPageTimingTests {
    @Test func aShortPageIsShownForLessTime() throws {
        let lesson = try #require(BundledLessonScreenTests.lessons.first { $0.id == "sliding-window" })
        let size = Size(width: 60, height: 16)
        var d = DemoLesson(lesson: lesson, stepsPerSecond: 4, auto: true)
        _ = d.update(.resize(size))
        #expect(d.view(size).text.contains("more on the next page in a moment"), "space would pause, not turn the page")
        var ticks = [0, 0]
        for _ in 0..<10_000 {
            guard let s = d.app.screen, s.session.index == 0 else { break }
            ticks[min(s.page, 1)] += 1
            _ = d.update(.tick)
        }
        #expect(d.app.screen?.session.index == 1, "the demo moved on")
        #expect(ticks[1] > 0 && ticks[1] < ticks[0], "the grid page holds fewer words than the prose page: \(ticks)")
    }
}
