import ConvKit
import Foundation
import LessonKit
import Testing
@testable import TutorUI

/// Every key a `?` box lists does something in the view that lists it (issue 13 §5).
@Suite struct HelpKeysTests {
    let size = Size(width: 80, height: 24)

    /// Whether `key` changes `program`'s screen beyond a message: a refusal only puts up a
    /// message on the status row, so with a message that row is left out of the comparison.
    func acts<P: Program>(_ program: P, _ key: Event, message: (P) -> String?) -> Bool {
        var p = program
        if p.update(key) == .quit { return true }
        let rows = { (b: CellBuffer) in b.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var before = rows(program.view(size)), after = rows(p.view(size))
        if message(p) != nil { before[size.height - 3] = ""; after[size.height - 3] = "" }
        return before != after
    }

    static func spec(_ op: Op, _ input: String, _ kernel: String, _ options: ConvOptions = .init()) throws -> LayerSpec {
        try LayerSpec(op: op, input: GridText.parse(input), kernel: GridText.parse(kernel), options: options)
    }

    static let rgb = "1 2 0 1; 0 1 1 0; 2 0 1 1; 1 1 0 2 | 1 0 0 1; 0 1 0 0; 1 1 1 0; 0 0 1 1"
    static var layers: [LayerSpec] {
        get throws {
            [try spec(.conv2d, "1 1 1 0; 0 1 1 1; 0 0 1 1; 0 1 1 0", "1 0; 0 1"),
             try spec(.conv2d, rgb, "1 0; 0 1 | 0 1; 1 0 || 1 1; 1 1 | 0 0; 0 1"),
             try spec(.depthwise, rgb, "1 0; 0 1 | 0 1; 1 0"),
             try spec(.pointwise, rgb, "1 2; 3 4"),
             try spec(.dense, "1 2; 3 4", "1 0 1 0; 0 1 0 1"),
             try spec(.im2col, "1 1 1 0; 0 1 1 1; 0 0 1 1; 0 1 1 0", "1 0; 0 1"),
             try spec(.conv2d, "1 2; 3 4", "2"),
             try spec(.convTranspose, "1 2; 3 4", "1 0 1; 0 1 0; 1 1 0", ConvOptions(stride: Pair(2, 2), padding: .explicit(Pair(1, 1))))]
        }
    }

    @Test(.timeLimit(.minutes(10))) func everyStepperHelpKeyActs() throws {
        for spec in try Self.layers {
            var s = try StepperState(spec: spec)
            // Mid-trace, so back, forward, first and last all have somewhere to go.
            s.position = s.trace.count / 2
            for line in s.helpLines {
                for key in line.keys {
                    #expect(acts(s, key) { $0.message }, "\(spec.op.rawValue): \(key) is listed as \"\(line.text)\" but does nothing")
                }
            }
        }
    }

    /// The keys help leaves out are the ones that would only say why they do nothing.
    @Test(.timeLimit(.minutes(10))) func unlistedKeysOnlySayWhy() throws {
        for spec in try Self.layers {
            var s = try StepperState(spec: spec)
            s.position = s.trace.count / 2
            let listed = s.helpLines.flatMap(\.keys)
            for key in "fdeom[]" where !listed.contains(.char(key)) {
                var pressed = s
                _ = pressed.update(.char(key))
                #expect(pressed.message == s.refusal(key) && pressed.message != nil, "\(spec.op.rawValue): \(key)")
                #expect(!acts(s, .char(key)) { $0.message }, "\(spec.op.rawValue): \(key) is left out of help but acts")
            }
        }
    }

    @Test(.timeLimit(.minutes(10))) func everyTransposedHelpKeyActsInItsView() throws {
        var v = try TransposedViews(spec: Self.spec(.convTranspose, "1 2; 3 4", "1 0 1; 0 1 0; 1 1 0", ConvOptions(stride: Pair(2, 2))))
        for _ in 0..<13 { _ = v.update(.right) }
        for scatter in [true, false] {
            if v.showsScatter != scatter { _ = v.update(.char("v")) }
            for line in v.helpLines {
                for key in line.keys {
                    #expect(acts(v, key) { $0.showsScatter ? nil : $0.direct.message }, "\(scatter ? "scatter" : "direct") view: \(key) is listed as \"\(line.text)\" but does nothing")
                }
            }
            _ = v.update(.char("?"))
            let help = v.view(size).text
            _ = v.update(.char("?"))
            #expect(!help.contains("flip") && !help.contains("edit"))
            #expect(help.contains("dot product") == !scatter, "the dot product is the direct view's")
        }
    }

    /// Lesson 14's stepper is a conv-transpose: its help lists the dot product, not flip or edit.
    @Test func lessonHelpListsTheStepperKeysThatWork() throws {
        let lessons = LessonLibrary.load([URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Lessons").standardizedFileURL.path]).lessons
        let lesson = try #require(lessons.first { $0.id == "transposed-convolution" })
        let step = try #require(lesson.steps.firstIndex { if case .stepper = $0 { true } else { false } })
        var p = LessonProgress()
        p.step = step
        var app = LessonApp(lesson: lesson, progress: p)
        _ = app.update(.resize(size))
        _ = app.update(.char("?"))
        let help = app.view(size).text
        _ = app.update(.char("?"))
        #expect(help.contains("d         dot product") && !help.contains("flip") && !help.contains("edit"), "\(help)")
        #expect(acts(app, .char("d")) { $0.screen?.stepper?.message })
        // The lesson's text mentions v for the scatter view; here it says where that view is.
        _ = app.update(.char("v"))
        #expect(app.screen?.stepper?.message?.contains("convtutor step --op conv-transpose") == true)
    }
}
