import Foundation
import Testing
@testable import LessonKit

/// Lesson 23 teaches that its `composed` layer is its stack `two` as one kernel. Its questions
/// check one cell each against the engine; this checks that the whole outputs agree.
@Suite(.timeLimit(.minutes(10))) struct ReceptiveFieldLessonTests {
    @Test func theComposedKernelGivesTheStacksWholeOutput() throws {
        let file = BundledLessonTests.folder.appendingPathComponent("23-receptive-field.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let head = String(text[..<(try #require(text.range(of: "\nsteps:\n")).lowerBound)])
        /// The lesson's layers and stacks with one grid question whose `from:` is `from`.
        func expected(_ from: String) throws -> Expected? {
            let lesson = head + "\nsteps:\n  - question:\n      id: q\n      prompt: P\n      kind: grid\n      from: \(from)\n"
            guard case .question(let q) = try LessonReader.parse(lesson, file: file.path, folder: BundledLessonTests.folder).get().steps.first
            else { return nil }
            return q.expected
        }
        let stacked = try expected("{stack: two, value: output}")
        #expect(stacked != nil)
        #expect(try stacked == expected("{layer: composed, value: output}"))
    }
}
