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

    /// A 1×1 kernel is one matrix, a row per filter and a column per input channel, labelled.
    @Test func aPointwiseKernelIsOneMatrix() throws {
        let out = try Self.shown(#"{op: pointwise, input: "1 2; 3 4 | 5 6; 7 8 | 1 0; 0 1", kernel: "1 | 1 | 1 || 2 | 0 | -1"}"#)
        #expect(out.contains("kernel 2×3×1×1\n"), "\(out)")
        #expect(out.contains("            ch 0  ch 1  ch 2\n"), "\(out)")
        #expect(out.contains("filter 1     2     0    -1\n"), "\(out)")
        #expect(!out.contains("filter 0 ch"), "\(out)")
    }

    /// Dense weights: a row per neuron, a column per input, the biases level with their rows.
    @Test func denseWeightsAreOneMatrixWithTheirBiases() throws {
        let out = try Self.shown(#"{op: dense, input: "1 2 3", weights: "1 0 -1; 2 2 2", bias: "5 -6"}"#)
        #expect(out.contains("""
              input   weights 2×3
              1 2 3             in 0  in 1  in 2   bias
                      neuron 0     1     0    -1      5
                      neuron 1     2     2     2     -6
            """), "\(out)")
    }

    /// A grid taller than 12 rows, or wider than the line, is named by its shape, not printed.
    @Test func aLargeGridIsNamedNotPrinted() throws {
        let tall = (0..<20).map { _ in "1 2 3 4 5" }.joined(separator: "; ")
        let out = try Self.shown("{input: \"\(tall)\", kernel: \"1 0; 0 1\"}")
        #expect(out.contains("input 20×5 (too large to show)"), "\(out)")
        let wide = (0..<30).map { "\($0 % 10)" }.joined(separator: " ")
        let narrow = try Self.shown("{input: \"\(wide)\", kernel: \"1 0\"}", columns: 50)
        #expect(narrow.contains("input 30 (too large to show)") || narrow.contains("input 1×30 (too large to show)"), "\(narrow)")
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 50 }, "\(narrow)")
    }
}
