import ConvKit
import Foundation
@testable import LessonKit
import Testing
@testable import TutorUI

/// Issue 14: while a prediction waits, nothing still to come is shown. For every predict step of
/// every bundled lesson, in plain mode and on the full screen at 80×24 and 60×16, products 1 to
/// K − 1 show and no factor of product K onwards does; once answered, everything shows.
@Suite(.timeLimit(.minutes(10))) struct PredictConcealmentTests {
    static let lessons = BundledLessonScreenTests.lessons

    /// Every predict step: the lesson, the step's index and the step.
    static var predicts: [(lesson: Lesson, index: Int, step: PredictStep)] {
        lessons.flatMap { l in l.steps.indices.compactMap { i in if case .predict(let p) = l.steps[i] { (l, i, p) } else { nil } } }
    }

    /// Product tokens such as `1·0`, `(-1)·2` or a padding copy's `1(copy of (0,5))·(-1)` in a
    /// text (not a formula's `x·w` or `dY·x`, which hold no number, nor `?·?`).
    static func products(_ text: String) -> [String] {
        let found = text.matches(of: /(?:[^\s+=]+?\(copy of \([^)]*\)\)|[^\s+=]+)·[^\s+=]+/).map { String($0.output) }
        return found.filter { $0.contains(where: \.isNumber) && !$0.contains("?") }
    }

    /// The terms and running values a written-out unfinished output shows, as plain mode writes
    /// it: `out(1,0) = max(0, 5, …) (2 of 4 taps so far)` or `9·0 + 1·2 + … (2 of 9 products so
    /// far)`, then `  running max: 0 5`. A pool's taps hold no `·`, so they are counted here.
    static func written(_ text: String, upTo k: Int, of n: Int, _ word: String) -> (terms: Int, running: Int)? {
        let lines = text.split(separator: "\n").map(String.init)
        let tail = " (\(k) of \(n.counting(word)) so far)"
        guard let i = lines.firstIndex(where: { $0.hasSuffix(tail) }), i + 1 < lines.count,
              let eq = lines[i].dropLast(tail.count).split(separator: " = ", maxSplits: 1).last else { return nil }
        var body = String(eq)
        for cut in ["max(", ", …)", " + …"] { body = body.replacingOccurrences(of: cut, with: "") }
        let terms = body.replacingOccurrences(of: " + ", with: ", ").split(separator: ", ").filter { $0 != "…" }.count
        let running = lines[i + 1].split(separator: ":").last?.split(separator: " ").filter { $0 != "…" }.count ?? 0
        return (terms, running)
    }

    /// Whether `shown` holds no token more often than `allowed` does (so none of a concealed
    /// product, unless a product on show is written the same).
    static func within(_ shown: [String], _ allowed: [String]) -> Bool {
        var counts = Dictionary(allowed.map { ($0, 1) }, uniquingKeysWith: +)
        let whole = shown.filter { !$0.hasSuffix("…") }
        guard Dictionary(whole.map { ($0, 1) }, uniquingKeysWith: +).allSatisfy({ $0.value <= counts[$0.key, default: 0] }) else { return false }
        for s in whole { counts[s, default: 0] -= 1 }
        // A product cut by a narrow line ("1·1…") must begin one still allowed after the whole ones.
        return shown.filter { $0.hasSuffix("…") }.allSatisfy { cut in
            guard let hit = counts.first(where: { $0.value > 0 && $0.key.hasPrefix(String(cut.dropLast())) }) else { return false }
            counts[hit.key]! -= 1
            return true
        }
    }

    @Test func thereArePredictionsToCheck() {
        #expect(Self.predicts.count >= 10)
        #expect(Self.predicts.contains { $0.step.beforeTerm == 1 }, "a whole output asked for before its first product")
    }

    @Test func plainModeShowsNoProductStillToCome() throws {
        for (lesson, index, p) in Self.predicts {
            var progress = LessonProgress()
            progress.step = index
            let session = LessonSession(lesson: lesson, progress: progress)
            let text = PlainLesson.text(of: session)
            let layer = try p.spec.steppedOp()   // the gradient op when the predict has wrt
            let trace = Trace(layer)
            let first = trace.firstStep(ofOutput: p.outputFlat)
            let steps = (0..<trace.termsPerOutput).map { trace[first + $0] }
            let place = "\(lesson.id) step \(index + 1)"
            #expect(!text.contains("Next, product"), "\(place)")
            #expect(text.contains(p.work) && text.hasSuffix(p.prompt), "\(place): says what is asked\n\(text)")
            for s in steps[(p.beforeTerm - 1)...] {
                #expect(!text.contains(TraceText.describe(s, in: layer)), "\(place): describes product \(s.termIndex + 1)\n\(text)")
            }
            let shown = steps.prefix(p.beforeTerm - 1).map { TraceText.product($0.term, layer) }
            #expect(Self.within(Self.products(text), shown), "\(place): a product still to come shows\n\(text)")
            // The taps or products on show, no more, and the running sum or max of those alone
            // (a pool's taps have no `·` for `products` to find).
            if p.beforeTerm > 1 {
                let k = p.beforeTerm - 1 <= 12 ? p.beforeTerm - 1 : 11   // past 12, 11 are written around a `…`
                let w = Self.written(text, upTo: p.beforeTerm - 1, of: trace.termsPerOutput, layer.termWord)
                #expect(w.map { $0.terms == k && $0.running == k } == true, "\(place): \(k) \(layer.termWord)s and running values, not \(String(describing: w))\n\(text)")
            }
            // Answered, the products asked about show.
            var answered = session
            let f = answered.handle(.skip)
            let after = PlainLesson.text(f, answered)
            #expect(after.contains(TraceText.worked(p, answered: true).first ?? "?"), "\(place): the answer shows its products\n\(after)")
        }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func theScreenShowsNoProductStillToCome(_ size: Size) throws {
        var textFallbacks = 0
        for (lesson, index, p) in Self.predicts {
            var app = BundledLessonScreenTests.open(lesson, at: index, size)
            let place = "\(lesson.id) step \(index + 1) at \(size.width)×\(size.height)"
            let screen = try #require(app.screen, "\(place)")
            let stepper = try #require(screen.stepper, "\(place)")
            var open = stepper
            open.concealed = nil
            let k = p.beforeTerm - 1   // products on show
            let real = open.equationParts().tokens
            let tokens = stepper.equationParts().tokens
            #expect(Array(tokens.prefix(k)) == Array(real.prefix(k)), "\(place): products 1 to K − 1 show")
            #expect(tokens.dropFirst(k).allSatisfy { $0 == stepper.concealedMark }, "\(place): later terms are \(tokens)")
            #expect(stepper.shownTerms == k && stepper.step.outputFlat == p.outputFlat, "\(place)")

            let text = app.view(size).text
            #expect(!text.contains("Next, product"), "\(place)")
            #expect(Self.within(Self.products(text), Array(real.prefix(k))), "\(place): a product still to come shows\n\(text)")
            let rows = text.split(separator: "\n").map(String.init)
            // Under the terms, the running sums (a max pool's running max): none past term K − 1.
            let label = stepper.equationWords.label
            if let row = rows.first(where: { $0.hasPrefix(label) }) {
                #expect(row.dropFirst(label.count).split(separator: " ").count <= k, "\(place): \(row)\n\(text)")
            }
            let layout = LessonLayout(screen, size)
            if layout.stepperRows > 0 {
                #expect(text.contains(stepper.concealedMark), "\(place): no \(stepper.concealedMark) on screen\n\(text)")
                #expect(rows.contains { $0.hasPrefix(" now:") && $0.contains("hidden") }, "\(place): the now line\n\(text)")
                // The dot-product vectors: no value of a concealed term.
                for label in stepper.vectorLabels {
                    guard let row = rows.first(where: { $0.hasPrefix(" " + label) && $0.contains("[") }) else { continue }
                    let values = row.split(separator: "[", maxSplits: 1).last?.split(whereSeparator: { " …]".contains($0) }) ?? []
                    #expect(values.filter { $0 != "?" }.count <= k, "\(place): \(row)")
                }
            } else {
                #expect(text.contains(p.work), "\(place): the text fallback says what is asked\n\(text)")
            }

            // A warning and a wrong answer take rows: at 60×16 the step may become text, which
            // must keep the products to come hidden too. It writes them as plain mode does (`0(pad)·1`).
            var crowded = app
            crowded.saved(.failed("disk full"), lesson: lesson.id)
            for e in Array("12345").map({ Event.char($0) }) + [.enter] { _ = crowded.update(e) }
            let squeezed = crowded.view(size).text
            let asText = try #require(crowded.screen.map { LessonLayout($0, size, warning: crowded.warning).stepperTooShort })
            let layer = try p.spec.steppedOp()
            let first = Trace(layer).firstStep(ofOutput: p.outputFlat)
            let shown = asText ? (0..<k).map { TraceText.product(Trace(layer)[first + $0].term, layer) } : Array(real.prefix(k))
            // Hints are the author's words (a last hint may come close): only the stepper's own are checked.
            let said = (crowded.screen.map { $0.feedback + $0.hintLines } ?? []).flatMap { Self.products($0.text) }
            #expect(!squeezed.contains("Next, product"), "\(place)")
            #expect(Self.within(Self.products(squeezed), shown + said), "\(place): a product still to come shows\n\(squeezed)")
            if asText {
                textFallbacks += 1
                // A pool's taps have no `·`: its running values tell how many are on show.
                let running = squeezed.split(separator: "\n").first { $0.contains("running") && $0.contains(":") }
                #expect(running.map { ($0.split(separator: ":").last?.split(separator: " ").count ?? 0) <= k } ?? true, "\(place): \(running ?? "")\n\(squeezed)")
            }

            // Once answered, everything shows: no ?·?, and the products asked about.
            for e in Array(Answers.text(p.exercise.expected)).map({ Event.char($0) }) + [.enter] { _ = app.update(e) }
            let after = try #require(app.screen?.stepper)
            #expect(after.concealed == nil && after.equationParts().tokens == open.equationParts().tokens, "\(place)")
            #expect(!app.view(size).text.contains(StepperState.concealedTerm), "\(place): ?·? after the answer")
        }
        #expect(size.height > 16 || textFallbacks > 0, "some step became text at \(size.width)×\(size.height)")
    }
}
