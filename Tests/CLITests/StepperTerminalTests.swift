import Foundation
import Testing

/// The real binary in a real (tmux) terminal at 80×24. Every session ends with its exit
/// status and tmux's view of the pane checked: a crash on q, or a terminal left in the
/// alternate screen, fails the test that caused it.
@Suite(.serialized, .timeLimit(.minutes(10))) struct StepperTerminalTests {
    @Test func walksTheWholeSeedExample() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step")
        #expect(t.wait { $0.contains("product 1 of 81") && $0.contains("output 3×3") }, "\(t.screen())")
        try t.keys("Right", repeat: 8)
        #expect(t.wait { $0.contains("product 9 of 81") && $0.contains("running sum 4") }, "\(t.screen())")
        try t.keys("Left")
        #expect(t.wait { $0.contains("product 8 of 81") && $0.contains("running sum 3") }, "going back one step drops the running sum: \(t.screen())")
        try t.keys("Right", repeat: 73)
        let finished = { (screen: String) in
            let rows = screen.split(separator: "\n")
            return screen.contains("product 81 of 81") && ["4  3  4", "2  4  3", "2  3  4"].allSatisfy { r in rows.contains { $0.hasSuffix(r) } }
        }
        #expect(t.wait(finished), "the output grid reads 4 3 4 / 2 4 3 / 2 3 4: \(t.screen())")
        try t.quitCleanly()
    }

    /// A crash (SEGV, or ILL as a failed Swift check raises) is caught only to restore the
    /// terminal and say so before the process dies of it; every other ending is in
    /// SignalTerminalTests.
    @Test(arguments: [(SIGSEGV, "SEGV"), (SIGILL, "ILL")])
    func crashesRestoreTheTerminal(_ signal: Int32, _ name: String) throws {
        let t = try Tmux()
        let pid = try t.launch("\(Tmux.binary) step --play")
        #expect(t.wait { $0.contains("playing") }, "\(t.screen())")
        kill(pid, signal)
        #expect(t.waitForEnd(of: pid))
        #expect(try t.exitStatus() == 128 + signal, "SIG\(name)")
        #expect(try t.paneState() == .restored)
        #expect(t.screen().contains("convtutor crashed"), "a crash says it crashed")
    }

    @Test func resizeToTinyAndBack() throws {
        let t = try Tmux()
        try t.run("\(Tmux.binary) step")
        #expect(t.wait { $0.contains("product 1 of 81") }, "\(t.screen())")
        try t.resize(width: 40, height: 12)
        #expect(t.wait { $0.contains("too small") && $0.contains("need 60×14") }, "\(t.screen())")
        try t.resize(width: 80, height: 24)
        #expect(t.wait { $0.contains("output 3×3") && $0.contains("product 1 of 81") }, "\(t.screen())")
        try t.quitCleanly()
    }

    static let c3 = "1 2 0 1 2; 0 1 1 0 1; 2 0 1 1 0; 1 1 0 2 1; 0 2 1 0 1 | 1 0 0 1 0; 0 1 0 0 1; 1 1 1 0 0; 0 0 1 1 1; 1 0 1 0 1 | 2 1 0 0 1; 1 0 2 1 0; 0 1 1 2 0; 1 2 0 0 1; 0 0 1 1 2"
    static let k3 = "1 0 1; 0 1 0; 1 0 1 | 0 1 0; 1 -1 1; 0 1 0 | 1 1 1; 0 0 0; -1 -1 -1"

    /// Each op opens, runs to its last step, and shows the same final numbers as `compute`.
    @Test(arguments: [
        ["--input", c3, "--kernel", k3 + " || " + k3.replacingOccurrences(of: "-1", with: "2"), "--bias", "1 -2", "--relu"],
        ["--op", "depthwise", "--input", c3, "--kernel", k3],
        ["--op", "pointwise", "--input", c3, "--kernel", "1 1 1; 1 -1 0"],
        ["--op", "dense", "--input", c3, "--kernel", Array(repeating: "1 0 -1", count: 25).joined(separator: " ") + "; " + Array(repeating: "0.5", count: 75).joined(separator: " ")],
        ["--op", "im2col", "--padding", "1", "--stride", "2"],
        ["--op", "conv-transpose", "--input", "1 2; 3 4", "--kernel", "1 0 1; 0 1 0; 1 1 0", "--stride", "2"],
    ])
    func everyOpReachesTheComputedOutput(_ args: [String]) throws {
        let computeArgs = args.first == "--op" && args[1] == "im2col" ? Array(args.dropFirst(2)) : args
        let json = try CLI.run(["compute", "--format", "json"] + computeArgs).stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let shape = object["shape"] as! [Int]
        let flat = Self.flatten(object["data"]!)
        // The last row the output grid shows: the last row of the last channel (dense: all of it).
        let lastRow = shape.count == 1 ? flat : Array(flat.suffix(shape.last!))
        let expected = lastRow.map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.2f", $0).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression) }
        let isIm2col = args.contains("im2col")

        let t = try Tmux()
        let quoted = args.map { "'\($0)'" }.joined(separator: " ")
        try t.run("\(Tmux.binary) step \(quoted)")
        #expect(t.wait { $0.contains("product 1 of") }, "\(t.screen())")
        try t.keys("End")
        let wanted = (isIm2col ? flat.map { String(Int($0)) } : expected).joined(separator: " ")
        // Frames reach tmux in pieces: wait for the whole expectation, not just the header.
        let shows = { (screen: String) in
            screen.range(of: #"product (\d+) of \1\b"#, options: .regularExpression) != nil
                && screen.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }.contains { $0.contains(wanted) }
        }
        #expect(t.wait(shows), "\(args): expected \(wanted) on\n\(t.screen())")
        try t.quitCleanly()
    }

    static func flatten(_ any: Any) -> [Double] {
        if let list = any as? [Any] { return list.flatMap(flatten) }
        return [(any as! NSNumber).doubleValue]
    }

    /// Without a UTF-8 locale the screen falls back to ASCII instead of garbling, and reads as
    /// the Unicode does: products are `*` (a `.` read as decimals), arrows `->`.
    @Test(arguments: [(80, 24), (60, 16)])
    func plainCLocaleGetsAsciiNotGarbage(_ width: Int, _ height: Int) throws {
        let t = try Tmux(width: width, height: height, lang: "C")
        try t.run("\(Tmux.binary) step")
        let first = { (s: String) in
            s.contains("product 1 of 81") && s.contains("input 5x5") && s.contains("output 3x3") && s.contains("out(0,0) = 1*1 + 1*0 + 1*1")
                && s.contains("<-/-> product") && s.contains("output (0,0) | product 1/9") && s.unicodeScalars.allSatisfy(\.isASCII)
        }
        #expect(t.wait(first), "\(t.screen())")
        try t.keys("End")
        let last = { (s: String) in s.contains("product 81 of 81") && s.split(separator: "\n").contains { $0.hasSuffix("2  3  4") } }
        #expect(t.wait(last), "\(t.screen())")
        try t.quitCleanly()
    }

    /// A 10×5 terminal gets the size message, rapid resizes during autoplay leave a correct
    /// screen, and q still quits cleanly.
    @Test func tinyTerminalAndRapidResizes() throws {
        let t = try Tmux(width: 10, height: 5)
        try t.run("\(Tmux.binary) step --play")
        #expect(t.wait { $0.contains("Terminal") }, "\(t.screen())")
        for (w, h) in [(200, 50), (30, 10), (61, 15), (12, 6), (120, 40), (59, 14), (80, 24)] + Array(repeating: (70, 20), count: 5) + [(80, 24)] {
            try t.resize(width: w, height: h)
        }
        let settled = { (s: String) in s.contains("output 3×3") && s.contains("playing") && !s.contains("too small") }
        #expect(t.wait(settled), "\(t.screen())")
        try t.quitCleanly()
    }

    /// Long autoplay keeps memory flat, because nothing grows with the steps. The test waits for
    /// step counts, never for a time: how fast they come is convtutor-bench's business.
    @Test func longAutoplayKeepsMemoryFlat() throws {
        let dir = try CLI.temporaryDirectory()
        let grid = dir.appendingPathComponent("big.txt")
        let rows = (0..<120).map { y in (0..<120).map { x in String((x * 7 + y * 3) % 10) }.joined(separator: " ") }
        try rows.joined(separator: "\n").write(to: grid, atomically: true, encoding: .utf8)
        let t = try Tmux()
        let pid = try t.launch("\(Tmux.binary) demo --input \(grid.path) --speed 1024 --exit-at-end")
        #expect(t.wait { $0.contains("DEMO") }, "\(t.screen())")
        func rss() -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
            return Int(line.split(separator: " ")[1])
        }
        func step() -> Int {
            let screen = t.screen()
            guard let r = screen.range(of: #"product (\d+) of"#, options: .regularExpression) else { return 0 }
            return Int(screen[r].split(separator: " ")[1]) ?? 0
        }
        // The timeouts only stop a hung run; the steps are what is asserted.
        #expect(t.wait(timeout: 120) { _ in step() > 2_000 })
        let early = try #require(rss())
        #expect(t.wait(timeout: 240) { _ in step() > 22_000 })
        let late = try #require(rss())
        #expect(late - early < 4_000, "RSS grew from \(early) kB to \(late) kB over 20,000 steps")
        try t.quitCleanly()
    }

    /// A classroom demo runs by itself to the end of a lesson and of a stepper, then exits.
    @Test func unattendedDemosRunAndEnd() throws {
        let t = try Tmux()
        let state = try CLI.temporaryDirectory().path
        let lesson = try t.launch("env XDG_STATE_HOME=\(state) \(Tmux.binary) demo 1 --auto --exit-at-end --speed 64 --theme projector")
        #expect(t.wait { $0.contains("DEMO") }, "\(t.screen())")
        #expect(t.waitForEnd(of: lesson, timeout: 120))
        #expect(try t.exitStatus() == 0)
        #expect(try t.paneState() == .restored)
        let stepper = try t.launch("\(Tmux.binary) demo --auto --exit-at-end --speed 64 --cell-width 3")
        #expect(t.waitForEnd(of: stepper, timeout: 60))
        #expect(try t.exitStatus() == 0)
        #expect(try t.paneState() == .restored)
        #expect(!FileManager.default.fileExists(atPath: state + "/convtutor/progress.json"), "a demo saves no progress")
    }

    /// A picture opens as a heatmap, and the last output on screen is `compute`'s.
    @Test func pictureOpensAsAHeatmap() throws {
        let picture = CLI.packageRoot.appendingPathComponent("Lessons/pictures/digit-7-32.pgm").path
        let json = try CLI.run(["compute", "--input", picture, "--kernel", "sobel-x", "--format", "json"]).stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let last = Int(Self.flatten(object["data"]!).last!)
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --input \(picture) --kernel sobel-x")
        // tmux panes are 8-colour terminals, so the map shows as a character ramp here.
        let opened = { (s: String) in s.contains("input 32×32") && s.contains("┘") && s.contains("@") && s.contains("patch") }
        #expect(t.wait(opened), "\(t.screen())")
        try t.keys("End")
        let done = { (s: String) in s.contains("product 8100 of 8100") && s.split(separator: "\n").contains { $0.contains("out(29,29)") && $0.hasSuffix("= \(last)") } }
        #expect(t.wait(done), "\(t.screen())")
        try t.quitCleanly()
    }

    /// A recording is valid asciicast v2 and replays to the screen the session ended on.
    @Test func recordingReplaysToTheSameScreen() throws {
        let dir = try CLI.temporaryDirectory()
        let cast = dir.appendingPathComponent("session.cast").path, replay = dir.appendingPathComponent("replay.txt").path
        let t = try Tmux()
        try t.run("\(Tmux.binary) step --record \(cast)")
        #expect(t.wait { $0.contains("product 1 of 81") }, "\(t.screen())")
        try t.keys("Right", repeat: 10)
        try t.keys("d")
        #expect(t.wait { $0.contains("product 11 of 81") && $0.contains("dot product so far") }, "\(t.screen())")
        let before = t.screen()
        try t.quitCleanly()

        let lines = try String(contentsOfFile: cast, encoding: .utf8).split(separator: "\n")
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 80 && header["height"] as? Int == 24)
        #expect(header["timestamp"] is Int)
        let events = try lines.dropFirst().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [Any] }
        let times = events.map { ($0[0] as! NSNumber).doubleValue }
        #expect(events.count >= 3 && times == times.sorted() && events.allSatisfy { $0[1] as? String == "o" })
        try events.map { $0[2] as! String }.joined().write(toFile: replay, atomically: true, encoding: .utf8)

        try t.run("clear; cat \(replay); sleep 30")
        #expect(t.wait { $0 == before }, "the replay ends on the recorded screen:\n\(t.screen())")
    }

    @Test func refusesWithoutATerminal() throws {
        let r = try CLI.run(["step"])
        #expect(r.status == 1 && r.stderr.contains("convtutor trace"))
    }
}
