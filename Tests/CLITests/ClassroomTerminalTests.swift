import Foundation
import Testing

/// Classroom use in a real terminal: the projector theme.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ClassroomTerminalTests {
    /// Each character of tmux's copy of the screen with the SGR attributes it is drawn with
    /// (1 bold, 4 underline), rows ending in "\n".
    static func styled(_ escaped: String) -> [(character: Character, attributes: Set<Int>)] {
        var attributes: Set<Int> = [], out: [(Character, Set<Int>)] = []
        var rest = Substring(escaped)
        while let ch = rest.first {
            if ch == "\u{1B}", let end = rest.firstIndex(of: "m") {
                for code in rest[rest.index(rest.startIndex, offsetBy: 2)..<end].split(separator: ";", omittingEmptySubsequences: false) {
                    switch Int(code) ?? 0 {
                    case 0: attributes = []
                    case 22: attributes.remove(1)
                    case 24: attributes.remove(4)
                    case let n where n == 1 || n == 4: attributes.insert(n)
                    default: break
                    }
                }
                rest = rest[rest.index(after: end)...]
                continue
            }
            out.append((ch, attributes))
            rest = rest.dropFirst()
        }
        return out
    }

    static func notBold(_ escaped: String) -> String {
        String(styled(escaped).filter { !$0.character.isWhitespace && !$0.attributes.contains(1) }.map(\.character))
    }

    /// "All text bold" is every character on screen: title bar, key banner and text alike.
    @Test func projectorThemeDrawsEveryCharacterBold() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) demo 1 --theme projector")
        #expect(t.wait { $0.contains("DEMO") && $0.contains("Sliding") }, "\(t.screen())")
        let escaped = try t.tmux(["capture-pane", "-e", "-p", "-t", "0"])
        #expect(Self.notBold(escaped) == "", "\(escaped.debugDescription)")
        try t.keys("Space")
        try t.keys("Space")
        #expect(t.wait { $0.contains("3 of 10") || $0.contains("3/10") }, "\(t.screen())")
        let stepper = try t.tmux(["capture-pane", "-e", "-p", "-t", "0"])
        #expect(Self.notBold(stepper) == "", "\(stepper.debugDescription)")
        try t.quitCleanly()
        // The standard theme keeps its regular and dim text: the check above can fail.
        try t.run("\(Tmux.binary) demo 1")
        #expect(t.wait { $0.contains("DEMO") && $0.contains("Sliding") }, "\(t.screen())")
        #expect(Self.notBold(try t.tmux(["capture-pane", "-e", "-p", "-t", "0"])).count > 100)
        try t.quitCleanly()
    }

    /// Without colour a signed map shows negatives underlined and positives bold: its key says
    /// so by showing one of each, not by naming colours the screen does not have.
    @Test func monochromeMapKeyShowsWhatIsDrawn() throws {
        let t = try Tmux()
        let picture = CLI.packageRoot.appendingPathComponent("Lessons/pictures/digit-7-32.pgm").path
        try t.run("NO_COLOR=1 \(Tmux.binary) step --input \(picture) --kernel sobel-x")
        #expect(t.wait { $0.contains("output 30×30") }, "\(t.screen())")
        let cells = Self.styled(try t.tmux(["capture-pane", "-e", "-p", "-t", "0"]))
        let text = String(cells.map(\.character))
        let key = try #require(text.range(of: "@<0 @>0"), "\(t.screen())")
        let at = text.distance(from: text.startIndex, to: key.lowerBound)
        #expect(cells[at].attributes.contains(4) && !cells[at + 4].attributes.contains(4) && cells[at + 4].attributes.contains(1))
        #expect(!text.contains("blue"))
        try t.quitCleanly()
    }
}
