import Foundation
import Testing

/// `step --padding-mode reflect` in a real (tmux) terminal (issue 16's acceptance): the padded
/// frame shows the reflected values, and the now: line where each came from.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PaddingModeTerminalTests {
    /// 1 2 3; 4 5 6; 7 8 9 reflected by 1 on every side (the edge cells are not repeated).
    static let framed = [" 5  4  5  6  5", " 2  1  2  3  2", " 5  4  5  6  5", " 8  7  8  9  8", " 5  4  5  6  5"]

    /// Every row of `grid` starts a line of the screen (after its margin), one under another.
    static func shows(_ grid: [String], on screen: String) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.indices.contains { i in
            grid.indices.allSatisfy { k in i + k < lines.count && lines[i + k].hasPrefix(" " + grid[k]) }
        }
    }

    @Test func reflectShowsTheCopiesAndWhereTheyCameFrom() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --input '1 2 3; 4 5 6; 7 8 9' --kernel '1 0; 0 1' --padding 1 --padding-mode reflect")
        #expect(t.wait { $0.contains("product 1 of") && Self.shows(Self.framed, on: $0) }, "\(t.screen())")
        #expect(t.wait { $0.contains("now: padding (-1,-1) = input (1,1), reflect = 5") }, "\(t.screen())")
        try t.keys("G")
        #expect(t.wait { $0.contains("now: padding (3,3) = input (1,1), reflect = 5") && Self.shows(Self.framed, on: $0) }, "\(t.screen())")
        try t.quitCleanly()
    }
}
