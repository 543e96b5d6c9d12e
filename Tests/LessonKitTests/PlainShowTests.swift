import ConvKit
import Testing
@testable import LessonKit

/// A question's `show:` grids in plain mode, at the width the terminal gives.
@Suite(.timeLimit(.minutes(10))) struct PlainShowTests {
    /// Plain mode's text for a lesson whose only step shows `layer` (a layer's keys in YAML flow).
    static func shown(_ layer: String, columns: Int? = nil) throws -> String {
        let yaml = Fixture.header + "  shown: \(layer)\nsteps:\n  - question: {id: q, show: shown, prompt: \"Which?\", kind: number, answer: 1}\n"
        var output = ""
        var runner = PlainLesson(session: LessonSession(lesson: try parse(yaml).get(), progress: nil), resumeCommand: "x", columns: columns,
                                 readLine: { nil }, write: { output += $0 }, save: { _ in .saved })
        try runner.run()
        return output
    }

    static let grouped = #"{input: "0 0 2; 2 2 0; 2 1 1 | 1 1 2; 2 0 2; 0 1 1 | 2 0 1; 0 2 1; 2 2 0 | 2 2 2; 2 2 2; 2 0 2", "#
        + #"kernel: "1 1; 2 1 | 0 0; 0 -1 || -1 1; 1 -1 | 0 2; 2 1 || 2 0; 2 2 | 1 -1; 0 1 || 0 -1; -1 2 | 0 1; 1 2", groups: 2}"#

    /// The grouped lesson's eight slices: each title keeps its 3-space gap at 80 and 60 columns
    /// (a band as wide as the line used to be re-wrapped word by word, titles run together).
    @Test(arguments: [80, 60]) func titlesWiderThanTheirGridsStayApart(columns: Int) throws {
        let out = try Self.shown(Self.grouped, columns: columns)
        #expect(out.contains("filter 3 ch 1"), "\(out)")
        #expect(!out.contains("ch 1 filter") && !out.contains("ch 0 filter"), "\(out)")
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= columns }, "\(out)")
    }
}
