import Foundation
import Testing

/// The harness itself: a helper that always said "restored" or "0" would make every terminal
/// test vacuous, so it is checked against states it must see as wrong.
@Suite(.timeLimit(.minutes(10))) struct TmuxHarnessTests {
    @Test func exitStatusAndPaneStateAreRead() throws {
        let t = try Tmux()
        try t.run("(exit 3)")
        #expect(try t.exitStatus() == 3)
        try t.run("true")
        #expect(try t.exitStatus() == 0)
        #expect(try t.paneState() == .restored)
        // Alternate screen on, cursor hidden, mouse and keypad modes set, and left that way.
        try t.run("printf '\\033[?1049h\\033[?25l\\033[?1000h\\033[?1h\\033='")
        #expect(t.wait { _ in (try? t.paneState())?.alternate == true })
        #expect(try t.paneState() == Tmux.PaneState(alternate: true, cursorVisible: false, mouse: true, keypad: true))
    }

    @Test func paneHasAScratchHome() throws {
        let t = try Tmux()
        try t.run("echo home=$HOME")
        #expect(t.wait { $0.contains("home=\(t.home.path)") })
    }
}
