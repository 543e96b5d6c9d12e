import Foundation
import Testing

/// Classroom use in a real terminal: the projector theme.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ClassroomTerminalTests {
    /// The characters drawn without bold, read from tmux's copy of the screen with its SGR codes.
    static func notBold(_ escaped: String) -> String {
        var bold = false, out = ""
        var rest = Substring(escaped)
        while let ch = rest.first {
            if ch == "\u{1B}", let end = rest.firstIndex(of: "m") {
                let codes = rest[rest.index(rest.startIndex, offsetBy: 2)..<end].split(separator: ";", omittingEmptySubsequences: false)
                for c in codes {
                    if c.isEmpty || c == "0" || c == "22" { bold = false } else if c == "1" { bold = true }
                }
                rest = rest[rest.index(after: end)...]
                continue
            }
            if !bold && !ch.isWhitespace { out.append(ch) }
            rest = rest.dropFirst()
        }
        return out
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
}
