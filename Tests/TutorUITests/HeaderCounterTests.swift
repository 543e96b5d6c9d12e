import ConvKit
import LessonKit
import Testing
@testable import TutorUI

/// The step counter is the header's most useful text: on a narrow screen the title gives way.
@Suite struct HeaderCounterTests {
    /// 1×1000 input, 1×500 kernel: 501 outputs of 500 products, a six-digit count.
    static let spec = LayerSpec(input: try! Tensor(shape: [1, 1000], data: Array(repeating: 1, count: 1000)),
                                kernel: try! Tensor(shape: [1, 500], data: Array(repeating: 1, count: 500)))

    static func header(_ screen: String) -> Substring { screen.split(separator: "\n", omittingEmptySubsequences: false)[0] }

    @Test func theStepperKeepsTheWholeCounter() throws {
        var s = try StepperState(spec: Self.spec)
        _ = s.update(.end)
        let head = Self.header(s.view(Size(width: 60, height: 24)).text)
        #expect(head.hasSuffix("product 250500 of 250500"), "\(head)")
        #expect(head.contains(" conv2d · cross-correlation "), "a shorter title stands in: \(head)")
    }

    /// Every stepper title fits whole at 80 columns, and a shorter wording at 60: no "…".
    @Test(arguments: [80, 60]) func stepperTitlesFitWhole(width: Int) throws {
        let input = try GridText.parse("1 2 3 4; 5 6 7 8; 9 1 2 3; 4 5 6 7")
        let kernel = try GridText.parse("1 0; 0 -1")
        let specs = [
            LayerSpec(op: .convTranspose, input: try GridText.parse("1 2; 3 4"), kernel: try GridText.parse("1 0 1; 0 1 0; 1 1 0"), options: ConvOptions(stride: Pair(2, 2))),
            LayerSpec(op: .depthwise, input: input, kernel: kernel, options: ConvOptions(flip: true)),
            LayerSpec(op: .conv2d, input: input, kernel: kernel, options: ConvOptions(flip: true)),
            LayerSpec(op: .dense, input: input, kernel: try Tensor(shape: [20, 16], data: Array(repeating: 1, count: 320))),
        ]
        for spec in specs {
            var s = try StepperState(spec: spec)
            _ = s.update(.end)
            let head = Self.header(s.view(Size(width: width, height: 24)).text)
            #expect(!head.contains("…") && head.contains(" \(spec.op.rawValue) · "), "\(head)")
            if width == 80 { #expect(head.contains("convtutor · "), "\(head)") }
        }
    }

    @Test func theScatterViewKeepsTheWholeCounter() throws {
        var spec = Self.spec
        spec.op = .convTranspose
        var v = try TransposedViews(spec: spec)
        _ = v.update(.end)
        let head = Self.header(v.view(Size(width: 60, height: 24)).text)
        #expect(head.hasSuffix("product 500000 of 500000") && head.contains("…"), "\(head)")
    }

    /// A lesson counts screens, and says so: its long title gives way at 60 columns, not the counter.
    @Test func aLessonCountsScreensWhole() throws {
        let yaml = "id: long\ntitle: A very long lesson title that cannot possibly fit beside its counter\nsummary: s\ntopics: [conv2d]\nsteps:\n"
            + (1...12).map { "  - text: Screen \($0).\n" }.joined()
        let lesson = try LessonReader.parse(yaml, file: "long.yaml").get()
        var app = LessonApp(lesson: lesson, progress: nil)
        let size = Size(width: 60, height: 16)
        _ = app.update(.resize(size))
        for _ in 0..<9 { _ = app.update(.enter) }
        let head = Self.header(app.view(size).text)
        #expect(head.hasSuffix("screen 10 of 12") && head.contains("…"), "\(head)")
    }
}
