import ConvKit
import Foundation
@testable import LessonKit
import Testing
@testable import TutorUI

/// Once a prediction is answered its stepper may be stepped, but only through the output it
/// asked about: later outputs are what the questions after it ask for.
@Suite(.timeLimit(.minutes(10))) struct AnsweredPredictTests {
    /// A bundled lesson opened at a predict step: the app, where it is (for messages), its screen and stepper.
    static func opened(_ lesson: Lesson, at index: Int, _ size: Size) throws -> (app: LessonApp, place: String, screen: LessonScreen, stepper: StepperState) {
        let app = BundledLessonScreenTests.open(lesson, at: index, size)
        let place = "\(lesson.id) step \(index + 1) at \(size.width)×\(size.height)"
        let screen = try #require(app.screen, "\(place)")
        return (app, place, screen, try #require(screen.stepper, "\(place)"))
    }

    static func answer(_ p: PredictStep, _ app: inout LessonApp) {
        for e in Array(Answers.text(p.exercise.expected)).map({ Event.char($0) }) + [.enter] { _ = app.update(e) }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func theStepperStaysOnTheOutputAskedAbout(_ size: Size) throws {
        for (lesson, index, p) in PredictConcealmentTests.predicts {
            var app = BundledLessonScreenTests.open(lesson, at: index, size)
            Self.answer(p, &app)
            let place = "\(lesson.id) step \(index + 1) at \(size.width)×\(size.height)"
            let trace = try #require(app.screen?.stepper?.trace, "\(place)")
            let first = trace.firstStep(ofOutput: p.outputFlat), last = trace.lastStep(ofOutput: p.outputFlat)
            let keys: [Event] = [.right, .right, .end, .char("G"), .down, .down, .char("]"), .char("["), .char("n"), .char("j"), .char("l"),
                                 .home, .char("g"), .left, .up, .char("k"), .char("p"), .char("r"), .char("o"), .char(" "), .tick, .tick]
            for key in keys {
                _ = app.update(key)
                let s = try #require(app.screen?.stepper, "\(place)")
                #expect((first...last).contains(s.position), "\(place): \(key) moved to product \(s.position + 1), out of \(first + 1)–\(last + 1)")
                // Past either end, the status line says why it stops.
                let past = key == .end && last < trace.count - 1 || key == .home && first > 0
                let hosted = try LessonLayout(#require(app.screen), size).stepperRows > 0
                if past && hosted { #expect(app.view(size).text.contains(p.outputLabel + ", the output predicted"), "\(place): \(key)") }
            }
            // Within the output it still steps.
            _ = app.update(.home)
            #expect(app.screen?.stepper?.position == first, "\(place)")
            _ = app.update(.right)
            #expect(app.screen?.stepper?.position == min(first + 1, last), "\(place)")
        }
    }
}

/// A waiting prediction shows the grids where the learner's work starts: the input channel and
/// kernel slice of the first hidden product, not those of the last product shown.
@Suite(.timeLimit(.minutes(10))) struct PredictChannelTests {
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func theGridsShowTheFirstHiddenProductsChannel(_ size: Size) throws {
        var crossing = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts where p.beforeTerm > 1 {
            let (_, place, screen, stepper) = try AnsweredPredictTests.opened(lesson, at: index, size)
            guard case .conv(let c) = stepper.layer, !stepper.isIm2col else { continue }
            let first = stepper.trace.firstStep(ofOutput: p.outputFlat)
            let want = stepper.trace[first + p.beforeTerm - 1].term.window[0]
            // Only where product K starts a new channel does the last product shown point elsewhere.
            guard want != stepper.step.term.window[0] else { continue }
            let layout = LessonLayout(screen, size)
            guard layout.stepperRows > 0 else { continue }
            crossing += 1
            let panels = StepperLayout(stepper, layout.stepperSize).panels
            let inputs = panels.filter { $0.kind == .input }.map(\.panel.title)
            #expect(inputs.contains(stepper.inputPanel(c, channel: want).title), "\(place): input grids \(inputs), want channel \(want)")
            let kernels = panels.filter { $0.kind == .kernel || $0.kind == .usedKernel }.map(\.panel.title)
            let g = want - c.firstInputChannel(of: stepper.step.output[0])
            #expect(kernels.contains { $0.hasSuffix("ch \(g)") || $0.hasSuffix("ch \(want)") || $0.contains("ch \(g) ") || $0.contains("ch \(want) ") },
                    "\(place): kernel grids \(kernels), want the slice for channel \(want)")
        }
        #expect(crossing > 0, "a prediction whose hidden products start in a new channel")
    }
}

/// A prediction of a whole output, asked before its first product, never claims that product
/// is on show: the counters say "before product 1".
@Suite(.timeLimit(.minutes(10))) struct PredictCounterTests {
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func aWholeOutputPredictionStandsBeforeItsFirstProduct(_ size: Size) throws {
        var checked = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts {
            var (app, place, screen, stepper) = try AnsweredPredictTests.opened(lesson, at: index, size)
            guard LessonLayout(screen, size).stepperRows > 0 else { continue }
            let rows = app.view(size).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let header = rows[0], status = rows.first { $0.hasPrefix(" output ") } ?? ""
            let n = stepper.position + 1, term = stepper.step.termIndex + 1
            if p.beforeTerm == 1 {
                checked += 1
                #expect(header.hasSuffix("before \(stepper.termWord) \(n) of \(stepper.trace.count)"), "\(place): \(header)")
                #expect(status.isEmpty || status.contains("before \(stepper.termWord) \(term)/"), "\(place): \(status)")
            } else {
                #expect(header.hasSuffix(" \(stepper.termWord) \(n) of \(stepper.trace.count)") && !header.contains("before"), "\(place): \(header)")
            }
            // Answered, the product shown is counted as usual.
            AnsweredPredictTests.answer(p, &app)
            #expect(!app.view(size).text.contains("before \(stepper.termWord)"), "\(place)")
        }
        #expect(checked > 0, "a prediction of a whole output")
    }
}

/// A screen too short for the stepper shows a prediction as text: it sends the learner to the
/// grids only when it shows them.
@Suite(.timeLimit(.minutes(10))) struct PredictFallbackTests {
    static func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test(arguments: [Size(width: 60, height: 16), Size(width: 60, height: 14), Size(width: 80, height: 14)])
    func theTextFallbackNamesOnlyGridsItShows(_ size: Size) throws {
        var fallbacks = 0, said = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts {
            var app = BundledLessonScreenTests.open(lesson, at: index, size)
            app.saved(.failed("disk full"), lesson: lesson.id)
            for e in Array("12345").map({ Event.char($0) }) + [.enter, .tab] { _ = app.update(e) }
            let screen = try #require(app.screen)
            guard LessonLayout(screen, size, warning: app.warning).stepperTooShort else { continue }
            fallbacks += 1
            let text = Self.words(app.view(size).text), place = "\(lesson.id) step \(index + 1) at \(size.width)×\(size.height)"
            let grids = Self.words(TraceText.showcase(p.spec, width: size.width - 4).prefix(2).joined(separator: " "))
            if text.contains(Self.words(p.work)) {
                #expect(text.contains(grids), "\(place): sends the learner to grids it does not show\n\(text)")
            } else if text.contains(Self.words(p.work(findingIn: "in the grids a taller window shows"))) {
                said += 1
            }
        }
        #expect(fallbacks > 0 && (size.height < 16 || said > 0), "\(said) of \(fallbacks) fallbacks say where the grids are")
    }
}

/// Hints under a waiting prediction give way to the grids its work is found in: the older ones
/// first (a line says they are hidden); the newest hint and the answer line always stay.
@Suite(.timeLimit(.minutes(10))) struct PredictHintRoomTests {
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func olderHintsGiveWayToTheGrids(_ size: Size) throws {
        var crowded = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts where p.exercise.hints.count >= 2 {
            var app = BundledLessonScreenTests.open(lesson, at: index, size)
            let place = "\(lesson.id) step \(index + 1) at \(size.width)×\(size.height)"
            let bare = try #require(app.screen.map { LessonLayout($0, size) })
            let wholeBare = try #require(app.screen?.stepper).map { StepperLayout($0, bare.stepperSize).whole } ?? false
            for _ in 0..<3 { _ = app.update(.tab) }
            let screen = try #require(app.screen)
            let layout = LessonLayout(screen, size)
            guard layout.stepperRows > 0, let stepper = screen.stepper else { continue }
            let text = app.view(size).text
            let shownHints = layout.panel.filter { $0.text.hasPrefix("Hint ") }.count
            let newest = try #require(screen.hintLines.last?.text)
            #expect(layout.panel.contains { newest.hasPrefix($0.text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "…", with: "")) }, "\(place): the newest hint\n\(text)")
            #expect(layout.panel.last?.kind == .input, "\(place): the answer line")
            let whole = StepperLayout(stepper, layout.stepperSize).whole
            #expect(whole || !wholeBare || shownHints == 1, "\(place): grids cut while \(shownHints) hints show\n\(text)")
            if shownHints < screen.hintLines.count {
                crowded += 1
                #expect(text.contains("earlier hint"), "\(place): hidden hints are not mentioned\n\(text)")
            }
        }
        #expect(size.height < 24 || crowded > 0, "some prediction's hints had to give way")
    }
}

/// A wrapped equation keeps its lines together, the running sums after them (each row under the
/// columns of its line), never one sums row between two lines of terms.
@Suite(.timeLimit(.minutes(10))) struct WrappedEquationTests {
    @Test func theEquationsLinesStayTogether() throws {
        var wrapped = 0
        for lesson in BundledLessonScreenTests.lessons {
            for step in lesson.steps {
                let spec: LayerSpec
                switch step {
                case .stepper(let s): spec = s.spec
                case .predict(let p): spec = p.spec
                default: continue
                }
                var s = try StepperState(spec: spec)
                s.position = s.trace.termsPerOutput - 1
                for size in [Size(width: 60, height: 30), Size(width: 70, height: 30), Size(width: 80, height: 40)] {
                    s.size = size
                    guard let lines = StepperLayout(s, size).equation, lines.count > 1 else { continue }
                    wrapped += 1
                    let rows = s.view(size).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    // A forward equation starts `out(0,1) = `, a gradient's `dW[0,0,1,2] = `.
                    let top = try #require(rows.firstIndex { row in
                        let t = row.trimmingCharacters(in: .whitespaces)
                        // Not the gradient's sentence, `dW[0,0,1,2] = Σ over outputs dY·x`.
                        return ["out(", "dW[", "dX[", "db["].contains { t.hasPrefix($0) } && (t.contains(") = ") || t.contains("] = ")) && !t.contains("Σ")
                    }, "\(lesson.id)")
                    let label = try #require(rows.firstIndex { $0.hasPrefix(" running sum") }, "\(lesson.id)")
                    #expect(label == top + lines.count, "\(lesson.id) at \(size.width)×\(size.height)\n\(rows.joined(separator: "\n"))")
                }
            }
        }
        #expect(wrapped > 0, "an equation that wraps")
    }
}

/// Student QA: a stepper step right before a prediction invited "step with ← → ↓ ↑", and one ↓
/// showed the very output the prediction asks for. A stepper step stops just before the first
/// product a later, unanswered prediction on the same layer hides (its own `until` still shows).
@Suite(.timeLimit(.minutes(10))) struct StepperBeforePredictTests {
    @Test func noStepperStepShowsWhatALaterPredictionHides() throws {
        let size = Size(width: 80, height: 24)
        var checked = 0, questions = 0
        for lesson in PredictConcealmentTests.lessons {
            for (index, step) in lesson.steps.enumerated() {
                guard case .stepper(let st) = step else { continue }
                let hidden = lesson.steps[(index + 1)...].compactMap { later -> PredictStep? in
                    if case .predict(let p) = later, p.spec == st.spec { return p }
                    return nil
                }
                // Student QA r25: a question's answer (`from:` a cell, or the whole output) was
                // one End away on the stepper before it.
                let asked = lesson.steps[(index + 1)...].compactMap { later -> AskedCells? in
                    if case .question(let q) = later, let a = q.asks, a.spec == st.spec { return a }
                    return nil
                }
                guard !hidden.isEmpty || !asked.isEmpty else { continue }
                var app = BundledLessonScreenTests.open(lesson, at: index, size)
                let place = "\(lesson.id) step \(index + 1)"
                let trace = try #require(app.screen?.stepper?.trace, "\(place)")
                let firstHidden = (hidden.map { trace.firstStep(ofOutput: $0.outputFlat) + $0.beforeTerm - 1 }
                    + asked.map { a in a.cells.map { $0.map { trace.firstStep(ofOutput: $0) }.min() ?? 0 } ?? 0 }).min() ?? 0
                if !asked.isEmpty { questions += 1 }
                let limit = max(0, firstHidden - 1, st.untilStep ?? 0)
                for key: Event in [.tick, .tick, .tick, .right, .down, .down, .end, .char("G"), .char("]"), .char("n"), .char(" "), .tick, .tick] {
                    _ = app.update(key)
                    let position = try #require(app.screen?.stepper?.position, "\(place)")
                    #expect(position <= limit, "\(place): \(key) showed product \(position + 1), past \(limit + 1)")
                }
                checked += 1
            }
        }
        #expect(checked >= 10, "the bundled lessons have a stepper before a prediction on the same layer in most lessons")
        #expect(questions >= 9, "and before a question on its layer's output in nine places (\(questions))")
    }

    /// What a question's `from:` asks of a layer, as a stepper walks it: one cell, every cell,
    /// a gradient's cell, or nothing a stepper shows as a cell (a count).
    @Test func aQuestionNamesTheCellsItAsks() throws {
        let text = """
            id: t
            title: T
            summary: S
            topics: [conv2d]
            layers:
              a: {input: "1 2 3; 4 5 6; 7 8 9", kernel: "1 0; 0 1", grad_output: "1 0; 0 1"}
            steps:
              - question: {id: one, prompt: P, kind: number, from: {layer: a, value: "output[0,1,0]"}}
              - question: {id: all, prompt: P, kind: grid, from: {layer: a, value: output}}
              - question: {id: dw, prompt: P, kind: number, from: {layer: a, value: "grad_weight[0,0,1,1]"}}
              - question: {id: n, prompt: P, kind: number, from: {layer: a, value: terms}}
              - question: {id: lit, prompt: P, kind: number, answer: 4}
            """
        let lesson = try LessonReader.parse(text, file: "t.yaml").get()
        let asks = lesson.steps.map { step -> AskedCells? in
            guard case .question(let q) = step else { return nil }
            return q.asks
        }
        #expect(asks.map { $0?.cells } == [[2], nil, [3], nil, nil])
        #expect(asks[0]?.spec.gradient == nil && asks[1] != nil && asks[2]?.spec.gradient?.wrt == .weight)
        #expect(asks[3] == nil && asks[4] == nil)
    }
}

/// Hostile QA F19 and student QA: while a prediction waits, the input grid marked the whole
/// window (so a dilated footprint was given away) and the output cell showed the partial sum as
/// if it were the value. Only the cells of products on show are marked; the cell reads "?".
@Suite(.timeLimit(.minutes(10))) struct PredictWindowTests {
    @Test func onlyTheCellsOfProductsOnShowAreMarked() throws {
        var checked = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts {
            let (_, place, _, stepper) = try AnsweredPredictTests.opened(lesson, at: index, Size(width: 80, height: 24))
            // The forward panels (a gradient predict marks its own, see GradientScreenTests).
            guard case .conv(let c) = stepper.layer, !stepper.isIm2col, stepper.equivalent == nil, p.spec.gradient == nil else { continue }
            let first = stepper.trace.firstStep(ofOutput: p.outputFlat)
            for t in 0..<stepper.trace.termsPerOutput {
                let w = stepper.trace[first + t].term.window
                let panel = stepper.inputPanel(c, channel: w[0])
                let style = panel.cell(w[1], w[2]).style
                let marked = style == .window || style == Style(.window, [.reverse, .dim]) || style == .current
                #expect(marked == (t < p.beforeTerm - 1), "\(place): product \(t + 1) is \(marked ? "" : "not ")marked")
            }
            let out = stepper.outputPanel(rows: c.outHeight, cols: c.outWidth, plane: p.output[0], title: "")
            let cell = p.outputFlat % (c.outHeight * c.outWidth)
            guard case .text("?") = out.cell(cell / c.outWidth, cell % c.outWidth).text else { Issue.record("\(place): the asked cell is not ?"); continue }
            checked += 1
        }
        #expect(checked >= 10)
    }
}

/// Hostile QA F11: a 20,000-character paste into an answer froze the screen for most of a
/// minute (laid out again per character). The field stops at its limit and says so.
@Suite(.timeLimit(.minutes(10))) struct LongAnswerTests {
    @Test func aLongPasteStopsAtTheLimit() throws {
        let (lesson, index, _) = try #require(PredictConcealmentTests.predicts.first)
        var app = BundledLessonScreenTests.open(lesson, at: index, Size(width: 80, height: 24))
        for _ in 0..<(LessonScreen.longestAnswer + 50) { _ = app.update(.char("9")) }
        #expect(app.screen?.input.count == LessonScreen.longestAnswer)
        #expect(app.view(Size(width: 80, height: 24)).text.contains("An answer is at most \(LessonScreen.longestAnswer) characters"))
        _ = app.update(.backspace)
        _ = app.update(.char("1"))
        #expect(app.screen?.input.hasSuffix("91") == true, "editing goes on below the limit")
    }
}

/// Student QA r25: at 80 columns a stride-2, dilation-2 prediction's status line dropped
/// "dilation 2" ("before product 1/9" is longer than "product 4/9") just while the learner
/// worked out which cells the kernel lands on. The pace gives way before any option.
@Suite(.timeLimit(.minutes(10))) struct PredictStatusOptionsTests {
    @Test func aPredictionNamesTheOptionsThatChangeItsAnswer() throws {
        var checked = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts where p.spec.gradient == nil {
            let o = p.spec.options
            let wanted = (o.dilation != .one ? ["dilation \(o.dilation)"] : []) + (o.stride != .one ? ["stride \(o.stride)"] : [])
            guard !wanted.isEmpty else { continue }
            let (_, place, _, stepper) = try AnsweredPredictTests.opened(lesson, at: index, Size(width: 80, height: 24))
            let rows = stepper.view(stepper.size).text.split(separator: "\n", omittingEmptySubsequences: false)
            let status = rows.count >= 3 ? String(rows[rows.count - 3]) : ""
            #expect(wanted.allSatisfy(status.contains), "\(place): \(status)")
            checked += 1
        }
        #expect(checked >= 5)
    }
}

/// Student QA r25: at 60×16 a panned 4×4 input's title read "input ch  ▴": the pan mark took the
/// channel number's place. Narrow, the word gives way and the channel stays.
@Suite(.timeLimit(.minutes(10))) struct PannedChannelTitleTests {
    @Test func aPannedInputKeepsItsChannelNumber() throws {
        var checked = 0
        for (lesson, index, p) in PredictConcealmentTests.predicts where p.spec.input.rank == 3 && p.spec.input.shape[0] > 1 && p.spec.gradient == nil {
            for size in [Size(width: 60, height: 16), Size(width: 80, height: 24)] {
                var (app, place, _, _) = try AnsweredPredictTests.opened(lesson, at: index, size)
                for answered in [false, true] {
                    if answered { AnsweredPredictTests.answer(p, &app) }
                    let text = app.view(size).text
                    #expect(!text.contains(/ch +[◂▸▴▾]/), "\(place), answered: \(answered)\n\(text)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 8)
    }
}
