import Foundation
import Testing

/// Keys as terminals really send them, and terminals that cannot draw a screen at all.
@Suite(.timeLimit(.minutes(10))) struct KeyTerminalTests {
    /// ESC [ 9 9 ~ is one (unknown) key: its [ must not switch to the other filter.
    @Test func anUnknownSequenceIsIgnoredWhole() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --kernel '1 0; 0 1 || 2 2; 2 2'")
        #expect(t.wait { $0.contains("product 1 of 128") && $0.contains("filter 0") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-H", "1b", "5b", "39", "39", "7e"])
        try t.keys("Right")
        #expect(t.wait { $0.contains("product 2 of 128") }, "\(t.screen())")
        #expect(t.screen().contains("filter 0") && !t.screen().contains("filter 1"), "\(t.screen())")
        try t.quitCleanly()
    }

    /// Typed through a real terminal: U+2212 is a minus sign, and 0x10 is refused, not read as 10.
    @Test func editModeReadsTheMinusSignAndRefusesHex() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step")
        #expect(t.wait { $0.contains("product 1 of 81") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "e−3"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("set to -3;") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "0x10"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("'0x10' is not a number: 'x' is not part of a number") }, "\(t.screen())")
        try t.keys("Escape")
        try t.keys("Escape")
        try t.quitCleanly()
    }

    /// Pieces of a sequence that a slow link delivers apart (ESC, a pause, then `[99~`) are
    /// still one ignored key: its `[` must not switch the filter. A `[` typed long after a lone
    /// Esc is a key of its own again.
    @Test func aSplitSequenceIsStillOneKey() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --kernel '1 0; 0 1 || 2 2; 2 2'")
        #expect(t.wait { $0.contains("product 1 of 128") && $0.contains("filter 0") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-H", "1b"])
        Thread.sleep(forTimeInterval: 0.15)  // input pacing, as the slow link delivers it
        try t.tmux(["send-keys", "-t", "0", "-H", "5b", "39", "39", "7e"])
        try t.keys("Right")
        #expect(t.wait { $0.contains("product 2 of 128") }, "\(t.screen())")
        #expect(t.screen().contains("filter 0") && !t.screen().contains("filter 1"), "\(t.screen())")
        try t.keys("Escape")
        Thread.sleep(forTimeInterval: 1)  // a person's pause: far longer than any sequence takes
        try t.keys("[")
        #expect(t.wait { $0.contains("filter 1") }, "\(t.screen())")
        try t.quitCleanly()
    }

    /// Under LANG=C ncurses drops every byte past ASCII, yet the terminal still sends UTF-8: a
    /// U+2212 is a minus sign, an é makes an answer refused rather than vanish, and bytes that
    /// are no UTF-8 are typed as U+FFFD (drawn as "~", never "?"), never dropped.
    @Test func aCLocaleReadsTheTerminalsUTF8() throws {
        let t = try Tmux(lang: "C")
        try t.run("\(Tmux.binary) step")
        #expect(t.wait { $0.contains("product 1 of 81") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "e2−5"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("'2-5' is not a number") }, "\(t.screen())")
        try t.keys("BSpace", repeat: 3)
        try t.tmux(["send-keys", "-t", "0", "-l", "−2"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("set to -2;") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "1"])
        try t.tmux(["send-keys", "-t", "0", "-H", "ff", "e2", "32"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("'1~~2' is not a number") }, "\(t.screen())")
        try t.keys("Escape")
        try t.keys("Escape")
        try t.quitCleanly()
        // A number question in a lesson: 12é3 is not read as 123 (a wrong answer) but refused.
        try t.run("clear; \(Tmux.binary) lesson \(LessonCommandTests.small)")
        #expect(t.wait { $0.contains("screen 1 of 7") }, "\(t.screen())")
        try t.keys("Enter")
        try t.keys("Enter")
        #expect(t.wait { $0.contains("after product 9?") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "12é3"])
        #expect(t.wait { $0.contains("> 12e3") }, "\(t.screen())")
        try t.keys("Enter")
        #expect(t.wait { $0.contains("Type a number, such as") }, "\(t.screen())")
        #expect(!t.screen().contains("Not quite"), "\(t.screen())")
        try t.run("quit")
        #expect(try t.exitStatus() == 0)
        #expect(try t.paneState() == .restored)
    }

    /// TERM=vt100 has no khome, kend, kpp, knp or kdch1, so ncurses passes those keys through
    /// raw: the xterm, SS3, rxvt and VT220 (screen/tmux, Linux console) forms still work.
    @Test func homeEndPageAndDeleteWithoutTerminfo() throws {
        let t = try Tmux()
        try t.run("TERM=vt100 \(Tmux.binary) step")
        #expect(t.wait { $0.contains("product 1 of 81") }, "\(t.screen())")
        let presses: [([String], String)] = [
            (["1b", "5b", "46"], "81"), (["1b", "5b", "48"], "1"), (["1b", "4f", "46"], "81"), (["1b", "4f", "48"], "1"),
            (["1b", "5b", "38", "7e"], "81"), (["1b", "5b", "37", "7e"], "1"), (["1b", "5b", "34", "7e"], "81"), (["1b", "5b", "31", "7e"], "1"),
        ]
        for (bytes, step) in presses {
            try t.tmux(["send-keys", "-t", "0", "-H"] + bytes)
            #expect(t.wait { $0.contains("product \(step) of 81") }, "\(bytes): \(t.screen())")
        }
        // Delete in edit mode: 12, Delete, Enter sets 1.
        try t.tmux(["send-keys", "-t", "0", "-l", "e12"])
        try t.tmux(["send-keys", "-t", "0", "-H", "1b", "5b", "33", "7e"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("set to 1;") }, "\(t.screen())")
        try t.keys("Escape")
        try t.quitCleanly()
        // PgDn and PgUp turn a lesson's pages.
        try t.run("TERM=vt100 \(Tmux.binary) lesson 1")
        #expect(t.wait { $0.contains("screen 1 of 10") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-H", "1b", "5b", "36", "7e"])
        #expect(t.wait { $0.contains("screen 2 of 10") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-H", "1b", "5b", "35", "7e"])
        #expect(t.wait { $0.contains("screen 1 of 10") }, "\(t.screen())")
        try t.quitCleanly()
    }

    /// A terminal that cannot move its cursor (TERM=dumb), or no TERM at all: the lesson and the
    /// menu go on line by line saying why in one line; step and demo refuse in one error line
    /// that points at `convtutor trace`.
    @Test func terminalsThatCannotDraw() throws {
        // 24 rows: the menu's warning is right above its prompt, under its 23 lessons.
        let t = try Tmux()
        for (term, command) in [("TERM=dumb", "step"), ("env -u TERM", "demo"), ("TERM=dumb", "demo 1"), ("env -u TERM", "step --kernel sobel-x")] {
            try t.run("clear; \(term) \(Tmux.binary) \(command)")
            #expect(try t.exitStatus() == 1, "\(term) \(command)")
            let why = term == "TERM=dumb" ? "TERM=dumb cannot move the cursor" : "TERM is not set"
            let errors = t.lines().split(separator: "\n").filter { $0.hasPrefix("error: ") }
            #expect(errors.count == 1 && errors[0].contains(why) && errors[0].contains(command.hasPrefix("demo 1") ? "lesson sliding-window --plain" : "convtutor trace"),
                    "\(term) \(command): \(t.lines())")
            #expect(try t.paneState() == .restored)
        }
        for term in ["TERM=dumb", "env -u TERM"] {
            try t.run("clear; \(term) \(Tmux.binary) lesson 1")
            // Waiting for this run's own warning: the last run's lesson may still be on screen.
            let warning = "warning: \(term == "TERM=dumb" ? "TERM=dumb cannot move the cursor" : "TERM is not set"); the lesson runs line by line"
            #expect(t.wait { $0.contains(warning) && $0.contains("Lesson: Sliding a kernel over a grid") && $0.contains("> ") }, "\(t.lines())")
            try t.run("quit")
            #expect(try t.exitStatus() == 0)
            try t.run("clear; \(term) \(Tmux.binary) menu")
            #expect(t.wait { $0.contains("lesson number or id") }, "\(t.screen())")
            #expect(t.lines().contains("; the menu runs line by line, as with --plain\nlesson number or id") && t.lines().contains("23. "), "\(t.lines())")
            try t.run("1")
            #expect(t.wait { $0.contains("Lesson: Sliding a kernel over a grid") }, "\(t.screen())")
            try t.run("quit")
            #expect(try t.exitStatus() == 0)
            #expect(try t.paneState() == .restored)
        }
    }
}
