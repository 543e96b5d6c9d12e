import Foundation
import Testing

/// The lesson commands through the real binary, each with its own progress folder.
@Suite(.timeLimit(.minutes(10))) struct LessonCommandTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/LessonKitTests/Fixtures")
    static let small = fixtures.appendingPathComponent("small-lesson.yaml").path

    func state() throws -> [String: String] { ["XDG_STATE_HOME": try CLI.temporaryDirectory().path] }

    @Test func checkPassesOnTheBundledLessonsFromAnyFolder() throws {
        let r = try CLI.run(["check"], environment: try state(), cwd: try CLI.temporaryDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("checked \(CLI.lessonCount) built-in lessons, ") && r.stdout.hasSuffix(" exercises: ok\n"), "\(r.stdout)")
        #expect(r.stderr.isEmpty)
    }

    /// A lesson author editing ./Lessons is told that `check` did not read it, and how to.
    @Test func checkSaysWhenALessonsFolderHereIsNotTheOneChecked() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Lessons"), withIntermediateDirectories: false)
        let r = try CLI.run(["check"], environment: try state(), cwd: dir)
        #expect(r.status == 0 && r.stdout.hasPrefix("checked \(CLI.lessonCount) built-in lessons, "), "\(r.stdout)")
        #expect(r.stderr == "warning: checking the lessons built into convtutor, not ./Lessons (for that folder: CONVTUTOR_LESSONS=Lessons convtutor check)\n")
        var env = try state()
        env["CONVTUTOR_LESSONS"] = "Lessons"
        let own = try CLI.run(["check"], environment: env, cwd: dir)
        #expect(!own.stderr.contains("warning:") && !own.stdout.contains("built-in"), "\(own.stdout)\(own.stderr)")
    }

    @Test func checkReportsEveryErrorWithItsPlace() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "id: bad\ntitle: T\nsummary: S\ntopics: [conv2d]\nlayers: {seed: {}}\nsteps:\n  - question: {id: q, prompt: P, kind: number, answer: 5, from: {layer: seed, value: \"output[0,0,0]\"}}\n  - stepper: {layer: sed}\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", bad, Self.small])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            \(bad):7:56: error: answer 5 disagrees with the engine: output[0,0,0] of layer 'seed' is 4
            \(bad):8:22: error: unknown layer 'sed'; did you mean 'seed'?
            checked 2 lesson files: 2 errors

            """)
        let ok = try CLI.run(["check", Self.small])
        #expect(ok.stdout == "checked 1 lesson, 5 exercises: ok\n")
        let missing = try CLI.run(["check", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 1 && missing.stderr.contains("nope.yaml:1:1: error: no such file or folder"))
    }

    /// A stack file beside the lesson that names it (as the guide says) is checked as a stack,
    /// counted on its own, and neither listed nor warned about as a lesson.
    @Test func aStackFileInTheFolderIsCheckedAsAStack() throws {
        let dir = try CLI.temporaryDirectory()
        try Self.stackLesson.write(to: dir.appendingPathComponent("01-t.yaml"), atomically: true, encoding: .utf8)
        try "input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1; 1 1\"\n".write(to: dir.appendingPathComponent("pooled.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", dir.path])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == "checked 1 lesson, 1 exercise, 1 stack file: ok\n")
        let list = try CLI.run(["lessons"], environment: ["CONVTUTOR_LESSONS": dir.path, "XDG_STATE_HOME": dir.path])
        #expect(list.status == 0 && list.stderr.isEmpty, "\(list.stderr)")
        #expect(!list.stdout.contains("pooled"), "\(list.stdout)")
        try "input: \"1 2 3; 4 5 6; 7 8 9\"\nlayers:\n  - kernel: \"1 1 1 1\"\n".write(to: dir.appendingPathComponent("pooled.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["check", dir.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("\(dir.path)/pooled.yaml:3:5: error: layer 1 (conv2d) does not fit"), "\(bad.stderr)")
        #expect(bad.stderr.hasSuffix("checked 1 lesson file, 1 stack file: 2 errors\n"), "\(bad.stderr)")
    }

    static let stackLesson = "id: t\ntitle: T\nsummary: S\ntopics: [conv2d]\nstacks:\n  s: pooled.yaml\nsteps:\n  - question:\n      id: q\n      prompt: P\n      kind: number\n      from: {stack: s, value: \"output[0,1,1]\"}\n"

    @Test func checkFindsDuplicateLessonIDsAcrossFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let text = try String(contentsOfFile: Self.small, encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("01-a.yaml"), atomically: true, encoding: .utf8)
        try text.write(to: dir.appendingPathComponent("02-b.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("02-b.yaml:1:5: error: duplicate lesson id 'fixture-small' (also in "))
    }

    @Test func lessonsListsJSON() throws {
        let r = try CLI.run(["lessons", "--format", "json"], environment: try state(), cwd: try CLI.temporaryDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(items.count >= 1)
        for item in items {
            #expect(item["id"] is String && item["title"] is String && item["topics"] is [String])
            #expect((item["exercises"] as? Int ?? 0) >= 1)
            #expect((item["file"] as? String)?.hasSuffix(".yaml") == true)
            #expect(item["status"] as? String == "new")
        }
        let text = try CLI.run(["lessons"], environment: try state())
        let lines = text.stdout.split(separator: "\n")
        // Two lines a lesson, numbered as convtutor lesson N takes them, within 80 columns.
        #expect(lines.count == 2 * items.count)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(text.stdout)")
        #expect(lines[0].hasPrefix("   1  ") && lines[0].hasSuffix("exercises") && lines[1].hasPrefix("      \(items[0]["id"] as? String ?? "?") · Lessons/"))
        #expect(lines[2 * items.count - 2].hasPrefix("  \(items.count)  "))
    }

    @Test func aPlainSessionWithRightWrongAndHintInputs() throws {
        let env = try state()
        let input = ["", "", "2", "hint", "3", "", "5", "4", "", "3x3", "", "2", "", "4 3 4", "2 4 3", "2 3 4", ""].joined(separator: "\n") + "\n"
        let r = try CLI.run(["lesson", Self.small, "--plain"], stdin: input, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("out(0,0) = 1·1 + 1·0 + 1·1 + 0·0 + 1·1 + 1·0 + 0·1 + 0·0 + 1·1 = 4"))
        // Long lines are wrapped at 80 columns, their continuations indented.
        let unwrapped = r.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(unwrapped.contains("> Not quite. Hint 1 of 1: The running sum before product 8 is 2.\n"))
        #expect(unwrapped.contains("> Not quite. Hint 1 of 2: Multiply the 3×3 patch and the kernel element by element.\n> Correct. The X has five ones"))
        // The summary: solved (first try, with help) and skipped.
        #expect(r.stdout.hasSuffix("Lesson complete: 5 of 5 solved (3 first try, 2 with help), 0 skipped.\n"), "\(r.stdout)")

        let progress = try CLI.run(["progress"], environment: env)
        #expect(progress.stdout.contains("✓ fixture-small: done, 5 of 5 exercises solved\n"))
        #expect(progress.stdout.contains("    second-sum: solved, 2 attempts, 1 hint\n"))
        let file = URL(fileURLWithPath: env["XDG_STATE_HOME"]!).appendingPathComponent("convtutor/progress.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect((json["lessons"] as? [String: Any])?["fixture-small"] != nil)
    }

    /// Progress survives kill -9 at any moment of a session that saves after every answer:
    /// writes go to a temporary file renamed into place, so the file is old or new, never torn.
    @Test func killNineWhileSavingLeavesAValidFile() throws {
        let env = try state()
        let file = URL(fileURLWithPath: env["XDG_STATE_HOME"]!).appendingPathComponent("convtutor/progress.json")
        // Endless wrong answers: every one is saved (attempts go up).
        let answers = "\n\n" + String(repeating: "7\n", count: 20_000)
        for round in 0..<12 {
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["lesson", Self.small, "--plain"]
            p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            let input = Pipe()
            p.standardInput = input
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            DispatchQueue.global().async { try? input.fileHandleForWriting.write(contentsOf: Data(answers.utf8)) }
            Thread.sleep(forTimeInterval: 0.05 + Double(round) * 0.02)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            try? input.fileHandleForWriting.close()
            if FileManager.default.fileExists(atPath: file.path) {
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
                #expect(json?["lessons"] != nil, "round \(round): progress.json is valid after kill -9")
            }
        }
        #expect(FileManager.default.fileExists(atPath: file.path), "something was saved before the kills")
    }

    /// Plain mode writes lines, not screens: asking it to record is refused, not ignored.
    /// Plain mode wraps to the terminal's width (COLUMNS here; the ioctl on a real tty), never
    /// below 40; a pipe without COLUMNS gets 80.
    @Test func plainLinesFitTheTerminalWidth() throws {
        let input = Array(repeating: "skip\n\n", count: 20).joined()
        for (columns, width) in [("60", 60), ("20", 40)] {
            var env = try state()
            env["COLUMNS"] = columns
            let r = try CLI.run(["lesson", "grouped-convolution", "--plain"], stdin: input, environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let long = r.stdout.split(separator: "\n").filter { $0.count > width }
            #expect(long.isEmpty, "COLUMNS=\(columns): \(long.joined(separator: "\n"))")
            #expect(r.stdout.split(separator: "\n").contains { $0.count > width - 10 }, "lines use the width")
        }
    }

    @Test func plainRefusesToRecord() throws {
        let folder = try CLI.temporaryDirectory()
        let env = try state()
        let r = try CLI.run(["lesson", Self.small, "--plain", "--record", "x.cast"], environment: env, cwd: folder)
        #expect(r.status == 64 && r.stdout.isEmpty, "\(r.stdout)")
        #expect(r.stderr == "error: --record records the full screen, which --plain does not draw; drop one of them (see 'convtutor lesson --help')\n")
        // Without a terminal the lesson would run line by line: the recording is refused too, as usage.
        let piped = try CLI.run(["lesson", Self.small, "--record", "x.cast"], stdin: "quit\n", environment: env, cwd: folder)
        #expect(piped.status == 64 && piped.stderr.hasPrefix("error: --record needs a terminal"), "\(piped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.cast").path))
    }

    @Test func endOfInputSavesAndTheNextRunResumes() throws {
        let env = try state()
        let first = try CLI.run(["lesson", Self.small, "--plain"], stdin: "\n\n3\n", environment: env)
        #expect(first.status == 0)
        #expect(first.stdout.hasSuffix("> \nSo far: 1 of 5 solved (1 first try, 0 with help), 0 skipped.\nProgress saved.\n"))
        let second = try CLI.run(["lesson", Self.small, "--plain"], stdin: "quit\n", environment: env)
        #expect(second.stdout.contains("Resuming at screen 4 of 7."))
        #expect(second.stdout.hasSuffix("Progress saved; resume with: convtutor lesson \(Self.small)\n"))
        #expect(try CLI.run(["progress", "--reset", "fixture-small"], environment: env).stdout == "cleared progress for fixture-small\n")
        let third = try CLI.run(["lesson", Self.small, "--plain"], stdin: "", environment: env)
        #expect(!third.stdout.contains("Resuming"))
    }

    @Test func aCorruptProgressFileIsMovedAsideWithAWarning() throws {
        let env = try state()
        let folder = URL(fileURLWithPath: env["XDG_STATE_HOME"]!).appendingPathComponent("convtutor")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "{\"lessons\": [oops".write(to: folder.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["lesson", Self.small, "--plain"], stdin: "\n", environment: env)
        #expect(r.status == 0)
        #expect(r.stderr.hasPrefix("warning: ") && r.stderr.contains("moved it to progress.json.corrupt-"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.contains("progress.json") && names.contains { $0.hasPrefix("progress.json.corrupt-") })
    }

    @Test func unknownLessonsAndBrokenFilesAreOneLineErrors() throws {
        let r = try CLI.run(["lesson", "no-such-lesson", "--plain"], environment: try state())
        #expect(r.status == 1)
        #expect(r.stderr == "error: no lesson 'no-such-lesson': give a lesson id or number, or a lesson file (lessons are numbered 1 to \(CLI.lessonCount); see convtutor lessons)\n")
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "id: x\ntitle: [\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let b = try CLI.run(["lesson", bad, "--plain"], environment: try state())
        #expect(b.status == 1)
        #expect(b.stderr.hasPrefix("\(bad):3:1: error: YAML syntax"))
    }

    @Test func bundledLessonsOpenByIdOrNumber() throws {
        let env = try state()
        let list = try CLI.run(["lessons", "--format", "json"], environment: env)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let id = try #require(items.first?["id"] as? String)
        let byID = try CLI.run(["lesson", id, "--plain"], stdin: "", environment: env, cwd: try CLI.temporaryDirectory())
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(byID.stdout.contains("(\(id))"))
        let byNumber = try CLI.run(["lesson", "1", "--plain"], stdin: "", environment: env)
        #expect(byNumber.stdout.contains("(\(id))"))
    }

    /// QA 5: with XDG_STATE_HOME pointing at a file, plain mode said "NSCocoaErrorDomain error
    /// 512" and then "Progress saved; resume with…".
    @Test func aFailedSaveIsReportedPlainlyAndNeverCalledSaved() throws {
        let file = try CLI.temporaryDirectory().appendingPathComponent("state")
        try "a file, not a folder".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["lesson", Self.small, "--plain"], stdin: "\nquit\n", environment: ["XDG_STATE_HOME": file.path])
        #expect(r.status == 0)
        let oneLine = r.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(oneLine.contains("Warning: progress is not being saved: cannot create folder \(file.path)/convtutor: \(file.path) is a file."), "\(r.stdout)")
        #expect(!r.stdout.contains("NSCocoaErrorDomain") && !r.stdout.contains("Progress saved"))
        #expect(oneLine.hasSuffix("Progress not saved: cannot create folder \(file.path)/convtutor: \(file.path) is a file.\n"))
    }

    /// Low: `progress --reset 1` takes a number like `lesson 1`, an unknown id is an error, and
    /// a saved step past the end of a lesson that got shorter is shown as its last step.
    @Test func progressTakesLessonNumbersAndRefusesUnknownIDs() throws {
        let env = try state()
        let list = try CLI.run(["lessons", "--format", "json"], environment: env)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let id = try #require(items.first?["id"] as? String)
        let steps = try #require(items.first?["steps"] as? Int)
        let folder = URL(fileURLWithPath: env["XDG_STATE_HOME"]!).appendingPathComponent("convtutor")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "{\"lessons\": {\"\(id)\": {\"step\": 99}}}".write(to: folder.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
        let shown = try CLI.run(["progress", "1"], environment: env)
        #expect(shown.stdout.contains("\(id): at screen \(steps) of \(steps),"), "\(shown.stdout)")
        let unknown = try CLI.run(["progress", "--reset", "no-such-lesson"], environment: env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no lesson 'no-such-lesson'"))
        #expect(try CLI.run(["progress", "--reset", "1"], environment: env).stdout == "cleared progress for \(id)\n")
        #expect(try CLI.run(["progress"], environment: env).stdout.contains("no progress yet"))
    }

    /// The issue's end-to-end proof, on a lessons folder of its own so it does not depend on
    /// the wording of the bundled lessons: menu, first lesson, first question wrong then right,
    /// quit, restart, resumed.
    @Test(.timeLimit(.minutes(10))) func menuLessonAnswerQuitAndResumeInATerminal() throws {
        let lessons = try CLI.temporaryDirectory()
        try "# test lessons\n".write(to: lessons.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.small, toPath: lessons.appendingPathComponent("01-small.yaml").path)
        let state = try CLI.temporaryDirectory()
        let command = "XDG_STATE_HOME=\(state.path) CONVTUTOR_LESSONS=\(lessons.path) \(Tmux.binary) menu"
        let t = try Tmux()
        try t.run(command)
        #expect(t.wait { $0.contains("convtutor · lessons") && $0.contains("1  A small test lesson") }, "\(t.screen())")
        try t.keys("Enter")
        #expect(t.wait { $0.contains("screen 1 of 7") && $0.contains("A kernel is a small grid of weights.") }, "\(t.screen())")
        try t.keys("Enter")
        #expect(t.wait { $0.contains("Your turn") || $0.contains("screen 2/7") }, "\(t.screen())")
        try t.keys("Enter")
        #expect(t.wait { $0.contains("after product 9?") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "5"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("Not quite") && $0.contains("Hint 1 of 1: The running sum before product 8 is 2.") }, "\(t.screen())")
        try t.tmux(["send-keys", "-t", "0", "-l", "3"])
        try t.keys("Enter")
        #expect(t.wait { $0.contains("✓ Correct.") }, "\(t.screen())")
        try t.keys("q")
        #expect(t.wait { $0.contains("convtutor · lessons") }, "\(t.screen())")
        try t.quitCleanly()
        try t.run(command)
        #expect(t.wait { $0.contains("convtutor · lessons") && $0.contains("…  1  A small test lesson") }, "in progress: \(t.screen())")
        try t.keys("Enter")
        #expect(t.wait { $0.contains("Welcome back") && $0.contains("screen 4 of 7") && $0.contains("What is the top-left output value?") }, "\(t.screen())")
        try t.keys("Escape")
        #expect(t.wait { $0.contains("convtutor · lessons") }, "\(t.screen())")
        try t.quitCleanly()
        let progress = try CLI.run(["progress"], environment: ["XDG_STATE_HOME": state.path, "CONVTUTOR_LESSONS": lessons.path])
        #expect(progress.stdout.contains("… fixture-small: at screen 4 of 7, 1 of 5 exercises solved\n    second-sum: solved, 2 attempts, 1 hint\n"))
    }
}

/// Hostile QA r25: a tab in a lesson's title moved the `lessons` table's columns.
@Suite(.timeLimit(.minutes(10))) struct LessonListingEscapeTests {
    @Test func aTabInATitleIsASpaceInTheTable() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: tabby\ntitle: \"A\\ttab title\"\nsummary: S\ntopics: [conv2d]\nsteps:\n  - text: hi\n"
            .write(to: dir.appendingPathComponent("01-t.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["lessons"], environment: ["CONVTUTOR_LESSONS": dir.path])
        #expect(r.status == 0 && !r.stdout.contains("\t") && r.stdout.contains("A tab title"), "\(r.stdout)")
    }
}
