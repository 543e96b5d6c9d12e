import Foundation
import Testing

/// Lesson 23 in a real (tmux) terminal: its stack step opens layer 2's out(0,0) followed back,
/// the input's 5×5 field counted, and `u` steps layer 2 (issue 17).
@Suite(.serialized, .timeLimit(.minutes(10))) struct StackLessonTerminalTests {
    /// The 0-based step of lesson 23 that follows a stack output back.
    static let followedStep = 17

    @Test func lesson23FollowsLayerTwoBackToAFiveByFiveField() throws {
        let t = try Tmux()
        let state = t.home.appendingPathComponent("state/convtutor")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try "{\"lessons\": {\"receptive-field\": {\"step\": \(Self.followedStep)}}}"
            .write(to: state.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
        try t.run("\(Tmux.binary) lesson receptive-field")
        #expect(t.wait { $0.contains("output (0,0) of layer 2, followed back to the input") && $0.contains("field spans 5×5") }, "\(t.screen())")
        // The input's counts, 1 2 3 2 1 times 1 2 3 2 1: 25 cells in the field, 9 paths at the centre.
        let field = StackTerminalTests.inputField(t.screen())
        #expect(field.map(\.count).reduce(0, +) == 25, "\(t.screen())")
        #expect(field.prefix(5) == [[1, 2, 3, 2, 1], [2, 4, 6, 4, 2], [3, 6, 9, 6, 3], [2, 4, 6, 4, 2], [1, 2, 3, 2, 1]], "\(t.screen())")
        #expect(t.screen().contains("rf 5 · jump 1 · start 2"), "\(t.screen())")
        try t.keys("u")
        #expect(t.wait { $0.contains("stepping layer 2") && $0.contains("product 9 of 81") }, "\(t.screen())")
        try t.quitCleanly()
    }
}
